"""Pure helpers: euros to cents, quarters, payment references, lots named in a communication."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coownership.policy import lot_named_in, quarter_of, reference_digits, to_cents


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.mark.parametrize("text,cents", [("12", 1200), ("12,5", 1250), ("1 234,56", 123456), ("0.01", 1), ("-3.10", -310)])
def test_to_cents(text, cents):
    assert to_cents(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "1.001", "NaN", "Infinity", "1e400"])
def test_to_cents_refuses(text):
    with pytest.raises(ValueError):
        to_cents(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_quarters_add_up_to_the_year(amount):
    assert sum(quarter_of(amount, q) for q in (1, 2, 3, 4)) == amount


# Reading bank files moved to socle_site.kernel.banking (tests/banking/test_statements.py).


@pytest.mark.parametrize("communication,lot", [
    ("Charges L1 T2", "L1"), ("lot l3", "L3"), ("L1 and L3", None), ("nothing here", None), ("", None),
])
def test_a_free_communication_naming_one_lot(communication, lot):
    assert lot_named_in(communication, {"L1", "L3"}) == lot


def test_payment_references_are_valid_and_distinct():
    from socle_site.kernel.banking.references import is_valid

    assert reference_digits(1) == "100000000135"
    assert all(is_valid(reference_digits(n)) for n in range(1, 300))
    assert len({reference_digits(n) for n in range(1, 300)}) == 299


def test_charge_shares_worked_example():
    # 100.00 € over three lots of 1, 1 and 1 thousandths: 33.34 + 33.33 + 33.33, the first lot takes the cent.
    from coownership.policy import charge_shares

    assert charge_shares(10000, [(7, 1), (8, 1), (9, 1)]) == [(7, 3334), (8, 3333), (9, 3333)]


def test_charge_shares_follow_the_key():
    from coownership.policy import charge_shares

    # 1,200.00 € by 250 / 350 / 400 thousandths: 300, 420, 480 €.
    assert charge_shares(120000, [(1, 250), (2, 350), (3, 400)]) == [(1, 30000), (2, 42000), (3, 48000)]


@pytest.mark.parametrize(("called", "paid", "owed"), [(50000, 20000, 30000), (50000, 50000, 0), (50000, 70000, 0)])
def test_arrears_never_negative(called, paid, owed):
    from coownership.policy import arrears

    assert arrears(called_cents=called, paid_cents=paid) == owed
