"""Ground-lease fees (issue 25): the schedule the deed's lease gives (monthly
or yearly, across a year end, indexed on each anniversary), opened once by the
daily task, a permanent structured communication per owner, the trust's
account statement matched like the co-ownerships', the waiting credits the
officer assigns or sets aside, what the owner reads on their file and who may
do what, with the message a refused person reads."""

import datetime as dt
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from socle_site.kernel.banking.references import is_valid
from socle_site.kernel.banking.statements.camt_writer import Entry, write_camt053

from community.candidates import policy as deed_policy
from community.candidates.models import IndexValue
from community.candidates.services.deeds import record_imported_deed
from community.models import BankAccount, Household
from community.services.dwellings import record_owner
from community.stewardship import policy, services
from community.stewardship.models import FeeCharge, FeeCredit, FeeReference, FeeSetting
from tests.member_history import BASE_QUERIES, query_count
from tests.refusals import assert_refused, page_text
from tests.stewardship.conftest import BOUGHT, statement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def at(day: date, hour: int = 12):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC), tick=False)


# --- The schedule: pure rules against worked examples ------------------------------


def test_monthly_fees_fall_on_the_leases_day_across_a_year_end_and_short_months():
    dates = policy.due_dates(date(2025, 11, 30), date(2075, 11, 30), policy.MONTHLY, date(2026, 3, 31))
    # 30 November, 30 December, 30 January, 28 February (no 30th), 30 March: counted from the start.
    assert dates == [date(2025, 11, 30), date(2025, 12, 30), date(2026, 1, 30), date(2026, 2, 28), date(2026, 3, 30)]


def test_yearly_fees_and_none_on_or_after_the_leases_end():
    assert policy.due_dates(date(2024, 2, 29), date(2027, 2, 28), policy.YEARLY, date(2030, 1, 1)) == [
        date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28)]
    assert policy.due_dates(date(2026, 1, 1), date(2026, 3, 1), policy.MONTHLY, date(2030, 1, 1)) == [
        date(2026, 1, 1), date(2026, 2, 1)]


def test_an_indexed_fee_moves_on_each_anniversary_with_the_index_of_the_month_before():
    values = [(date(2021, 2, 1), Decimal("108.42")), (date(2025, 2, 1), Decimal("131.18")),
              (date(2026, 2, 1), Decimal("134.02"))]
    fee = {"fee_cents": 1500, "indexed": True, "starts_on": date(2021, 3, 15), "index_values": values}
    # The first year: the deed's fee.
    assert policy.fee_for(**fee, due_on=date(2022, 2, 15)).cents == 1500
    # From 15 March 2025: 15.00 × 131.18 / 108.42 = 18.1489 → 18.15.
    assert policy.fee_for(**fee, due_on=date(2025, 3, 15)) == policy.Fee(1815, Decimal("108.42"), Decimal("131.18"))
    assert policy.fee_for(**fee, due_on=date(2026, 2, 15)).cents == 1815
    # From 15 March 2026: 15.00 × 134.02 / 108.42 = 18.5418 → 18.54.
    assert policy.fee_for(**fee, due_on=date(2026, 3, 15)).cents == 1854
    # Not indexed, or the index not entered yet: the deed's fee as it is.
    assert policy.fee_for(**{**fee, "indexed": False}, due_on=date(2026, 3, 15)).cents == 1500
    assert policy.fee_for(**{**fee, "index_values": []}, due_on=date(2026, 3, 15)).cents == 1500


def test_the_balance_and_the_arrears_payments_clearing_the_oldest_first():
    assert policy.fee_balance(due_cents=4500, due_before_grace_cents=3000, paid_cents=1500) == policy.FeeBalance(3000, 1500)
    ahead = policy.fee_balance(due_cents=1500, due_before_grace_cents=0, paid_cents=3000)
    assert ahead.owed_cents == -1500 and ahead.paid_ahead_cents == 1500 and ahead.arrears_cents == 0
    assert policy.arrears_since([(date(2026, 1, 1), 1500), (date(2026, 2, 1), 1500)], 1500) == date(2026, 2, 1)
    assert policy.arrears_since([(date(2026, 1, 1), 1500)], 1500) is None


