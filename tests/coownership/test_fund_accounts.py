"""Issue 22: each fund on its own account, with its own reference per co-owner;
statements routed to their fund; debits matched to expenses; pain.001 batches."""

from datetime import date

import pytest
from socle_site.kernel.banking.references import is_valid

from community.models import AuditEvent, BankAccount
from coownership import selectors, services
from coownership.errors import CoownershipRefusal
from coownership.models import BankDebit, Expense, Fund, Payment, PaymentReference
from tests.banking import coda_builder

from .conftest import fresh

WORKING, RESERVE = "BE71096123456769", "BE60096123456870"


def _reference(building, household, fund) -> str:
    return PaymentReference.objects.get(building=building, household=household, fund=fund).digits


def test_each_co_owner_has_a_valid_reference_per_fund(billed):
    working = _reference(billed.building, billed.ann_home, Fund.WORKING)
    reserve = _reference(billed.building, billed.ann_home, Fund.RESERVE)
    assert working != reserve and is_valid(working) and is_valid(reserve)
    # Mod 97 of the 10-digit base, 97 for a remainder of 0.
    for digits in (working, reserve):
        assert int(digits[10:]) == (int(digits[:10]) % 97 or 97)
    assert billed.building.reserve_account.bic == "GKCCBEBB"


def test_both_funds_on_one_account_is_refused(billed):
    with pytest.raises(CoownershipRefusal) as caught:
        services.set_bank_account(
            acting_user=None, building=billed.building, iban=WORKING, fund=Fund.RESERVE
        )
    assert caught.value.message == (
        "The working fund and the reserve fund must be on two different accounts (Civil Code art. 3.89 §5)."
    )


def test_a_reserve_statement_matches_only_reserve_references(billed):
    ann_working = _reference(billed.building, billed.ann_home, Fund.WORKING)
    ann_reserve = _reference(billed.building, billed.ann_home, Fund.RESERVE)
    content = coda_builder.statement(
        [
            (5000, ann_reserve, "", "BE68539007547034", "Ann"),
            (
                7000,
                ann_working,
                "",
                "BE68539007547034",
                "Ann",
            ),  # the working fund's reference on the reserve account
        ],
        account=RESERVE,
    ).encode("ascii")
    outcome = services.import_bank_statement(
        acting_user=fresh(billed.syndic), building=billed.building, content=content
    )
    assert [(p.amount_cents, p.fund) for p in outcome.created] == [(5000, Fund.RESERVE)]
    assert [m.amount_cents for m, _p in outcome.unmatched] == [7000]
    # Matched + waiting = the statement's credits: no cent created or lost.
    assert (
        sum(p.amount_cents for p in outcome.created)
        + sum(m.amount_cents for m, _p in outcome.unmatched)
        == 12000
    )
    rows = {
        r["fund"]: r
        for r in selectors.payment_instructions(
            billed.building, [billed.ann_home.pk], date(2026, 5, 1)
        )
    }
    assert rows[Fund.RESERVE]["iban"] == "BE60 0961 2345 6870"
    assert rows[Fund.WORKING]["iban"] == "BE71 0961 2345 6769"
    assert rows[Fund.RESERVE]["reference"].replace("+", "").replace("/", "") == ann_reserve


def test_another_buildings_account_is_refused(billed):
    services.set_bank_account(acting_user=None, building=billed.oak, iban="BE57 0960 0001 1135")
    content = coda_builder.statement(
        [(100, "", "x", "BE68539007547034", "Ann")], account="BE57096000011135"
    ).encode("ascii")
    with pytest.raises(CoownershipRefusal) as caught:
        services.import_bank_statement(acting_user=None, building=billed.building, content=content)
    assert caught.value.message == (
        "This statement is of the account BE57 0960 0001 1135, which is not one of this building's accounts "
        "(another building's or the trust's): nothing was imported."
    )
    assert not Payment.objects.exists()


def _expense(billed, **extra):
    return services.record_expense(
        acting_user=None,
        building=billed.building,
        key=billed.general,
        supplier="KONE BELGIUM SA",
        spent_on=date(2026, 4, 20),
        amount="123.45",
        **extra,
    )


def test_debit_proposed_confirmed_and_undone(billed):
    expense = _expense(billed, supplier_iban="BE62 5100 0754 7061")
    content = coda_builder.statement(
        [(-12345, "", "Facture 77", "BE62510007547061", "KONE BELGIUM SA")], account=WORKING
    ).encode("ascii")
    services.import_bank_statement(acting_user=None, building=billed.building, content=content)
    debit = BankDebit.objects.get()
    assert (debit.amount_cents, list(debit.proposals.all())) == (12345, [expense])
    assert debit.status == BankDebit.Status.WAITING  # proposed, never applied by itself
    services.confirm_bank_debit(acting_user=fresh(billed.syndic), debit=debit, expense=expense)
    assert BankDebit.objects.get().expense == expense
    services.undo_bank_debit(acting_user=None, debit=debit)
    assert BankDebit.objects.get().status == BankDebit.Status.WAITING
    assert set(
        AuditEvent.objects.filter(action__endswith="bank_debit").values_list("action", flat=True)
    ) == {"coownership.confirm_bank_debit", "coownership.undo_bank_debit"}


def test_transfer_batch_pays_once_and_refuses_without_iban(billed):
    without = _expense(billed)
    with pytest.raises(CoownershipRefusal) as caught:
        services.transfer_batch(acting_user=None, building=billed.building, expenses=[without])
    assert caught.value.message == (
        "The expense of KONE BELGIUM SA of 2026-04-20 has no supplier IBAN: enter it on "
        "the expense first. Nothing was made."
    )
    expense = _expense(billed, supplier_iban="BE62 5100 0754 7061")
    batch = services.transfer_batch(
        acting_user=fresh(billed.syndic), building=billed.building, expenses=[expense]
    )
    assert b'<InstdAmt Ccy="EUR">123.45</InstdAmt>' in bytes(batch.file.content)
    assert Expense.objects.get(pk=expense.pk).transfer_batch == batch
    with pytest.raises(CoownershipRefusal) as caught:
        services.transfer_batch(acting_user=None, building=billed.building, expenses=[expense])
    assert (
        caught.value.message
        == "The expense of KONE BELGIUM SA of 2026-04-20 is already paid: nothing was made."
    )


def test_trust_accounts_one_per_purpose(db):
    from community.services.bank_accounts import set_trust_account

    account = set_trust_account(
        acting_user=None, purpose="ground_lease", iban="be48 0011 2345 6727", holder="CLT"
    )
    again = set_trust_account(
        acting_user=None, purpose="ground_lease", iban="BE66 3630 0000 0343", holder="CLT"
    )
    assert account.pk == again.pk and BankAccount.objects.get().bic == "BBRUBEBB"


def test_setting_a_trust_account_to_what_it_is_records_nothing(db):
    from community.models import AuditEvent
    from community.services.bank_accounts import set_trust_account

    set_trust_account(acting_user=None, purpose="room_hire", iban="BE66 3630 0000 0343", holder="CLT  Brussels")
    set_trust_account(acting_user=None, purpose="room_hire", iban="be66363000000343", holder="CLT Brussels")
    assert AuditEvent.objects.filter(action="community.set_trust_account").count() == 1
