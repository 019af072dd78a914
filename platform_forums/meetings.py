"""Writes of platform meetings: convene (one date or a series), answer,
propose and order agenda items, record minutes with actions, update actions.
Same rules as services.py: keyword-only, one transaction, refusals translated."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.text_limits import MINUTES_TEXT

from community.meetings import rules as meeting_rules
from community.meetings.convocation import send_notice
from community.models import MeetingReply, Organisation, User
from community.services import meeting_replies
from community.services.audit import record_audit
from community.services.notifications import notify

from .errors import ForumRefusal
from .ical import meeting_event
from .models import (
    ActionItem,
    AgendaItem,
    Meeting,
    Platform,
    PlatformMembership,
    SubCommission,
)
from .rules_meetings import meeting_dates
from .text import render_post

NOTICE_DAYS = 0


def platform_people(platform: Platform) -> list[User]:
    """Everyone whose organisation has a seat on the platform now."""
    organisation_ids = PlatformMembership.objects.filter(
        platform=platform, joined_at__isnull=False, left_at__isnull=True
    ).values("organisation_id")
    return list(
        User.objects.filter(
            organisation_memberships__organisation_id__in=organisation_ids, is_active=True
        ).distinct()
    )


def sub_commission_people(sub_commission: SubCommission) -> list[User]:
    """The sub-commission's members whose organisation still sits on the platform."""
    seated = set(u.pk for u in platform_people(sub_commission.platform))
    return [
        place.user
        for place in sub_commission.members.filter(left_at__isnull=True).select_related("user")
        if place.user_id in seated
    ]


def _require_lead(user: User, meeting: Meeting) -> None:
    if not user.has_perm("platform_forums.lead_meeting", meeting):
        if meeting.sub_commission_id:
            raise ForumRefusal(
                _("Only the sub-commission's coordinator or the platform's pilot or secretariat may do this.")
            )
        raise ForumRefusal(_("Only the platform's pilot or secretariat may do this."))


def _require_member(user: User, meeting: Meeting) -> None:
    if not user.has_perm("platform_forums.take_part_in_meeting", meeting):
        if meeting.sub_commission_id:
            raise ForumRefusal(_("Only the sub-commission's members may do this."))
        raise ForumRefusal(_("Only the platform's members may do this."))


def convene_meetings(
    *,
    acting_user: User,
    platform: Platform,
    title: str,
    first_starts_at: datetime.datetime | None,
    place: str,
    agenda: list[str],
    every_months: int = 0,
    count: int = 1,
    sub_commission: SubCommission | None = None,
) -> list[Meeting]:
    """Convene one meeting, or a series every N months, of the platform or of
    one of its sub-commissions; each member gets the convocation (notify():
    in-app and e-mail, with the meetings' .ics file attached)."""
    if sub_commission is not None and sub_commission.platform_id != platform.pk:
        raise ForumRefusal(_("This sub-commission belongs to another platform."))
    _require_lead(acting_user, Meeting(platform=platform, sub_commission=sub_commission))
    title, place = title.strip(), place.strip()
    if not title or not place:
        raise ForumRefusal(_("A meeting needs a title and a place."))
    if first_starts_at is None:
        raise ForumRefusal(_("Give the date and time of the meeting."))
    # Platforms convene with no notice period, for a date to come.
    if not meeting_rules.respects_notice(starts_at=first_starts_at, now=timezone.now(), notice_days=NOTICE_DAYS):
        raise ForumRefusal(_("A meeting is convened for a date to come."))
    if not 0 <= every_months <= 12:
        raise ForumRefusal(_("Repeat every 1 to 12 months, or leave 0 for one meeting."))
    dates = meeting_dates(
        first_starts_at, every_months=every_months or 1, count=count if every_months else 1
    )
    if not dates:
        raise ForumRefusal(_("The number of meetings must be at least one."))
    with transaction.atomic():
        now = timezone.now()
        meetings = []
        for starts_at in dates:
            meeting = Meeting.objects.create(
                platform=platform,
                sub_commission=sub_commission,
                title=title,
                starts_at=starts_at,
                place=place,
                convened_at=now,
            )
            AgendaItem.objects.bulk_create(
                [
                    AgendaItem(
                        meeting=meeting, title=t.strip()[:250], proposed_by=acting_user, position=i
                    )
                    for i, t in enumerate(agenda)
                    if t.strip()
                ]
            )
            meetings.append(meeting)
        record_audit(
            actor=acting_user,
            action="platform.meetings_convened",
            target=platform,
            count=len(meetings),
        )
        first = meetings[0]
        send_notice(
            sub_commission_people(sub_commission) if sub_commission else platform_people(platform),
            events=[meeting_event(meeting) for meeting in meetings],
            pk=first.pk,
            category="platform",
            title=gettext_lazy("Convocation: %(title)s on %(date)s"),
            body=gettext_lazy(
                "Place: %(place)s. Answer present, absent or delegated, and propose agenda items, on the meeting page; add it to your calendar from there."
            ),
            url=lambda: reverse("platform_forums:meeting", args=[first.pk]),
            params={
                "title": title,
                "date": formatting.moment(first.starts_at),
                "place": place,
            },
        )
    return meetings


