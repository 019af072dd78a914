"""Cancelling and postponing a meeting: through the services (who may, when,
what lapses, who is told) and through the preparation pages (confirmation
step, refusals, what members then see)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from community.governance import selectors
from community.governance.errors import GovernanceRefusal
from community.governance.models import Attendance, Meeting, Proxy, Question
from community.governance.services import meetings, voting
from community.models import AuditEvent, MeetingReply, Notification
from tests.factories import UserFactory
from tests.governance.helpers import make_body, run
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db

BRUSSELS = timezone.get_default_timezone()
REASON = "The community room is flooded."


def fresh(meeting):
    return Meeting.objects.get(pk=meeting.pk)


def other_body_secretary():
    other = make_body(name="Board", slug="board-x")
    secretary = UserFactory(email="sec@example.org", first_name="Sec", last_name="Other", language="en")
    other.secretaries.add(secretary)
    return secretary


def with_reply_and_proxy(ga):
    meetings.answer_rsvp(meeting=ga.meeting, acting_user=ga.bob, answer="in_person")
    proxy = meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.chloe, acting_user=ga.ana)
    Notification.objects.all().delete()
    return proxy


# --- cancelling ------------------------------------------------------------------------------


def test_cancel_tells_every_member_why_and_replies_and_proxies_lapse(ga):
    ga.dan.language = "fr"
    ga.dan.save()
    proxy = with_reply_and_proxy(ga)
    meetings.cancel_meeting(meeting=ga.meeting, acting_user=ga.staff, reason=f"  {REASON}  ")
    meeting = fresh(ga.meeting)
    assert meeting.status == Meeting.Status.CANCELLED
    assert (meeting.cancellation_reason, meeting.cancelled_by, meeting.cancelled_at) == (REASON, ga.staff, timezone.now())
    sent = Notification.objects.filter(category="governance")
    assert sorted(n.recipient.email for n in sent) == [f"{p}@example.org" for p in ["ana", "bob", "chloe", "dan", "eva"]]
    bob = sent.get(recipient=ga.bob)
    assert bob.title == "Cancelled: Spring general assembly on 23 March 2026, 18:00"
    assert REASON in bob.body and "proxy" in bob.body
    assert bob.url == f"/en/assemblies/meetings/{meeting.pk}/"
    dan = sent.get(recipient=ga.dan)
    assert dan.title.startswith("Annulée") and REASON in dan.body and dan.url.startswith("/fr/")
    [ics] = bob.attachments
    assert ics["mimetype"] == "text/calendar" and ics["filename"] == f"meeting-{meeting.pk}.ics"
    assert "STATUS:CANCELLED" in ics["content"] and "METHOD:CANCEL" in ics["content"]
    assert f"UID:governance-meeting-{meeting.pk}@socle" in ics["content"]
    # Kept for the record, no longer active.
    proxy = Proxy.objects.get(pk=proxy.pk)
    assert proxy.lapsed_at == proxy.withdrawn_at == timezone.now()
    assert selectors.active_proxies(meeting) == {}
    assert MeetingReply.objects.get(user=ga.bob).lapsed_at == timezone.now()
    audit = AuditEvent.objects.get(action="governance.meeting.cancelled")
    assert audit.actor == ga.staff and audit.data["reason"] == REASON
    assert (audit.data["recipients"], audit.data["replies_lapsed"], audit.data["proxies_lapsed"]) == (5, 1, 1)


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_cancel_needs_a_reason(ga, reason):
    with pytest.raises(GovernanceRefusal, match="Say why|under 2000"):
        meetings.cancel_meeting(meeting=ga.meeting, acting_user=ga.staff, reason=reason)
    assert fresh(ga.meeting).status == Meeting.Status.CONVENED
    assert not Notification.objects.exists() and not AuditEvent.objects.filter(action__endswith="cancelled").exists()


def test_a_cancelled_meeting_sends_no_reminder_and_takes_no_reply_proxy_or_vote(ga, time_machine):
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Approve the accounts")
    meetings.cancel_meeting(meeting=ga.meeting, acting_user=ga.staff, reason=REASON)
    Notification.objects.all().delete()
    time_machine.move_to(ga.meeting.starts_at - timedelta(hours=24), tick=False)
    assert meetings.send_reminders() == 0
    assert not Notification.objects.exists()
    with pytest.raises(GovernanceRefusal, match="Replies are open only"):
        meetings.answer_rsvp(meeting=fresh(ga.meeting), acting_user=ga.bob, answer="in_person")
    with pytest.raises(GovernanceRefusal, match="convened meeting only"):
        meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    with pytest.raises(GovernanceRefusal, match="Only a convened meeting can start"):
        meetings.start_meeting(meeting=ga.meeting, acting_user=ga.staff)
    with pytest.raises(GovernanceRefusal, match="was cancelled: its votes will not take place"):
        voting.open_question(question=question, acting_user=ga.staff)
    with pytest.raises(GovernanceRefusal, match="was cancelled: its votes will not take place"):
        meetings.refuse_if_cancelled(fresh(ga.meeting))
    assert Question.objects.get(pk=question.pk).status == Question.Status.DRAFT
    with pytest.raises(GovernanceRefusal, match="already cancelled"):
        meetings.cancel_meeting(meeting=ga.meeting, acting_user=ga.staff, reason=REASON)
    with pytest.raises(GovernanceRefusal, match="already cancelled"):
        meetings.postpone_meeting(meeting=ga.meeting, acting_user=ga.staff, starts_at=ga.meeting.starts_at + timedelta(days=30))


def test_a_draft_cancelled_before_its_convocation_tells_nobody_and_stays_hidden(ga, client_of):
    draft = meetings.create_meeting(body=ga.body, acting_user=ga.staff, title="Extra assembly",
                                    starts_at=timezone.now() + timedelta(days=40), place="Hall")
    meetings.cancel_meeting(meeting=draft, acting_user=ga.staff, reason="Not needed after all.")
    assert fresh(draft).status == Meeting.Status.CANCELLED
    assert not Notification.objects.exists()
    assert_refused(client_of(ga.ana).get(f"/en/assemblies/meetings/{draft.pk}/"), "This meeting is for the members of its body, once it is convened.")
    assert "Extra assembly" not in client_of(ga.ana).get("/en/assemblies/").content.decode()


def begin_by_check_in(ga, time_machine):
    time_machine.move_to(ga.meeting.starts_at - timedelta(hours=1), tick=False)
    meetings.check_in(meeting=ga.meeting, member=ga.bob, acting_user=ga.staff)


def begin_by_opening_a_vote(ga, time_machine):
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Approve")
    meeting = run(ga.meeting, ga.staff, time_machine)
    voting.open_question(question=question, acting_user=ga.staff)
    # Even if the meeting were set back to convened by hand, the opened vote says it began.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CONVENED)


def begin_by_starting(ga, time_machine):
    run(ga.meeting, ga.staff, time_machine)


def begin_and_close(ga, time_machine):
    meetings.close_meeting(meeting=run(ga.meeting, ga.staff, time_machine), acting_user=ga.staff)


@pytest.mark.parametrize("begin", [begin_by_check_in, begin_by_opening_a_vote, begin_by_starting, begin_and_close])
def test_a_meeting_that_has_begun_can_be_neither_cancelled_nor_postponed(ga, time_machine, begin):
    begin(ga, time_machine)
    before = fresh(ga.meeting)
    Notification.objects.all().delete()
    with pytest.raises(GovernanceRefusal, match="has begun .* can no longer be cancelled or postponed"):
        meetings.cancel_meeting(meeting=ga.meeting, acting_user=ga.staff, reason=REASON)
    with pytest.raises(GovernanceRefusal, match="has begun"):
        meetings.postpone_meeting(meeting=ga.meeting, acting_user=ga.staff, starts_at=timezone.now() + timedelta(days=40))
    after = fresh(ga.meeting)
    assert (after.status, after.starts_at, after.cancellation_reason) == (before.status, before.starts_at, "")
    assert not Notification.objects.exists()


def test_the_hour_passing_alone_does_not_make_a_meeting_begun(ga, time_machine):
    """Nobody came and nothing opened: the secretary may still record that it is cancelled."""
    time_machine.move_to(ga.meeting.starts_at + timedelta(hours=3), tick=False)
    meetings.cancel_meeting(meeting=ga.meeting, acting_user=ga.staff, reason="Nobody could open the room.")
    assert fresh(ga.meeting).status == Meeting.Status.CANCELLED


def test_only_staff_and_secretaries_cancel_or_postpone(ga):
    chair_only, meeting_secretary, body_secretary = (
        UserFactory(email=f"{n}@example.org", language="en") for n in ("chair", "msec", "bsec")
    )
    Meeting.objects.filter(pk=ga.meeting.pk).update(chair=chair_only, secretary=meeting_secretary)
    ga.body.secretaries.add(body_secretary)
    later = timezone.now() + timedelta(days=30)
    for refused in (ga.ana, ga.outsider, chair_only, other_body_secretary(), None):
        with pytest.raises(GovernanceRefusal, match="Only staff and the secretaries"):
            meetings.cancel_meeting(meeting=fresh(ga.meeting), acting_user=refused, reason=REASON)
        with pytest.raises(GovernanceRefusal, match="Only staff and the secretaries"):
            meetings.postpone_meeting(meeting=fresh(ga.meeting), acting_user=refused, starts_at=later)
    assert fresh(ga.meeting).status == Meeting.Status.CONVENED and not Notification.objects.exists()
    for allowed, days in ((meeting_secretary, 30), (body_secretary, 31), (ga.staff, 32)):
        meetings.postpone_meeting(meeting=fresh(ga.meeting), acting_user=allowed, starts_at=timezone.now() + timedelta(days=days))
    assert fresh(ga.meeting).postponements == 3
    meetings.cancel_meeting(meeting=fresh(ga.meeting), acting_user=meeting_secretary, reason=REASON)


# --- postponing ------------------------------------------------------------------------------


def test_postpone_respects_the_notice_period_from_the_new_convocation(ga):
    # Now: Tuesday 3 March 2026, 18:00; 15 days' notice: 18 March 18:00 at the earliest.
    too_soon = datetime(2026, 3, 18, 17, 59, tzinfo=BRUSSELS)
    with pytest.raises(GovernanceRefusal) as refused:
        meetings.postpone_meeting(meeting=ga.meeting, acting_user=ga.staff, starts_at=too_soon)
    assert refused.value.message == (
        "Members must be convened at least 15 days before the meeting: the earliest possible date is 18 March 2026, 18:00."
    )
    assert fresh(ga.meeting).starts_at == ga.meeting.starts_at and not Notification.objects.exists()
    with pytest.raises(GovernanceRefusal, match="other than the current one"):
        meetings.postpone_meeting(meeting=ga.meeting, acting_user=ga.staff, starts_at=ga.meeting.starts_at)
    # Exactly at the edge: in time.
    meetings.postpone_meeting(meeting=ga.meeting, acting_user=ga.staff, starts_at=datetime(2026, 3, 18, 18, 0, tzinfo=BRUSSELS))
    assert fresh(ga.meeting).starts_at == datetime(2026, 3, 18, 18, 0, tzinfo=BRUSSELS)


def test_postpone_convenes_again_keeps_proxies_and_asks_replies_again(ga, time_machine):
    proxy = with_reply_and_proxy(ga)
    ga.eva.language = "nl"
    ga.eva.save()
    Meeting.objects.filter(pk=ga.meeting.pk).update(ends_at=ga.meeting.starts_at + timedelta(hours=2), reminded_at=timezone.now())
    old = ga.meeting.starts_at
    new = datetime(2026, 4, 21, 18, 30, tzinfo=BRUSSELS)
    meetings.postpone_meeting(meeting=ga.meeting, acting_user=ga.staff, starts_at=new, reason="The auditor needs more time.")
    meeting = fresh(ga.meeting)
    assert (meeting.starts_at, meeting.ends_at, meeting.first_starts_at) == (new, new + timedelta(hours=2), old)
    assert (meeting.status, meeting.postponements, meeting.convened_at, meeting.reminded_at) == (
        Meeting.Status.CONVENED, 1, timezone.now(), None)
    assert selectors.active_proxies(meeting) == {ga.ana.pk: ga.chloe.pk}
    assert Proxy.objects.get(pk=proxy.pk).lapsed_at is None
    assert MeetingReply.objects.get(user=ga.bob).lapsed_at == timezone.now()
    sent = Notification.objects.filter(category="governance")
    assert sent.count() == 5
    bob = sent.get(recipient=ga.bob)
    assert bob.title == "Postponed: Spring general assembly, now on 21 April 2026, 18:30"
    assert "no longer meets on 23 March 2026, 18:00 but on 21 April 2026, 18:30" in bob.body
    assert "The auditor needs more time." in bob.body and "unless you withdraw it" in bob.body
    assert sent.get(recipient=ga.eva).title.startswith("Uitgesteld")
    ics = bob.attachments[0]["content"]
    assert "DTSTART;TZID=Europe/Brussels:20260421T183000" in ics and "SEQUENCE:1" in ics and "STATUS:CONFIRMED" in ics
    audit = AuditEvent.objects.get(action="governance.meeting.postponed")
    assert (audit.data["before"], audit.data["after"]) == (old.isoformat(), new.isoformat())
    # The reply is asked again; the proxy may still be withdrawn before the new date.
    meetings.answer_rsvp(meeting=meeting, acting_user=ga.bob, answer="absent")
    assert MeetingReply.objects.get(user=ga.bob).lapsed_at is None
    meetings.withdraw_proxy(proxy=proxy, acting_user=ga.ana)
    # The reminder goes out again, before the new date only.
    Notification.objects.all().delete()
    time_machine.move_to(old - timedelta(hours=24), tick=False)
    assert meetings.send_reminders() == 0
    time_machine.move_to(new - timedelta(hours=24), tick=False)
    assert meetings.send_reminders() == 1
    assert Notification.objects.get(recipient=ga.bob).title == "Reminder: Spring general assembly on 21 April 2026, 18:30"


def test_postpone_without_reason_and_of_a_draft(ga):
    meetings.postpone_meeting(meeting=ga.meeting, acting_user=ga.staff, starts_at=timezone.now() + timedelta(days=30))
    body = Notification.objects.get(recipient=ga.bob).body
    assert "Reason" not in body and "Place: Community room" in body
    Notification.objects.all().delete()
    draft = meetings.create_meeting(body=ga.body, acting_user=ga.staff, title="Draft", starts_at=timezone.now() + timedelta(days=40),
                                    place="Hall")
    # A draft's date just changes: the notice period is checked when it is convened.
    meetings.postpone_meeting(meeting=draft, acting_user=ga.staff, starts_at=timezone.now() + timedelta(days=3))
    assert fresh(draft).starts_at == timezone.now() + timedelta(days=3) and fresh(draft).postponements == 0
    assert not Notification.objects.exists()
    with pytest.raises(GovernanceRefusal, match="date to come"):
        meetings.postpone_meeting(meeting=draft, acting_user=ga.staff, starts_at=timezone.now() - timedelta(hours=1))


# --- the pages -------------------------------------------------------------------------------


def test_preparation_page_offers_both_to_who_may_only(ga, client_of):
    url = f"/en/assemblies/prepare/{ga.meeting.pk}/"
    text = client_of(ga.staff).get(url).content.decode()
    assert "Postpone the meeting" in text and "Cancel the meeting" in text
    chair = UserFactory(email="chair@example.org", language="en")
    Meeting.objects.filter(pk=ga.meeting.pk).update(chair=chair)
    text = client_of(chair).get(url).content.decode()  # the chair runs it, but does not cancel it
    assert "Prepare" in text and "Cancel the meeting" not in text
    for refused in (ga.ana, other_body_secretary(), chair):
        for action in ("cancel", "postpone"):
            assert_refused(client_of(refused).get(f"{url}{action}/"), "Only staff or a secretary cancel or postpone this meeting.")
            assert_refused(client_of(refused).post(f"{url}{action}/", {"reason": REASON, "date": "2026-04-30", "start": "18:00"}), "Only staff or a secretary cancel or postpone this meeting.")
    assert fresh(ga.meeting).status == Meeting.Status.CONVENED


def test_both_forms_e_mail_every_member_so_they_carry_a_rate_limit():
    from community.governance import views

    assert views.cancel_meeting.rate_limit == views.postpone_meeting.rate_limit == views.meeting_action.rate_limit


def test_anonymous_goes_to_log_in(ga, client):
    for action in ("cancel", "postpone"):
        response = client.post(f"/en/assemblies/prepare/{ga.meeting.pk}/{action}/", {"reason": REASON})
        assert response["Location"].startswith("/en/accounts/login/")
    assert fresh(ga.meeting).status == Meeting.Status.CONVENED


def test_cancel_through_the_confirmation_page_then_what_members_see(ga, client_of):
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Approve the accounts")
    with_reply_and_proxy(ga)
    staff = client_of(ga.staff)
    url = f"/en/assemblies/prepare/{ga.meeting.pk}/cancel/"
    confirm = staff.get(url).content.decode()
    assert "5 members are notified" in confirm and "1 reply lapses" in confirm and "1 proxy lapses" in confirm
    response = staff.post(url, {"reason": "  "}, follow=True)
    assert "Say why the meeting is cancelled" in response.content.decode()
    assert fresh(ga.meeting).status == Meeting.Status.CONVENED
    response = staff.post(url, {"reason": REASON}, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/assemblies/prepare/{ga.meeting.pk}/"
    text = response.content.decode()
    assert "The meeting is cancelled; its members are notified." in text and f"Cancelled — {REASON}" in text
    assert "Cancel the meeting" not in text and "Open the vote" not in text
    # Refused once cancelled, with the reason.
    assert "already cancelled" in staff.post(url, {"reason": REASON}, follow=True).content.decode()

    ana = client_of(ga.ana)
    page = ana.get(f"/en/assemblies/meetings/{ga.meeting.pk}/").content.decode()
    assert f"Cancelled — {REASON}" in page
    assert "The proxy you gave to Chloe Test lapsed with the cancellation." in page
    assert "Give my proxy" not in page and "Will you come?" not in page
    assert "Your reply (“I will come”) lapsed" in client_of(ga.bob).get(f"/en/assemblies/meetings/{ga.meeting.pk}/").content.decode()
    home = ana.get("/en/assemblies/").content.decode()
    assert "Spring general assembly" in home and "status-cancelled" in home
    # The ballot pages refuse, with a translated message.
    page = staff.get(f"/en/assemblies/questions/{question.pk}/").content.decode()
    assert "This meeting was cancelled: its votes will not take place." in page and "Open the vote" not in page
    # Its votes never opened, so members have no ballot to reach; the vote URL is refused.
    assert_refused(ana.post(f"/en/assemblies/questions/{question.pk}/vote/", {"voter": ga.ana.pk}), 'Only the members of this body vote on this question, once it is put to them.')
    for open_url in (f"/en/assemblies/questions/{question.pk}/run/open/", f"/en/assemblies/questions/{question.pk}/console/open/"):
        response = staff.post(open_url, follow=True)
        assert "This meeting was cancelled: its votes will not take place." in response.content.decode()
    assert Question.objects.get(pk=question.pk).status == Question.Status.DRAFT


def test_french_page_says_it_plainly(ga, client_of):
    meetings.cancel_meeting(meeting=ga.meeting, acting_user=ga.staff, reason=REASON)
    page = client_of(ga.ana).get(f"/fr/assemblies/meetings/{ga.meeting.pk}/").content.decode()
    assert f"Annulée — {REASON}" in page


def test_postpone_through_the_confirmation_page(ga, client_of):
    staff = client_of(ga.staff)
    url = f"/en/assemblies/prepare/{ga.meeting.pk}/postpone/"
    confirm = staff.get(url).content.decode()
    assert "the earliest possible date is Wednesday, 18 March 2026, 18:00" in confirm
    response = staff.post(url, {"date": "2026-03-10", "start": "18:00"}, follow=True)
    assert "the earliest possible date is 18 March 2026, 18:00." in response.content.decode()
    response = staff.post(url, {"date": "not a date", "start": "18:00"}, follow=True)
    assert "Give the new date and time of the meeting." in response.content.decode()
    assert fresh(ga.meeting).postponements == 0
    response = staff.post(url, {"date": "2026-04-21", "start": "18:30", "reason": "Room taken."}, follow=True)
    assert "The meeting is moved to its new date; its members are notified." in response.content.decode()
    assert fresh(ga.meeting).starts_at == datetime(2026, 4, 21, 18, 30, tzinfo=BRUSSELS)
    page = client_of(ga.ana).get(f"/en/assemblies/meetings/{ga.meeting.pk}/").content.decode()
    assert "Postponed: first planned for Monday, 23 March 2026, 18:00, it takes place on Tuesday, 21 April 2026, 18:30." in page


def test_begun_meeting_confirmation_page_refuses(ga, client_of, time_machine):
    time_machine.move_to(ga.meeting.starts_at - timedelta(hours=1), tick=False)
    meetings.check_in(meeting=ga.meeting, member=ga.bob, acting_user=ga.staff)
    staff = client_of(ga.staff)
    page = staff.get(f"/en/assemblies/prepare/{ga.meeting.pk}/cancel/").content.decode()
    assert "can no longer be cancelled or postponed" in page and "Confirm" not in page
    assert "Cancel the meeting" not in staff.get(f"/en/assemblies/prepare/{ga.meeting.pk}/").content.decode().split("<h1>")[1]
    response = staff.post(f"/en/assemblies/prepare/{ga.meeting.pk}/cancel/", {"reason": REASON}, follow=True)
    assert "has begun" in response.content.decode()
    assert fresh(ga.meeting).status == Meeting.Status.CONVENED
    assert Attendance.objects.count() == 1


def test_the_postponement_e_mail_carries_the_new_date_as_a_calendar_file(ga, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        meetings.postpone_meeting(meeting=ga.meeting, acting_user=ga.staff,
                                  starts_at=datetime(2026, 4, 21, 18, 30, tzinfo=BRUSSELS))
    message = next(m for m in mail.outbox if m.to == ["bob@example.org"])
    assert message.subject.endswith("Postponed: Spring general assembly, now on 21 April 2026, 18:30")
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == (f"meeting-{ga.meeting.pk}.ics", "text/calendar")
    assert "DTSTART;TZID=Europe/Brussels:20260421T183000" in content and "SEQUENCE:1" in content
