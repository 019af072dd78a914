"""My data: an export across every app, erasure at once or explained,
staff answering within the legal month, and every refusal."""

import datetime as dt
import json

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy

from community.models import Household, HouseholdMember, Notification, OrganisationMembership
from community.privacy import services
from community.privacy.models import AccessLog, Consent, DataRequest
from community.services.notifications import notify
from tests.platform_forums.factories import PostFactory
from tests.refusals import assert_not_found, assert_redirected, assert_refused

pytestmark = pytest.mark.django_db

NAME = ("Zéphyrine", "Quetzalcoatl")
EMAIL = "zephyrine.q@example.org"


@pytest.fixture
def member(user_factory, organisation_factory):
    person = user_factory(email=EMAIL, first_name=NAME[0], last_name=NAME[1], phone="+32 470 12 34 56")
    household = Household.objects.create(name=f"Famille {NAME[1]}", address="Rue des Tanneurs 9")
    HouseholdMember.objects.create(household=household, user=person, full_name=" ".join(NAME))
    OrganisationMembership.objects.create(organisation=organisation_factory(), user=person, position="Trésorière")
    notify([person], category="privacy", title=gettext_lazy("Bienvenue"))
    return person


def test_export_gathers_every_app_in_json_and_a_readable_page(member, client_of, staff_user, django_capture_on_commit_callbacks):
    post = PostFactory(author=member, body_html="<p>Mon message au forum</p>")
    services.give_consent(acting_user=member, user=member, purpose="newsletter")
    services.log_access(viewer=staff_user, subject=member, what="Read the income file")
    client = client_of(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:request_export"))
    assert_redirected(response, reverse("privacy:my_data"))
    request = DataRequest.objects.get(user=member, kind="export")
    assert request.status == "ready"  # tasks run inline in tests
    data = json.loads(client.get(reverse("privacy:download_export", args=[request.pk, "json"])).content)["data"]
    assert data["community.User"][0]["email"] == EMAIL
    assert data["community.User"][0]["phone"] == "+32 470 12 34 56"
    assert "password" not in data["community.User"][0]
    assert data["community.HouseholdMember"][0]["full_name"] == " ".join(NAME)
    assert data["community.Household"][0]["address"] == "Rue des Tanneurs 9"
    assert data["community.OrganisationMembership"][0]["position"] == "Trésorière"
    assert data["platform_forums.Post"][0]["body_html"] == post.body_html
    assert data["privacy.Consent"][0]["text_version"] == "v1"
    assert data["privacy.AccessLog"][0]["what"] == "Read the income file"
    assert any(n["title"] == "Bienvenue" for n in data["community.Notification"])
    page = client.get(reverse("privacy:download_export", args=[request.pk, "html"]))
    assert page["Cache-Control"] == "private, no-store"
    assert "Rue des Tanneurs 9" in page.content.decode()


def test_export_contains_every_personal_field_of_a_candidate(apply_for, register_setup, client_of, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from community.candidates.services import upload_document

    application = apply_for()
    person = application.persons.get(full_name="Awa Diallo")
    upload_document(acting_user=register_setup.applicant, person=person, kind="income", upload=SimpleUploadedFile("avis.pdf", b"%PDF-1.4 test", content_type="application/pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        client_of(register_setup.applicant).post(reverse("privacy:request_export"))
    request = DataRequest.objects.get(user=register_setup.applicant)
    data = json.loads(request.export_json)["data"]
    people = {p["full_name"]: p for p in data["candidates.Person"]}
    assert people["Awa Diallo"]["national_number"] == "88.01.02-123.45"
    assert people["Awa Diallo"]["yearly_income"] == "20000"
    assert data["candidates.Application"][0]["current_municipality"] == "Molenbeek-Saint-Jean"
    assert data["candidates.SupportingDocument"][0]["filename"] == "avis.pdf"
    assert "encrypted_content" not in data["candidates.SupportingDocument"][0]


def test_nobody_else_downloads_a_copy(member, user_factory, client_of):
    client_of(member).post(reverse("privacy:request_export"))
    request = DataRequest.objects.get(user=member)
    other = client_of(user_factory())
    assert_refused(other.get(reverse("privacy:download_export", args=[request.pk, "json"])), "Only who asked for this copy downloads it.")
    assert_not_found(other.get(reverse("privacy:download_export", args=[999999, "json"])))


def test_erasure_without_legal_hold_happens_at_once(member, client_of, staff_user):
    post = PostFactory(author=member)
    services.give_consent(acting_user=member, user=member, purpose="newsletter")
    services.log_access(viewer=staff_user, subject=member, what="Read the income file")
    response = client_of(member).post(reverse("privacy:request_erasure"), {"confirm": "yes"})
    assert response.status_code == 200
    assert "Your data is erased" in response.content.decode()
    request = DataRequest.objects.get(user=member, kind="erasure")
    assert request.status == "done"
    member.refresh_from_db()
    assert not member.is_active and not member.has_usable_password()
    post.refresh_from_db()
    assert post.author is None  # reads "former member"
    assert not Notification.objects.filter(recipient=member).exists()
    assert not Consent.objects.filter(user=member).exists()
    assert AccessLog.objects.filter(subject=member).count() == 1  # the trace stays, about nobody
    assert_nothing_holds(EMAIL, *NAME)


def assert_nothing_holds(*needles, except_in=frozenset()):
    """No text column of any table still holds the person's name or e-mail."""
    found = []
    for model in apps.get_models():
        if model._meta.label in except_in:
            continue
        text_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField)) and type(f).__name__ != "EncryptedTextField"]
        for needle in needles:
            query = models.Q()
            for name in text_fields:
                query |= models.Q(**{f"{name}__icontains": needle})
            if text_fields and model._default_manager.filter(query).exists():
                found.append(f"{model._meta.label} holds {needle!r}")
    assert not found, found


def test_erasure_of_a_candidate_removes_the_national_number_and_keeps_the_register(apply_for, register_setup, client_of):
    from community.candidates.models import Application, Person
    from community.candidates.services import correct_register

    applicant = register_setup.applicant
    now = dt.datetime(2030, 6, 15, 12, tzinfo=dt.UTC)
    with time_machine.travel(now - dt.timedelta(days=800), tick=False):
        application = apply_for()
        correct_register(acting_user=register_setup.officer, application=application, status="withdrawn", reason="Moved")
    with time_machine.travel(now, tick=False):
        client_of(applicant).post(reverse("privacy:request_erasure"), {"confirm": "yes"})
    assert DataRequest.objects.get(user=applicant).status == "done"
    assert not Person.objects.filter(application=application).exists()
    assert Application.objects.filter(pk=application.pk).exists()
    # "Awa" alone is too short a needle: other people's names can contain it.
    assert_nothing_holds("Diallo", "applicant@example.org")


def test_erasure_during_a_lease_is_explained_with_the_rule_and_date(member, client_of, housing_project_factory):
    household = member.household_memberships.get().household
    household.housing_project = housing_project_factory()
    household.save()
    response = client_of(member).post(reverse("privacy:request_erasure"), {"confirm": "yes"}, follow=True)
    assert "The law still keeps some of your data" in response.content.decode()
    request = DataRequest.objects.get(user=member)
    assert request.status == "on_hold"
    assert "five years" in request.holds[0]["rule"] and request.holds[0]["until"] is None
    member.refresh_from_db()
    assert member.is_active and member.email == EMAIL
    # Left on 1 March 2030: erased on 1 March 2035.
    membership = HouseholdMember.objects.get(user=member)
    membership.until = dt.date(2030, 3, 1)
    membership.save()
    from community.privacy.engine import holds_for

    assert holds_for(member, today=dt.date(2030, 6, 1))[0].until == dt.date(2035, 3, 1)
    assert holds_for(member, today=dt.date(2035, 3, 2)) == []


def test_erasure_needs_the_confirmation_and_staff_cannot_erase_themselves(member, client_of, staff_user):
    response = client_of(member).post(reverse("privacy:request_erasure"), {}, follow=True)
    assert "Tick the box" in response.content.decode()
    assert not DataRequest.objects.exists()
    staff_user.is_staff = True
    staff_user.save()
    response = client_of(staff_user).post(reverse("privacy:request_erasure"), {"confirm": "yes"}, follow=True)
    assert "Staff accounts are closed by another administrator" in response.content.decode()
    staff_user.refresh_from_db()  # nothing changed: no request, the account is still open
    assert not DataRequest.objects.exists() and staff_user.is_active


def test_correction_goes_to_the_staff_queue_with_the_legal_deadline(member, client_of, staff_user, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2030, 1, 31, 10, tzinfo=dt.UTC), tick=False), django_capture_on_commit_callbacks(execute=True):
        client_of(member).post(reverse("privacy:request_correction"), {"details": "Mon nom s'écrit avec un accent."})
    request = DataRequest.objects.get(user=member, kind="correction")
    assert request.deadline == dt.date(2030, 2, 28)  # one month, end of February
    assert Notification.objects.filter(recipient=staff_user, category="privacy").exists()
    page = client_of(staff_user).get(reverse("privacy:queue"))
    assert "Mon nom s" in page.content.decode() and "28 Feb 2030" in page.content.decode()  # en_BE, never 02/28/2030
    client_of(staff_user).post(reverse("privacy:handle", args=[request.pk]), {"action": "answer", "answer": "Corrigé."})
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == staff_user
    assert "Corrigé." in client_of(member).get(reverse("privacy:my_data")).content.decode()


