"""Pages: each view refuses people of another building (and strangers),
refusals are read, never a 500; list pages and the dashboard have pinned query
counts that do not grow with the data."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coownership import services
from coownership.demo import tiny_pdf, tiny_png
from coownership.models import BuildingDocument, CallForFunds, Expense, Payment, Statement, Ticket
from tests.refusals import assert_not_found, assert_redirected_to_login, assert_refused

from .conftest import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(setup, django_capture_on_commit_callbacks):
    """One of each thing a view serves in the maple building."""
    services.set_budget_line(acting_user=None, building=setup.building, year=2026, key=setup.general, amount="4000")
    services.issue_call_for_funds(acting_user=None, building=setup.building, year=2026, quarter=1)
    expense = services.record_expense(acting_user=None, building=setup.building, key=setup.general, supplier="Clean",
                                      spent_on=date(2026, 3, 1), amount="120", document=SimpleUploadedFile("i.pdf", tiny_pdf("x")))
    ticket = services.report_ticket(acting_user=fresh(setup.ann), building=setup.building, title="Broken door",
                                    location="Hall", description="It does not close.",
                                    photos=[SimpleUploadedFile("d.png", tiny_png())])
    document = services.upload_document(acting_user=None, building=setup.building, kind="deed", title="Deed",
                                        upload=SimpleUploadedFile("deed.pdf", tiny_pdf("deed")))
    with django_capture_on_commit_callbacks(execute=True):
        statement = services.request_statement(acting_user=fresh(setup.ann), building=setup.building,
                                               household=setup.ann_home, year=2026)
    return type("Things", (), dict(expense=expense, ticket=ticket, photo=ticket.photos.get(), document=document,
                                   statement=statement))


def urls(slug, things):
    base = f"/en/buildings/{slug}"
    return {
        "building": f"{base}/",
        "my_account": f"{base}/my-account/",
        "statement": f"{base}/statements/{things.statement.pk}.pdf",
        "dashboard": f"{base}/dashboard/",
        "expenses": f"{base}/expenses/",
        "expense_document": f"{base}/expenses/{things.expense.pk}/document/",
        "budget": f"{base}/budget/",
        "payments": f"{base}/payments/",
        "tickets": f"{base}/tickets/",
        "report_ticket": f"{base}/tickets/new/",
        "ticket": f"{base}/tickets/{things.ticket.pk}/",
        "photo": f"{base}/tickets/{things.ticket.pk}/photos/{things.photo.pk}/",
        "documents": f"{base}/documents/",
        "document": f"{base}/documents/{things.document.pk}/",
    }


POSTS = {"statement_request": "my-account/statement/", "reminders": "reminders/", "calls": "calls/"}
POST_REFUSALS = {"statement_request": "Only the co-owners of this building have an account here.", "reminders": "Only the building's syndic and committee manage it.", "calls": "Only the building's syndic and committee manage it."}

# Who sees what (True: 200).
SEES = {
    "ann": {"building", "my_account", "statement", "tickets", "report_ticket", "ticket", "photo", "documents", "document"},
    "tenant": {"building", "tickets", "report_ticket", "ticket", "photo", "documents", "document"},
    "committee": {"building", "dashboard", "expenses", "expense_document", "budget", "payments", "tickets",
                  "report_ticket", "ticket", "photo", "documents", "document"},
    "bob": {"building", "my_account", "tickets", "report_ticket", "ticket", "photo", "documents", "document"},
    "olga": set(),
    "stranger": set(),
}


@pytest.mark.parametrize("who", list(SEES))
def test_each_view_for_each_person(setup, things, client_of, who):
    client = client_of(getattr(setup, who))
    for name, url in urls("maple", things).items():
        expected = 200 if name in SEES[who] else 403
        assert client.get(url).status_code == expected, (who, name)


def test_another_buildings_objects_through_own_building_are_404(setup, things, client_of):
    """Olga manages oak: asking oak's pages for maple's objects finds nothing."""
    client = client_of(setup.olga)
    for name in ("expense_document", "ticket", "photo", "document", "statement"):
        assert_not_found(client.get(urls("oak", things)[name]))
    for name, suffix in POSTS.items():
        assert_refused(client.post(f"/en/buildings/maple/{suffix}", {"year": 2026, "quarter": 2}), POST_REFUSALS[name])
    assert Statement.objects.count() == CallForFunds.objects.count() == 1


def test_anonymous_is_sent_to_log_in(setup, things, client):
    for url in urls("maple", things).values():
        assert_redirected_to_login(client.get(url), url)


def test_statement_only_for_its_household_even_for_managers(setup, things, client_of):
    url = urls("maple", things)["statement"]
    response = client_of(setup.ann).get(url)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert_refused(client_of(setup.syndic).get(url), "A statement is only for the household it is about.")
    assert_refused(client_of(setup.bob).get(url), "A statement is only for the household it is about.")


def test_coowner_account_page_and_statement_request(setup, things, client_of):
    client = client_of(setup.ann)
    page = client.get("/en/buildings/maple/my-account/").content.decode()
    assert "L1" in page and "€" in page and "Download the PDF" in page
    response = client.post("/en/buildings/maple/my-account/statement/", {"year": "nonsense"}, follow=True)
    assert "Choose a year for the statement." in response.content.decode()
    response = client.post("/en/buildings/maple/my-account/statement/", {"year": 2031}, follow=True)
    assert "Choose a past or current year." in response.content.decode()
    assert Statement.objects.count() == 1


def test_ticket_journey_through_the_pages(setup, client_of):
    tenant = client_of(setup.tenant)
    response = tenant.post("/en/buildings/maple/tickets/new/", {"title": "Lift stuck", "location": "Lift",
                           "description": "Since noon.", "photos": [SimpleUploadedFile("a.png", tiny_png())]}, follow=True)
    assert "Thank you" in response.content.decode()
    ticket = Ticket.objects.get()
    committee = client_of(setup.committee)
    url = f"/en/buildings/maple/tickets/{ticket.pk}/"
    committee.post(url, {"action": "assign", "assignee": setup.syndic.pk})
    committee.post(url, {"action": "comment", "body": "Technician called."})
    committee.post(url, {"action": "status", "status": "resolved"})
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.assignee == setup.syndic
    assert_refused(tenant.post(url, {"action": "status", "status": "closed"}), "Only the building's syndic and committee handle its tickets.")
    assert_refused(client_of(setup.bob).post(url, {"action": "comment", "body": "x"}), "Only who reported this problem, the committee and the syndic comment on it.")
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.comments.count() == 1
    response = committee.post(url, {"action": "status", "status": "bogus"}, follow=True)
    assert "Choose a status." in response.content.decode()
    response = committee.post(url, {"action": "assign", "assignee": "abc"}, follow=True)
    assert response.status_code == 200


def test_bad_photo_is_refused_with_the_reason(setup, client_of):
    response = client_of(setup.ann).post("/en/buildings/maple/tickets/new/", {
        "title": "x", "location": "y", "description": "z", "photos": [SimpleUploadedFile("a.png", b"<svg onload=alert(1)>")]})
    assert "Send a PNG or JPEG file." in response.content.decode()
    assert not Ticket.objects.exists()


def test_bank_import_page_lists_bad_lines_and_imports_nothing(setup, client_of):
    client = client_of(setup.syndic)
    bad = SimpleUploadedFile("bank.csv", b"date;amount;communication\n2026-04-01;10;L1\n2026-13-01;10;L1\n")
    page = client.post("/en/buildings/maple/payments/", {"file": bad}).content.decode()
    assert "Nothing was imported" in page and "Line 3" in page
    assert not Payment.objects.exists()
    good = SimpleUploadedFile("bank.csv", b"date;amount;communication\n2026-04-01;10;L1\n")
    assert "Payments imported: 1." in client.post("/en/buildings/maple/payments/", {"file": good}, follow=True).content.decode()
    assert_refused(client_of(setup.ann).post("/en/buildings/maple/payments/", {"file": good}), "Only the building's syndic and committee reconcile its bank statements.")
    assert Payment.objects.count() == 1


def test_manager_forms_validate(setup, client_of):
    client = client_of(setup.syndic)
    page = client.post("/en/buildings/maple/expenses/", {"supplier": "", "spent_on": "x", "amount": "-1"}).content.decode()
    assert "This field is required." in page and not Expense.objects.exists()
    response = client.post("/en/buildings/maple/expenses/", {"supplier": "Kone", "spent_on": "2026-04-02", "amount": "99.99",
                           "key": setup.general.pk, "kind": "ordinary"}, follow=True)
    assert "shared over the lots" in response.content.decode()
    response = client.post("/en/buildings/maple/calls/", {"year": 2027, "quarter": 1}, follow=True)
    assert "Enter the year&#x27;s budget before calling funds." in response.content.decode()
    response = client.post("/en/buildings/maple/budget/", {"year": 2027, "key": setup.general.pk, "amount": "100"}, follow=True)
    assert "The budget is saved." in response.content.decode()
    response = client.post("/en/buildings/maple/payments/", {"household": setup.olga_home.pk, "paid_on": "2026-04-01", "amount": "5"})
    assert response.status_code == 200 and not Payment.objects.exists()
    response = client.post("/en/buildings/maple/documents/", {"kind": "rules", "title": "Rules",
                           "file": SimpleUploadedFile("r.pdf", b"not a pdf")}, follow=True)
    assert "Send a PDF, PNG or JPEG file." in response.content.decode()
    assert not BuildingDocument.objects.exists()
    assert_refused(client_of(setup.ann).post("/en/buildings/maple/documents/", {"kind": "rules", "title": "R"}), "Only the building's syndic and committee manage it.")
    assert_refused(client_of(setup.ann).post("/en/buildings/maple/expenses/", {}), "Only the building's syndic and committee see its accounts.")
    assert_refused(client_of(setup.ann).post("/en/buildings/maple/budget/", {}), "Only the building's syndic and committee see its accounts.")
    assert not BuildingDocument.objects.exists() and Expense.objects.count() == 1


def _grow(setup, lots: int, expenses: int, year: int):
    """Add ``lots`` more owned lots (the general key follows) and ``expenses`` expenses, calls and payments."""
    from coownership.models import KeyWeight, Lot, Ownership

    building = setup.building
    new = Lot.objects.bulk_create([Lot(building=building, reference=f"X{year}-{n}", shares=1) for n in range(lots)])
    KeyWeight.objects.bulk_create([KeyWeight(key=setup.general, lot=lot, weight=1) for lot in new])
    Ownership.objects.bulk_create([Ownership(lot=lot, household=setup.bob_home, starts_on=date(2024, 1, 1)) for lot in new])
    for n in range(expenses):
        services.record_expense(acting_user=None, building=building, key=setup.general, supplier=f"S{n}",
                                spent_on=date(year, 1 + n % 12, 1), amount="10")
    services.set_budget_line(acting_user=None, building=building, year=year, key=setup.general, amount="1000")
    services.issue_call_for_funds(acting_user=None, building=building, year=year, quarter=1)
    services.record_payment(acting_user=None, building=building, household=setup.ann_home, paid_on=date(year, 1, 2), amount="1")


def own_queries(captured) -> int:
    """The queries of the co-ownership code itself, pinned exactly."""
    return sum(1 for q in captured.captured_queries if "coownership_" in q["sql"] or "community_householdmember" in q["sql"])


def layout_queries(captured) -> int:
    """All the others except Wagtail's: the shared layout reads a site page from a cache that
    other apps fill and empty, so those one or two queries come and go between requests."""
    return sum(1 for q in captured.captured_queries if "wagtailcore_" not in q["sql"])


# The page's own queries: building, the person's access rows (households, co-owned and
# managed buildings: one query, community.access), then the dashboard's grouped sums
# (balances 2, lots 1, tickets 1, budget and expenses 1, reserve fund 4).
DASHBOARD_QUERIES = 11


def test_dashboard_query_count_does_not_grow(setup, client_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(setup.syndic)
    _grow(setup, lots=2, expenses=2, year=2025)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/en/buildings/maple/dashboard/?year=2026").status_code == 200
    _grow(setup, lots=60, expenses=40, year=2026)
    with CaptureQueriesContext(connection) as big:
        page = client.get("/en/buildings/maple/dashboard/?year=2026").content.decode()
    assert own_queries(small) == own_queries(big) == DASHBOARD_QUERIES
    assert layout_queries(small) == layout_queries(big)
    assert "Bob&#x27;s household" in page


# my-account: statements and e-mail consent read together, budget and expenses in one query (issue 18).
@pytest.mark.parametrize("url,queries", [("tickets/", 3), ("documents/", 3), ("my-account/", 9)])  # + the money charts (issue 22)
def test_list_pages_query_count_does_not_grow(setup, client_of, url, queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(setup.ann)
    measured = []
    for round_ in range(2):
        for n in range(3 + 10 * round_):
            services.report_ticket(acting_user=fresh(setup.ann), building=setup.building, title=f"T{n}", location="L", description="D")
            services.upload_document(acting_user=None, building=setup.building, kind="other", title=f"D{round_}{n}",
                                     upload=SimpleUploadedFile("d.pdf", tiny_pdf("d")))
            services.record_payment(acting_user=None, building=setup.building, household=setup.ann_home,
                                    paid_on=date(2026, 1, 1 + n), amount="3")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/en/buildings/maple/{url}").status_code == 200
        measured.append((own_queries(captured), layout_queries(captured)))
    assert measured[0] == measured[1] and measured[0][0] == queries


def test_my_building_link_and_panel(setup, client_of):
    client = client_of(setup.ann)
    assert client.get("/en/buildings/").url == "/en/buildings/maple/"
    page = client.get("/en/my/").content.decode()
    assert "/en/buildings/maple/my-account/" in page
    assert "You own no lot" in client_of(setup.stranger).get("/en/buildings/").content.decode()


def test_syndic_records_a_sale_and_others_cannot(setup, client_of):
    from coownership.models import Ownership

    l2 = setup.lots["L2"]
    url = "/en/buildings/maple/sale/"
    data = {"lot": l2.pk, "household": setup.bob_home.pk, "on_date": "2026-06-01"}
    assert_refused(client_of(setup.ann).post(url, data), "Only the building's syndic and committee manage it.")
    assert_refused(client_of(setup.olga).post(url, data), "Only the building's syndic and committee manage it.")
    assert not Ownership.objects.filter(lot=l2, household=setup.bob_home).exists()
    client = client_of(setup.syndic)
    assert "Record the sale" in client.get("/en/buildings/maple/").content.decode()
    page = client.post(url, {**data, "on_date": "soon"}, follow=True).content.decode()
    assert "Choose the lot, the new owner and the date." in page
    page = client.post(url, {**data, "household": setup.olga_home.pk}, follow=True).content.decode()
    assert "Choose the lot, the new owner and the date." in page
    page = client.post(url, {**data, "on_date": "2023-01-01"}, follow=True).content.decode()
    assert "must come after the current owner" in page
    page = client.post(url, data, follow=True).content.decode()
    assert "The sale is recorded" in page
    assert list(Ownership.objects.filter(lot=l2).order_by("starts_on").values_list("household__name", "ends_on")) == [
        ("Ann's household", date(2026, 6, 1)), ("Bob's household", None)]


# my-account: statements with the e-mail consent, budget with expenses, one query each (issue 18).
@pytest.mark.parametrize("page,budget", [("", 8), ("my-account/", 11)])  # + the money charts (issue 22)
def test_building_pages_stay_within_their_query_budget_as_the_history_doubles(setup, client_of, page, budget):
    """Issue 18: session, user, access rows with the unread count (3), then the
    page's own reads, the same with five and ten years of meetings,
    notifications and bookings of the co-owner."""
    from community.governance.services import bodies
    from tests.events.factories import RoomFactory
    from tests.governance.helpers import make_body
    from tests.member_history import counts_as_history_doubles

    body = make_body()
    bodies.add_member(body=body, user=setup.ann, acting_user=None)
    five, ten = counts_as_history_doubles(client_of(setup.ann), f"/en/buildings/maple/{page}", setup.ann,
                                          room=RoomFactory(), body=body)
    assert (five, ten) == (budget, budget)