REPLY_KIND = "platform_meeting"


def convocation_of(meeting: Meeting):
    """The meeting's row in the meeting core, made at the first reply."""
    # Under the meeting's row lock: two first replies at once make one row, not two.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk) if meeting.convocation_id is None else meeting
    convocation = meeting_replies.convocation_for(
        kind=REPLY_KIND, title=meeting.title, starts_at=meeting.starts_at, convocation=meeting.convocation
    )
    if meeting.convocation_id != convocation.pk:
        meeting.convocation = convocation
        Meeting.objects.filter(pk=meeting.pk).update(convocation=convocation)
    return convocation


def answer_convocation(*, acting_user: User, meeting: Meeting, answer: str) -> MeetingReply:
    """A member says whether they come, stay away or send a colleague, through
    the meeting core's one reply service (which refuses any other answer)."""
    _require_member(acting_user, meeting)
    # A platform meeting exists from its convocation on.
    if not meeting_rules.replies_open(convened=True, starts_at=meeting.starts_at, now=timezone.now()):
        raise ForumRefusal(_("The meeting has started: answers are closed."))
    with transaction.atomic():
        return meeting_replies.reply(
            acting_user=acting_user, convocation=convocation_of(meeting), answer=answer, offered=Meeting.REPLY_ANSWERS
        )


def propose_agenda_item(*, acting_user: User, meeting: Meeting, title: str) -> AgendaItem:
    _require_member(acting_user, meeting)
    title = title.strip()
    if not title or len(title) > 250:
        raise ForumRefusal(_("Give the agenda item a title (at most 250 characters)."))
    if meeting.minutes_recorded_at or meeting.starts_at <= timezone.now():
        raise ForumRefusal(_("The meeting has started: the agenda is closed."))
    with transaction.atomic():
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
        return AgendaItem.objects.create(
            meeting=meeting,
            title=title,
            proposed_by=acting_user,
            position=meeting_rules.next_position(last),
        )


def move_agenda_item(*, acting_user: User, item: AgendaItem, up: bool) -> None:
    """The secretariat orders the agenda: swap with the neighbour."""
    _require_lead(acting_user, item.meeting)
    with transaction.atomic():
        items = list(item.meeting.agenda_items.select_for_update())
        items = meeting_rules.swapped(items, next(o for o in items if o.pk == item.pk), up=up)
        for position, other in enumerate(items):
            other.position = position
        AgendaItem.objects.bulk_update(items, ["position"])


def record_minutes(
    *,
    acting_user: User,
    meeting: Meeting,
    minutes: str,
    actions: list[tuple[str, Organisation, datetime.date]],
) -> Meeting:
    """The minutes (sanitised) and the actions decided, each owned by an
    organisation of the platform with a due date; owners are notified."""
    _require_lead(acting_user, meeting)
    if len(minutes) > MINUTES_TEXT:
        raise ForumRefusal(_("The minutes are too long (at most 200,000 characters)."))
    html = render_post(minutes) if minutes.strip() else ""
    if not html:
        raise ForumRefusal(_("Write the minutes first."))
    seated = set(
        PlatformMembership.objects.filter(
            platform=meeting.platform, joined_at__isnull=False, left_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )
    for description, owner, due_on in actions:
        if not description.strip() or owner is None or due_on is None:
            raise ForumRefusal(
                _("Each action needs a description, an owner organisation and a due date.")
            )
        if owner.pk not in seated:
            raise ForumRefusal(
                _("An action's owner must be a member organisation of the platform.")
            )
    with transaction.atomic():
        meeting.minutes_html = html
        meeting.minutes_recorded_at = timezone.now()
        meeting.save(update_fields=["minutes_html", "minutes_recorded_at"])
        created = ActionItem.objects.bulk_create(
            [
                ActionItem(meeting=meeting, description=d.strip()[:300], owner=o, due_on=due)
                for d, o, due in actions
            ]
        )
        record_audit(
            actor=acting_user,
            action="platform.minutes_recorded",
            target=meeting,
            actions=len(created),
        )
        for action in created:
            notify(
                User.objects.filter(organisation_memberships__organisation=action.owner),
                category="platform",
                title=gettext_lazy("New action for %(organisation)s: %(action)s"),
                body=gettext_lazy("Due on %(due)s. Update it from your space."),
                url=lambda: reverse("platform_forums:meeting", args=[meeting.pk]),
                params={
                    "organisation": action.owner.name,
                    "action": action.description,
                    "due": formatting.day(action.due_on),
                },
            )
    return meeting


def update_action(
    *, acting_user: User, action: ActionItem, done: bool, note: str = ""
) -> ActionItem:
    if not acting_user.has_perm("platform_forums.update_action", action):
        raise ForumRefusal(
            _("Only the owner organisation or the secretariat may update this action.")
        )
    with transaction.atomic():
        action.done_at = timezone.now() if done else None
        action.progress_note = note.strip()[:300]
        action.save(update_fields=["done_at", "progress_note"])
        record_audit(actor=acting_user, action="platform.action_updated", target=action, done=done)
    return action
