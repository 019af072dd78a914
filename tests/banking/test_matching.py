"""Matching credits to payers: exact by structured communication, proposals
by amount and name or IBAN (never applied), oldest open call first."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from socle_site.kernel.banking.matching import OpenItem, Payer, allocate_oldest_first, match_credits
from socle_site.kernel.banking.statements import read_statement
from socle_site.kernel.banking.statements.movement import Movement

ANN = Payer("ann", references=frozenset({"100000000135"}), names=frozenset({"Ann Peeters"}),
            ibans=frozenset({"BE68539007547034"}), open_amounts=frozenset({27500}))
BOB = Payer("bob", references=frozenset({"100000000236"}), names=frozenset({"Bob Janssen"}),
            ibans=frozenset({"NL91ABNA0417164300"}), open_amounts=frozenset({33000, 66000}))


def test_the_fixture_statement_is_matched(coda_bytes):
    result = match_credits(read_statement(coda_bytes).movements, [ANN, BOB])
    assert [(m.payer, m.movement.amount_cents) for m in result.matched] == [("ann", 27500)]
    # Bob wrote no structured communication: proposed (his IBAN, an amount he owes), not matched.
    assert [(u.movement.amount_cents, u.proposals) for u in result.unmatched] == [
        (33000, ("bob",)), (-12050, ()), (-4000, ())]


def _credit(cents, **kwargs):
    return Movement(identity=f"x{cents}{kwargs}", account_iban="BE71096123456769", booked_on=date(2026, 5, 1),
                    amount_cents=cents, **kwargs)


def test_proposals_need_the_amount_and_the_name_or_iban():
    by_name = _credit(27500, counterparty_name="PEETERS, ANN")
    wrong_amount = _credit(27400, counterparty_iban="BE68539007547034")
    stranger = _credit(27500, counterparty_name="Carl")
    reversal = _credit(27500, structured_reference="100000000135", is_reversal=True)
    unknown_reference = _credit(27500, structured_reference="000000009797", counterparty_name="Ann Peeters")
    result = match_credits([by_name, wrong_amount, stranger, reversal, unknown_reference], [ANN, BOB])
    assert result.matched == []
    assert [u.proposals for u in result.unmatched] == [("ann",), (), (), (), ("ann",)]


def test_oldest_open_call_is_cleared_first():
    items = [OpenItem("q2", date(2026, 4, 15), 27500), OpenItem("q1", date(2026, 1, 15), 27500),
             OpenItem("q3", date(2026, 7, 15), 27500)]
    assert allocate_oldest_first(40000, items) == ([("q1", 27500), ("q2", 12500)], 0)
    assert allocate_oldest_first(90000, items) == ([("q1", 27500), ("q2", 27500), ("q3", 27500)], 7500)
    assert allocate_oldest_first(0, items) == ([], 0)


movements = st.lists(
    st.builds(
        Movement,
        identity=st.uuids().map(str),
        account_iban=st.just("BE71096123456769"),
        booked_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
        amount_cents=st.integers(min_value=-10**9, max_value=10**9).filter(bool),
        counterparty_name=st.sampled_from(["", "Ann Peeters", "Bob Janssen", "Carl"]),
        counterparty_iban=st.sampled_from(["", "BE68539007547034", "NL91ABNA0417164300"]),
        structured_reference=st.sampled_from(["", "100000000135", "100000000236", "000000009797"]),
        is_reversal=st.booleans(),
    ),
    max_size=40,
)


@settings(deadline=None)
@given(movements)
def test_matching_never_creates_or_loses_a_cent(moves):
    result = match_credits(moves, [ANN, BOB])
    assert result.matched_cents + result.unmatched_cents == sum(m.amount_cents for m in moves)
    assert len(result.matched) + len(result.unmatched) == len(moves)
    assert all(isinstance(m.movement.amount_cents, int) and m.movement.amount_cents > 0 for m in result.matched)


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**9),
       st.lists(st.tuples(st.dates(), st.integers(min_value=0, max_value=10**7)), max_size=30))
def test_allocation_adds_up_to_the_payment(amount, rows):
    items = [OpenItem(i, due, cents) for i, (due, cents) in enumerate(rows)]
    parts, left = allocate_oldest_first(amount, items)
    assert sum(p for _k, p in parts) + left == amount and left >= 0
    open_of = {item.key: item.open_cents for item in items}
    assert all(0 < part <= open_of[key] for key, part in parts)
