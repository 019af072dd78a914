from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from community.governance.engine.proxies import proxy_limit_reached
from community.governance.engine.tally import Majority, tally
from coownership.law import (
    PROXY_CAP,
    allocate,
    capped_votes,
    has_quorum,
    reserve_fund_minimum,
    unanimity_of_all_owners,
)


def test_quorum_worked_examples():
    # 20 owners, 1000 shares: 11 owners holding 500 shares -> double quorum met.
    assert has_quorum(owners_present=11, owners_total=20, shares_present=500, shares_total=1000)
    # exactly half the owners is not "more than half".
    assert not has_quorum(owners_present=10, owners_total=20, shares_present=600, shares_total=1000)
    # more than half the owners but 499 shares: no.
    assert not has_quorum(owners_present=15, owners_total=20, shares_present=499, shares_total=1000)
    # 2 owners holding 751 shares: the three-quarters alternative.
    assert has_quorum(owners_present=2, owners_total=20, shares_present=751, shares_total=1000)
    assert not has_quorum(owners_present=2, owners_total=20, shares_present=750, shares_total=1000)


def _adopted(majority, votes_for, votes_against, abstaining=0):
    """The engine's tally as a co-owners' meeting counts it: abstentions are not cast."""
    ballots = [("yes", votes_for), ("no", votes_against), ("abstain", abstaining)]
    return tally(ballots, majority=majority, abstentions_count=False).adopted


def test_majorities_count_votes_cast_only():
    # 40 for, 30 against, 30 abstaining: 40/70 > 1/2 (art. 3.87 §8).
    assert _adopted(Majority.ABSOLUTE, 40, 30, abstaining=30)
    assert not _adopted(Majority.ABSOLUTE, 50, 50)
    # Two thirds and four fifths: at least the fraction (art. 3.88 §1).
    assert _adopted(Majority.TWO_THIRDS, 200, 100)
    assert not _adopted(Majority.TWO_THIRDS, 199, 100)
    assert _adopted(Majority.FOUR_FIFTHS, 800, 200)
    assert not _adopted(Majority.FOUR_FIFTHS, 799, 201)
    # Everyone abstains: nothing is cast, nothing is adopted.
    assert not _adopted(Majority.ABSOLUTE, 0, 0, abstaining=1000)


def test_unanimity_is_of_all_owners_unless_second_meeting():
    assert not unanimity_of_all_owners(votes_for=900, votes_all_owners=1000)
    assert unanimity_of_all_owners(votes_for=1000, votes_all_owners=1000)
    # Second meeting (art. 3.88 §3): unanimity of those present or represented.
    assert unanimity_of_all_owners(votes_for=900, votes_all_owners=900)
    assert not unanimity_of_all_owners(votes_for=900, votes_all_owners=901)
    assert not unanimity_of_all_owners(votes_for=0, votes_all_owners=0)


def test_majority_owner_capped():
    assert capped_votes(own_and_proxy_votes=600, others_present_votes=300) == 300
    assert capped_votes(own_and_proxy_votes=200, others_present_votes=300) == 200


def test_proxy_limits():
    """Art. 3.87 §7, read by the engine's one deciding function with the body's stored limit."""
    kw = dict(legal_cap=PROXY_CAP, holder_votes=50, total_votes=10000)
    assert proxy_limit_reached(stored_limit=3, held=2, principals_votes=3000, **kw) is None
    # a fourth proxy only while own + principals' votes stay within 10% (1000 of 10000).
    assert proxy_limit_reached(stored_limit=3, held=3, principals_votes=950, **kw) is None
    refused = proxy_limit_reached(stored_limit=3, held=3, principals_votes=951, **kw)
    assert (refused.source, refused.proxies) == ("law", 3)
    # A stored limit above the law's three does not lift the law's cap...
    assert proxy_limit_reached(stored_limit=10, held=3, principals_votes=951, **kw).source == "law"
    # ...and a stricter stored limit applies as it is, without the 10% exception.
    refused = proxy_limit_reached(stored_limit=2, held=2, principals_votes=10, **kw)
    assert (refused.source, refused.proxies) == ("body", 2)


def test_reserve_fund_minimum():
    assert reserve_fund_minimum(Decimal("48000.00")) == Decimal("2400.00")
    assert reserve_fund_minimum(Decimal("12345.67")) == Decimal("617.29")  # 617.2835 rounded up


def test_allocate_worked_example():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(1000, [500, 300, 200]) == [500, 300, 200]


@given(
    st.integers(min_value=0, max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=10000), min_size=1, max_size=200).filter(
        lambda w: sum(w) > 0
    ),
)
def test_allocate_property(amount, weights):
    parts = allocate(amount, weights)
    assert sum(parts) == amount
    total = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        assert abs(part - Fraction(amount * w, total)) < 1
