from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from coownership.law import (
    Majority,
    ProxyRefusal,
    allocate,
    capped_votes,
    has_quorum,
    is_adopted,
    proxy_refusal,
    reserve_fund_minimum,
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


def test_majorities_count_votes_cast_only():
    # 40 for, 30 against, 30 abstaining (not passed): 40/70 > 1/2.
    assert is_adopted(majority=Majority.ABSOLUTE, votes_for=40, votes_against=30)
    assert not is_adopted(majority=Majority.ABSOLUTE, votes_for=50, votes_against=50)
    assert is_adopted(majority=Majority.TWO_THIRDS, votes_for=200, votes_against=100)
    assert not is_adopted(majority=Majority.TWO_THIRDS, votes_for=199, votes_against=100)
    assert is_adopted(majority=Majority.FOUR_FIFTHS, votes_for=800, votes_against=200)
    assert not is_adopted(majority=Majority.FOUR_FIFTHS, votes_for=799, votes_against=201)
    assert not is_adopted(majority=Majority.ABSOLUTE, votes_for=0, votes_against=0)


def test_unanimity_is_of_all_owners_unless_second_meeting():
    assert not is_adopted(
        majority=Majority.UNANIMITY, votes_for=900, votes_against=0, votes_all_owners=1000
    )
    assert is_adopted(
        majority=Majority.UNANIMITY, votes_for=1000, votes_against=0, votes_all_owners=1000
    )
    # second meeting: unanimity of those present or represented.
    assert is_adopted(majority=Majority.UNANIMITY, votes_for=900, votes_against=0)
    assert not is_adopted(majority=Majority.UNANIMITY, votes_for=900, votes_against=1)


def test_majority_owner_capped():
    assert capped_votes(own_and_proxy_votes=600, others_present_votes=300) == 300
    assert capped_votes(own_and_proxy_votes=200, others_present_votes=300) == 200


def test_proxy_limits():
    kw = dict(holder_votes=50, building_votes=10000)
    assert (
        proxy_refusal(holder_is_syndic=True, proxies_held=0, principals_votes=10, **kw)
        is ProxyRefusal.SYNDIC
    )
    assert (
        proxy_refusal(holder_is_syndic=False, proxies_held=2, principals_votes=3000, **kw) is None
    )
    # a fourth proxy only while own + principals' votes stay within 10% (1000 of 10000).
    assert proxy_refusal(holder_is_syndic=False, proxies_held=3, principals_votes=950, **kw) is None
    assert (
        proxy_refusal(holder_is_syndic=False, proxies_held=3, principals_votes=951, **kw)
        is ProxyRefusal.TOO_MANY
    )


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