# --- The services, on the deeds the register records -------------------------------


def _reference(dwelling, household) -> str:
    return FeeReference.objects.get(dwelling=dwelling, household=household).digits


def test_the_daily_task_opens_each_fee_once_on_its_date_across_the_year_end(leases):
    with at(date(2025, 12, 29)):
        assert services.run_daily(today=date(2025, 12, 29))["fees_opened"] == 2  # 30 November, for each home
    assert services.open_fees(today=date(2026, 1, 31)) == 4  # 30 December and 30 January
    assert services.open_fees(today=date(2026, 1, 31)) == 0  # run again the same day: nothing new
    assert FeeCharge.objects.filter(dwelling=leases.a3).count() == 3
    # Each owner has one permanent, valid structured communication, apart from the co-ownerships' range.
    a3, b2 = _reference(leases.a3, leases.first), _reference(leases.b2, leases.second)
    assert a3 != b2 and is_valid(a3) and is_valid(b2) and a3.startswith("2")


def test_an_indexed_fee_is_opened_at_its_indexed_amount(leases):
    IndexValue.objects.create(name="Indice santé", on=date(2025, 10, 1), value=Decimal("130.00"))
    IndexValue.objects.create(name="Indice santé", on=date(2026, 10, 1), value=Decimal("133.90"))
    services.open_fees(today=date(2026, 12, 1))
    november = FeeCharge.objects.get(dwelling=leases.a3, due_on=date(2026, 11, 30))
    # 15.00 × 133.90 / 130.00 = 15.45; the other deed's fee is not indexed.
    assert (november.amount_cents, november.index_base, november.index_now) == (1545, Decimal("130.00"), Decimal("133.90"))
    assert FeeCharge.objects.get(dwelling=leases.b2, due_on=date(2026, 11, 30)).amount_cents == 1500
    FeeSetting.objects.update(index_name="ABEX")  # the trust follows another index: none entered, the deed's fee
    FeeCharge.objects.filter(due_on=date(2026, 11, 30)).delete()
    services.open_fees(today=date(2026, 12, 1))
    assert FeeCharge.objects.get(dwelling=leases.a3, due_on=date(2026, 11, 30)).amount_cents == 1500


def test_a_new_owner_gets_their_own_fees_and_reference(leases):
    services.open_fees(today=date(2026, 1, 5))
    buyer = Household.objects.create(name="Ménage Diallo")
    record_imported_deed(
        acting_user=leases.officer, home=leases.a3.home, household=buyer, bought_on=date(2026, 1, 10),
        terms=deed_policy.DeedTerms(formula="fixed_rate", price_paid=Decimal(151000), bought_on=date(2026, 1, 10),
                                    rate_percent=Decimal(2)),
        lease=deed_policy.LeaseTerms(starts_on=date(2026, 1, 10), years=50, fee_cents=1600, fee_period="monthly"))
    services.open_fees(today=date(2026, 2, 15))
    assert list(FeeCharge.objects.filter(dwelling=leases.a3, household=buyer).values_list("due_on", "amount_cents")
                .order_by("due_on")) == [(date(2026, 1, 10), 1600), (date(2026, 2, 10), 1600)]
    # The seller's fees stop with their deed; their reference stays theirs.
    assert FeeCharge.objects.filter(dwelling=leases.a3, household=leases.first).count() == 2
    assert _reference(leases.a3, buyer) != _reference(leases.a3, leases.first)


