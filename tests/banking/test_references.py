"""Belgian structured communication (OGM/VCS): base mod 97, 0 gives 97."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from socle_site.kernel.banking.references import (
    check_digits,
    display,
    find_in,
    is_valid,
    make_structured,
    normalise,
)


@pytest.mark.parametrize("base,digits", [
    ("1234567890", "123456789002"),  # 1234567890 mod 97 = 2
    ("0000000097", "000000009797"),  # a remainder of 0 gives 97
    ("0000000194", "000000019497"),
    ("1000000001", "100000000135"),
    ("0000000001", "000000000101"),
])
def test_made_from_a_base(base, digits):
    assert make_structured(base) == digits
    assert is_valid(digits)


def test_made_from_a_number_is_left_padded():
    assert make_structured(97) == "000000009797"
    with pytest.raises(ValueError):
        make_structured(10**10)


@pytest.mark.parametrize("typed", [
    "+++123/4567/89002+++", "***123/4567/89002***", "123/4567/89002", "123 4567 89002", "123456789002",
    " +++ 123 / 4567 / 89002 +++ ",
])
def test_normalised_from_what_people_type(typed):
    assert normalise(typed) == "123456789002"


@pytest.mark.parametrize("typed", [
    "", "123456789003",  # wrong check digits
    "000000009700",  # remainder 0 must be written 97, never 00
    "12345678900", "1234567890022", "abc/defg/hijkl", "١٢٣٤٥٦٧٨٩٠٠٢",  # Arabic-Indic digits are not ASCII
])
def test_invalid_ones_are_refused(typed):
    assert normalise(typed) is None and not is_valid(typed)


def test_displayed_as_on_a_transfer_form():
    assert display("123456789002") == "+++123/4567/89002+++"
    with pytest.raises(ValueError):
        display("123456789003")


def test_found_in_a_free_communication_only_when_alone():
    assert find_in("charges +++123/4567/89002+++ merci") == "123456789002"
    assert find_in("VCS 123/4567/89002") == "123456789002"
    assert find_in("L3 T2 2026") is None
    assert find_in("123/4567/89002 and 000/0000/00101") is None  # two: nobody guesses which


@given(st.integers(min_value=0, max_value=10**10 - 1))
def test_every_base_makes_a_valid_one(base):
    digits = make_structured(base)
    assert len(digits) == 12 and normalise(digits) == digits
    assert check_digits(digits[:10]) != "00"
