"""Every write through its service: what it does, and each refusal a person would read."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import AuditEvent, Notification
from coownership import selectors, services
from coownership.demo import tiny_pdf, tiny_png
from coownership.errors import CoownershipRefusal, ImportRefusal
from coownership.models import (
    Allocation,
    CallLine,
    DistributionKey,
    Expense,
    Lot,
    Payment,
    Statement,
    Ticket,
)

from .conftest import fresh, make_building

pytestmark = pytest.mark.django_db


def test_shares_must_add_up_exactly(db):
    with pytest.raises(CoownershipRefusal, match="add up to 999, not to the building's 1000"):
        make_building("bad", shares=(500, 499), total=1000)
    with pytest.raises(CoownershipRefusal, match="positive number of shares"):
        make_building("zero", shares=(1000, 0), total=1000)
    assert not Lot.objects.exists()


def test_changing_shares_keeps_the_total_and_the_general_key(setup):
    with pytest.raises(CoownershipRefusal, match="add up to 1001"):
        services.change_lot_shares(acting_user=None, building=setup.building, shares={"L1": 251, "L2": 250, "L3": 300, "L4": 200})
    services.change_lot_shares(acting_user=None, building=setup.building, shares={"L1": 200, "L2": 300, "L3": 300, "L4": 200})
    assert dict(setup.general.weights.values_list("lot__reference", "weight")) == {"L1": 200, "L2": 300, "L3": 300, "L4": 200}


def test_resale_changes_the_owner_from_its_date_and_keeps_history(setup):
    l2 = setup.lots["L2"]
    services.transfer_lot(acting_user=None, lot=l2, household=setup.bob_home, on_date=date(2026, 6, 1))
    assert [(o.household_id, o.starts_on, o.ends_on) for o in l2.ownerships.order_by("starts_on")] == [
        (setup.ann_home.pk, date(2024, 1, 1), date(2026, 6, 1)), (setup.bob_home.pk, date(2026, 6, 1), None)]
    before = {h.name: s for h, s in selectors.coowner_weights(setup.building, date(2026, 5, 31)).items()}
    after = {h.name: s for h, s in selectors.coowner_weights(setup.building, date(2026, 6, 1)).items()}
    assert before == {"Ann's household": 500, "Bob's household": 500}
    assert after == {"Ann's household": 250, "Bob's household": 750}
    with pytest.raises(CoownershipRefusal, match="already owns"):
        services.transfer_lot(acting_user=None, lot=l2, household=setup.bob_home, on_date=date(2026, 7, 1))
    with pytest.raises(CoownershipRefusal, match="must come after"):
        services.transfer_lot(acting_user=None, lot=l2, household=setup.ann_home, on_date=date(2026, 6, 1))
    assert AuditEvent.objects.filter(action="coownership.transfer_lot").count() == 7


def test_only_the_buildings_managers_write(setup):
    for user in (setup.ann, setup.tenant, setup.olga, setup.stranger):
        with pytest.raises(PermissionDenied):
            services.record_expense(acting_user=fresh(user), building=setup.building, key=setup.general, supplier="X",
                                    spent_on=date(2026, 4, 1), amount="10")
    assert not Expense.objects.exists()


def test_keys_subset_meter_and_equal(setup):
    lots = setup.lots
    lift = services.create_key(acting_user=fresh(setup.syndic), building=setup.building, name="Lift", kind="subset",
                               weights={lots["L3"].pk: 2, lots["L4"].pk: 1})
    expense = services.record_expense(acting_user=fresh(setup.syndic), building=setup.building, key=lift,
                                      supplier="Lifts", spent_on=date(2026, 4, 1), amount=Decimal("100.00"))
    assert dict(expense.allocations.values_list("lot__reference", "amount_cents")) == {"L3": 6667, "L4": 3333}
    with pytest.raises(CoownershipRefusal, match="already has a key"):
        services.create_key(acting_user=None, building=setup.building, name="Lift", kind="equal")
    with pytest.raises(CoownershipRefusal, match="at least one lot of this building"):
        services.create_key(acting_user=None, building=setup.building, name="Meter", kind="meter",
                            weights={setup.oak.lots.first().pk: 5})
    with pytest.raises(CoownershipRefusal, match="at least one lot"):
        services.create_key(acting_user=None, building=setup.building, name="Meter", kind="meter", weights={})


def test_expense_allocated_to_the_cent_and_to_the_owner_of_the_day(setup):
    services.transfer_lot(acting_user=None, lot=setup.lots["L2"], household=setup.bob_home, on_date=date(2026, 3, 1))
    before = services.record_expense(acting_user=None, building=setup.building, key=setup.general, supplier="A",
                                     spent_on=date(2026, 2, 28), amount="1000.01")
    after = services.record_expense(acting_user=None, building=setup.building, key=setup.general, supplier="B",
                                    spent_on=date(2026, 3, 1), amount="1000.01")
    assert sum(before.allocations.values_list("amount_cents", flat=True)) == 100001
    assert before.allocations.get(lot__reference="L2").household == setup.ann_home
    assert after.allocations.get(lot__reference="L2").household == setup.bob_home


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(cents=st.integers(min_value=1, max_value=10**9))
def test_allocations_always_add_up_to_the_expense(setup, cents):
    expense = services.record_expense(acting_user=None, building=setup.building, key=setup.general, supplier="S",
                                      spent_on=date(2026, 4, 1), amount=Decimal(cents) / 100)
    assert sum(expense.allocations.values_list("amount_cents", flat=True)) == cents


@pytest.mark.parametrize("amount,message", [("0", "more than zero"), ("-4", "more than zero"), ("1.234", "two decimals"),
                                            ("lots", "two decimals")])
def test_bad_amounts_refused(setup, amount, message):
    with pytest.raises(CoownershipRefusal, match=message):
        services.record_expense(acting_user=None, building=setup.building, key=setup.general, supplier="S",
                                spent_on=date(2026, 4, 1), amount=amount)
    assert not Expense.objects.exists() and not Allocation.objects.exists()


def test_expense_document_checked(setup):
    with pytest.raises(CoownershipRefusal, match="PDF, PNG or JPEG"):
        services.record_expense(acting_user=None, building=setup.building, key=setup.general, supplier="S",
                                spent_on=date(2026, 4, 1), amount="5", document=SimpleUploadedFile("x.pdf", b"<html>"))
    expense = services.record_expense(acting_user=None, building=setup.building, key=setup.general, supplier="S",
                                      spent_on=date(2026, 4, 1), amount="5",
                                      document=SimpleUploadedFile("x.pdf", tiny_pdf("invoice")))
    assert expense.document.content_type == "application/pdf"


def _budget(setup, year=2026):
    services.set_budget_line(acting_user=None, building=setup.building, year=year, key=setup.general, amount="4000.00")
    services.set_budget_line(acting_user=None, building=setup.building, year=year, key=setup.general, amount="400.02",
                             is_reserve=True)


def test_call_for_funds_from_the_budget(setup):
    _budget(setup)
    call = services.issue_call_for_funds(acting_user=fresh(setup.syndic), building=setup.building, year=2026, quarter=2)
    lines = {line.lot.reference: line for line in call.lines.select_related("lot")}
    # A quarter of 4,400.02 is 1,100.01 (the first two quarters take the odd cents);
    # the largest remainder (300 shares: 330.003) takes the last cent.
    assert {ref: line.amount_cents for ref, line in lines.items()} == {"L1": 27500, "L2": 27500, "L3": 33001, "L4": 22000}
    assert sum(line.reserve_cents for line in lines.values()) == 10001
    assert lines["L3"].household == setup.bob_home and call.due_on == date(2026, 4, 15)
    assert Notification.objects.filter(recipient=setup.ann, category="coownership").exists()
    with pytest.raises(CoownershipRefusal, match="already been called"):
        services.issue_call_for_funds(acting_user=None, building=setup.building, year=2026, quarter=2)
    with pytest.raises(CoownershipRefusal, match="budget"):
        services.issue_call_for_funds(acting_user=None, building=setup.building, year=2027, quarter=1)
    with pytest.raises(CoownershipRefusal, match="quarter from 1 to 4"):
        services.issue_call_for_funds(acting_user=None, building=setup.building, year=2026, quarter=5)


def test_four_quarters_call_exactly_the_yearly_budget(setup):
    _budget(setup)
    for quarter in (1, 2, 3, 4):
        services.issue_call_for_funds(acting_user=None, building=setup.building, year=2026, quarter=quarter)
    assert sum(CallLine.objects.values_list("amount_cents", flat=True)) == 440002


def test_balances_arrears_and_reminders(setup):
    _budget(setup)
    services.issue_call_for_funds(acting_user=None, building=setup.building, year=2026, quarter=1)
    services.issue_call_for_funds(acting_user=None, building=setup.building, year=2026, quarter=2)
    services.issue_call_for_funds(acting_user=None, building=setup.building, year=2026, quarter=3)  # due 15 July
    services.record_payment(acting_user=None, building=setup.building, household=setup.ann_home, paid_on=date(2026, 4, 20),
                            amount="1100.00")
    rows = {r["name"]: r for r in selectors.balances(setup.building, date(2026, 5, 1))}
    assert rows["Ann's household"]["arrears_cents"] == 0 and rows["Ann's household"]["balance_cents"] == 0
    assert rows["Bob's household"]["arrears_cents"] == 110002  # L3 takes the odd cent of each quarter
    Notification.objects.all().delete()
    assert services.send_arrears_reminders(acting_user=fresh(setup.committee), building=setup.building) == 1
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == ["bob@example.org"]
    assert "1.100,02\u00a0€" in Notification.objects.get().body  # en_BE, as written in Belgium
    with pytest.raises(CoownershipRefusal, match="owns no lot"):
        services.record_payment(acting_user=None, building=setup.building, household=setup.olga_home,
                                paid_on=date(2026, 4, 20), amount="1")


def test_reserve_fund_minimum_is_five_percent_of_last_years_ordinary_charges(setup):
    services.record_expense(acting_user=None, building=setup.building, key=setup.general, supplier="A",
                            spent_on=date(2025, 6, 1), amount="10000.10")
    services.record_expense(acting_user=None, building=setup.building, key=setup.general, supplier="B",
                            spent_on=date(2025, 7, 1), amount="5000", kind=Expense.Kind.EXTRAORDINARY)
    _budget(setup)
    reserve = selectors.reserve_fund(setup.building, 2026, date(2026, 5, 1))
    # 5% of 10,000.10 = 500.005, rounded up to 500.01 (art. 3.86 §3); 400.02 budgeted is below it.
    assert reserve["minimum_cents"] == 50001 and reserve["is_below_minimum"]


def test_bank_import_all_or_nothing(setup):
    bad = b"date;amount;communication\n2026-04-15;275,00;L1\n2026-04-16;oops;L3\n2026-04-17;10;L9\n"
    with pytest.raises(ImportRefusal) as caught:
        services.import_bank_statement(acting_user=fresh(setup.syndic), building=setup.building, content=bad)
    assert caught.value.errors == [(3, "Line 3: the amount cannot be read.")]
    assert not Payment.objects.exists()
    good = b"date;amount;communication\n2026-04-15;275,00;L1\n2026-04-16;330;T2 L3\n2026-04-17;10;L9\n"
    outcome = services.import_bank_statement(acting_user=fresh(setup.syndic), building=setup.building, content=good)
    assert [(p.household, p.amount_cents, p.source) for p in outcome.created] == [
        (setup.ann_home, 27500, "bank"), (setup.bob_home, 33000, "bank")]
    # A lot the building does not have: not matched, waits for the treasurer.
    assert [(m.line, m.amount_cents) for m, _proposals in outcome.unmatched] == [(4, 1000)]
    outcome = services.import_bank_statement(
        acting_user=None, building=setup.building, content=b"date;amount;communication\n2020-01-01;5;L1\n")
    # L1 had no owner on that date: nobody to credit.
    assert outcome.created == [] and len(outcome.unmatched) == 1
    assert Payment.objects.count() == 2


def test_statement_pdf_rendered_in_the_background_for_the_coowner_only(setup, django_capture_on_commit_callbacks):
    from io import BytesIO

    from pypdf import PdfReader

    _budget(setup)
    services.issue_call_for_funds(acting_user=None, building=setup.building, year=2026, quarter=1)
    services.record_payment(acting_user=None, building=setup.building, household=setup.ann_home,
                            paid_on=date(2026, 1, 20), amount="550.00", reference="L1 L2 Q1")
    with django_capture_on_commit_callbacks(execute=True):
        statement = services.request_statement(acting_user=fresh(setup.ann), building=setup.building,
                                               household=setup.ann_home, year=2026)
    statement.refresh_from_db()  # django-q2 runs inline in the tests ("sync")
    assert statement.status == Statement.Status.READY
    text = PdfReader(BytesIO(bytes(statement.pdf.content))).pages[0].extract_text()
    assert "Statement 2026" in text and "Ann's household" in text and "550,00" in text
    with pytest.raises(PermissionDenied):
        services.request_statement(acting_user=fresh(setup.ann), building=setup.building, household=setup.bob_home, year=2026)
    with pytest.raises(PermissionDenied):
        services.request_statement(acting_user=fresh(setup.tenant), building=setup.building, household=setup.ann_home, year=2026)
    with pytest.raises(CoownershipRefusal, match="past or current year"):
        services.request_statement(acting_user=fresh(setup.ann), building=setup.building, household=setup.ann_home, year=2030)


def test_ticket_steps_notify_the_reporter(setup):
    photo = SimpleUploadedFile("leak.png", tiny_png())
    ticket = services.report_ticket(acting_user=fresh(setup.tenant), building=setup.building, title="Leak",
                                    location="Cellar corridor", description="Water on the floor", photos=[photo])
    assert ticket.photos.get().file.content_type == "image/png"
    assert set(Notification.objects.values_list("recipient__email", flat=True)) == {"committee@example.org", "syndic@example.org"}
    Notification.objects.all().delete()
    committee = fresh(setup.committee)
    services.assign_ticket(acting_user=committee, ticket=ticket, assignee=setup.syndic)
    services.comment_ticket(acting_user=committee, ticket=ticket, body="The plumber comes on Monday.")
    services.change_ticket_status(acting_user=committee, ticket=ticket, status=Ticket.Status.RESOLVED)
    titles = list(Notification.objects.filter(recipient=setup.tenant).order_by("pk").values_list("title", flat=True))
    assert titles == ["Your ticket “Leak” was assigned", "New comment on your ticket “Leak”", "Your ticket “Leak” is now: Resolved"]
    with pytest.raises(CoownershipRefusal, match="committee member or the syndic"):
        services.assign_ticket(acting_user=committee, ticket=ticket, assignee=setup.ann)
    with pytest.raises(PermissionDenied):
        services.change_ticket_status(acting_user=fresh(setup.tenant), ticket=ticket, status=Ticket.Status.CLOSED)
    with pytest.raises(PermissionDenied):
        services.comment_ticket(acting_user=fresh(setup.bob), ticket=ticket, body="me too")


@pytest.mark.parametrize("upload,message", [
    (SimpleUploadedFile("x.png", b"GIF89a...."), "PNG or JPEG"),
    (SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024)), "larger than"),
])
def test_ticket_photos_checked(setup, upload, message):
    with pytest.raises(CoownershipRefusal, match=message):
        services.report_ticket(acting_user=fresh(setup.ann), building=setup.building, title="T", location="L",
                               description="D", photos=[upload])
    assert not Ticket.objects.exists()


def test_outsiders_cannot_report(setup):
    for user in (setup.olga, setup.stranger):
        with pytest.raises(PermissionDenied):
            services.report_ticket(acting_user=fresh(user), building=setup.building, title="T", location="L", description="D")


def test_keys_of_another_building_refused(setup):
    oak_key = setup.oak.keys.get(kind=DistributionKey.Kind.GENERAL)
    with pytest.raises(CoownershipRefusal, match="key of this building"):
        services.record_expense(acting_user=None, building=setup.building, key=oak_key, supplier="S",
                                spent_on=date(2026, 4, 1), amount="5")
    with pytest.raises(CoownershipRefusal, match="key of this building"):
        services.set_budget_line(acting_user=None, building=setup.building, year=2026, key=oak_key, amount="5")


def test_a_ticket_photo_is_kept_upright_shrunk_and_without_its_gps_position(setup):
    import io

    from PIL import Image
    from socle_site.kernel.photos import MAX_SIDE

    from tests.site.test_photos import GPS_IFD, phone_photo

    ticket = services.report_ticket(acting_user=fresh(setup.tenant), building=setup.building, title="Crack",
                                    location="Staircase", description="A crack in the wall", photos=[phone_photo()])
    stored = ticket.photos.get().file
    kept = Image.open(io.BytesIO(bytes(stored.content)))
    assert stored.content_type == "image/jpeg" and stored.size == len(bytes(stored.content))
    assert kept.size == (MAX_SIDE * 3 // 4, MAX_SIDE) and not kept.getexif().get_ifd(GPS_IFD) and not kept.getexif()
