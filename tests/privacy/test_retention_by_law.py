"""Retention that used to wait for the staff: co-ownership accounts, closed
maintenance tickets and the website's editorial history, on a fixed clock
with rows just before and just after each limit.

The clock: 15 June 2030. Books still kept: financial years 2023 and later
(Code of Economic Law art. III.88: seven years from the first of January
after the year closed). Owners: five years after they sold, so sales before
15 June 2025 are past (Brussels Housing Code art. 166/1)."""

import datetime as dt

import pytest
from django.db.models import Sum

from community.models import Household, HouseholdMember
from community.privacy import engine
from community.privacy.retention_rules import accounts_open_since
from coownership import services
from coownership.models import (
    CallForFunds,
    CallLine,
    Expense,
    Ownership,
    Payment,
    Statement,
    StoredFile,
    Ticket,
    TicketComment,
    TicketPhoto,
)
from tests.coownership.conftest import make_building
from tests.factories import HouseholdFactory, HouseholdMemberFactory, UserFactory

NOW = dt.datetime(2030, 6, 15, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
BOOKS_KEPT_FROM = dt.date(2023, 1, 1)
SOLD_BEFORE = dt.date(2025, 6, 15)


def counts(lines):
    return {line.label: line.count for line in lines}


def test_the_books_kept_start_on_the_first_of_january_seven_years_back():
    assert accounts_open_since(NOW) == BOOKS_KEPT_FROM
    assert accounts_open_since(dt.datetime(2030, 1, 1, tzinfo=dt.UTC)) == BOOKS_KEPT_FROM


@pytest.fixture
def accounts(db):
    """Building "elm", four lots. Households:
    - "Former": sold L1 on 31 Dec 2022, last paid 31 Dec 2022 (both limits past);
    - "Late payer": sold L2 on 31 Dec 2022 but paid its arrears on 1 Jan 2023 (books kept);
    - "Recent seller": sold L3 on 16 June 2025, one day inside the five years;
    - "Current": still owns L4, paid in 2022 with a bank reference naming them.
    """
    building = make_building("elm")
    lots = {lot.reference: lot for lot in building.lots.all()}
    buyer = HouseholdFactory(name="Buyers")

    def owner(name, ref, sold_on, last_paid, reference=""):
        home = HouseholdFactory(name=name, address="Rue de l'Orme 1")
        HouseholdMemberFactory(household=home, full_name=f"{name} adult", user=UserFactory())
        services.transfer_lot(acting_user=None, lot=lots[ref], household=home, on_date=dt.date(2015, 1, 1))
        if sold_on:
            services.transfer_lot(acting_user=None, lot=lots[ref], household=buyer, on_date=sold_on)
        call, _ = CallForFunds.objects.get_or_create(building=building, year=last_paid.year, quarter=4, defaults={"due_on": last_paid})
        CallLine.objects.create(call=call, building=building, lot=lots[ref], household=home, due_on=last_paid, amount_cents=12_345)
        Payment.objects.create(building=building, household=home, paid_on=last_paid, amount_cents=12_345, reference=reference, recorded_by=UserFactory())
        pdf = StoredFile.objects.create(filename=f"{name}.pdf", content_type="application/pdf", size=3, content=b"pdf")
        Statement.objects.create(building=building, household=home, year=last_paid.year, pdf=pdf, requested_by=UserFactory())
        return home

    homes = dict(
        former=owner("Former", "L1", dt.date(2022, 12, 31), dt.date(2022, 12, 31), reference="VIR FORMER L1"),
        late=owner("Late payer", "L2", dt.date(2022, 12, 31), BOOKS_KEPT_FROM),
        recent=owner("Recent seller", "L3", SOLD_BEFORE + DAY, dt.date(2022, 6, 1)),
        current=owner("Current", "L4", None, BOOKS_KEPT_FROM - DAY, reference="VIR CURRENT L4"),
    )
    return type("Accounts", (), dict(building=building, homes=homes))


def test_a_former_co_owner_is_anonymised_once_both_limits_are_past_and_the_amounts_stay(accounts):
    homes = accounts.homes
    paid = Payment.objects.aggregate(total=Sum("amount_cents"))["total"]
    called = CallLine.objects.aggregate(total=Sum("amount_cents"))["total"]

    dry = counts(engine.run_retention(now=NOW, dry_run=True))
    # Former's ownership and call line; the 2022 payments and statements of
    # Former, Recent seller and Current still name someone (reference,
    # recorder, PDF): they lose it, only Former loses its household.
    assert dry["coownership.Ownership"] == 1
    assert dry["coownership.CallLine"] == 1
    assert dry["coownership.Payment"] == 3
    assert dry["coownership.Statement"] == 3
    assert Household.objects.get(pk=homes["former"].pk).name == "Former"  # the dry run changed nothing

    engine.run_retention(now=NOW)

    former = Household.objects.get(pk=homes["former"].pk)
    assert former.name == f"#{former.pk}" and former.address == ""
    assert not HouseholdMember.objects.filter(household=former).exists()
    payment = Payment.objects.get(household=former)
    assert payment.amount_cents == 12_345 and payment.reference == "" and payment.recorded_by is None
    statement = Statement.objects.get(household=former)
    assert statement.pdf is None and statement.requested_by is None
    assert not StoredFile.objects.filter(filename="Former.pdf").exists()
    assert Ownership.objects.filter(household=former).exists()  # the lot's history stays

    # Just inside the limits: the books of 2023, and a sale one day less than five years ago.
    for key in ("late", "recent"):
        kept = Household.objects.get(pk=homes[key].pk)
        assert not kept.name.startswith("#")
        assert HouseholdMember.objects.filter(household=kept).exists()
    assert Payment.objects.get(household=homes["late"]).recorded_by is not None

    # A current owner keeps their household; their 2022 payment loses the bank reference.
    current = Household.objects.get(pk=homes["current"].pk)
    assert current.name == "Current"
    assert Payment.objects.get(household=current).reference == ""

    # Every year still adds up.
    assert Payment.objects.aggregate(total=Sum("amount_cents"))["total"] == paid
    assert CallLine.objects.aggregate(total=Sum("amount_cents"))["total"] == called

    again = counts(engine.run_retention(now=NOW))
    assert all(again[label] == 0 for label in again if label.startswith("coownership."))


def test_a_former_co_owner_with_an_open_candidacy_is_kept(accounts, apply_for, register_setup):
    former = accounts.homes["former"]
    member = HouseholdMember.objects.filter(household=former).first()
    apply_for(user=member.user)
    engine.run_retention(now=NOW)
    assert Household.objects.get(pk=former.pk).name == "Former"


def test_who_recorded_an_expense_goes_with_the_books_of_its_year(db):
    building = make_building("ash")
    key = building.keys.first()
    syndic = UserFactory()
    old = Expense.objects.create(building=building, key=key, supplier="Plombier", spent_on=BOOKS_KEPT_FROM - DAY, amount_cents=100, recorded_by=syndic)
    kept = Expense.objects.create(building=building, key=key, supplier="Plombier", spent_on=BOOKS_KEPT_FROM, amount_cents=100, recorded_by=syndic)
    assert counts(engine.run_retention(now=NOW, dry_run=True))["coownership.Expense"] == 1
    engine.run_retention(now=NOW)
    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.recorded_by is None and old.amount_cents == 100
    assert kept.recorded_by == syndic


def test_closed_tickets_go_two_years_after_closing_with_their_photos_and_comments(db):
    building = make_building("birch")
    reporter = UserFactory()
    two_years_ago = dt.datetime(2028, 6, 15, 12, 0, tzinfo=dt.UTC)

    def ticket(title, status, updated_at):
        t = Ticket.objects.create(building=building, reporter=reporter, title=title, location="Hall", description="Leak", status=status)
        Ticket.objects.filter(pk=t.pk).update(updated_at=updated_at)
        photo = StoredFile.objects.create(filename=f"{title}.jpg", content_type="image/jpeg", size=3, content=b"jpg")
        TicketPhoto.objects.create(ticket=t, file=photo)
        TicketComment.objects.create(ticket=t, author=reporter, body="Still leaking")
        return t

    gone = ticket("gone", Ticket.Status.CLOSED, two_years_ago - DAY)
    resolved = ticket("resolved", Ticket.Status.RESOLVED, two_years_ago - DAY)
    recent = ticket("recent", Ticket.Status.CLOSED, two_years_ago + DAY)
    still_open = ticket("open", Ticket.Status.IN_PROGRESS, two_years_ago - 100 * DAY)

    assert counts(engine.run_retention(now=NOW, dry_run=True))["coownership.Ticket"] == 2
    engine.run_retention(now=NOW)
    assert set(Ticket.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert not StoredFile.objects.filter(filename__in=["gone.jpg", "resolved.jpg"]).exists()
    assert not TicketComment.objects.filter(ticket_id__in=[gone.pk, resolved.pk]).exists()
    assert StoredFile.objects.filter(filename__in=["recent.jpg", "open.jpg"]).count() == 2
    assert counts(engine.run_retention(now=NOW))["coownership.Ticket"] == 0


def test_page_history_loses_the_editor_after_five_years_and_keeps_the_change(db):
    from wagtail.models import Locale, Page, PageLogEntry, Revision

    editor = UserFactory()
    locale = Locale.objects.get_or_create(language_code="fr")[0]
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    five_years_ago = dt.datetime(2025, 6, 15, 12, 0, tzinfo=dt.UTC)
    old = root.save_revision(user=editor, log_action=True)
    recent = root.save_revision(user=editor, log_action=True)
    Revision.objects.filter(pk=old.pk).update(created_at=five_years_ago - DAY)
    Revision.objects.filter(pk=recent.pk).update(created_at=five_years_ago + DAY)
    logs = list(PageLogEntry.objects.filter(user=editor).order_by("pk"))
    PageLogEntry.objects.filter(pk=logs[0].pk).update(timestamp=five_years_ago - DAY)
    PageLogEntry.objects.filter(pk__in=[entry.pk for entry in logs[1:]]).update(timestamp=five_years_ago + DAY)

    dry = counts(engine.run_retention(now=NOW, dry_run=True))
    assert dry["wagtailcore.Revision"] == 1 and dry["wagtailcore.PageLogEntry"] == 1
    engine.run_retention(now=NOW)
    assert Revision.objects.get(pk=old.pk).user is None
    assert Revision.objects.get(pk=recent.pk).user == editor
    assert PageLogEntry.objects.filter(pk=logs[0].pk, user__isnull=True).exists()
    assert counts(engine.run_retention(now=NOW))["wagtailcore.Revision"] == 0


@pytest.mark.django_db
def test_the_privacy_page_tells_these_rules(client):
    from django.urls import reverse

    response = client.get(reverse("privacy:notice"))
    text = response.content.decode()
    assert "art. III.88" in text
    assert "Two years after the ticket was resolved or closed" in text


def test_owner_data_kept_five_years_after_the_ownership_ends():
    from datetime import date, datetime

    from community.privacy import retention_rules as rr

    assert rr.owner_data_kept_until(None) is None  # while the ownership lasts
    assert rr.owner_data_kept_until(date(2020, 6, 30)) == date(2025, 6, 30)
    assert rr.owners_left_before(datetime(2026, 12, 6, tzinfo=dt.UTC)) == date(2021, 12, 6)


def test_candidate_data_kept_one_year_after_the_last_step():
    from datetime import datetime

    from community.privacy import retention_rules as rr

    closed = datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    assert rr.candidate_data_kept_until(closed) == datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    assert rr.candidacies_closed_before(datetime(2026, 3, 1, 12, tzinfo=dt.UTC)) == closed
