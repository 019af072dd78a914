"""The pages: who sees what, refusals shown (never a 500), query counts pinned."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.candidates import services
from community.candidates.models import Application, Home, Offer
from community.privacy.models import AccessLog
from tests.candidates.factories import ApplicationFactory, HomeFactory, PersonFactory
from tests.refusals import assert_not_found, assert_redirected, assert_refused

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def candidacy(register_setup, apply_for):
    return apply_for()


def test_public_calculators_need_no_login(client, register_setup):
    response = client.get("/nl/become-owner/", {"adults": 2, "dependants": 1, "yearly_income": 36000})
    assert response.status_code == 200
    assert response.context["result"]["threshold"].category.code == "A"  # 30,000 + 8,000 + 3,000 = 41,000
    response = client.get("/en/affordable-rent/", {"monthly_income": 4000})
    assert response.context["result"] == {"rent": __import__("decimal").Decimal("1242.11"), "rate": __import__("decimal").Decimal("31.1")}
    assert "1.242,11\xa0€" in response.content.decode()


def test_bad_calculator_input_shows_the_form_error(client, register_setup):
    response = client.get("/fr/affordable-rent/", {"monthly_income": "-3"})
    assert response.status_code == 200 and response.context["result"] is None
    assert response.context["form"].errors


def test_calculators_and_register_links_in_the_navigation(client, client_of, register_setup):
    content = client.get("/fr/become-owner/").content.decode()
    assert reverse("candidates:rent_calculator") in content
    assert reverse("candidates:register") not in content
    assert reverse("candidates:register") in client_of(register_setup.officer).get("/fr/become-owner/").content.decode()


def test_apply_online(client_of, register_setup):
    from tests.candidates.test_apply_steps import fill

    client = client_of(register_setup.applicant)
    fill(client, register_setup.operator, lang="nl")
    assert_redirected(client.post("/nl/candidacy/apply/check/", {"consents": "on"}), "/nl/candidacy/")
    application = Application.objects.get()
    assert application.household.members.filter(user=register_setup.applicant).exists()
    assert application.category.code == "A"


def test_anonymous_is_sent_to_log_in(client, candidacy):
    for url in ["/fr/candidacy/", "/fr/register/", f"/fr/register/{candidacy.pk}/", "/fr/candidacy/apply/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_wrong_role_and_other_operator_are_refused(client_of, register_setup, candidacy):
    assert_refused(client_of(register_setup.applicant).get("/fr/register/"), 'Only the register staff of a housing operator see the register.')
    # The other operator's staff do not see a household that did not choose it.
    other = client_of(register_setup.other_officer)
    assert_refused(other.get(f"/fr/register/{candidacy.pk}/"), "Only the register staff of an operator this household chose may see this.")
    assert candidacy.pk not in [a.pk for a in other.get("/fr/register/").context["page"]]
    assert not AccessLog.objects.exists()


def test_staff_reading_personal_data_is_logged(client_of, register_setup, candidacy):
    response = client_of(register_setup.officer).get(f"/fr/register/{candidacy.pk}/")
    assert response.status_code == 200
    assert b"88.01.02-123.45" in response.content
    assert AccessLog.objects.filter(viewer=register_setup.officer, target_id=str(candidacy.pk), what="candidacy").count() == 1


def test_documents_served_only_through_the_checked_view(client_of, register_setup, candidacy, user_factory):
    person = candidacy.persons.first()
    upload = SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf")
    response = client_of(register_setup.applicant).post(
        f"/fr/candidacy/{candidacy.pk}/documents/", {"person": person.pk, "kind": "income", "file": upload}
    )
    assert_redirected(response, "/fr/candidacy/")
    document = person.documents.get()
    url = f"/fr/candidacy/{candidacy.pk}/documents/{document.pk}/"
    assert_not_found(client_of(user_factory()).get(url))
    assert_not_found(client_of(register_setup.other_officer).get(url))
    response = client_of(register_setup.officer).get(url)
    assert response.status_code == 200 and response.content == PDF and response["Cache-Control"] == "private, no-store"
    assert AccessLog.objects.filter(what=f"document:{document.pk}").count() == 1


def test_bad_upload_shows_the_refusal(client_of, register_setup, candidacy):
    person = candidacy.persons.first()
    upload = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    response = client_of(register_setup.applicant).post(
        f"/en/candidacy/{candidacy.pk}/documents/", {"person": person.pk, "kind": "income", "file": upload}, follow=True
    )
    assert response.status_code == 200
    assert "Send a PDF, PNG or JPEG file." in [str(m) for m in response.context["messages"]]
    assert not person.documents.exists()


def test_home_above_the_cap_shows_the_message(client_of, register_setup, housing_project):
    data = {"operator": register_setup.operator.pk, "housing_project": housing_project.pk, "label": "A", "bedrooms": 2, "floor_area": 70,
            "price": 200001, "cost_price": 250000, "land_value": 50000}
    response = client_of(register_setup.officer).post("/en/register/homes/", data, follow=True)
    assert response.status_code == 200
    assert any("134/2" in str(m) for m in response.context["messages"])
    assert not Home.objects.exists()


def test_offer_to_an_ineligible_household_shows_the_refusal(client_of, register_setup, candidacy):
    home = HomeFactory(operator=register_setup.operator)
    response = client_of(register_setup.officer).post(f"/en/register/homes/{home.pk}/offer/", {"application": candidacy.pk}, follow=True)
    assert any("not eligible" in str(m) for m in response.context["messages"])
    assert not Offer.objects.exists()
    response = client_of(register_setup.officer).post(f"/en/register/homes/{home.pk}/offer/", {"application": "abc"}, follow=True)
    assert any("does not exist" in str(m) for m in response.context["messages"])
    response = client_of(register_setup.other_officer).post(f"/en/register/homes/{home.pk}/offer/", {"application": candidacy.pk})
    assert_refused(response, "Only the register staff of this home's operator manage it.")
    assert not Offer.objects.exists()


def test_answering_someone_elses_offer_is_not_found(client_of, register_setup, user_factory):
    home = HomeFactory(operator=register_setup.operator)
    application = ApplicationFactory(operators=[register_setup.operator])
    offer = Offer.objects.create(home=home, application=application, max_price=1)
    assert_not_found(client_of(user_factory()).post(f"/fr/candidacy/offers/{offer.pk}/answer/", {"answer": "accept"}))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PROPOSED


# --- Query counts do not grow with the register -------------------------------


def _grow(operator, n):
    for _i in range(n):
        a = ApplicationFactory(operators=[operator])
        PersonFactory(application=a)


def _count_queries(client, url, django_assert_max_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the base layout caches its site menus on the first request
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    # The shared layout's Wagtail menu is cached or not depending on the
    # cache backend's state: count this page's own queries.
    own = [q for q in ctx.captured_queries if "wagtailcore_" not in q["sql"]]
    if os.environ.get("SOCLE_SHOW_QUERIES"):
        print(f"\n{url}: {len(own)}", *(q["sql"][:220] for q in own), sep="\n   ")
    return len(own)


@pytest.mark.parametrize("page", ["register", "ranking", "position"])
def test_query_counts_are_constant(client_of, register_setup, apply_for, page):
    from tests.member_history import add_history

    operator = register_setup.operator
    home = HomeFactory(operator=operator, bedrooms=1)
    mine = apply_for()
    for person in mine.persons.filter(relationship="adult"):
        doc = services.upload_document(acting_user=register_setup.officer, person=person, kind="income",
                                       upload=SimpleUploadedFile("p.pdf", PDF))
        services.review_document(acting_user=register_setup.officer, document=doc, validated=True)
    services.complete_step(acting_user=register_setup.officer, application=mine, step=register_setup.step)
    client = client_of(register_setup.applicant if page == "position" else register_setup.officer)
    url = {"register": "/fr/register/", "ranking": f"/fr/register/homes/{home.pk}/", "position": "/fr/candidacy/"}[page]
    viewer = register_setup.applicant if page == "position" else register_setup.officer
    _grow(operator, 3)
    add_history(viewer)  # five years of notifications (issue 18)
    small = _count_queries(client, url)
    _grow(operator, 60)
    add_history(viewer, offset_years=5)
    assert _count_queries(client, url) == small
    # Session, user, access rows (roles, households, operators staffed,
    # permissions and the unread count: community.access), then the page's own.
    expected = {"register": 6, "ranking": 9, "position": 10}[page]
    assert small == expected, f"{page}: {small} queries"


def _form_data(operator, **extra):
    data = {
        "person-TOTAL_FORMS": 2, "person-INITIAL_FORMS": 0, "person-MIN_NUM_FORMS": 1, "person-MAX_NUM_FORMS": 12,
        "person-0-full_name": "Jan Peeters", "person-0-relationship": "adult", "person-0-birth_year": 1979, "person-0-yearly_income": "31000",
        "person-1-relationship": "adult", "person-1-yearly_income": "0",  # a spare block left empty
        "current_tenure": "social_rent", "current_municipality": "Anderlecht", "current_rent": "520",
        "bedrooms_min": 1, "bedrooms_max": 2, "operators": [operator.pk], "consents": "on",
    }
    data.update(extra)
    return data


def test_staff_enter_a_paper_application(client_of, register_setup):
    client = client_of(register_setup.officer)
    assert client.get("/fr/register/paper/").status_code == 200
    response = client.post("/fr/register/paper/", _form_data(register_setup.operator, household_name="Famille Peeters"))
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/register/{application.pk}/")
    assert (application.channel, application.household.name, application.household_size) == ("paper", "Famille Peeters", 1)


def test_paper_application_for_another_operator_is_refused(client_of, register_setup):
    client = client_of(register_setup.officer)
    response = client.post("/fr/register/paper/", _form_data(register_setup.other_operator, household_name="X"))
    assert response.status_code == 200 and response.context["form"].errors  # not one of the officer's operators
    assert not Application.objects.exists()
    assert_refused(client_of(register_setup.applicant).get("/fr/register/paper/"), 'Only the register staff of a housing operator see the register.')


def test_renew_page(client_of, register_setup, candidacy):
    client = client_of(register_setup.applicant)
    response = client.get("/en/candidacy/renew/")
    assert response.status_code == 200
    data = {"person-TOTAL_FORMS": 3, "person-INITIAL_FORMS": 3, "person-MIN_NUM_FORMS": 1, "person-MAX_NUM_FORMS": 12}
    for i, person in enumerate(candidacy.persons.all()):
        data.update({f"person-{i}-full_name": person.full_name, f"person-{i}-relationship": person.relationship,
                     f"person-{i}-birth_year": person.birth_year, f"person-{i}-yearly_income": "50000" if i == 0 else "0"})
    before = candidacy.renew_by
    assert_redirected(client.post("/en/candidacy/renew/", data), "/en/candidacy/")
    candidacy.refresh_from_db()
    assert candidacy.renew_by > before and candidacy.category.code == "B"


def test_my_space_panel(client_of, register_setup, candidacy):
    content = client_of(register_setup.applicant).get("/en/my/").content.decode()
    assert f"Candidacy no. {candidacy.register_number}" in content  # the register's number, not the database key


@pytest.mark.parametrize(
    ("params", "price"),
    [
        ({"formula": "appraisal", "price_paid": 150000, "improvements": 4500, "appraisal_at_purchase": 200000, "appraisal_now": 260000, "share_percent": 25}, "169500.00"),
        ({"formula": "index", "price_paid": 150000, "index_at_purchase": "110.25", "index_now": "126.40"}, "171972.79"),
        ({"formula": "fixed_rate", "price_paid": 150000, "rate_percent": 2, "bought_on": "2020-03-01", "sold_on": "2025-03-01"}, "165612.12"),
    ],
)
def test_resale_calculator(client, params, price):
    response = client.get("/en/resale-price/", params)
    assert str(response.context["price"]) == price


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"formula": "index", "price_paid": 150000, "index_at_purchase": "0", "index_now": "126.40"},
         "The index at purchase must be a positive number."),
        ({"formula": "fixed_rate", "price_paid": 150000, "rate_percent": 2, "bought_on": "2025-03-01", "sold_on": "2020-03-01"},
         "The sale cannot come before the purchase."),
        ({"formula": "appraisal", "price_paid": 150000}, "This formula needs this value."),
    ],
)
def test_resale_calculator_bad_input_shows_errors(client, params, message):
    # The deed's rules are policy.resale_computation's: the person reads its refusal, or the form's.
    response = client.get("/en/resale-price/", params)
    assert response.status_code == 200 and response.context["price"] is None
    shown = [str(m) for m in response.context["messages"]] + [e for errs in response.context["form"].errors.values() for e in errs]
    assert message in shown
    assert message in response.content.decode()


def test_staff_record_a_decline_given_by_phone(client_of, register_setup, candidacy):
    home = HomeFactory(operator=register_setup.operator)
    offer = Offer.objects.create(home=home, application=candidacy, max_price=1)
    Home.objects.filter(pk=home.pk).update(status=Home.Status.OFFERED)
    client = client_of(register_setup.officer)
    response = client.post(f"/en/candidacy/offers/{offer.pk}/answer/", {"answer": "decline"}, follow=True)
    assert any("why you decline" in str(m) for m in response.context["messages"])
    response = client.post(f"/en/candidacy/offers/{offer.pk}/answer/", {"answer": "decline", "reason": "Too far from work (phone call)"})
    assert response["Location"].endswith(f"/register/homes/{home.pk}/")
    offer.refresh_from_db()
    home.refresh_from_db()
    assert (offer.status, offer.reason, home.status) == ("declined", "Too far from work (phone call)", "open")
    from community.models import AuditEvent

    assert AuditEvent.objects.get(action="candidacy.offer_answered").data["recorded_by_staff"] is True
    assert_not_found(client_of(register_setup.other_officer).post(f"/en/candidacy/offers/{offer.pk}/answer/", {"answer": "accept"}))


def test_ownership_calculator_without_ceilings_says_so(client, db):
    response = client.get("/en/become-owner/", {"adults": 1, "dependants": 0, "yearly_income": 20000})
    assert response.context["result"] is None
    assert b"has not entered this year" in response.content


def test_the_ranked_list_shows_every_candidacy_a_page_at_a_time(client_of, register_setup):
    """Issue 18: the ranked list is cut by the database into pages (its lines
    cost most of the page's CPU), and every page is reachable; one form offers
    the home to the candidacy whose button is pressed."""
    from community.candidates.views import RANKING_PAGE_SIZE

    home = HomeFactory(operator=register_setup.operator)
    candidacies = [ApplicationFactory(operators=[register_setup.operator], category=register_setup.a.category)
                   for _ in range(RANKING_PAGE_SIZE + 3)]
    client = client_of(register_setup.officer)
    url = reverse("candidates:home_ranking", args=[home.pk])

    first = client.get(url)
    html = first.content.decode()
    assert [line.candidate.register_number for line in first.context["lines"]] == [
        c.register_number for c in candidacies[:RANKING_PAGE_SIZE]]
    assert first.context["eligible_count"] == RANKING_PAGE_SIZE + 3
    assert 'href="?page=2"' in html
    assert html.count(f'action="{reverse("candidates:make_offer", args=[home.pk])}"') == 1
    assert f'name="application" value="{candidacies[0].pk}"' in html

    second = client.get(url + "?page=2")
    assert [line.candidate.register_number for line in second.context["lines"]] == [
        c.register_number for c in candidacies[RANKING_PAGE_SIZE:]]
    assert f'start="{RANKING_PAGE_SIZE + 1}"' in second.content.decode()
    # Past the end: the last page; not a page number: the first.
    assert client.get(url + "?page=9").context["page"].number == 2
    assert client.get(url + "?page=x").context["page"].number == 1

    client.post(reverse("candidates:make_offer", args=[home.pk]), {"application": candidacies[-1].pk,
                                                                  "skip_reason": "The others asked for another district."})
    assert Offer.objects.get(home=home).application == candidacies[-1]
