"""My space starts with what needs the person now (issue 26): each feature
contributes its items through ``community.myspace.register_need_source``,
read together in one query, most urgent first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community.models import Role
from tests.factories import UserFactory, make_staff

pytestmark = pytest.mark.django_db


def my_space(client, language="en"):
    with translation.override(language):
        response = client.get(reverse("community:my_space"))
    assert response.status_code == 200
    return response.content.decode()


def needs_part(content: str) -> str:
    start = content.index('id="needs-title"')
    return content[start:content.index("</section>", start)]


@pytest.fixture
def assembly(time_machine):
    """An assembly member with an online vote open until Friday and a meeting
    convened in twenty days, neither answered."""
    from community.governance.models import Question
    from community.governance.services import bodies, meetings
    from tests.governance.helpers import make_body

    time_machine.move_to("2026-03-03 18:00:00+01:00", tick=False)
    body = make_body()
    member = UserFactory(language="en", roles=[Role.RESIDENT])
    bodies.add_member(body=body, user=member, acting_user=None)
    staff = make_staff(language="en")
    meeting = meetings.create_meeting(body=body, acting_user=staff, title="Spring general assembly",
                                      starts_at=timezone.now() + timedelta(days=20), place="Community room")
    meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Accounts", kind="decision")
    meetings.convene_meeting(meeting=meeting, acting_user=staff)
    meeting.refresh_from_db()
    vote = Question.objects.create(body=body, title="Paint the hall green", status=Question.Status.OPEN,
                                   opens_at=timezone.now() - timedelta(days=1), closes_at=timezone.now() + timedelta(days=3))
    return type("Assembly", (), {"member": member, "meeting": meeting, "vote": vote, "body": body})


def test_nothing_needs_a_new_member_and_the_page_says_so_in_three_languages(client_of):
    client = client_of(UserFactory())
    for language, words in [("fr", "Rien ne vous attend pour l’instant."), ("nl", "Er wacht nu niets op u."),
                            ("en", "Nothing needs you right now.")]:
        assert words in needs_part(my_space(client, language))


def test_an_open_vote_and_a_convocation_come_first_soonest_deadline_first(assembly, client_of):
    part = needs_part(my_space(client_of(assembly.member)))

    assert "Vote: Paint the hall green" in part
    assert "Will you come to Spring general assembly?" in part
    # The vote closes in three days, the meeting is in twenty: the vote first.
    assert part.index("Paint the hall green") < part.index("Spring general assembly")
    with translation.override("en"):
        assert reverse("governance:question", args=[assembly.vote.pk]) in part
        assert reverse("governance:meeting", args=[assembly.meeting.pk]) in part


def test_a_vote_cast_and_a_convocation_answered_need_nothing_more(assembly, client_of):
    from community.governance.models import Participation
    from community.governance.services import meetings

    Participation.objects.create(question=assembly.vote, member=assembly.member, cast_by=assembly.member)
    meetings.answer_rsvp(meeting=assembly.meeting, acting_user=assembly.member, answer="in_person")

    part = needs_part(my_space(client_of(assembly.member)))

    assert "Paint the hall green" not in part and "Spring general assembly" not in part
    assert "Nothing needs you right now." in part


def test_someone_outside_the_assembly_is_not_asked_to_vote(assembly, client_of):
    part = needs_part(my_space(client_of(UserFactory(language="en"))))
    assert "Paint the hall green" not in part


def test_a_room_manager_is_asked_to_answer_a_request_and_its_author_sees_it_waiting(client_of, time_machine):
    from events.models import Booking, Occurrence
    from tests.events.factories import RoomFactory

    time_machine.move_to("2026-03-03 18:00:00+01:00", tick=False)
    manager, resident = UserFactory(language="en"), UserFactory(language="en", roles=[Role.RESIDENT])
    room = RoomFactory(manager=manager)
    start = timezone.now() + timedelta(days=5)
    booking = Booking.objects.create(room=room, booked_by=resident, audience="resident", title="Birthday party",
                                     status=Booking.Status.PENDING)
    Occurrence.objects.create(booking=booking, room=room, status=Booking.Status.PENDING, starts_at=start,
                              ends_at=start + timedelta(hours=3))

    assert "Approve or decline: Birthday party" in needs_part(my_space(client_of(manager)))
    part = needs_part(my_space(client_of(resident)))
    assert "Your request Birthday party" in part and "awaits the room manager" in part
    assert "Approve or decline" not in part
