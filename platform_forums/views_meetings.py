"""Thin views of platform meetings: parse, ask, call one service, render."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from community import selectors as community_selectors
from community.meetings import calendar
from community.meetings import rules as meeting_rules
from community.models import MeetingReply, Organisation

from . import meetings, selectors
from .ical import meeting_event
from .minutes import draft_text
from .models import ActionItem, AgendaItem, Meeting, Platform, SubCommission

ACTION_ROWS = 3


def _date(value: str) -> datetime.date | None:
    """A date from a form, or None when missing or impossible (e.g. 30 February)."""
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    try:
        meeting = selectors.meeting_detail(meeting_id)
    except Meeting.DoesNotExist as missing:
        raise Http404 from missing
    if not request.user.has_perm("platform_forums.view_members_space", meeting.platform):
        raise PermissionDenied(_("This space is for its members only."))
    return meeting


@login_required
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    # The replies, from the meeting core (one query; none before the first reply).
    replies = community_selectors.replies_to(meeting.convocation_id)
    mine = next((r for r in replies if r.user_id == request.user.pk), None)
    leads = request.user.has_perm("platform_forums.lead_meeting", meeting)
    return render(
        request,
        "platform_forums/meeting.html",
        {
            "meeting": meeting,
            "my_answer": mine.answer if mine else "",
            "replies": replies,
            "answers": [(v, label) for v, label in MeetingReply.Answer.choices if v in Meeting.REPLY_ANSWERS],
            "can_take_part": request.user.has_perm(
                "platform_forums.take_part_in_meeting", meeting
            ),
            "leads": leads,
            # A platform meeting exists from its convocation on.
            "is_open": meeting_rules.replies_open(
                convened=True, starts_at=meeting.starts_at, now=timezone.now()
            ),
            "organisations": selectors.seats(meeting.platform) if leads else [],
            # The meeting core's draft, for the secretariat to correct before recording.
            "minutes_draft": draft_text(meeting) if leads and not meeting.minutes_html else "",
            "action_rows": range(ACTION_ROWS),
        },
    )


@login_required
def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting as an iCalendar file (icalendar), for any calendar program."""
    meeting = _meeting(request, meeting_id)
    return calendar.download(meeting_event(meeting), meeting.pk)


@login_required
@require_POST
@rate_limited("forums-meeting-answer", "30/h")
def answer(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    with carried_out(request, _("Your answer is recorded.")):
        meetings.answer_convocation(
            acting_user=request.user, meeting=meeting, answer=request.POST.get("answer", "")
        )
    return redirect("platform_forums:meeting", meeting_id=meeting.pk)


@login_required
@require_POST
def propose(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    with carried_out(request, _("Your agenda item is added.")):
        meetings.propose_agenda_item(
            acting_user=request.user, meeting=meeting, title=request.POST.get("title", "")
        )
    return redirect("platform_forums:meeting", meeting_id=meeting.pk)


@login_required
@require_POST
def move_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__platform"), pk=item_id)
    _meeting(request, item.meeting_id)
    with carried_out(request, _("The agenda is reordered.")):
        meetings.move_agenda_item(
            acting_user=request.user, item=item, up=request.POST.get("direction") == "up"
        )
    return redirect("platform_forums:meeting", meeting_id=item.meeting_id)


@login_required
@require_POST
@rate_limited("forums-meeting-minutes", "20/h")
def minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    organisations = {
        str(o.pk): o
        for o in Organisation.objects.filter(pk__in=request.POST.getlist("action_owner") or [0])
    }
    actions = []
    for description, owner, due in zip(
        request.POST.getlist("action_description"),
        request.POST.getlist("action_owner"),
        request.POST.getlist("action_due"),
        strict=False,
    ):
        if description.strip():
            actions.append(
                (description, organisations.get(owner), _date(due))
            )
    with carried_out(request, _("The minutes are recorded.")):
        meetings.record_minutes(
            acting_user=request.user,
            meeting=meeting,
            minutes=request.POST.get("minutes", ""),
            actions=actions,
        )
    return redirect("platform_forums:meeting", meeting_id=meeting.pk)


@login_required
@require_POST
def update_action(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(
        ActionItem.objects.select_related("meeting__platform", "owner"), pk=action_id
    )
    # The owner organisation may be outside the platform since; others must be members to see it at all.
    if not request.user.has_perm("platform_forums.update_action", action):
        _meeting(request, action.meeting_id)
    with carried_out(request, _("The action is updated.")):
        meetings.update_action(
            acting_user=request.user,
            action=action,
            done=request.POST.get("done") == "1",
            note=request.POST.get("note", ""),
        )
    return redirect("platform_forums:meeting", meeting_id=action.meeting_id)


@login_required
@rate_limited("forums-meeting-convene", "10/h")
def convene(request: HttpRequest, slug: str) -> HttpResponse:
    """Convene a plenary, or (?sub=<slug>) a meeting of one sub-commission."""
    platform = get_object_or_404(Platform, slug=slug)
    sub_slug = request.GET.get("sub") or request.POST.get("sub") or ""
    sub_commission = None
    if sub_slug:
        sub_commission = get_object_or_404(SubCommission, platform=platform, slug=sub_slug)
        if not request.user.has_perm("platform_forums.lead_sub_commission", sub_commission):
            raise PermissionDenied(
                _("Only the sub-commission's coordinator or the platform's pilot or secretariat may do this.")
            )
    elif not request.user.has_perm("platform_forums.lead_platform", platform):
        raise PermissionDenied(_("Only the platform's pilot or secretariat may do this."))
    data = request.POST
    if request.method == "POST":
        try:
            starts_at = parse_datetime(data.get("starts_at", ""))
        except ValueError:
            starts_at = None
        if starts_at is not None and timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        with carried_out(request, _("The convocation is sent.")):
            created = meetings.convene_meetings(
                acting_user=request.user,
                platform=platform,
                title=data.get("title", ""),
                first_starts_at=starts_at,
                place=data.get("place", ""),
                agenda=data.get("agenda", "").splitlines(),
                every_months=int(data.get("every_months") or 0)
                if (data.get("every_months") or "0").isdigit()
                else 0,
                count=int(data.get("count") or 1)
                if (data.get("count") or "1").isdigit()
                else 1,
                sub_commission=sub_commission,
            )
            return redirect("platform_forums:meeting", meeting_id=created[0].pk)
    return render(
        request,
        "platform_forums/convene.html",
        {"platform": platform, "data": data, "sub_commission": sub_commission},
    )
