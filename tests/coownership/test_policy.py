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
