"""Issue 22's pages as a person uses them: the expense form takes the supplier's
IBAN, the debit queue on the Payments page (confirm, undo) and the "Pay suppliers"
page (pain.001 download), each refused to whom holds no role in the building."""

from datetime import date

import pytest

from community.models import AuditEvent
from coownership import services
from coownership.models import BankDebit, Expense, TransferBatch
from tests.banking import coda_builder
from tests.refusals import assert_not_allowed

from .conftest import fresh
from .test_fund_accounts import WORKING

PAYMENTS = "/en/buildings/maple/payments/"
TRANSFERS = "/en/buildings/maple/transfers/"
EXPENSES = "/en/buildings/maple/expenses/"
REFUSAL = "Only the building&#x27;s syndic and committee reconcile its bank statements."
KONE = "BE62 5100 0754 7061"


def _expense(billed, **extra) -> Expense:
    return services.record_expense(
        acting_user=None,
        building=billed.building,
        key=billed.general,
        supplier="KONE BELGIUM SA",
        spent_on=date(2026, 4, 20),
        amount="123.45",
        **extra,
    )


def _debit(billed) -> BankDebit:
    content = coda_builder.statement(
        [(-12345, "", "Facture 77", "BE62510007547061", "KONE BELGIUM SA")], account=WORKING
    ).encode("ascii")
    services.import_bank_statement(acting_user=None, building=billed.building, content=content)
    return BankDebit.objects.get()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- The expense form -------------------------------------------------------------------------


def test_the_syndic_records_an_expense_with_the_suppliers_iban(billed, client_of):
    client = client_of(fresh(billed.syndic))
    response = client.post(
        EXPENSES,
        {
            "supplier": "KONE BELGIUM SA",
            "supplier_iban": "be62510007547061",
            "spent_on": "2026-04-20",
            "key": billed.general.pk,
            "amount": "123.45",
            "kind": "ordinary",
            "description": "Lift",
        },
        follow=True,
    )
    assert _messages(response) == ["The expense is recorded and shared over the lots."]
    assert Expense.objects.get().supplier_iban == "BE62510007547061"  # stored compact
    assert KONE in response.content.decode()  # shown grouped by four in the table


def test_an_invalid_supplier_iban_is_refused_on_the_form(billed, client_of):
    client = client_of(fresh(billed.syndic))
    response = client.post(
        EXPENSES,
        {
            "supplier": "KONE BELGIUM SA",
            "supplier_iban": "BE62 5100 0754 7062",
            "spent_on": "2026-04-20",
            "key": billed.general.pk,
            "amount": "123.45",
            "kind": "ordinary",
        },
    )
    assert response.status_code == 200
    assert "This is not a valid IBAN (check the letters and digits)." in response.content.decode()
    assert not Expense.objects.exists()


def test_the_expense_form_says_it_in_french(billed, client_of):
    client = client_of(fresh(billed.syndic))
    response = client.post(
        EXPENSES.replace("/en/", "/fr/"),
        {
            "supplier": "KONE",
            "supplier_iban": "BE00 0000",
            "spent_on": "2026-04-20",
            "key": billed.general.pk,
            "amount": "1",
            "kind": "ordinary",
        },
    )
    page = response.content.decode()
    assert "IBAN du fournisseur" in page and "pas un IBAN valable" in page


