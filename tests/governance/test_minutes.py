"""Draft minutes from a closed meeting: content, editing, approval, PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from community.governance.errors import GovernanceRefusal
from community.governance.models import Minutes
from community.governance.services import live as live_services
from community.governance.services import meetings, voting
from community.governance.services import minutes as minutes_services
from community.models import AuditEvent, Notification
from tests.governance.helpers import run
from tests.refusals import assert_not_found, assert_refused

WRITE = "Only staff, a secretary of this body or the meeting's chair write its minutes, once it is closed."
READ = 'The minutes are read by those who run the meeting and those who attended it; by the other members of the body once approved.'

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(ga, time_machine):
    """Ana gave her proxy to Bob; Bob, Chloe (in person) and Dan (online) came.
    An open motion (Chloe against, Dan abstains) and a secret one, then the meeting closed."""
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    meeting = run(ga.meeting, ga.staff, time_machine, ga.bob, ga.chloe)
    meetings.check_in(meeting=meeting, member=ga.dan, acting_user=ga.staff, mode="online")
    item = meeting.agenda_items.first()
    open_vote = voting.add_question(body=ga.body, meeting=meeting, agenda_item=item, acting_user=ga.staff, title="Approve the accounts 2025")
    secret = voting.add_question(body=ga.body, meeting=meeting, acting_user=ga.staff, title="Discharge the board", is_secret=True)
    for question in (open_vote, secret):
        live_services.open_vote(question=question, acting_user=ga.staff)
    code = {c.code: c.pk for c in open_vote.choices.all()}
    voting.cast_ballots(question=open_vote, acting_user=ga.bob, instructions={ga.bob.pk: [code["yes"]], ga.ana.pk: [code["yes"]]})
    voting.cast_ballots(question=open_vote, acting_user=ga.chloe, instructions={ga.chloe.pk: [code["no"]]})
    voting.cast_ballots(question=open_vote, acting_user=ga.dan, instructions={ga.dan.pk: [code["abstain"]]})
    secret_code = {c.code: c.pk for c in secret.choices.all()}
    voting.cast_ballots(question=secret, acting_user=ga.chloe, instructions={ga.chloe.pk: [secret_code["no"]]})
    voting.cast_ballots(question=secret, acting_user=ga.dan, instructions={ga.dan.pk: [secret_code["abstain"]]})
    for question in (open_vote, secret):
        live_services.close_vote(question=question, acting_user=ga.staff)
    live_services.close(meeting=meeting, acting_user=ga.staff)
    meeting.refresh_from_db()
    Notification.objects.all().delete()
    return meeting


def test_minutes_only_after_closing(ga):
    with pytest.raises(GovernanceRefusal, match="once the meeting is closed"):
        minutes_services.draft_minutes(meeting=ga.meeting, acting_user=ga.staff)
    assert not Minutes.objects.exists()


def test_draft_lists_attendance_quorum_and_results(ga, closed):
    minutes = minutes_services.draft_minutes(meeting=closed, acting_user=ga.staff)
    text = minutes.body_html
    assert "Present in person: Bob Test, Chloe Test." in text
    assert "Present online: Dan Test." in text
    assert "Ana Test (by Bob Test)" in text
    assert "4 of 5 members present or represented" in text and "The quorum is reached." in text
    assert "1. Accounts" in text and "Approve the accounts 2025" in text
    assert "Yes: 2. No: 1. Abstentions: 1." in text and "The motion is adopted." in text
    assert "Against: Chloe Test." in text and "Abstaining: Dan Test." in text
    # The secret vote: counts, no names.
    secret_part = text.split("Discharge the board", 1)[1]
    assert "Yes: 0. No: 1. Abstentions: 1." in secret_part and "The motion is rejected." in secret_part
    assert "Chloe" not in secret_part and "Dan" not in secret_part
    assert AuditEvent.objects.filter(action="governance.minutes.drafted").count() == 1


def test_edit_is_sanitised_then_approval_publishes_and_freezes(ga, closed):
    minutes = minutes_services.draft_minutes(meeting=closed, acting_user=ga.staff)
    minutes_services.edit_minutes(minutes=minutes, acting_user=ga.staff,
                                  body_html=minutes.body_html + '<p onclick="x()">Signed by the chair.</p><script>alert(1)</script>')
    minutes.refresh_from_db()
    assert "Signed by the chair." in minutes.body_html and "script" not in minutes.body_html and "onclick" not in minutes.body_html
    with pytest.raises(GovernanceRefusal, match="cannot be empty"):
        minutes_services.edit_minutes(minutes=minutes, acting_user=ga.staff, body_html="<script>x</script>")
    minutes_services.approve_minutes(minutes=minutes, acting_user=ga.staff)
    assert Notification.objects.filter(title__startswith="Minutes approved").count() == 5
    before = Minutes.objects.get(pk=minutes.pk).body_html
    with pytest.raises(GovernanceRefusal, match="can no longer change"):
        minutes_services.edit_minutes(minutes=minutes, acting_user=ga.staff, body_html="<p>Rewritten</p>")
    with pytest.raises(GovernanceRefusal, match="can no longer change"):
        minutes_services.draft_minutes(meeting=closed, acting_user=ga.staff)
    with pytest.raises(GovernanceRefusal, match="already approved"):
        minutes_services.approve_minutes(minutes=minutes, acting_user=ga.staff)
    assert Minutes.objects.get(pk=minutes.pk).body_html == before
    actions = list(AuditEvent.objects.filter(action__startswith="governance.minutes").values_list("action", flat=True))
    assert sorted(actions) == ["governance.minutes.approved", "governance.minutes.drafted", "governance.minutes.edited"]


def test_pages_and_pdf_by_role(ga, closed, client_of):
    page_url = reverse("governance_live:minutes", args=[closed.pk])
    pdf_url = reverse("governance_live:minutes_pdf", args=[closed.pk])
    staff, member, outsider = client_of(ga.staff), client_of(ga.ana), client_of(ga.outsider)
    # Before any draft: members see nothing, staff may draft.
    assert_refused(member.get(page_url), WRITE)
    assert_refused(member.post(reverse("governance_live:minutes_draft", args=[closed.pk])), WRITE)
    assert not Minutes.objects.exists()
    assert "Draft the minutes" in staff.get(page_url).content.decode()
    staff.post(reverse("governance_live:minutes_draft", args=[closed.pk]))
    # A draft: still not for members.
    assert_refused(member.get(page_url), READ)
    assert_refused(member.get(pdf_url), READ)
    response = staff.post(page_url, {"body_html": "<h3>Minutes</h3><p>Approve the accounts 2025: adopted, 2 yes, 1 no.</p>"}, follow=True)
    assert "The minutes are saved." in response.content.decode()
    assert "cannot be empty" in staff.post(page_url, {"body_html": ""}, follow=True).content.decode()
    assert_refused(member.post(reverse("governance_live:minutes_approve", args=[closed.pk])), WRITE)
    assert Minutes.objects.get(meeting=closed).status == Minutes.Status.DRAFT
    staff.post(reverse("governance_live:minutes_approve", args=[closed.pk]))
    # Approved: members read them and their PDF; outsiders never.
    page = member.get(page_url)
    assert page.status_code == 200 and "Approve the accounts 2025: adopted" in page.content.decode()
    assert "Save the minutes" not in page.content.decode()
    assert_refused(member.post(page_url, {"body_html": "<p>x</p>"}), "Only draft minutes are edited, by those who write them.")
    assert "<p>x</p>" not in Minutes.objects.get(meeting=closed).body_html
    assert_refused(outsider.get(page_url), READ)
    assert_refused(outsider.get(pdf_url), READ)
    pdf = member.get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Approve the accounts 2025: adopted" in text and "Approved on" in text


def test_minutes_page_of_an_unknown_meeting_is_404(ga, client_of):
    assert_not_found(client_of(ga.staff).get(reverse("governance_live:minutes", args=[999999])))
    assert_not_found(client_of(ga.staff).get(reverse("governance_live:minutes_pdf", args=[999999])))


def test_meeting_page_links_the_minutes_once_approved(ga, closed, client_of):
    url = reverse("governance:meeting", args=[closed.pk])
    minutes_url = reverse("governance_live:minutes", args=[closed.pk])
    assert minutes_url in client_of(ga.staff).get(url).content.decode()
    assert minutes_url not in client_of(ga.ana).get(url).content.decode()
    minutes = minutes_services.draft_minutes(meeting=closed, acting_user=ga.staff)
    minutes_services.approve_minutes(minutes=minutes, acting_user=ga.staff)
    assert minutes_url in client_of(ga.ana).get(url).content.decode()


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
@pytest.mark.parametrize("variant", ["as_run", "no_chair_online_described"])
def test_the_one_minutes_builder_writes_the_draft_as_the_assemblies_wrote_it(ga, closed, language, variant):
    """Issue 17: the draft now comes from the meeting core's builder
    (community.meetings.minutes); a person reads the same text as from the
    assemblies' own template before (kept beside this test)."""
    from pathlib import Path

    from django.template import engines
    from django.utils import translation

    from community.governance.minutes import draft_html, minutes_data
    from community.governance.models import AgendaItem, Meeting

    if variant == "no_chair_online_described":
        Meeting.objects.filter(pk=closed.pk).update(chair=None, online_url="https://meet.example/ag", place="")
        AgendaItem.objects.filter(meeting=closed).update(description="<p>Les comptes & le <strong>bilan</strong>.</p>")
        AgendaItem.objects.create(meeting=closed, order=9, title="Divers <à voir>")  # no vote on it
    before = (Path(__file__).parent / "minutes_draft_before_issue17.html").read_text()
    with translation.override(language):
        expected = engines["django"].from_string(before).render(minutes_data(closed))
        assert draft_html(closed) == expected
