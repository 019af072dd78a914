"""The owner's file and the officer's dashboard, as people use them: who may
see what (with the message a refused person reads), the answer and the
decision through the pages, the menus, My space, three languages, and query
counts that stay flat when the homes' history grows."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community.models import Dwelling
from community.privacy.models import AccessLog
from community.services.dwellings import record_owner
from community.stewardship import services
from community.stewardship.models import YearlyCheck
from tests.factories import HouseholdFactory, HouseholdMemberFactory, UserFactory
from tests.member_history import BASE_QUERIES, query_count
from tests.refusals import (
    assert_not_found,
    assert_redirected,
    assert_redirected_to_login,
    assert_refused,
    page_text,
)
from tests.stewardship.conftest import pdf

pytestmark = pytest.mark.django_db


def _url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def _this_years_checks():
    """Open the checks the daily task would have opened by today."""
    services.open_checks(today=timezone.localdate())
    return YearlyCheck.objects.filter(year__gte=timezone.localdate().year - 1)


@pytest.mark.parametrize("language, heading, label", [
    ("en", "File of Arc-en-Ciel – A3", "Yearly checks"),
    ("fr", "Dossier de Arc-en-Ciel – A3", "Vérifications annuelles"),
    ("nl", "Dossier van Arc-en-Ciel – A3", "Jaarlijkse controles"),
])
def test_the_owner_reads_their_file_in_their_language(homes, client_of, language, heading, label):
    _this_years_checks()
    response = client_of(homes.fatima).get(_url("stewardship:home_file", homes.a3.pk, language=language))
    assert response.status_code == 200
    text = page_text(response)
    assert heading in text and label in text
    # The owner's way in from the menu leads to the same file.
    response = client_of(homes.fatima).get(_url("stewardship:my_home", language=language))
    assert response.status_code == 302 and response["Location"].endswith(f"/my/home/{homes.a3.pk}/")


def test_another_owner_a_neighbour_and_a_visitor_are_refused_the_file(homes, client_of, client):
    url = _url("stewardship:home_file", homes.a3.pk)
    message = "A home's file is open to its owner household and the trust's stewardship officers."
    assert_refused(client_of(homes.jan).get(url), message)
    assert_refused(client_of(homes.neighbour).get(url), message)
    assert_redirected_to_login(client.get(url))
    # The officer reads any home's file.
    assert client_of(homes.steward).get(url).status_code == 200


def test_the_dashboard_is_the_officers_only(homes, client_of):
    message = "Only the trust's stewardship officers follow the homes after the sale."
    assert_refused(client_of(homes.fatima).get(_url("stewardship:dashboard")), message)
    assert_refused(client_of(homes.fatima).post(_url("stewardship:review_check", 1), {"decision": "accept"}), message)
    response = client_of(homes.steward).get(_url("stewardship:dashboard", language="nl"))
    assert response.status_code == 200 and "Woningen na de verkoop" in page_text(response)


def test_the_owner_answers_through_the_page_and_the_officer_decides(homes, client_of):
    check = _this_years_checks().get(dwelling=homes.a3, kind="occupancy")
    owner = client_of(homes.fatima)
    url = _url("stewardship:answer_check", check.pk)
    assert "composition" in page_text(owner.get(url))
    # Without the box ticked: refused, said, nothing changed.
    response = owner.post(url, {"document": pdf()})
    assert_refused(response, "Tick the box to confirm what the check asks.", status=400)
    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.OPEN and check.document_size == 0
    # Another household may not answer it.
    assert_refused(client_of(homes.jan).post(url, {"declared": "on", "document": pdf()}),
                   "Only the owner household of this home answers its checks.")
    assert_redirected(owner.post(url, {"declared": "on", "document": pdf()}),
                      _url("stewardship:home_file", homes.a3.pk))
    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.SUBMITTED
    # The document: the owner and the officer (whose reading is logged); nobody else.
    document = _url("stewardship:check_document", check.pk)
    assert owner.get(document).status_code == 200
    assert_not_found(client_of(homes.jan).get(document))
    officer = client_of(homes.steward)
    assert officer.get(document).status_code == 200
    assert AccessLog.objects.filter(viewer=homes.steward, what=f"stewardship-check:{check.pk}").exists()
    # Sent back without a reason: refused; with one, the owner reads it on the file.
    review = _url("stewardship:review_check", check.pk)
    response = officer.post(review, {"decision": "send_back", "note": ""}, follow=True)
    assert "Say why the document is sent back" in page_text(response)
    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.SUBMITTED
    officer.post(review, {"decision": "send_back", "note": "Le certificat date de plus de trois mois."})
    text = page_text(owner.get(_url("stewardship:home_file", homes.a3.pk, language="fr")))
    assert "Le certificat date de plus de trois mois." in text and "Le CLT vous a renvoyé votre document" in text
    owner.post(url, {"declared": "on", "document": pdf("new.pdf")})
    officer.post(review, {"decision": "accept", "next": "dashboard"})
    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.ACCEPTED


def test_the_menu_and_my_space_lead_the_owner_and_the_officer(homes, client_of):
    _this_years_checks()
    owner_space = page_text(client_of(homes.fatima).get(_url("community:my_space")))
    assert "My home" in owner_space and "Yearly check: We live in our home" in owner_space
    neighbour_space = page_text(client_of(homes.neighbour).get(_url("community:my_space")))
    assert "My home" not in neighbour_space and "Homes after the sale" not in neighbour_space
    assert "Homes after the sale" in page_text(client_of(homes.steward).get(_url("community:my_space")))


def _years_of_history(dwellings, years: int, first_year: int) -> None:
    YearlyCheck.objects.bulk_create([
        YearlyCheck(dwelling=dwelling, household_id=dwelling.owner_household_id, kind=kind, year=year,
                    opened_on=date(year, 2, 1), due_on=date(year, 4, 1), status=YearlyCheck.Status.ACCEPTED,
                    reviewed_at=timezone.now())
        for dwelling in dwellings for kind in ("occupancy", "insurance")
        for year in range(first_year, first_year + years)
    ])


def _more_homes(homes, count: int, start: int) -> list[Dwelling]:
    made = []
    for n in range(start, start + count):
        household = HouseholdMemberFactory(user=UserFactory(), household=HouseholdFactory()).household
        made.append(record_owner(dwelling=Dwelling.objects.create(housing_project=homes.project, label=f"D{n}"),
                                 household=household, since=date(2010, 1, 1)))
    return made


def test_query_counts_stay_flat_when_the_history_and_the_homes_grow(homes, client_of):
    _this_years_checks()
    owner, officer = client_of(homes.fatima), client_of(homes.steward)
    file_url, dashboard_url = _url("stewardship:home_file", homes.a3.pk), _url("stewardship:dashboard")
    _years_of_history([homes.a3, homes.b2], years=5, first_year=2000)
    owner.get(file_url)  # the site's menus are read once per process
    file_before, dashboard_before = query_count(owner, file_url), query_count(officer, dashboard_url)
    _years_of_history([homes.a3, homes.b2], years=10, first_year=2005)
    extra = _more_homes(homes, 20, 0)
    _years_of_history(extra, years=5, first_year=2010)
    YearlyCheck.objects.filter(dwelling__in=extra[:10], year=2014).update(status=YearlyCheck.Status.SUBMITTED)
    YearlyCheck.objects.filter(dwelling__in=extra[10:], year=2014).update(status=YearlyCheck.Status.OPEN,
                                                                         due_on=timezone.localdate() - timedelta(days=3))
    file_after, dashboard_after = query_count(owner, file_url), query_count(officer, dashboard_url)
    # The file: the base, the home, the deed panel, stewardship's rows (checks, requests, notices
    # of sale: one query, its timeline's too), the register's timeline (deeds, resales, offers: one),
    # the fee panel's reference (none: no lease, no fee).
    assert file_after == file_before == BASE_QUERIES + 5
    # The dashboard: the base, answers to check, late, due this month, the figures, the homes, the
    # requests and the sales under way.
    assert dashboard_after == dashboard_before == BASE_QUERIES + 7


def test_the_next_owner_never_sees_the_earlier_owners_checks_or_documents(homes, client_of):
    check = _this_years_checks().get(dwelling=homes.a3, kind="occupancy")
    services.answer_check(acting_user=homes.fatima, check=check, declared=True, upload=pdf("fatima.pdf"))
    buyer = UserFactory(email="buyer@example.org", first_name="Bram")
    household = HouseholdMemberFactory(user=buyer, household=HouseholdFactory(name="Famille Claes")).household
    record_owner(dwelling=homes.a3, household=household, since=timezone.localdate())
    client = client_of(buyer)
    text = page_text(client.get(_url("stewardship:home_file", homes.a3.pk)))
    assert "Famille Claes" in text and "fatima.pdf" not in text and "No yearly check yet." in text
    assert_not_found(client.get(_url("stewardship:check_document", check.pk)))
    # The seller no longer owns the home: the file is closed to them.
    assert_refused(client_of(homes.fatima).get(_url("stewardship:home_file", homes.a3.pk)),
                   "A home's file is open to its owner household and the trust's stewardship officers.")


def test_the_file_shows_the_recent_years_and_the_whole_history_on_demand(homes, client_of):
    _years_of_history([homes.a3], years=3, first_year=2001)
    owner = client_of(homes.fatima)
    url = _url("stewardship:home_file", homes.a3.pk)
    recent = page_text(owner.get(url))
    assert "2001" not in recent and "Show every year of the home's history" in recent
    whole = page_text(owner.get(url + "?history=all"))
    assert "2001" in whole and "2003" in whole and "Show every year" not in whole


def test_my_space_tells_the_officer_what_waits_for_the_trust(homes, client_of):
    from community.stewardship.services import ensure_decision_rules, give_notice, submit_request

    check = _this_years_checks().get(dwelling=homes.a3, kind="occupancy")
    services.answer_check(acting_user=homes.fatima, check=check, declared=True, upload=pdf())
    ensure_decision_rules()
    submit_request(acting_user=homes.jan, dwelling=homes.b2, kind="works", amount="900", reason="New door")
    give_notice(acting_user=homes.jan, dwelling=homes.b2)
    text = page_text(client_of(homes.steward).get(_url("community:my_space")))
    assert "Check the answer: We live in our home" in text and "Arc-en-Ciel – A3" in text
    assert "Decide the request: Carry out improvement works, Arc-en-Ciel – B2" in text
    assert "Right of first refusal: Arc-en-Ciel – B2" in text
    # Nobody else reads the trust's queue.
    assert "Decide the request" not in page_text(client_of(homes.neighbour).get(_url("community:my_space")))
