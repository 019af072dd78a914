"""A member without e-mail in a general assembly: convened by letter (no
e-mail, nothing crashes), counted present and represented like everyone, in
the room counts and named by a paper proxy. Tuesday 3 March 2026 (the ``ga``
setup: five members, a meeting 20 days later)."""

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.governance import paper, selectors
from community.governance.errors import VoteRefusal
from community.governance.models import Meeting, RoomCount
from community.governance.services import meetings, voting
from community.governance.services.paper_proxies import record_paper_proxy
from community.models import AuditEvent, Role
from community.services import people
from coownership.demo import tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def georgette(ga):
    member = people.create_member_without_email(
        acting_user=ga.staff, first_name="Georgette", last_name="Vermeulen", language="nl",
        address=people.PostalAddress("Kliniekstraat 4", "1070", "Anderlecht"), roles=[Role.RESIDENT],
    )
    return member  # seated in the general assembly by the service, as a resident


@pytest.fixture
def convened(ga, georgette, django_capture_on_commit_callbacks):
    meeting = meetings.create_meeting(body=ga.body, acting_user=ga.staff, title="Autumn general assembly",
                                      starts_at=timezone.now() + timedelta(days=16), place="Community room")
    meetings.add_agenda_item(meeting=meeting, acting_user=ga.staff, title="Budget 2027", kind="decision")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.convene_meeting(meeting=meeting, acting_user=ga.staff)
    meeting.refresh_from_db()
    return meeting


