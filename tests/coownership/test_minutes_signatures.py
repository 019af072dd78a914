"""Minutes of a co-owners' meeting signed at the end of the meeting (Civil Code
art. 3.87 §10), and a syndic without votes who never counts as a member present.

The shared setup's building: Ann owns L1+L2 (500 shares), Bob L3 (300), Carl
L4 (200). The committee member chairs, the syndic is the secretary; Ann stays
to the end; Bob votes and leaves before the end; Carl does not come; Olga
co-owns another building."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from community.governance import selectors as governance_selectors
from community.governance.errors import GovernanceRefusal
from community.governance.models import Meeting, Minutes, MinutesSignature
from community.governance.services import meetings as meeting_services
from community.governance.services import minutes as minutes_services
from community.models import AuditEvent, Notification
from tests.refusals import assert_method_not_allowed, assert_refused

from .conftest import fresh
from .test_meetings import held_meeting, owners, vote  # noqa: F401 (fixture)


@pytest.fixture
def closed(owners, time_machine):  # noqa: F811
    meeting, item = held_meeting(owners, present=[owners.ann, owners.bob, owners.syndic])
    Meeting.objects.filter(pk=meeting.pk).update(chair=owners.committee, secretary=owners.syndic)
    meeting.refresh_from_db()
    owners.question = vote(owners, meeting, item, "absolute", [(owners.ann, "yes"), (owners.bob, "no")])
    meeting_services.check_out(meeting=meeting, member=owners.bob, acting_user=owners.syndic)
    time_machine.shift(600)  # Bob left ten minutes before the end
    meeting_services.close_meeting(meeting=meeting, acting_user=owners.syndic)
    meeting.refresh_from_db()
    owners.meeting = meeting
    Notification.objects.all().delete()
    return owners


def sign(user, meeting):
    return minutes_services.sign_minutes(meeting=meeting, acting_user=fresh(user))


def test_the_syndic_without_votes_is_not_counted_among_the_members(closed):
    # Three co-owners and a syndic checked in: "2 of 3" present, never "3 of 4".
    presence = closed.question.result["presence"]
    assert presence["members"] == 3 and presence["present_or_represented"] == 2
    assert presence["weight_present_or_represented"] == 800 and presence["weight_total"] == 1000
    assert closed.syndic.pk not in governance_selectors.presence(closed.meeting).members
    text = minutes_services.draft_minutes(meeting=closed.meeting, acting_user=closed.syndic).body_html
    assert "2 of 3 members present or represented (800 of 1000 votes)." in text


def test_who_may_sign_and_each_refusal(closed):
    meeting = closed.meeting
    with pytest.raises(GovernanceRefusal, match="not drafted yet"):
        sign(closed.ann, meeting)
    minutes = minutes_services.draft_minutes(meeting=meeting, acting_user=closed.syndic)
    may_sign = lambda user: fresh(user).has_perm("governance.sign_minutes", minutes)  # noqa: E731
    assert may_sign(closed.ann) and may_sign(closed.syndic) and may_sign(closed.committee)
    # Bob left before the end, Carl never came, Olga and the stranger are not of this building.
    for outsider in (closed.bob, closed.carl, closed.olga, closed.stranger, closed.tenant):
        assert not may_sign(outsider)
        with pytest.raises(GovernanceRefusal, match="present at the end of the meeting"):
            sign(outsider, meeting)
    signature = sign(closed.committee, meeting)
    assert signature.role == MinutesSignature.Role.CHAIR
    assert not may_sign(closed.committee)
    with pytest.raises(GovernanceRefusal, match="already signed"):
        sign(closed.committee, meeting)
    assert MinutesSignature.objects.filter(minutes=minutes).count() == 1


def test_a_co_owner_still_present_signs_as_attendee_and_that_alone_does_not_approve(closed):
    minutes = minutes_services.draft_minutes(meeting=closed.meeting, acting_user=closed.syndic)
    assert sign(closed.ann, closed.meeting).role == MinutesSignature.Role.ATTENDEE
    assert sign(closed.committee, closed.meeting).role == MinutesSignature.Role.CHAIR
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.DRAFT


def test_the_first_signature_freezes_the_text(closed, client_of):
    minutes = minutes_services.draft_minutes(meeting=closed.meeting, acting_user=closed.syndic)
    url = reverse("governance_live:minutes", args=[closed.meeting.pk])
    assert "Save the minutes" in client_of(closed.syndic).get(url).content.decode()
    sign(closed.ann, closed.meeting)
    before = Minutes.objects.get(pk=minutes.pk).body_html
    with pytest.raises(GovernanceRefusal, match="signed: their text can no longer change"):
        minutes_services.edit_minutes(minutes=minutes, acting_user=closed.syndic, body_html="<p>Other text</p>")
    with pytest.raises(GovernanceRefusal, match="signed: their text can no longer change"):
        minutes_services.draft_minutes(meeting=closed.meeting, acting_user=closed.syndic)
    page = client_of(closed.syndic).get(url).content.decode()
    assert "Save the minutes" not in page and "The minutes are signed: their text can no longer change." in page
    response = client_of(closed.syndic).post(url, {"body_html": "<p>Other text</p>"}, follow=True)
    assert "can no longer change" in response.content.decode()
    assert Minutes.objects.get(pk=minutes.pk).body_html == before


def test_signed_by_chair_and_secretary_the_minutes_are_approved_and_published(closed):
    minutes = minutes_services.draft_minutes(meeting=closed.meeting, acting_user=closed.syndic)
    with pytest.raises(GovernanceRefusal, match="chair and its secretary have signed"):
        minutes_services.approve_minutes(minutes=minutes, acting_user=closed.syndic)
    sign(closed.committee, closed.meeting)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.DRAFT
    sign(closed.syndic, closed.meeting)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED and minutes.approved_at is not None
    assert minutes.approved_by == closed.syndic
    # Published to every co-owner (and the syndic) of the building.
    assert set(Notification.objects.filter(title__startswith="Minutes approved").values_list("recipient__email", flat=True)) >= {
        "ann@example.org", "bob@example.org", "carl@example.org",
    }
    events = AuditEvent.objects.filter(action="governance.minutes.signed").order_by("pk")
    assert [e.actor_id for e in events] == [closed.committee.pk, closed.syndic.pk]
    assert AuditEvent.objects.filter(action="governance.minutes.approved").count() == 1


def test_pages_pdf_and_refusals_by_person(closed, client_of):
    meeting = closed.meeting
    page_url = reverse("governance_live:minutes", args=[meeting.pk])
    sign_url = reverse("governance_live:minutes_sign", args=[meeting.pk])
    # Not drafted yet: a co-owner present is refused the page and the signature.
    assert_refused(client_of(closed.ann).get(page_url), "Only staff, a secretary of this body or the meeting's chair write its minutes, once it is closed.")
    assert_refused(client_of(closed.ann).post(sign_url), "Only staff, a secretary of this body or the meeting's chair write its minutes, once it is closed.")
    minutes_services.draft_minutes(meeting=meeting, acting_user=closed.syndic)
    # Those who attended read the draft; the chair may sign, Bob (left early) may not.
    attendee_page = client_of(closed.ann).get(page_url).content.decode()
    assert "I have read the minutes and sign them" in attendee_page and "Save the minutes" not in attendee_page
    bob_page = client_of(closed.bob)
    assert "I have read the minutes and sign them" not in bob_page.get(page_url).content.decode()
    response = bob_page.post(sign_url, follow=True)
    assert "present at the end of the meeting" in response.content.decode()
    # Carl did not come: no draft for him; Olga, the tenant and a stranger never.
    for person in (closed.carl, closed.olga, closed.tenant, closed.stranger):
        assert_refused(client_of(person).get(page_url), 'The minutes are read by those who run the meeting and those who attended it; by the other members of the body once approved.')
        assert_refused(client_of(person).post(sign_url), 'The minutes are read by those who run the meeting and those who attended it; by the other members of the body once approved.')
    assert not MinutesSignature.objects.filter(minutes__meeting=meeting).exists()
    assert_method_not_allowed(client_of(closed.ann).get(sign_url), "POST")
    client_of(closed.ann).post(sign_url)
    client_of(closed.committee).post(sign_url)
    response = client_of(closed.syndic).post(sign_url, follow=True)
    assert "they are approved and published" in response.content.decode()
    assert MinutesSignature.objects.filter(minutes__meeting=meeting).count() == 3
    # Approved: every co-owner reads them, with the signatures; Olga still not.
    page = client_of(closed.carl).get(page_url).content.decode()
    assert "Signatures" in page and "(Chair), signed on" in page and "(Secretary), signed on" in page
    assert "(Member present), signed on" in page
    assert_refused(client_of(closed.olga).get(page_url), 'The minutes are read by those who run the meeting and those who attended it; by the other members of the body once approved.')
    pdf = client_of(closed.carl).get(reverse("governance_live:minutes_pdf", args=[meeting.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Signatures" in text and "(Chair), signed on" in text and "(Secretary), signed on" in text


def test_building_page_and_documents_lead_to_the_approved_minutes(closed, client_of):
    meeting = closed.meeting
    minutes_services.draft_minutes(meeting=meeting, acting_user=closed.syndic)
    minutes_url = reverse("governance_live:minutes", args=[meeting.pk])
    building_url = reverse("coownership:building", args=[closed.building.slug])
    documents_url = reverse("coownership:documents", args=[closed.building.slug])
    assert minutes_url not in client_of(closed.carl).get(building_url).content.decode()
    sign(closed.committee, meeting)
    sign(closed.syndic, meeting)
    for url in (building_url, documents_url):
        assert minutes_url in client_of(closed.carl).get(url).content.decode()
    assert_refused(client_of(closed.olga).get(building_url), "This building's pages are for its co-owners, residents, committee and syndic.")


def test_the_database_keeps_one_signature_per_person_and_minutes(closed):
    from django.db import IntegrityError, transaction

    minutes = minutes_services.draft_minutes(meeting=closed.meeting, acting_user=closed.syndic)
    MinutesSignature.objects.create(minutes=minutes, signer=closed.ann, role=MinutesSignature.Role.ATTENDEE)
    with pytest.raises(IntegrityError), transaction.atomic():
        MinutesSignature.objects.create(minutes=minutes, signer=closed.ann, role=MinutesSignature.Role.CHAIR)
