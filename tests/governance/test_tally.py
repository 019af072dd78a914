"""Worked examples for the majority rules (no database)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community.governance.engine.tally import Majority, tally


def votes(yes=0, no=0, abstain=0, weight=1):
    return [("yes", weight)] * yes + [("no", weight)] * no + [("abstain", weight)] * abstain


def test_simple_majority_tie_is_rejected():
    assert not tally(votes(yes=5, no=5), majority=Majority.SIMPLE).adopted


def test_simple_majority_one_more_yes_passes():
    assert tally(votes(yes=6, no=5, abstain=20), majority=Majority.SIMPLE).adopted


def test_simple_majority_abstentions_counting_weigh_like_no():
    assert not tally(
        votes(yes=6, no=5, abstain=2), majority="simple", abstentions_count=True
    ).adopted


def test_everyone_abstains_is_never_adopted():
    for m in Majority:
        assert not tally(votes(abstain=10), majority=m).adopted


def test_two_thirds_exactly_at_threshold_passes():
    assert tally(votes(yes=2, no=1), majority=Majority.TWO_THIRDS).adopted
    assert not tally(votes(yes=199, no=101), majority=Majority.TWO_THIRDS).adopted


def test_four_fifths_exactly_at_threshold_passes():
    assert tally(votes(yes=4, no=1), majority=Majority.FOUR_FIFTHS).adopted
    assert not tally(
        votes(yes=3, no=1, abstain=1), majority="four_fifths", abstentions_count=True
    ).adopted


def test_absolute_majority_half_is_not_enough():
    assert not tally(votes(yes=5, no=5), majority=Majority.ABSOLUTE).adopted
    assert tally(votes(yes=6, no=5), majority=Majority.ABSOLUTE).adopted


def test_unanimity_one_no_blocks():
    assert not tally(votes(yes=99, no=1), majority=Majority.UNANIMITY).adopted
    assert tally(votes(yes=3, abstain=2), majority=Majority.UNANIMITY).adopted


def test_weights_are_shares_for_co_owners():
    # One owner with 600/1000 shares against two with 200 each.
    ballots = [("yes", 600), ("no", 200), ("no", 200)]
    result = tally(ballots, majority=Majority.ABSOLUTE)
    assert result.adopted and result.base == Fraction(1000)


def test_unknown_choice_refused():
    with pytest.raises(ValueError):
        tally([("maybe", 1)], majority="simple")


@given(
    st.lists(st.tuples(st.sampled_from(["yes", "no", "abstain"]), st.integers(0, 1000))),
    st.sampled_from(list(Majority)),
    st.booleans(),
)
def test_stricter_majority_never_adopts_more(ballots, majority, abstentions):
    order = [Majority.ABSOLUTE, Majority.TWO_THIRDS, Majority.FOUR_FIFTHS, Majority.UNANIMITY]
    results = [tally(ballots, majority=m, abstentions_count=abstentions).adopted for m in order]
    # Once a stricter rule adopts, every looser one does too.
    for looser, stricter in zip(results, results[1:], strict=False):
        assert looser or not stricter
