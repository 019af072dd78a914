"""Worked examples for proxies (no database)."""

import pytest

from community.governance.engine.proxies import ProxyProblem, check_new_proxy, represented

MEMBERS = {"ana", "bob", "chloe"}


@pytest.mark.parametrize(
    ("principal", "holder", "held", "started", "code"),
    [
        ("ana", "ana", 0, False, "self"),
        ("ana", "zed", 0, False, "outside"),
        ("ana", "bob", 1, False, "limit"),
        ("ana", "bob", 0, True, "started"),
    ],
)
def test_refusals(principal, holder, held, started, code):
    with pytest.raises(ProxyProblem) as exc:
        check_new_proxy(
            principal=principal,
            holder=holder,
            members=MEMBERS,
            held_by_holder=held,
            max_per_holder=1,
            started=started,
        )
    assert exc.value.code == code


def test_allowed_up_to_the_limit():
    check_new_proxy(
        principal="ana",
        holder="bob",
        members=MEMBERS,
        held_by_holder=0,
        max_per_holder=1,
        started=False,
    )


def test_proxy_counts_only_while_holder_checked_in():
    assert represented({"ana": "bob"}, set()) == {}
    assert represented({"ana": "bob"}, {"bob"}) == {"bob": {"ana"}}


def test_principal_arriving_takes_vote_back():
    assert represented({"ana": "bob"}, {"bob", "ana"}) == {}
