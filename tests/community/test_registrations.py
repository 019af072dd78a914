"""The one registration service (issue 17): public events and activities
both take places through it, under the lock of their gathering's row."""

import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from community.models import Gathering, Registration
from community.services import registrations
from community.services.registrations import RegistrationRefusal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def statuses(gathering):
    return list(gathering.registrations.order_by("pk").values_list("user__email", "status"))


def test_places_then_waiting_list_then_the_first_waiting_takes_a_freed_place():
    gathering = registrations.gathering_for(kind="activity", title="Table de conversation")
    first, second, third, fourth = UserFactory.create_batch(4)
    for person in (first, second, third, fourth):
        registrations.register(gathering=gathering, user=person, capacity=2)
    assert [s for _, s in statuses(gathering)] == ["confirmed", "confirmed", "waiting", "waiting"]
    cancellation = registrations.cancel(gathering=gathering, user=first)
    assert cancellation.cancelled.status == "cancelled"
    # The first to wait, not the last, takes the place.
    assert cancellation.promoted.user == third
    assert [s for _, s in statuses(gathering)] == ["cancelled", "confirmed", "confirmed", "waiting"]
    # Leaving the waiting list frees no place: nobody is promoted.
    assert registrations.cancel(gathering=gathering, user=fourth).promoted is None


def test_no_limit_gives_everyone_a_place():
    gathering = registrations.gathering_for(kind="activity", title="Repair café")
    for person in UserFactory.create_batch(5):
        assert registrations.register(gathering=gathering, user=person, capacity=None).status == "confirmed"


@pytest.mark.parametrize(
    ("language", "twice", "not_registered"),
    [
        ("en", "You are already registered.", "You are not registered."),
        ("fr", "Vous êtes déjà inscrit·e.", "Vous n'êtes pas inscrit·e."),
        ("nl", "U bent al ingeschreven.", "U bent niet ingeschreven."),
    ],
)
def test_refusals_say_why_and_change_nothing(language, twice, not_registered):
    gathering = registrations.gathering_for(kind="activity", title="Cours d'informatique")
    member, stranger = UserFactory.create_batch(2)
    registrations.register(gathering=gathering, user=member, capacity=1)
    before = statuses(gathering)
    with translation.override(language):
        with pytest.raises(RegistrationRefusal) as refused:
            registrations.register(gathering=gathering, user=member, capacity=1)
        assert refused.value.message == twice
        with pytest.raises(RegistrationRefusal) as refused:
            registrations.cancel(gathering=gathering, user=stranger)
        assert refused.value.message == not_registered
    assert statuses(gathering) == before


def test_the_database_refuses_a_second_live_registration_but_not_after_a_cancellation():
    gathering = registrations.gathering_for(kind="activity", title="Atelier vélo")
    member = UserFactory()
    Registration.objects.create(gathering=gathering, user=member, status="confirmed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(gathering=gathering, user=member, status="waiting")
    registrations.cancel(gathering=gathering, user=member)
    assert registrations.register(gathering=gathering, user=member, capacity=3).status == "confirmed"


def test_a_key_names_one_gathering_whose_title_follows_the_feature():
    key = Gathering().key
    first = registrations.gathering_for(kind="public_event", title="Forum", key=key)
    again = registrations.gathering_for(kind="public_event", title="Forum 2027", key=key)
    assert first.pk == again.pk and Gathering.objects.get(pk=first.pk).title == "Forum 2027"


@pytest.mark.django_db(transaction=True)
def test_migrations_move_both_kinds_of_registration_into_the_one_mechanism(back_to_latest_migrations):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("community", "0004_dwelling"), ("events", "0005_room_housing_project"),
              ("socle_site", "0003_alter_contentpage_body_alter_newspage_body_and_more")]
    after = [("events", "0006_activity_gathering_delete_registration"), ("socle_site", "0004_delete_eventregistration")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("community", "User")
    ada, bea, cyr = (User.objects.create(email=f"{n}@example.org") for n in ("ada", "bea", "cyr"))
    project = old.get_model("community", "HousingProject").objects.create(name="Projet", slug="projet-m")
    room = old.get_model("events", "Room").objects.create(housing_project=project, name="Salle", slug="salle-m")
    Booking, Activity = old.get_model("events", "Booking"), old.get_model("events", "Activity")
    OldRegistration = old.get_model("events", "Registration")
    first = Booking.objects.create(room=room, booked_by=ada, audience="resident", title="Devoirs", status="confirmed")
    second = Booking.objects.create(room=room, booked_by=ada, audience="resident", title="Devoirs", status="confirmed", split_from=first)
    homework = Activity.objects.create(booking=first, kind="homework", title="Devoirs", capacity=1, organiser=ada)
    continued = Activity.objects.create(booking=second, kind="homework", title="Devoirs", capacity=1, organiser=ada)
    OldRegistration.objects.create(activity=homework, user=bea, status="registered")
    OldRegistration.objects.create(activity=homework, user=cyr, status="waiting")
    # The split had copied the places into the continuation's activity.
    OldRegistration.objects.create(activity=continued, user=bea, status="registered")
    OldRegistration.objects.create(activity=continued, user=cyr, status="waiting")
    EventRegistration = old.get_model("socle_site", "EventRegistration")
    event_key = uuid.uuid4()
    EventRegistration.objects.create(event_key=event_key, event_title="Forum", user=ada, status="confirmed")
    EventRegistration.objects.create(event_key=event_key, event_title="Forum", user=bea, status="cancelled")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Registration = new.get_model("community", "Registration")
    activities = {a.pk: a.gathering_id for a in new.get_model("events", "Activity").objects.all()}
    assert activities[homework.pk] == activities[continued.pk]  # one set of places for the split booking
    places = Registration.objects.filter(gathering_id=activities[homework.pk]).order_by("pk")
    assert list(places.values_list("user_id", "status")) == [(bea.pk, "confirmed"), (cyr.pk, "waiting")]
    forum = new.get_model("community", "Gathering").objects.get(key=event_key)
    assert (forum.kind, forum.title) == ("public_event", "Forum")
    assert list(Registration.objects.filter(gathering=forum).order_by("pk").values_list("user_id", "status")) == [
        (ada.pk, "confirmed"), (bea.pk, "cancelled")]