# --- The debit queue --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["syndic", "committee"])
def test_the_syndic_and_the_committee_confirm_and_undo_a_debit(billed, client_of, who):
    expense = _expense(billed, supplier_iban=KONE)
    debit = _debit(billed)
    client = client_of(fresh(getattr(billed, who)))
    page = client.get(PAYMENTS).content.decode()
    assert f'id="debit-{debit.pk}"' in page and "BE62 5100 0754 7061" in page
    response = client.post(
        f"{PAYMENTS}debits/{debit.pk}/", {"action": "confirm", "expense": expense.pk}, follow=True
    )
    assert _messages(response) == [f"The debit is recorded as paying {expense}."]
    assert BankDebit.objects.get().expense == expense
    assert f'id="debit-{debit.pk}"' not in response.content.decode()  # out of the queue
    response = client.post(f"{PAYMENTS}debits/{debit.pk}/", {"action": "undo"}, follow=True)
    assert _messages(response) == ["Undone: the debit waits in the queue again."]
    assert (BankDebit.objects.get().status, BankDebit.objects.get().expense) == (
        BankDebit.Status.WAITING,
        None,
    )
    assert list(
        AuditEvent.objects.filter(action__endswith="bank_debit")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["coownership.confirm_bank_debit", "coownership.undo_bank_debit"]


def test_a_debit_not_an_expense(billed, client_of):
    debit = _debit(billed)
    response = client_of(fresh(billed.syndic)).post(
        f"{PAYMENTS}debits/{debit.pk}/", {"action": "dismiss"}, follow=True
    )
    assert _messages(response) == ["The debit is marked “not an expense”."]
    assert BankDebit.objects.get().status == BankDebit.Status.DISMISSED


def test_confirming_without_an_expense_is_refused_and_changes_nothing(billed, client_of):
    debit = _debit(billed)
    response = client_of(fresh(billed.syndic)).post(
        f"{PAYMENTS}debits/{debit.pk}/", {"action": "confirm"}, follow=True
    )
    assert _messages(response) == ["Choose the expense this debit paid."]
    assert BankDebit.objects.get().status == BankDebit.Status.WAITING


@pytest.mark.parametrize(
    "who", ["ann", "olga", "tenant"], ids=["co-owner", "other-building-syndic", "tenant"]
)
def test_the_debit_queue_is_refused_to_others(billed, client_of, who):
    expense = _expense(billed, supplier_iban=KONE)
    debit = _debit(billed)
    client = client_of(fresh(getattr(billed, who)))
    for data in (
        {"action": "confirm", "expense": expense.pk},
        {"action": "dismiss"},
        {"action": "undo"},
    ):
        response = client.post(f"{PAYMENTS}debits/{debit.pk}/", data)
        assert response.status_code == 403 and REFUSAL in response.content.decode()
    assert BankDebit.objects.get().status == BankDebit.Status.WAITING
    assert not AuditEvent.objects.filter(action__endswith="bank_debit").exists()


def test_an_anonymous_visitor_is_sent_to_log_in(billed, client):
    debit = _debit(billed)
    for response in (
        client.post(f"{PAYMENTS}debits/{debit.pk}/", {"action": "dismiss"}),
        client.get(TRANSFERS),
    ):
        assert response.status_code == 302 and "login" in response["Location"]
    assert BankDebit.objects.get().status == BankDebit.Status.WAITING


# --- Pay suppliers (pain.001) -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["syndic", "committee"])
def test_the_transfer_file_is_downloaded_and_the_expense_not_offered_again(billed, client_of, who):
    expense = _expense(billed, supplier_iban=KONE)
    client = client_of(fresh(getattr(billed, who)))
    page = client.get(TRANSFERS).content.decode()
    assert f'value="{expense.pk}"' in page and KONE in page
    response = client.post(TRANSFERS, {"expenses": [expense.pk], "execute_on": "2026-05-04"})
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert (
        response["Content-Disposition"].startswith('attachment; filename="')
        and ".xml" in response["Content-Disposition"]
    )
    xml = response.content
    assert b"pain.001" in xml and b"<IBAN>BE62510007547061</IBAN>" in xml
    assert b'<InstdAmt Ccy="EUR">123.45</InstdAmt>' in xml
    assert Expense.objects.get().transfer_batch is not None
    page = client.get(TRANSFERS).content.decode()
    assert f'value="{expense.pk}"' not in page and "No unpaid expense." in page
    assert TransferBatch.objects.count() == 1


def test_an_expense_without_iban_is_refused_with_the_reason_and_nothing_made(billed, client_of):
    expense = _expense(billed)
    response = client_of(fresh(billed.syndic)).post(
        TRANSFERS, {"expenses": [expense.pk]}, follow=True
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert _messages(response) == [
        "The expense of KONE BELGIUM SA of 2026-04-20 has no supplier IBAN: enter it on the expense first. "
        "Nothing was made."
    ]
    assert not TransferBatch.objects.exists() and Expense.objects.get().transfer_batch is None


def test_the_refusal_is_translated(billed, client_of):
    expense = _expense(billed)
    syndic = fresh(billed.syndic)
    response = client_of(syndic).post(TRANSFERS.replace("/en/", "/nl/"), {"expenses": [expense.pk]})
    assert "IBAN" in _messages(response)[0] and "has no supplier IBAN" not in _messages(response)[0]
    assert not TransferBatch.objects.exists()


def test_choosing_nothing_says_so(billed, client_of):
    _expense(billed, supplier_iban=KONE)
    response = client_of(fresh(billed.syndic)).post(TRANSFERS, {})
    assert _messages(response) == ["Choose at least one expense to pay."]
    assert not TransferBatch.objects.exists()


@pytest.mark.parametrize(
    "who", ["ann", "olga", "stranger"], ids=["co-owner", "other-building-syndic", "stranger"]
)
def test_the_transfers_page_is_refused_to_others(billed, client_of, who):
    expense = _expense(billed, supplier_iban=KONE)
    client = client_of(fresh(getattr(billed, who)))
    for response in (client.get(TRANSFERS), client.post(TRANSFERS, {"expenses": [expense.pk]})):
        assert response.status_code == 403 and REFUSAL in response.content.decode()
    assert not TransferBatch.objects.exists()


# --- The accounts in the administration -------------------------------------------------------


def test_a_buildings_fund_accounts_are_shown_read_only_in_the_administration(billed, client_of):
    from tests.factories import make_staff

    client = client_of(make_staff(language="en"))
    client.cookies["django_language"] = "en"  # the administration has no language prefix
    page = client.get("/admin/community/bankaccount/").content.decode()
    assert "BE71 0961 2345 6769" in page and "Maple — working fund account" in page
    assert "Maple — reserve fund account" in page
    account = billed.building.working_account
    page = client.get(f"/admin/community/bankaccount/{account.pk}/change/").content.decode()
    assert (
        'name="iban"' not in page and "BE71 0961 2345 6769" in page
    )  # changed on the building's page
    response = client.post(
        f"/admin/community/bankaccount/{account.pk}/change/", {"iban": "BE48 0011 2345 6727"}
    )
    assert_not_allowed(response)
    assert (
        billed.building.working_account.__class__.objects.get(pk=account.pk).iban
        == "BE71096123456769"
    )