def test_the_statement_is_matched_by_reference_and_imported_once(leases):
    services.open_fees(today=date(2026, 1, 5))
    a3 = _reference(leases.a3, leases.first)
    content = statement(
        Entry(date(2026, 1, 2), 3000, name="Famille El Amrani", reference=a3),
        Entry(date(2026, 1, 3), 1500, name="Famille Peeters", communication="redevance B2 janvier"),
        Entry(date(2026, 1, 4), -250, name="Banque", communication="frais"),
    )
    result = services.import_fee_statement(acting_user=leases.steward, content=content)
    assert (result.matched, result.matched_cents, result.waiting, result.debits) == (1, 3000, 1, 1)
    paid = FeeCredit.objects.get(status="matched")
    assert (paid.dwelling, paid.household, paid.amount_cents) == (leases.a3, leases.first, 3000)
    waiting = FeeCredit.objects.get(status="waiting")
    # Proposed by name and amount (the Peeters household owes 15 €), never applied by itself.
    assert waiting.proposed == [FeeReference.objects.get(household=leases.second).pk] and waiting.dwelling is None
    again = services.import_fee_statement(acting_user=leases.steward, content=content)
    assert (again.matched, again.waiting, again.already_imported) == (0, 0, 2)
    assert FeeCredit.objects.count() == 2


def test_a_statement_of_another_account_or_a_damaged_file_is_refused_and_nothing_written(leases):
    services.open_fees(today=date(2026, 1, 5))
    other = write_camt053("BE71096123456769", [Entry(date(2026, 1, 2), 1500, reference=_reference(leases.a3, leases.first))])
    with pytest.raises(services.StewardshipRefusal) as refused:
        services.import_fee_statement(acting_user=leases.steward, content=other)
    assert refused.value.message == (
        "This statement is of the account BE71 0961 2345 6769, not of the trust's ground-lease account "
        "BE48 0011 2345 6727: nothing was imported. A building's statements are imported in its co-ownership.")
    with pytest.raises(services.StewardshipRefusal) as damaged:
        services.import_fee_statement(acting_user=leases.steward, content=b"\x00\x01 not a statement")
    assert damaged.value.message.startswith("Nothing was imported: Line 1: the file is not plain text")
    assert not FeeCredit.objects.exists()
    with pytest.raises(services.StewardshipRefusal) as not_steward:
        services.import_fee_statement(acting_user=leases.fatima, content=other)
    assert not_steward.value.message == "Only the trust's stewardship officers import the ground-lease account's statements."
    BankAccount.objects.filter(trust_purpose="ground_lease").delete()
    with pytest.raises(services.StewardshipRefusal) as no_account:
        services.import_fee_statement(acting_user=leases.steward, content=other)
    assert no_account.value.message.startswith("Enter the trust's ground-lease account (IBAN) in the administration")


def test_the_officer_assigns_a_waiting_credit_or_sets_it_aside_once(leases):
    services.open_fees(today=date(2026, 1, 5))
    services.import_fee_statement(acting_user=leases.steward, content=statement(
        Entry(date(2026, 1, 3), 1500, name="J. Peeters", communication="redevance"),
        Entry(date(2026, 1, 4), 5000, name="Inconnu", communication="don")))
    first, second = FeeCredit.objects.filter(status="waiting").order_by("booked_on")
    b2 = FeeReference.objects.get(household=leases.second)
    with pytest.raises(services.StewardshipRefusal) as refused:
        services.assign_credit(acting_user=leases.fatima, credit=first, reference=b2)
    assert refused.value.message == "Only the trust's stewardship officers assign the account's credits."
    services.assign_credit(acting_user=leases.steward, credit=first, reference=b2)
    with pytest.raises(services.StewardshipRefusal) as twice:
        services.assign_credit(acting_user=leases.steward, credit=first, reference=b2)
    assert twice.value.message == "This credit was already handled by someone else: reload the page."
    with pytest.raises(services.StewardshipRefusal) as no_note:
        services.set_credit_aside(acting_user=leases.steward, credit=second, note="  ")
    assert no_note.value.message == "Say why this credit is not a fee (the note stays with it)."
    services.set_credit_aside(acting_user=leases.steward, credit=second, note="Un don : remercié par courrier.")
    second.refresh_from_db()
    assert (second.status, second.note, second.dwelling) == ("set_aside", "Un don : remercié par courrier.", None)
    from community.stewardship import selectors
    balances = selectors.fee_balances(date(2026, 1, 5), 30)
    # Two fees fell due (30 November, 30 December): the assigned credit paid the older one.
    assert balances[(leases.b2.pk, leases.second.pk)] == policy.FeeBalance(owed_cents=1500, arrears_cents=0)


