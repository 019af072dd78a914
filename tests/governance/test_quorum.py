"""Worked examples for quorum (no database)."""

from fractions import Fraction

from community.governance.engine.quorum import share_quorum


def quorum_reached(members, present, **kw):
    return share_quorum(members, present, **kw).reached

BODY = {1: ("residents", 1), 2: ("residents", 1), 3: ("partners", 1), 4: ("partners", 1)}


def test_exactly_half_reaches_a_half_quorum():
    assert quorum_reached(BODY, {1, 2}, share=Fraction(1, 2))


def test_one_short_does_not():
    assert not quorum_reached(BODY, {1}, share=Fraction(1, 2))


def test_per_college_requires_every_college():
    assert not quorum_reached(BODY, {1, 2}, share=Fraction(1, 2), per_college=True)
    assert quorum_reached(BODY, {1, 3}, share=Fraction(1, 2), per_college=True)


def test_empty_body_has_no_quorum():
    assert not quorum_reached({}, set(), share=0)


def test_weights_are_shares():
    owners = {1: ("", 600), 2: ("", 200), 3: ("", 200)}
    assert quorum_reached(owners, {1}, share=Fraction(1, 2))
