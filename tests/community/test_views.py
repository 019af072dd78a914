import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from community.models import Notification, Role
from community.services.notifications import notify
from tests.factories import HouseholdMemberFactory, OrganisationMembershipFactory, UserFactory
from tests.refusals import (
    assert_method_not_allowed,
    assert_not_found,
    assert_redirected,
    assert_redirected_to_login,
)

pytestmark = pytest.mark.django_db


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(url("community:my_space"))
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_my_space_shows_who_i_am_household_organisations_and_roles(client_of):
    member = UserFactory(first_name="Fatima", last_name="El Amrani", roles=[Role.RESIDENT])
    HouseholdMemberFactory(user=member, household__name="Famille El Amrani")
    HouseholdMemberFactory(household=member.household_memberships.get().household, user=None, full_name="Amina", relationship="child")
    OrganisationMembershipFactory(user=member, organisation__name="Entraide Cureghem")

    response = client_of(member).get(url("community:my_space", "nl"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Mijn ruimte" in content
    assert "Famille El Amrani" in content and "Amina" in content
    assert "Entraide Cureghem" in content
    assert "Bewoner" in content  # the role, in Dutch
    assert "card-placeholder-text" not in content  # no "coming soon" card: every panel is a feature's own


def test_my_space_query_count_does_not_grow_with_the_data(client_of, django_assert_max_num_queries):
    member = UserFactory(roles=[Role.RESIDENT])
    household = HouseholdMemberFactory(user=member).household
    # With none, the page knows it from the access rows and asks nothing more.
    OrganisationMembershipFactory(user=member)
    client = client_of(member)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("community:my_space")).status_code == 200
        return len(ctx)

    count_queries()  # warm-up: the layout caches the site's menus on the first request
    before = count_queries()
    for _ in range(10):
        HouseholdMemberFactory(household=household, user=None, full_name="Child", relationship="child")
        OrganisationMembershipFactory(user=member)
    for role in [Role.COOWNER, Role.CANDIDATE, Role.PLATFORM_MEMBER]:
        from community.services.roles import assign_role

        assign_role(user=member, role=role, acting_user=None)
    assert count_queries() == before


def test_a_notification_of_someone_else_cannot_be_opened(client_of):
    member, other = UserFactory(), UserFactory()
    notify([other], category="account", title=gettext_lazy("Private"), url="/fr/my/")
    theirs = Notification.objects.get(recipient=other)

    response = client_of(member).post(url("community:notification_open", pk=theirs.pk))

    assert_not_found(response)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client_of):
    member = UserFactory()
    notify([member], category="account", title=gettext_lazy("Hello"), url="/fr/my/")
    mine = Notification.objects.get(recipient=member)

    response = client_of(member).post(url("community:notification_open", pk=mine.pk))

    assert response.status_code == 302 and response["Location"] == "/fr/my/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_a_notification_needs_post(client_of):
    member = UserFactory()
    notify([member], category="account", title=gettext_lazy("Hello"))
    mine = Notification.objects.get(recipient=member)
    assert_method_not_allowed(client_of(member).get(url("community:notification_open", pk=mine.pk)))


def test_unread_count_endpoint(client_of, client):
    member = UserFactory()
    notify([member], category="account", title=gettext_lazy("Hello"))
    assert client_of(member).get(url("community:notifications_unread")).json() == {"unread": 1}
    assert_redirected_to_login(client.get(url("community:notifications_unread")), url("community:notifications_unread"))


def test_notification_preferences_are_saved_and_bad_input_is_refused(client_of):
    member = UserFactory()
    client = client_of(member)

    bad = client.post(url("community:notification_preferences"), {"account": "hourly"})
    assert bad.status_code == 200
    assert "errorlist" in bad.content.decode()
    assert not member.notification_preferences.exists()

    good = client.post(url("community:notification_preferences"), {"account": "daily"})
    assert_redirected(good, url("community:notification_preferences"))
    assert member.notification_preferences.get(category="account").email_frequency == "daily"


def test_switching_language_remembers_the_choice_for_the_member(client_of):
    member = UserFactory(language="fr")
    client = client_of(member)
    client.cookies["django_language"] = "fr"
    page = client.get("/fr/my/").content.decode()
    assert 'href="/nl/my/" lang="nl" hreflang="nl"' in page  # the language links of every page

    response = client.get("/nl/my/")

    assert response.status_code == 200
    assert response.cookies["django_language"].value == "nl"
    member.refresh_from_db()
    assert member.language == "nl"


def test_the_stored_language_follows_only_a_switch(client_of):
    member = UserFactory(language="fr")
    client = client_of(member)
    client.get("/nl/my/")  # no language cookie yet: a page reached, not a switch
    member.refresh_from_db()
    assert member.language == "fr"


