"""Meetings: convene (one or a series), answer, agenda, minutes and actions,
each refusal with its message and nothing changed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community.models import AuditEvent, MeetingReply, Notification
from community.services.meeting_replies import ReplyRefusal
from platform_forums import meetings
from platform_forums.errors import ForumRefusal
from platform_forums.minutes import draft_html, draft_text
from platform_forums.models import ActionItem, AgendaItem, Meeting
from platform_forums.rules_meetings import is_overdue, meeting_dates
from tests.factories import OrganisationFactory
from tests.refusals import assert_redirected_to_login, assert_refused

pytestmark = pytest.mark.django_db

SOON = datetime.timedelta(days=10)


def test_meeting_dates_every_two_months():
    first = datetime.datetime(2027, 1, 12, 14)
    assert [d.date().isoformat() for d in meeting_dates(first, every_months=2, count=4)] == [
        "2027-01-12",
        "2027-03-12",
        "2027-05-12",
        "2027-07-12",
    ]
    assert len(meeting_dates(first, every_months=1, count=40)) == 12
    assert meeting_dates(first, every_months=2, count=0) == []


def test_overdue_from_the_day_after():
    assert is_overdue(datetime.date(2027, 1, 31), False, datetime.date(2027, 2, 1))
    assert not is_overdue(datetime.date(2027, 1, 31), False, datetime.date(2027, 1, 31))
    assert not is_overdue(datetime.date(2027, 1, 31), True, datetime.date(2027, 3, 1))


def _convene(space, who="secretariat", **kwargs):
    defaults = dict(
        title="Plenary",
        first_starts_at=timezone.now() + SOON,
        place="Town hall",
        agenda=["Welcome", "Transit housing"],
    )
    defaults.update(kwargs)
    return meetings.convene_meetings(
        acting_user=getattr(space, who), platform=space.platform, **defaults
    )


def test_secretariat_convenes_a_series_and_members_are_notified(space):
    created = _convene(space, every_months=2, count=3)
    assert len(created) == 3 and [i.title for i in created[0].agenda_items.all()] == [
        "Welcome",
        "Transit housing",
    ]
    notified = set(
        Notification.objects.filter(category="platform").values_list("recipient_id", flat=True)
    )
    assert notified == {space.pilot.pk, space.secretariat.pk, space.member.pk}


@pytest.mark.parametrize("who", ["member", "removed", "outsider", "other_platform"])
def test_only_leads_convene(space, who):
    with pytest.raises(ForumRefusal, match="pilot or secretariat"):
        _convene(space, who)
    assert Meeting.objects.count() == 0


def test_bad_convocations_are_refused(space):
    with pytest.raises(ForumRefusal, match="date to come"):
        _convene(space, first_starts_at=timezone.now() - SOON)
    with pytest.raises(ForumRefusal, match="title and a place"):
        _convene(space, place=" ")
    assert Meeting.objects.count() == 0


def test_member_answers_and_proposes_the_secretariat_orders(space):
    meeting = _convene(space)[0]
    meetings.answer_convocation(acting_user=space.member, meeting=meeting, answer="delegated")
    meetings.answer_convocation(acting_user=space.member, meeting=meeting, answer="in_person")
    assert MeetingReply.objects.get().answer == "in_person"
    with pytest.raises(ReplyRefusal, match="Choose one of the answers"):
        meetings.answer_convocation(acting_user=space.member, meeting=meeting, answer="maybe")
    with pytest.raises(ForumRefusal, match="members"):
        meetings.answer_convocation(acting_user=space.removed, meeting=meeting, answer="in_person")
    item = meetings.propose_agenda_item(
        acting_user=space.member, meeting=meeting, title="Calico garden"
    )
    with pytest.raises(ForumRefusal, match="pilot or secretariat"):
        meetings.move_agenda_item(acting_user=space.member, item=item, up=True)
    meetings.move_agenda_item(acting_user=space.secretariat, item=item, up=True)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Welcome",
        "Calico garden",
        "Transit housing",
    ]


def test_answers_close_when_the_meeting_starts(space):
    meeting = _convene(space)[0]
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - SOON)
    meeting.refresh_from_db()
    with pytest.raises(ForumRefusal, match="started"):
        meetings.answer_convocation(acting_user=space.member, meeting=meeting, answer="in_person")
    with pytest.raises(ForumRefusal, match="started"):
        meetings.propose_agenda_item(acting_user=space.member, meeting=meeting, title="late")


def test_minutes_with_actions_for_member_organisations(space):
    meeting = _convene(space)[0]
    owner = space.seats["member"].organisation
    due = datetime.date.today() + SOON
    with pytest.raises(ForumRefusal, match="pilot or secretariat"):
        meetings.record_minutes(acting_user=space.member, meeting=meeting, minutes="x", actions=[])
    with pytest.raises(ForumRefusal, match="member organisation"):
        meetings.record_minutes(
            acting_user=space.secretariat,
            meeting=meeting,
            minutes="x",
            actions=[("Do", OrganisationFactory(), due)],
        )
    with pytest.raises(ForumRefusal, match="due date"):
        meetings.record_minutes(
            acting_user=space.secretariat,
            meeting=meeting,
            minutes="x",
            actions=[("Do", owner, None)],
        )
    assert ActionItem.objects.count() == 0
    meetings.record_minutes(
        acting_user=space.secretariat,
        meeting=meeting,
        minutes="<p>Agreed.</p><script>alert(1)</script>",
        actions=[("List transit homes", owner, due)],
    )
    meeting.refresh_from_db()
    assert meeting.minutes_html == "<p>Agreed.</p>"
    assert Notification.objects.filter(
        recipient=space.member, title__contains="List transit homes"
    ).exists()
    assert AuditEvent.objects.filter(action="platform.minutes_recorded").exists()
    action = ActionItem.objects.get()
    with pytest.raises(ForumRefusal, match="owner organisation"):
        meetings.update_action(
            acting_user=space.pilot.__class__.objects.get(pk=space.outsider.pk),
            action=action,
            done=True,
        )
    meetings.update_action(
        acting_user=space.member, action=action, done=True, note="3 homes listed"
    )
    action.refresh_from_db()
    assert action.done_at and action.progress_note == "3 homes listed"


def test_meeting_pages_and_refusals(client_of, client, space):
    meeting = _convene(space)[0]
    url = reverse("platform_forums:meeting", args=[meeting.pk])
    assert_redirected_to_login(client.get(url), url)
    for who in ("outsider", "removed", "other_platform"):
        other = client_of(getattr(space, who))
        assert_refused(other.get(url), 'This space is for its members only.')
        assert_refused(other.get(reverse("platform_forums:meeting_ics", args=[meeting.pk])), 'This space is for its members only.')
        assert_refused(other.post(reverse("platform_forums:propose", args=[meeting.pk]), {"title": "x"}), 'This space is for its members only.')
        assert_refused(other.get(reverse("platform_forums:convene", args=[space.platform.slug])), "Only the platform's pilot or secretariat may do this.")
    assert not AgendaItem.objects.filter(title="x").exists()
    member = client_of(space.member)
    assert "Transit housing" in member.get(url).content.decode()
    ics = member.get(reverse("platform_forums:meeting_ics", args=[meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"LOCATION:Town hall" in ics.content
    response = member.post(
        reverse("platform_forums:answer", args=[meeting.pk]), {"answer": "nonsense"}, follow=True
    )
    assert "Choose one of the answers." in response.content.decode()
    assert not MeetingReply.objects.exists()
    member.post(reverse("platform_forums:propose", args=[meeting.pk]), {"title": "Garden"})
    assert AgendaItem.objects.filter(title="Garden").exists()


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        ("", "Give the date and time of the meeting."),
        ("2027-02-30T19:00", "Give the date and time of the meeting."),
        ("2001-01-12T19:00", "A meeting is convened for a date to come."),
    ],
)
def test_a_convocation_refused_through_the_page_says_why_and_sends_nothing(
    client_of, space, starts_at, message
):
    response = client_of(space.secretariat).post(
        reverse("platform_forums:convene", args=[space.platform.slug]),
        {"title": "Plenary", "starts_at": starts_at, "place": "Hall", "agenda": "One"},
        follow=True,
    )
    assert message in response.content.decode()
    assert Meeting.objects.count() == 0 and not Notification.objects.exists()


def test_the_convocation_and_the_download_are_one_calendar_event(space, client_of):
    meeting = _convene(space)[0]
    [ics] = Notification.objects.filter(recipient=space.member).get().attachments
    assert ics["filename"] == f"meeting-{meeting.pk}.ics" and "METHOD:REQUEST" in ics["content"]
    download = client_of(space.member).get(reverse("platform_forums:meeting_ics", args=[meeting.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    for content in (ics["content"], download.content.decode()):
        assert f"UID:platform-meeting-{meeting.pk}@socle" in content
        assert "DTSTART;TZID=Europe/Brussels:" in content and "1. Welcome" in content
    assert "METHOD:PUBLISH" in download.content.decode()


def test_convene_and_minutes_through_the_pages(client_of, space):
    lead = client_of(space.secretariat)
    starts = (timezone.localtime() + SOON).strftime("%Y-%m-%dT%H:%M")
    response = lead.post(
        reverse("platform_forums:convene", args=[space.platform.slug]),
        {
            "title": "Plenary",
            "starts_at": starts,
            "place": "Hall",
            "agenda": "One\nTwo",
            "every_months": "2",
            "count": "3",
        },
    )
    assert response.status_code == 302 and Meeting.objects.count() == 3
    meeting = Meeting.objects.first()
    owner = space.seats["member"].organisation
    lead.post(
        reverse("platform_forums:minutes", args=[meeting.pk]),
        {
            "minutes": "Agreed",
            "action_description": ["List homes", ""],
            "action_owner": [owner.pk, owner.pk],
            "action_due": ["2030-01-31", ""],
        },
    )
    assert ActionItem.objects.get().owner == owner
    body = client_of(space.member).get(reverse("community:my_space")).content.decode()
    assert "List homes" in body


def test_overdue_actions_are_reminded_once_a_day(space, time_machine):
    from django_q.models import Schedule

    from platform_forums.tasks import remind_overdue_actions

    meeting = _convene(space)[0]
    owner = space.seats["member"].organisation
    today = timezone.localdate()
    meetings.record_minutes(
        acting_user=space.secretariat,
        meeting=meeting,
        minutes="Agreed",
        actions=[
            ("Late", owner, today - datetime.timedelta(days=1)),
            ("On time", owner, today),
            ("Done", owner, today - SOON),
        ],
    )
    ActionItem.objects.filter(description="Done").update(done_at=timezone.now())
    assert remind_overdue_actions() == 1
    assert remind_overdue_actions() == 0
    assert (
        Notification.objects.filter(
            recipient=space.member, title__startswith="Overdue action"
        ).count()
        == 1
    )
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    assert remind_overdue_actions() == 2
    assert Schedule.objects.filter(name="platform_forums.overdue_actions").count() == 1


def test_task_sharing_counts_and_query_count(space, client_of, django_assert_num_queries):
    from platform_forums.rules_sharing import carried_by_few
    from platform_forums.selectors import task_sharing

    owner = space.seats["member"].organisation
    for _ in range(2):
        meeting = _convene(space)[0]
        meetings.record_minutes(
            acting_user=space.secretariat,
            meeting=meeting,
            minutes="ok",
            actions=[("A", owner, datetime.date(2030, 1, 1))],
        )
    with django_assert_num_queries(5):
        rows = {r["organisation"].pk: r for r in task_sharing(space.platform)}
    secretariat = rows[space.seats["secretariat"].organisation.pk]
    assert (secretariat["convocations"], secretariat["minutes"], secretariat["actions"]) == (
        2,
        2,
        0,
    )
    assert (
        rows[owner.pk]["actions"] == 2 and rows[space.seats["pilot"].organisation.pk]["total"] == 0
    )
    assert carried_by_few({k: r["total"] for k, r in rows.items()})
    # The chart (socle_site.kernel.charts) and the table beside it carry the same figures.
    from tests.governance.test_charts import drawing, no_inline_script_or_style, table_rows

    html = client_of(space.member).get(reverse("platform_forums:members", args=[space.platform.slug])).content.decode()
    assert "Who carries the platform" in html
    _root, bars, texts = drawing(html)
    table = table_rows(html)
    assert table[0] == ["Organisation", "Actions", "Convocations", "Minutes"]
    by_name = {row[0]: row[1:] for row in table[1:]}
    assert by_name[owner.name] == ["2", "0", "0"]
    assert by_name[space.seats["secretariat"].organisation.name] == ["0", "2", "2"]
    assert sorted(bars) == sorted(cell for row in table[1:] for cell in row[1:])
    assert owner.name in texts and "Convocations" in texts  # the bar's label and the legend
    no_inline_script_or_style(html)


@pytest.mark.parametrize(
    ("language", "present", "excused", "under_way"),
    [
        ("en", "Present:", "Excused:", "Actions under way"),
        ("fr", "Présent·es :", "Excusé·es :", "Actions en cours"),
        ("nl", "Aanwezig:", "Verontschuldigd:", "Lopende acties"),
    ],
)
def test_the_secretariat_finds_a_draft_of_the_minutes_from_the_meeting_core(
    space, client_of, language, present, excused, under_way
):
    """Issue 17: the meeting core's one minutes builder writes the platform's
    draft as it writes an assembly's: header, who replied, the agenda, and
    what platform meetings add, the earlier meetings' actions still open."""
    earlier, meeting = _convene(space, every_months=1, count=2)
    owner = space.seats["member"].organisation
    Meeting.objects.filter(pk=earlier.pk).update(starts_at=timezone.now() - SOON)
    meetings.record_minutes(
        acting_user=space.secretariat, meeting=Meeting.objects.get(pk=earlier.pk), minutes="Done.",
        actions=[("List transit homes", owner, datetime.date(2030, 1, 31))],
    )
    meetings.answer_convocation(acting_user=space.member, meeting=meeting, answer="in_person")
    meetings.answer_convocation(acting_user=space.pilot, meeting=meeting, answer="absent")
    url = reverse("platform_forums:meeting", args=[meeting.pk]).replace("/en/", f"/{language}/")
    page = client_of(space.secretariat).get(url).content.decode()
    draft = page.split('id="minutes-input"', 1)[1].split("</textarea>", 1)[0]
    assert f"{present} {space.member.display_name}." in draft.replace("&lt;", "<").replace("&gt;", ">")
    assert f"{excused} {space.pilot.display_name}." in draft.replace("&lt;", "<").replace("&gt;", ">")
    assert "1. Welcome" in draft and "2. Transit housing" in draft
    assert under_way in draft and "List transit homes" in draft and "2030" in draft
    # Members read the replies, not the secretariat's form.
    assert 'id="minutes-input"' not in client_of(space.member).get(url).content.decode()
    # The draft is plain paragraphs, no tags to edit around; recorded as it stands, it is the minutes.
    with translation.override(language):
        text = draft_text(Meeting.objects.get(pk=meeting.pk))
        assert "<" not in text and draft_html(Meeting.objects.get(pk=meeting.pk)).startswith("<h2>Plenary</h2>")
    assert text.startswith("Plenary\n\n") and "\n\n1. Welcome\n\n2. Transit housing\n\n" in text
    meetings.record_minutes(acting_user=space.secretariat, meeting=meeting, minutes=text, actions=[])
    meeting.refresh_from_db()
    assert present in meeting.minutes_html and "<p>1. Welcome</p>" in meeting.minutes_html
