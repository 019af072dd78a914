"""Co-ownership money meets the bank: each co-owner's permanent structured
communication, the building's account, statements (CODA, CAMT.053, CSV)
imported once, refusals a treasurer reads, and "what I owe now" with the EPC
QR code on the co-owner's page."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from socle_site.kernel.banking.references import display, is_valid

from community.models import AuditEvent
from coownership import selectors, services
from coownership.errors import CoownershipRefusal, ImportRefusal
from coownership.models import Payment, PaymentReference
from tests.banking import coda_builder
from tests.factories import HouseholdFactory
from tests.refusals import assert_refused

from .conftest import fresh

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "banking"
ACCOUNT = "BE71096123456769"


def _reference(building, household) -> str:
    return PaymentReference.objects.get(building=building, fund="working", household=household).digits


def _coda(setup, account=ACCOUNT) -> bytes:
    return coda_builder.sample(reference=_reference(setup.building, setup.ann_home), account=account).encode("ascii")


def _camt(setup) -> bytes:
    return (FIXTURES / "statement.camt053.xml").read_bytes().replace(
        b"100000000135", _reference(setup.building, setup.ann_home).encode())


def test_each_co_owner_has_one_permanent_reference_per_account(setup):
    ann = _reference(setup.building, setup.ann_home)
    bob = _reference(setup.building, setup.bob_home)
    olga = _reference(setup.oak, setup.olga_home)
    assert len({ann, bob, olga}) == 3 and all(is_valid(r) for r in (ann, bob, olga))
    # Ann owns two lots in maple: one reference. Buying again in the building keeps it.
    # One per fund's account: the working fund's and the reserve fund's.
    assert PaymentReference.objects.filter(building=setup.building, household=setup.ann_home).count() == 2
    carl_home = HouseholdFactory(name="Carl's household")
    services.transfer_lot(acting_user=None, lot=setup.lots["L2"], household=carl_home, on_date=date(2026, 3, 1))
    services.transfer_lot(acting_user=None, lot=setup.lots["L2"], household=setup.ann_home, on_date=date(2026, 4, 1))
    assert _reference(setup.building, setup.ann_home) == ann
    assert is_valid(_reference(setup.building, carl_home))


def test_bank_account_with_derived_bic_and_refusal(billed):
    account = billed.building.working_account
    assert (account.iban, account.bic, account.holder) == (ACCOUNT, "GKCCBEBB", "ACP Maple")
    with pytest.raises(CoownershipRefusal) as caught:
        services.set_bank_account(acting_user=None, building=billed.building, iban="BE71 0961 2345 6768")
    assert caught.value.message == "This is not a valid IBAN (check the letters and digits)."
    assert AuditEvent.objects.filter(action="coownership.set_bank_account").count() == 2


@pytest.mark.parametrize("statement", [_coda, _camt], ids=["coda", "camt053"])
def test_statement_matched_by_structured_communication_and_imported_once(billed, statement):
    content = statement(billed)
    outcome = services.import_bank_statement(acting_user=fresh(billed.syndic), building=billed.building,
                                             content=content)
    ann_reference = display(_reference(billed.building, billed.ann_home))
    # Ann by her structured communication; Bob from his Dutch account, naming lot L3.
    assert [(p.household, p.amount_cents, p.paid_on, p.reference) for p in outcome.created] == [
        (billed.ann_home, 27500, date(2026, 5, 1), ann_reference),
        (billed.bob_home, 33000, date(2026, 5, 1), "Charges L3 T2 2026"),
    ]
    assert outcome.unmatched == [] and outcome.debits == 2 and outcome.already_imported == 0
    again = services.import_bank_statement(acting_user=fresh(billed.syndic), building=billed.building,
                                           content=content)
    assert again.created == [] and again.already_imported == 2
    assert Payment.objects.count() == 2


def test_statement_of_another_account_is_refused(billed):
    with pytest.raises(CoownershipRefusal) as caught:
        services.import_bank_statement(acting_user=None, building=billed.building,
                                       content=_coda(billed, account="BE68539007547034"))
    assert caught.value.message == (
        "This statement is of the account BE68 5390 0754 7034, which Socle does not know: it is neither the "
        "building's working fund account nor its reserve fund account. Nothing was imported.")
    assert not Payment.objects.exists()


def test_statement_before_the_account_is_entered_is_refused(setup):
    with pytest.raises(CoownershipRefusal) as caught:
        services.import_bank_statement(acting_user=None, building=setup.building, content=_coda(setup))
    assert caught.value.message == (
        "Enter the building's bank accounts (IBAN) before importing their statements: nothing was imported.")
    assert not Payment.objects.exists()


XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
       b'<Document><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>')


@pytest.mark.parametrize("content,errors", [
    (lambda s: b"\r\n".join(_coda(s).split(b"\r\n")[:10]),
     [(10, "Line 10: the file ends before the statement's closing record: it is truncated.")]),
    (lambda s: _coda(s).decode().encode("utf-16"),
     [(1, "Line 1: the file is not plain text (it may be UTF-16 or a spreadsheet). "
          "Download the statement again as CODA, CAMT.053 or CSV.")]),
    (lambda s: XXE,
     [(2, "Line 2: the file declares a DTD or entities, which a bank statement never does; it was not read.")]),
    (lambda s: _camt(s)[:900], [(18, "Line 18: the XML is malformed or truncated.")]),
    (lambda s: b"0" * (20 * 1024 * 1024 + 1), [(1, "The file is too large (20 MB at most).")]),
], ids=["truncated", "utf16", "external-entity", "truncated-xml", "huge"])
def test_hostile_files_write_nothing_and_say_which_line(billed, content, errors):
    with pytest.raises(ImportRefusal) as caught:
        services.import_bank_statement(acting_user=None, building=billed.building, content=content(billed))
    assert caught.value.message == "Nothing was imported: correct the file and send it again."
    assert caught.value.errors == errors
    assert not Payment.objects.exists()
    assert not AuditEvent.objects.filter(action="coownership.import_payments").exists()


def test_unrecognised_credit_gets_a_proposal_never_applied(billed):
    content = b"date;amount;communication;name\n2026-05-02;550,00;merci;Ann's household\n2026-05-02;12;?;Nobody\n"
    outcome = services.import_bank_statement(acting_user=None, building=billed.building, content=content,
                                             csv_columns={"name": "name"})
    assert outcome.created == []
    assert [(m.amount_cents, proposals) for m, proposals in outcome.unmatched] == [
        (55000, ["Ann's household"]), (1200, [])]


def test_what_i_owe_now_follows_the_oldest_call_first(billed):
    def owed(fund="working"):
        rows = {r["fund"]: r for r in selectors.payment_instructions(
            billed.building, [billed.ann_home.pk], date(2026, 5, 1))}
        return rows[fund]

    # Ann's call of 550.00: 500.00 to the working fund's account, 50.00 to the reserve fund's.
    row = owed()
    assert (row["owed_cents"], row["due_on"], row["is_overdue"]) == (50000, date(2026, 4, 15), True)
    assert row["iban"] == "BE71 0961 2345 6769" and row["bic"] == "GKCCBEBB" and row["beneficiary"] == "ACP Maple"
    assert row["reference"] == display(_reference(billed.building, billed.ann_home))
    assert row["qr_svg"].startswith("<svg")
    # The EPC069-12 text for Ann's working-fund part of the second quarter, byte for byte.
    assert row["epc_payload"].encode() == (
        b"BCD\n002\n1\nSCT\nGKCCBEBB\nACP Maple\nBE71096123456769\nEUR500.00\n\n"
        + _reference(billed.building, billed.ann_home).encode())
    reserve = owed("reserve")
    assert (reserve["owed_cents"], reserve["iban"]) == (5000, "BE60 0961 2345 6870")
    assert reserve["epc_payload"].encode().endswith(b"BE60096123456870\nEUR50.00\n\n" + PaymentReference.objects.get(
        building=billed.building, fund="reserve", household=billed.ann_home).digits.encode())
    services.import_bank_statement(acting_user=None, building=billed.building, content=_coda(billed))
    # 275.00 paid to the working fund's account clears that fund's call only.
    assert (owed()["owed_cents"], owed("reserve")["owed_cents"]) == (22500, 5000)
    services.record_payment(acting_user=None, building=billed.building, household=billed.ann_home,
                            paid_on=date(2026, 5, 1), amount="300")
    row = owed()
    assert (row["owed_cents"], row["advance_cents"], row["qr_svg"]) == (0, 7500, "")
    assert owed("reserve")["owed_cents"] == 5000


def test_account_page_says_what_to_pay_with_the_qr_code(billed, client_of):
    page = client_of(billed.ann).get("/en/buildings/maple/my-account/").content.decode()
    assert "What I owe now" in page
    # Money and days in the reader's language (Babel's en_BE: day first, decimal comma).
    assert "<strong>500,00\u00a0€</strong>, due since 15 April 2026" in page
    assert "<strong>50,00\u00a0€</strong>, due since 15 April 2026" in page and "BE60 0961 2345 6870" in page
    assert "BE71 0961 2345 6769" in page and display(_reference(billed.building, billed.ann_home)) in page
    assert '<svg width="' in page and "<title>Payment QR code</title>" in page
    nl = client_of(billed.bob).get("/nl/buildings/maple/my-account/").content.decode()
    assert "Wat ik nu verschuldigd ben" in nl and "<title>QR-code om te betalen</title>" in nl
    assert "<strong>€\u00a0500,00</strong>, verschuldigd sinds 15 april 2026" in nl


def test_account_page_without_an_account_entered(setup, client_of):
    page = client_of(setup.ann).get("/en/buildings/maple/my-account/").content.decode()
    assert "Nothing to pay now." in page and "This fund's bank account is not entered yet" in page


def test_payments_page_imports_statements_and_shows_refusals(billed, client_of):
    client = client_of(billed.syndic)
    url = "/en/buildings/maple/payments/"
    page = client.post(url, {"file": SimpleUploadedFile("x.cod", _coda(billed))}, follow=True).content.decode()
    assert "Payments imported: 2." in page
    page = client.post(url, {"file": SimpleUploadedFile("x.cod", _coda(billed))}, follow=True).content.decode()
    assert "Payments imported: 0." in page and "Already imported before, left unchanged: 2." in page
    other = _coda(billed, account="BE68539007547034")
    page = client.post(url, {"file": SimpleUploadedFile("x.cod", other)}).content.decode()
    assert "This statement is of the account BE68 5390 0754 7034" in page
    truncated = b"\r\n".join(_coda(billed).split(b"\r\n")[:10])
    page = client.post(url, {"file": SimpleUploadedFile("x.cod", truncated)}).content.decode()
    assert "Nothing was imported" in page and "Line 10: the file ends before" in page
    unmatched = b"date;amount;communication\n2026-05-02;12;?\n"
    page = client.post(url, {"file": SimpleUploadedFile("x.csv", unmatched)}, follow=True).content.decode()
    assert "Credits not recognised, waiting below: 1." in page and "12,00\u00a0€" in page
    assert Payment.objects.count() == 2


def test_payments_page_saves_the_bank_account(setup, client_of):
    client = client_of(setup.syndic)
    url = "/en/buildings/maple/payments/"
    page = client.post(url, {"action": "bank_account", "fund": "working", "iban": "BE71 0961 2345 6768"}).content.decode()
    assert "This is not a valid IBAN (check the letters and digits)." in page
    page = client.post(url, {"action": "bank_account", "fund": "working", "iban": "BE71 0961 2345 6769",
                             "account_name": "ACP"}, follow=True).content.decode()
    assert "The fund&#x27;s bank account is saved." in page
    page = client.post(url, {"action": "bank_account", "fund": "reserve", "iban": "BE71 0961 2345 6769"},
                       follow=True).content.decode()
    assert "The working fund and the reserve fund must be on two different accounts" in page
    setup.building.refresh_from_db()
    assert setup.building.working_account.iban == ACCOUNT and setup.building.reserve_account is None
    assert_refused(client_of(setup.ann).post(url, {"action": "bank_account", "fund": "working",
                                                   "iban": "BE68 5390 0754 7034"}),
                   "Only the building's syndic and committee reconcile its bank statements.")
    setup.building.refresh_from_db()
    assert setup.building.working_account.iban == ACCOUNT