def test_empty_or_long_correction_is_refused(member, client_of):
    client = client_of(member)
    assert "Say what is wrong" in client.post(reverse("privacy:request_correction"), {"details": "  "}, follow=True).content.decode()
    assert "under 4000 characters" in client.post(reverse("privacy:request_correction"), {"details": "x" * 4001}, follow=True).content.decode()
    assert not DataRequest.objects.exists()


def test_staff_erase_an_on_hold_request_once_the_hold_is_over(member, client_of, staff_user, housing_project_factory):
    household = member.household_memberships.get().household
    household.housing_project = housing_project_factory()
    household.save()
    client_of(member).post(reverse("privacy:request_erasure"), {"confirm": "yes"})
    request = DataRequest.objects.get(user=member)
    staff = client_of(staff_user)
    response = staff.post(reverse("privacy:handle", args=[request.pk]), {"action": "erase"}, follow=True)
    assert "The law still keeps" in response.content.decode()
    HouseholdMember.objects.filter(user=member).update(until=dt.date(2000, 1, 1))
    staff.post(reverse("privacy:handle", args=[request.pk]), {"action": "erase", "answer": "Effacé."})
    request.refresh_from_db()
    assert request.status == "done"
    member.refresh_from_db()
    assert not member.is_active and member.email.endswith("@erased.invalid")


