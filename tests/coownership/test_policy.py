"""Pure helpers: euros to cents, quarters, and reading a bank file."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coownership.policy import parse_bank_csv, quarter_of, to_cents


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


def test_bank_file_read_with_semicolons_and_comma_decimals():
    content = b"Date;Amount;Communication\n2026-04-15;250,00;Charges L1 T2\n15/04/2026;99.99;lot l3\n\n"
    rows, errors = parse_bank_csv(content, {"L1", "L3"})
    assert errors == []
    assert [(r.line, r.amount_cents, r.lot_reference) for r in rows] == [(2, 25000, "L1"), (3, 9999, "L3")]


def test_bank_file_errors_have_line_numbers():
    content = (
        b"date,amount,communication\n"
        b"2026-04-15,10.00,L1\n"
        b"not a date,10.00,L1\n"
        b"2026-04-15,ten,L1\n"
        b"2026-04-15,-5.00,L1\n"
        b"2026-04-15,5.00,nothing here\n"
        b"2026-04-15,5.00,L1 and L3\n"
        b"2026-04-15\n"
    )
    rows, errors = parse_bank_csv(content, {"L1", "L3"})
    assert [line for line, _reason in errors] == [3, 4, 5, 6, 7, 8]
    assert "date cannot be read" in errors[0][1]


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage", b"who,what\n1,2\n", b"date,amount,communication\n"])
def test_bad_files_are_reported_not_crashing(content):
    rows, errors = parse_bank_csv(content, {"L1"})
    assert rows == [] and errors
