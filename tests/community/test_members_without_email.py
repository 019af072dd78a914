"""Members without an e-mail address: the staff create and manage them in the
portal; they cannot log in, Socle never e-mails them and nothing crashes when
a notification is for them; their postal address is their household's."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from community.models import (
    AuditEvent,
    Household,
    HouseholdMember,
    Notification,
    Role,
    RoleAssignment,
    User,
)
from community.services import people
from community.services.notifications import notify
from community.tasks import send_daily_digests, send_notification_emails
from tests.factories import HouseholdFactory, UserFactory, make_staff

pytestmark = pytest.mark.django_db

URL = "/en/members/without-email/"
FORM = {"first_name": "Georgette", "last_name": "Vermeulen", "language": "fr", "phone": "02 521 44 07",
        "roles": ["resident"], "household": "", "street": "Rue de la Clinique 4, 3", "postal_code": "1070",
        "municipality": "Anderlecht", "country": ""}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def create(staff, **kwargs):
    values = dict(first_name="Georgette", last_name="Vermeulen", language="fr",
                  address=people.PostalAddress("Rue de la Clinique 4, 3", "1070", "Anderlecht"), roles=[Role.RESIDENT])
    values.update(kwargs)
    return people.create_member_without_email(acting_user=staff, **values)


def test_staff_create_a_member_without_email_from_the_portal(client_of):
    staff = make_staff()
    client = client_of(staff)
    assert "Members without e-mail" in client.get("/en/my/").content.decode()  # in the navigation
    response = client.post(URL, FORM, follow=True)
    page = response.content.decode()
    assert "The member is created. They cannot log in: letters go to their postal address." in page
    member = User.objects.get(first_name="Georgette")
    assert member.email is None and not member.has_usable_password() and member.language == "fr"
    assert "they cannot log in to Socle and receive no e-mail" in page
    assert "Rue de la Clinique 4, 3" in page and "1070 Anderlecht" in page
    home = people.postal_household(member)
    assert (home.address, home.postal_code, home.municipality) == ("Rue de la Clinique 4, 3", "1070", "Anderlecht")
    assert list(RoleAssignment.objects.filter(user=member).values_list("role", flat=True)) == [Role.RESIDENT]
    assert AuditEvent.objects.filter(action="community.member_without_email.created", actor=staff).exists()
    listing = client.get(URL).content.decode()
    assert "Georgette Vermeulen" in listing and "02 521 44 07" in listing


def test_staff_correct_the_address_of_a_member_without_email(client_of):
    staff = make_staff()
    member = create(staff)
    response = client_of(staff).post(f"{URL}{member.pk}/", {
        "first_name": "Georgette", "last_name": "Vermeulen", "language": "nl", "phone": "",
        "street": "Kliniekstraat 6", "postal_code": "1070", "municipality": "Anderlecht", "country": "België"}, follow=True)
    assert "The member&#x27;s details are saved." in response.content.decode()
    home = people.postal_household(User.objects.get(pk=member.pk))
    assert (home.address, home.country) == ("Kliniekstraat 6", "België")
    assert User.objects.get(pk=member.pk).language == "nl"


def test_a_member_without_email_joins_an_existing_household(client_of):
    staff = make_staff()
    home = HouseholdFactory(name="Famille Kowalski", address="Rue du Charroi 33", postal_code="1190", municipality="Forest")
    client_of(staff).post(URL, {**FORM, "household": home.pk, "street": "", "postal_code": "", "municipality": ""})
    member = User.objects.get(first_name="Georgette")
    assert people.postal_household(member) == home
    assert Household.objects.count() == 1


def test_without_household_nor_address_nothing_is_created(client_of):
    staff = make_staff()
    page = client_of(staff).post(URL, {**FORM, "street": "", "municipality": ""}).content.decode()
    assert "choose their household or give their street, postal code and municipality" in page
    assert not User.objects.filter(first_name="Georgette").exists()
    assert not Household.objects.exists()


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.COOWNER, Role.EDITOR])
def test_only_staff_create_or_manage_members_without_email(client_of, role):
    staff = make_staff()
    member = create(staff)
    someone = UserFactory(roles=[role] if role else [])
    client = client_of(someone)
    refusal = "Only the staff create and manage members without an e-mail address."
    for response in (client.get(URL), client.post(URL, FORM), client.get(f"{URL}{member.pk}/"),
                     client.post(f"{URL}{member.pk}/", {**FORM, "street": "Elsewhere 1"})):
        assert response.status_code == 403
        assert refusal in response.content.decode()
    assert "Members without e-mail" not in client.get("/en/my/").content.decode()
    assert User.objects.filter(email__isnull=True).count() == 1
    assert people.postal_household(member).address == "Rue de la Clinique 4, 3"
    with pytest.raises(people.CommunityError, match=refusal):
        create(someone, first_name="Other")


def test_the_service_refuses_roles_that_need_an_email_and_keeps_nothing():
    staff = make_staff()
    with pytest.raises(people.CommunityError, match="cannot hold this role"):
        create(staff, roles=[Role.STAFF])
    assert not User.objects.filter(email__isnull=True).exists() and not Household.objects.exists()


def test_email_stays_unique_among_those_who_have_one():
    staff = make_staff()
    create(staff)
    create(staff, first_name="Marcel")  # two members without e-mail: NULLs never clash
    assert User.objects.filter(email__isnull=True).count() == 2
    UserFactory(email="ana@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="ana@example.org")


def test_notifying_a_member_without_email_sends_nothing_and_does_not_crash(django_capture_on_commit_callbacks):
    staff = make_staff()
    member = create(staff)
    other = UserFactory(email="other@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        created = notify([member, other], category="governance", title=gettext_lazy("Hello"))
    assert [m.to for m in mail.outbox] == [["other@example.org"]]
    assert Notification.objects.filter(recipient=member).exists()  # kept, for the record
    assert send_notification_emails([n.pk for n in created]) == 0  # nothing left to send, nothing raised
    Notification.objects.filter(recipient=member).update(emailed_at=None)
    from community.models import NotificationPreference

    NotificationPreference.objects.create(user=member, category="governance", email_frequency="daily")
    assert send_daily_digests() == 0


def test_a_member_without_email_cannot_log_in_or_reset_a_password(client):
    staff = make_staff()
    create(staff)
    mail.outbox.clear()
    response = client.post("/en/accounts/password/reset/", {"email": ""})
    assert response.status_code == 200 and mail.outbox == []
    assert not HouseholdMember.objects.get(user__first_name="Georgette").user.has_usable_password()


def test_the_list_of_members_without_email_reads_a_fixed_number_of_queries(client_of, django_assert_num_queries):
    staff = make_staff()
    client = client_of(staff)
    create(staff)
    client.get(URL)  # warm the session and the caches
    with django_assert_num_queries(QUERIES):
        client.get(URL)
    for n in range(3):
        create(staff, first_name=f"Other{n}")
    with django_assert_num_queries(QUERIES):
        assert client.get(URL).content.decode().count("/members/without-email/") >= 4


# Session, member, access rows with the unread count, the members, their households, the households to choose from.
QUERIES = 6