def test_only_staff_see_the_queue_and_the_access_log(member, client_of):
    client = client_of(member)
    assert_refused(client.get(reverse("privacy:queue")), "Only the data protection officer handles the requests about personal data.")
    assert_refused(client.get(reverse("privacy:access_log")), "Only the data protection officer reads the access log.")
    assert_refused(client.post(reverse("privacy:handle", args=[1]), {"action": "answer"}), "Only the data protection officer handles the requests about personal data.")


def test_handling_twice_or_without_answer_is_refused(member, client_of, staff_user):
    request = services.request_correction(acting_user=member, details="Adresse")
    staff = client_of(staff_user)
    assert "Write the answer" in staff.post(reverse("privacy:handle", args=[request.pk]), {"action": "answer"}, follow=True).content.decode()
    request.refresh_from_db()
    assert request.status != "done" and request.answer == ""  # refused: nothing changed
    staff.post(reverse("privacy:handle", args=[request.pk]), {"action": "answer", "answer": "OK"})
    assert "already been answered" in staff.post(reverse("privacy:handle", args=[request.pk]), {"action": "answer", "answer": "Autre"}, follow=True).content.decode()
    request.refresh_from_db()  # the second answer changed nothing
    assert request.status == "done" and request.answer == "OK"


def warm_count(client, url) -> int:
    """Queries of a page once the shared layout's caches are warm."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queue_query_count_does_not_grow_with_requests(member, client_of, staff_user, user_factory):
    staff = client_of(staff_user)
    services.request_correction(acting_user=member, details="one")
    before = warm_count(staff, reverse("privacy:queue"))
    assert before <= 10
    for _ in range(10):
        services.request_correction(acting_user=user_factory(), details="more")
    assert warm_count(staff, reverse("privacy:queue")) == before


def test_member_sees_who_opened_their_file(member, client_of, staff_user):
    services.log_access(viewer=staff_user, subject=member, what="Read the income file")
    page = client_of(member).get(reverse("privacy:my_data")).content.decode()
    assert "Read the income file" in page and staff_user.display_name in page


def test_access_log_is_append_only(member, staff_user):
    entry = services.log_access(viewer=staff_user, subject=member, what="Read")
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_my_data_is_reachable_from_my_space(member, client_of):
    page = client_of(member).get(reverse("community:my_space")).content.decode()
    assert reverse("privacy:my_data") in page


def test_my_data_and_access_log_query_counts_do_not_grow(member, client_of, staff_user):
    from tests.site.factories import add_testimonial, make_site

    index = make_site()["testimonials"]

    def add_rows(n):
        for i in range(n):
            services.request_correction(acting_user=member, details=f"n°{i}")
            services.log_access(viewer=staff_user, subject=member, what=f"read {i}")
            page = add_testimonial(index, n=100 + i + len(DataRequest.objects.all()))
            services.give_consent(acting_user=staff_user, user=member, purpose="testimonial_publication", target=page)

    add_rows(1)
    mine, staff = client_of(member), client_of(staff_user)
    pages = [(mine, reverse("privacy:my_data")), (staff, reverse("privacy:access_log"))]
    before = [warm_count(client, url) for client, url in pages]
    add_rows(5)
    assert [warm_count(client, url) for client, url in pages] == before


def test_erasure_keeps_an_activity_others_registered_for(member, user_factory):
    from community.models import Gathering, Registration
    from events.models import Activity, Booking
    from events.services.activities import KIND_ACTIVITY
    from tests.events.factories import RoomFactory

    room = RoomFactory()
    own = Booking.objects.create(room=room, booked_by=member, audience="resident", title=gettext_lazy("Anniversaire"), status="confirmed")
    shared = Booking.objects.create(room=room, booked_by=member, audience="resident", title=gettext_lazy("Table de conversation"), status="confirmed")
    gathering = Gathering.objects.create(kind=KIND_ACTIVITY, title=gettext_lazy("Table de conversation"))
    Activity.objects.create(booking=shared, kind="conversation", title=gettext_lazy("Table de conversation"), organiser=member, gathering=gathering)
    neighbour = Registration.objects.create(gathering=gathering, user=user_factory(), status="confirmed")
    services.request_erasure(acting_user=member, confirm=True)
    assert not Booking.objects.filter(pk=own.pk).exists()
    assert Booking.objects.filter(pk=shared.pk).exists() and Registration.objects.filter(pk=neighbour.pk).exists()


def test_the_answer_deadline_counts_the_day_in_brussels():
    import datetime as dt

    # 00:30 on 2 December in Brussels is still 1 December in UTC.
    request = DataRequest(received_at=dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC))
    assert request.deadline == dt.date(2027, 1, 2)
