"""No answer of the partner API carries a person's name or contact details:
every endpoint is called with a key that opens everything, over data like the
demo's (people with names, e-mails and phones who book rooms, propose agenda
items, own actions' organisations, apply to the register), and each answer is
scanned for every person's details."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from community.api import services
from community.models import HouseholdMember, User
from tests.factories import (
    HousingProjectFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    UserFactory,
    make_staff,
)


def populate():
    """People, a platform with a meeting, an agenda item proposed by a person
    and an action, a room booked by a person, a public activity."""
    from events.models import Activity, Booking, Occurrence
    from platform_forums.models import ActionItem, AgendaItem, Meeting
    from tests.events.factories import RoomFactory
    from tests.platform_forums.factories import PlatformMembershipFactory

    project = HousingProjectFactory(name="Arc-en-Ciel", municipality="Molenbeek-Saint-Jean")
    partner = OrganisationFactory(name="Fuzz partner")
    people = [
        UserFactory(first_name="Zénobie", last_name="Vandermeersch", email="zenobie.v@example.org", phone="+32 470 11 22 33"),
        UserFactory(first_name="Jan", last_name="Peeters-Lambrechts", email="jan.peeters@example.be", phone="0485 99 88 77"),
    ]
    OrganisationMembershipFactory(organisation=partner, user=people[1])
    seat = PlatformMembershipFactory(organisation=partner, platform__slug="plateforme-logement")
    starts = timezone.now() + datetime.timedelta(days=3)
    meeting = Meeting.objects.create(platform=seat.platform, title="Réunion plénière", starts_at=starts, place="Maison de quartier")
    AgendaItem.objects.create(meeting=meeting, title="Budget participatif", proposed_by=people[0], position=1)
    ActionItem.objects.create(meeting=meeting, description="Rédiger l'avis", owner=partner, due_on=starts.date())
    room = RoomFactory(housing_project=project, slug="salle-polyvalente")
    booking = Booking.objects.create(room=room, booked_by=people[0], audience="resident", title="Atelier couture", status="confirmed")
    Occurrence.objects.create(booking=booking, room=room, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), status="confirmed")
    Activity.objects.create(booking=booking, kind="kitchen", title="Atelier couture", is_public=True, organiser=people[0])
    return people


def details_of_people() -> set[str]:
    """Every name, e-mail and phone number the database knows about people."""
    words = set()
    for first, last, email, phone in User.objects.values_list("first_name", "last_name", "email", "phone"):
        words |= {w for w in (first, last, email) if w and len(w) > 2}
        if phone:
            words.add(re.sub(r"\D", "", phone)[-6:])
    words |= {n for n in HouseholdMember.objects.values_list("full_name", flat=True) if n}
    return words


@pytest.mark.django_db
def test_no_answer_carries_a_persons_name_or_contact_details(settings):
    settings.SOCLE_API_RATE = "1000/m"
    populate()
    from community.models import Organisation

    _token, key = services.issue_token(
        acting_user=make_staff(first_name="Staffelina", email="staffelina@example.org"),
        organisation=Organisation.objects.get(name="Fuzz partner"), label="scan",
        scopes=["figures", "platform", "rooms"], expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    paths = [
        "/api/v1/projects/", "/api/v1/activities/", "/api/v1/register/figures/", "/api/v1/rooms/",
        "/api/v1/rooms/salle-polyvalente/availability/", "/api/v1/platforms/",
        "/api/v1/platforms/plateforme-logement/meetings/", "/api/v1/platforms/plateforme-logement/actions/",
    ]
    secrets = details_of_people()
    assert {"Zénobie", "Vandermeersch", "jan.peeters@example.be"} <= secrets
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:200])
        body = response.content.decode()
        digits = re.sub(r"\D", "", body)
        leaked = [s for s in secrets if s in body or (s.isdigit() and s in digits)]
        assert not leaked, (path, leaked)
    # The endpoints did answer with content: the scan read real answers.
    assert "Budget participatif" in client.get(paths[6]).content.decode()
    assert client.get(paths[4]).json()["busy"]