def test_a_resident_created_without_email_sits_in_the_general_assembly_in_the_residents_college(ga, georgette):
    membership = selectors.membership(ga.body, georgette)
    assert membership is not None and membership.college == ga.residents and membership.weight == 1


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_member_without_email_is_convened_by_letter_and_the_others_by_email(ga, georgette, convened, client_of):
    convocations = [m for m in mail.outbox if "Autumn general assembly" in m.subject]
    assert sorted(m.to[0] for m in convocations) == [f"{n}@example.org" for n in ("ana", "bob", "chloe", "dan", "eva")]
    [letter] = paper.letters_for(convened)
    assert (letter.name, letter.street, letter.postal_code, letter.municipality, letter.language) == (
        "Georgette Vermeulen", "Kliniekstraat 4", "1070", "Anderlecht", "nl")
    assert letter.member_ids == {georgette.pk}
    assert AuditEvent.objects.get(action="governance.meeting.convened", target_id=str(convened.pk)).data["letters"] == 1

    staff = client_of(ga.staff)
    assert "Convocations by post" in staff.get(f"/en/assemblies/prepare/{convened.pk}/").content.decode()
    page = staff.get(f"/en/assemblies/prepare/{convened.pk}/letters/").content.decode()
    assert "Georgette Vermeulen" in page and "Kliniekstraat 4, 1070 Anderlecht" in page
    response = staff.get(f"/en/assemblies/prepare/{convened.pk}/letters.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    # In her language (Dutch), with the agenda and the place.
    assert "Georgette Vermeulen" in text and "1070 Anderlecht" in text and "Budget 2027" in text
    assert "Community room" in text and "Referentie" in text
    rows = staff.get(f"/en/assemblies/prepare/{convened.pk}/letters.csv").content.decode().splitlines()
    assert rows == ["Name,Address,Postal code,Municipality,Country,Reference",
                    f"Georgette Vermeulen,Kliniekstraat 4,1070,Anderlecht,,{letter.reference}"]


def test_only_staff_and_secretaries_print_the_letters(ga, convened, client_of):
    client = client_of(ga.ana)
    for suffix in ("letters/", "letters.pdf", "letters.csv"):
        response = client.get(f"/en/assemblies/prepare/{convened.pk}/{suffix}")
        assert response.status_code == 403
        assert "Only the staff and the meeting&#x27;s secretaries prepare the letters of a convocation." in response.content.decode()


def test_a_draft_has_no_letters_to_print(ga, georgette, client_of):
    draft = meetings.create_meeting(body=ga.body, acting_user=ga.staff, title="Draft", place="Room",
                                    starts_at=timezone.now() + timedelta(days=30))
    client = client_of(ga.staff)
    assert "once the meeting is convened" in client.get(f"/en/assemblies/prepare/{draft.pk}/letters/").content.decode()
    page = client.get(f"/en/assemblies/prepare/{draft.pk}/letters.pdf", follow=True).content.decode()
    assert "There are no letters to print" in page


def test_postponing_convenes_her_by_letter_again_not_by_email(ga, georgette, convened, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.postpone_meeting(meeting=convened, acting_user=ga.staff, starts_at=convened.starts_at + timedelta(days=7))
    assert mail.outbox and all(georgette.pk and m.to != [None] for m in mail.outbox)
    assert sorted(m.to[0] for m in mail.outbox) == [f"{n}@example.org" for n in ("ana", "bob", "chloe", "dan", "eva")]
    assert [letter.name for letter in paper.letters_for(Meeting.objects.get(pk=convened.pk))] == ["Georgette Vermeulen"]


def test_she_counts_in_attendance_room_counts_and_paper_proxies(ga, georgette, time_machine, client_of,
                                                                django_capture_on_commit_callbacks):
    # Checked in by the chair, found by her name in the console.
    meetings.add_agenda_item(meeting=ga.meeting, acting_user=ga.staff, title="Budget", kind="decision")
    time_machine.move_to(ga.meeting.starts_at - timedelta(days=1), tick=False)
    # Bob cannot come: his signed paper proxy names Georgette as his holder.
    with django_capture_on_commit_callbacks(execute=True):
        record_paper_proxy(meeting=ga.meeting, principal=ga.bob, holder=georgette, acting_user=ga.staff,
                           signed_on=date(2026, 3, 20),
                           scan=SimpleUploadedFile("proxy.pdf", tiny_pdf("Proxy"), content_type="application/pdf"))
    time_machine.move_to(ga.meeting.starts_at, tick=False)
    meeting = meetings.start_meeting(meeting=ga.meeting, acting_user=ga.staff)
    console = client_of(ga.staff).get(f"/en/assemblies/meetings/{meeting.pk}/console/?q=Vermeulen").content.decode()
    assert "Georgette Vermeulen" in console
    with django_capture_on_commit_callbacks(execute=True):
        client_of(ga.staff).post(f"/en/assemblies/meetings/{meeting.pk}/console/check-in/",
                                 {"member": georgette.pk, "mode": "in_person"})
    meetings.check_in(meeting=meeting, member=ga.ana, acting_user=ga.staff)
    presence = selectors.presence(meeting)
    assert {georgette.pk, ga.bob.pk, ga.ana.pk} <= set(presence.present_or_represented)
    question = voting.add_question(body=ga.body, meeting=meeting, acting_user=ga.staff, title="Approve the budget")
    voting.open_question(question=question, acting_user=ga.staff)
    codes = {c.code: c.pk for c in question.choices.all()}
    # Three in the room: Ana, Georgette and Bob through her; a fourth is refused.
    with pytest.raises(VoteRefusal, match="present or represented"):
        voting.record_room_count(question=question, acting_user=ga.staff, method=RoomCount.Method.SHOW_OF_HANDS,
                                 counted_by="Dan", totals={(codes["yes"], None): (4, None)})
    voting.record_room_count(question=question, acting_user=ga.staff, method=RoomCount.Method.SHOW_OF_HANDS,
                             counted_by="Dan", totals={(codes["yes"], None): (3, None)})
    assert RoomCount.objects.filter(question=question).exists()


def test_a_member_with_email_but_no_address_is_never_given_a_letter(ga, convened):
    assert all(letter.name != "Ana Test" for letter in paper.letters_for(convened))
    # A member without e-mail outside the body is not convened at all.
    people.create_member_without_email(acting_user=ga.staff, first_name="Marcel", last_name="Dewit",
                                       address=people.PostalAddress("Rue Haute 1", "1000", "Bruxelles"))
    assert len(paper.letters_for(convened)) == 1