# --- The pages ------------------------------------------------------------------------


def _url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def test_the_owner_reads_what_they_owe_and_how_to_pay_in_their_language(leases, client_of):
    services.open_fees(today=date(2026, 2, 1))
    services.import_fee_statement(acting_user=leases.steward, content=statement(
        Entry(date(2025, 12, 2), 1500, name="Famille Peeters", reference=_reference(leases.b2, leases.second))))
    with at(date(2026, 2, 1)):
        text = page_text(client_of(leases.jan).get(_url("stewardship:home_file", leases.b2.pk, language="nl")))
    # Three fees (30 November, 30 December, 30 January) and one payment: 30 € to pay, 15 € of it overdue.
    assert "Erfpachtvergoeding" in text and "Nog te betalen € 30,00" in text and "Achterstallig € 15,00" in text
    assert "+++200/" in text and "BE48 0011 2345 6727" in text and "Scan met uw bank-app om € 30,00 te betalen." in text
    with at(date(2026, 2, 1)):
        response = client_of(leases.fatima).get(_url("stewardship:home_file", leases.a3.pk, language="fr"))
    assert "Redevance emphytéotique" in page_text(response) and 'class="epc-qr"' in response.content.decode()


def test_the_fees_page_is_the_officers_and_imports_astatement(leases, client_of):
    message = "Only the trust's stewardship officers follow the homes after the sale."
    assert_refused(client_of(leases.fatima).get(_url("stewardship:fees")), message)
    assert_refused(client_of(leases.neighbour).post(_url("stewardship:handle_credit", 1), {"action": "set_aside"}), message)
    services.open_fees(today=date(2026, 1, 5))
    officer = client_of(leases.steward)
    with at(date(2026, 1, 5)):
        from django.core.files.uploadedfile import SimpleUploadedFile
        response = officer.post(_url("stewardship:fees", language="fr"), {"statement": SimpleUploadedFile(
            "extrait.xml", statement(Entry(date(2026, 1, 3), 1500, name="Famille Peeters", communication="B2")))},
            follow=True)
    text = page_text(response)
    assert "0 paiement reconnu par sa communication. 1 crédit à attribuer. 0 déjà importé." in text
    credit = FeeCredit.objects.get()
    # The proposal comes first and is chosen; the officer confirms it.
    assert f'<option value="{FeeReference.objects.get(household=leases.second).pk}" selected>' in response.content.decode()
    response = officer.post(_url("stewardship:handle_credit", credit.pk, language="fr"), {"action": "assign", "reference": "x"},
                            follow=True)
    assert "Choisissez le logement et le propriétaire que ce crédit paie." in page_text(response)
    response = officer.post(_url("stewardship:handle_credit", credit.pk), {
        "action": "assign", "reference": FeeReference.objects.get(household=leases.second).pk}, follow=True)
    assert "The credit now counts as that owner's payment." in page_text(response)
    assert FeeCredit.objects.get().status == "assigned"
    bad = officer.post(_url("stewardship:fees"), {"statement": SimpleUploadedFile("x.csv", b"nothing;here\n1;2\n")}, follow=True)
    assert "Nothing was imported: Line 1: the first line must name the columns date, amount, communication." in page_text(bad)
    assert FeeCredit.objects.count() == 1


