"""Worked examples for proxies (no database)."""

from fractions import Fraction

import pytest

from community.governance.engine.proxies import (
    LegalProxyCap,
    ProxyProblem,
    applicable_proxy_limit,
    check_new_proxy,
    proxy_limit_reached,
    represented,
)

MEMBERS = {"ana", "bob", "chloe"}
CAP = LegalProxyCap(proxies=3, unless_within=Fraction(1, 10))


@pytest.mark.parametrize(
    ("principal", "holder", "started", "code"),
    [
        ("ana", "ana", False, "self"),
        ("ana", "zed", False, "outside"),
        ("ana", "bob", True, "started"),
    ],
)
def test_refusals(principal, holder, started, code):
    with pytest.raises(ProxyProblem) as exc:
        check_new_proxy(principal=principal, holder=holder, members=MEMBERS, started=started)
    assert exc.value.code == code


def test_allowed_between_members():
    assert check_new_proxy(principal="ana", holder="bob", members=MEMBERS, started=False) is None  # no ProxyProblem raised


def test_the_stored_limit_alone_without_a_law():
    assert proxy_limit_reached(stored_limit=1, legal_cap=None, held=0) is None
    refused = proxy_limit_reached(stored_limit=1, legal_cap=None, held=1)
    assert (refused.source, refused.proxies) == ("body", 1)


def test_which_limit_applies():
    assert applicable_proxy_limit(stored_limit=2, legal_cap=CAP).source == "body"  # stricter than the law
    assert applicable_proxy_limit(stored_limit=3, legal_cap=CAP).source == "law"
    assert applicable_proxy_limit(stored_limit=9, legal_cap=CAP).proxies == 3
    # The law's exception: within 10 % of all the votes, a fourth proxy.
    assert proxy_limit_reached(stored_limit=9, legal_cap=CAP, held=3, holder_votes=10, principals_votes=90,
                               total_votes=1000) is None
    assert proxy_limit_reached(stored_limit=9, legal_cap=CAP, held=3, holder_votes=10, principals_votes=91,
                               total_votes=1000).source == "law"


def test_proxy_counts_only_while_holder_checked_in():
    assert represented({"ana": "bob"}, set()) == {}
    assert represented({"ana": "bob"}, {"bob"}) == {"bob": {"ana"}}


def test_principal_arriving_takes_vote_back():
    assert represented({"ana": "bob"}, {"bob", "ana"}) == {}