def test_profile_edit_refuses_bad_input_and_keeps_the_data(client_of):
    member = UserFactory(first_name="Jan", language="nl")
    client = client_of(member)

    response = client.post(url("community:edit_profile"), {"first_name": "", "last_name": "P", "language": "xx"})

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.first_name == "Jan" and member.language == "nl"

    response = client.post(url("community:edit_profile"), {"first_name": "Jan", "last_name": "Peeters", "language": "en"})
    assert response.status_code == 302 and response["Location"] == "/en/my/"


def test_every_page_speaks_three_languages(client):
    for language, phrase in [("fr", "Aller au contenu"), ("nl", "Naar de inhoud"), ("en", "Skip to content")]:
        response = client.get(url("account_login", language))
        assert phrase in response.content.decode()


@pytest.fixture
def resident_with_history(db):
    """A resident who lives by a community room, sits in the general assembly
    and has five years of bookings, notifications and meetings; ``double()``
    adds five more years of each."""
    from community.governance.services import bodies
    from tests import member_history
    from tests.events.factories import RoomFactory
    from tests.governance.helpers import make_body

    room = RoomFactory()
    member = UserFactory(roles=[Role.RESIDENT])
    HouseholdMemberFactory(user=member, household__housing_project=room.housing_project)
    OrganisationMembershipFactory(user=member)
    body = make_body()
    bodies.add_member(body=body, user=member, acting_user=None)

    def history(offset_years):
        member_history.add_needs(member, room, body, batch=offset_years)
        member_history.add_notifications(member, years=5, offset_years=offset_years)
        member_history.add_bookings(member, room, years=5, offset_years=offset_years)
        member_history.add_meetings(body, years=5, offset_years=offset_years)

    history(0)
    return type("History", (), {"member": member, "double": staticmethod(lambda: history(5))})


def test_my_space_stays_within_its_query_budget_as_the_history_doubles(resident_with_history, client_of):
    from community import myspace
    from tests.member_history import BASE_QUERIES, query_count

    client = client_of(resident_with_history.member)
    page = url("community:my_space")
    query_count(client, page)  # warm-up: the layout caches the site's menus on the first request
    # Session, user, access rows with the unread count; the page's own household,
    # roles and organisations (1, read together); then one read per panel:
    # assemblies (meetings and open votes), bookings (next dates, requests,
    # activities), platforms (platforms, forums, groups, open actions),
    # candidacy, personal data, building; and what needs the person now,
    # every feature's items in one query (issue 26).
    budget = BASE_QUERIES + 1 + 6 + 1
    assert query_count(client, page) == budget
    resident_with_history.double()
    assert query_count(client, page) == budget
    assert len(myspace._panels) == 6  # each feature's own; the base registers none


def test_notifications_page_stays_within_its_query_budget_as_the_history_doubles(resident_with_history, client_of):
    from django.utils import timezone
    from django.utils.translation import gettext_lazy

    from community.governance.models import Meeting
    from community.models import Notification
    from community.notification_messages import freeze_message, text_of
    from tests.member_history import BASE_QUERIES, query_count

    # The latest notifications each name a meeting, written out in the
    # reader's language from the meeting itself.
    member = resident_with_history.member
    Notification.objects.bulk_create(
        Notification(recipient=member, category="account", title="", url="/fr/my/", created_at=timezone.now(),
                     message=freeze_message(title=gettext_lazy("Meeting: %(meeting)s"), body="",
                                            params={"meeting": text_of(meeting, "title")}, url="/fr/my/"))
        for meeting in Meeting.objects.filter(body__memberships__user=member)[:30]
    )
    client = client_of(member)
    page = url("community:notifications")
    query_count(client, page)
    # The page's count and its 25 rows, then the meetings they name (one query per kind of object named).
    budget = BASE_QUERIES + 2 + 1
    assert query_count(client, page) == budget
    resident_with_history.double()
    assert query_count(client, page) == budget


def test_the_headers_unread_count_comes_with_the_access_rows_and_follows_reading(client_of):
    """The header's badge reads the count with the request's access rows
    (community.selectors.unread_notifications): right with several unread,
    none once all are read, and only the person's own."""
    import re

    member, other = UserFactory(), UserFactory()
    notify([member], category="account", title=gettext_lazy("Hello"))
    notify([member, other], category="account", title=gettext_lazy("Hello again"))
    client = client_of(member)

    def badge() -> str:
        html = client.get(url("community:my_space")).content.decode()
        return re.search(r"<span data-unread-count>(\d+)</span>", html).group(1)

    assert badge() == "2"
    client.post(url("community:notifications_read_all"))
    assert badge() == "0"
    assert client_of(other).get(url("community:notifications_unread")).json() == {"unread": 1}