def test_the_fee_pages_cost_the_same_after_years_of_fees(leases, client_of):
    owner, officer = client_of(leases.fatima), client_of(leases.steward)
    file_url, fees_url = _url("stewardship:home_file", leases.a3.pk), _url("stewardship:fees")
    with at(date(2026, 3, 1)):
        services.open_fees(today=date(2026, 3, 1))
        owner.get(file_url)  # the site's menus are read once per process
        before = query_count(owner, file_url), query_count(officer, fees_url)
    services.open_fees(today=date(2036, 3, 1))
    a3 = _reference(leases.a3, leases.first)
    services.import_fee_statement(acting_user=leases.steward, content=statement(*[
        Entry(date(2026 + n // 12, n % 12 + 1, 5), 1500, name="Famille El Amrani", reference=a3) for n in range(100)]))
    more = [record_owner(dwelling=type(leases.a3).objects.create(housing_project=leases.project, label=f"Z{n}"),
                         household=Household.objects.create(name=f"Ménage {n}"), since=BOUGHT) for n in range(5)]
    services.ensure_fee_references({(d.pk, d.owner_household_id) for d in more})
    with at(date(2036, 3, 1)):  # ten years on: new sessions
        owner, officer = client_of(leases.fatima), client_of(leases.steward)
        owner.get(file_url)
        after = query_count(owner, file_url), query_count(officer, fees_url)
    # The file: the home, stewardship's rows, the register's timeline, its deed panel and the
    # works counted in its estimate, then the fee panel's reference (with the account and the
    # terms), the balance (fees, payments) and the latest lines. The fees page: the terms, the
    # balances (two), the references and the waiting credits.
    assert after == before == (BASE_QUERIES + 9, BASE_QUERIES + 5)


def test_my_space_tells_the_owner_of_a_fee_in_arrears_in_their_language(leases, client_of):
    services.open_fees(today=date(2026, 2, 1))
    services.import_fee_statement(acting_user=leases.steward, content=statement(
        Entry(date(2025, 12, 2), 1500, name="Famille Peeters", reference=_reference(leases.b2, leases.second))))
    with at(date(2026, 2, 1)):
        jan = page_text(client_of(leases.jan).get(_url("community:my_space", language="nl")))
        fatima = page_text(client_of(leases.fatima).get(_url("community:my_space", language="fr")))
    # Jan paid the November fee; December's is past the 30 days of grace: 15 € overdue.
    assert "Erfpachtvergoeding achterstallig: € 15,00" in jan
    # Fatima paid nothing: November and December are overdue, January is not yet.
    assert "Redevance en retard : 30,00 €" in fatima


def test_fees_before_the_trust_moved_to_socle_are_not_asked_again(leases):
    FeeSetting.objects.update(fees_from=date(2026, 1, 1))
    services.open_fees(today=date(2026, 2, 1))
    # 30 November and 30 December were followed before Socle: from 30 January only.
    assert list(FeeCharge.objects.filter(dwelling=leases.b2).values_list("due_on", flat=True)) == [date(2026, 1, 30)]


def test_a_payment_the_bank_returned_waits_and_takes_its_amount_back_once_assigned(leases):
    from community.stewardship import selectors

    services.open_fees(today=date(2026, 1, 5))
    b2 = FeeReference.objects.get(household=leases.second)
    services.import_fee_statement(acting_user=leases.steward, content=statement(
        Entry(date(2026, 1, 2), 3000, name="Famille Peeters", reference=b2.digits)))
    assert selectors.fee_balances(date(2026, 1, 5), 30)[(leases.b2.pk, leases.second.pk)].owed_cents == 0
    returned = write_camt053("BE48001123456727", [], statement_id="2026-02").replace(
        b"</Stmt>", b"<Ntry><Amt Ccy=\"EUR\">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>"
        b"<BookgDt><Dt>2026-01-09</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>"
        b"Famille Peeters</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Retour</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt>")
    result = services.import_fee_statement(acting_user=leases.steward, content=returned)
    assert (result.waiting, result.debits) == (1, 0)
    credit = FeeCredit.objects.get(status="waiting")
    assert credit.amount_cents == -3000
    services.assign_credit(acting_user=leases.steward, credit=credit, reference=b2)
    assert selectors.fee_balances(date(2026, 1, 5), 30)[(leases.b2.pk, leases.second.pk)].owed_cents == 3000
