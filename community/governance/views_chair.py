"""Thin views of the live side of a meeting: the chair's console, the
projector, the live JSON state and the minutes. Every one asks a perm of
``rules_live``; every write goes through one service and works as a plain
form POST (JavaScript only makes the pages live)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from community import selectors as community_selectors
from community.models import MeetingReply, User

from . import live
from .errors import GovernanceRefusal
from .forms_live import AttendanceForm, MinutesForm
from .models import Attendance, BodyMembership, Meeting, Minutes, Proxy, Question
from .refusals import refusal
from .services import live as live_services
from .services import meetings as meeting_services
from .services import minutes as minutes_services
from .services import voting
from .services.voting.room import ROOM_KINDS

SEARCH_LIMIT = 25


def _meeting(request: HttpRequest, pk: int, perm: str, *also: str) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body", "chair", "secretary", *also), pk=pk)
    if not request.user.has_perm(perm, meeting):
        raise refusal(perm)
    return meeting


def _minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes read with it (``select_related("minutes")``): no query of their own."""
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def _back_to_console(meeting: Meeting, request: HttpRequest) -> HttpResponse:
    url = reverse("governance_live:console", args=[meeting.pk])
    query = (request.POST.get("q") or "").strip()[:100]
    return redirect(f"{url}?{urlencode({'q': query})}#attendance" if query else url)


def _search_members(meeting: Meeting, query: str):
    """Members of the body whose name or e-mail contains ``query`` (at most SEARCH_LIMIT)."""
    if not query:
        return []
    words = query.split()[:4]
    memberships = BodyMembership.objects.active().filter(body=meeting.body).select_related("user", "college")
    for word in words:
        memberships = memberships.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word) | Q(user__email__icontains=word)
        )
    return list(memberships.order_by("user__last_name", "user__first_name", "user__pk")[:SEARCH_LIMIT])


@login_required
def console(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "governance.run_console", "minutes")
    query = (request.GET.get("q") or "").strip()[:100]
    # Read once, for the live state and the page.
    questions = list(meeting.questions.select_related("agenda_item", "body", "meeting").order_by("order", "pk"))
    state = live.meeting_state(meeting, questions)
    presence_stays = list(
        Attendance.objects.filter(meeting=meeting, checked_out_at__isnull=True).select_related("member")
        .order_by("member__last_name", "member__first_name", "member__pk")
    )
    proxies = list(Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).select_related("principal", "holder"))
    here = {stay.member_id for stay in presence_stays}
    held_now: dict[int, list[User]] = {}
    for proxy in proxies:
        if proxy.holder_id in here and proxy.principal_id not in here:
            held_now.setdefault(proxy.holder_id, []).append(proxy.principal)
    found = _search_members(meeting, query)
    # What the members replied to the convocation (the meeting core's replies, read once).
    replies = community_selectors.replies_to(meeting.convocation_id)
    replied = {r.user_id: r for r in replies}
    given = {p.principal_id: p.holder for p in proxies}
    voters = state["quorum"]["present_or_represented"]
    for question in questions:
        question.secrecy_warning = voting.secrecy_warning(question, voters=voters)
        question.may_count_in_room = question.kind in ROOM_KINDS
    return render(request, "governance/chair/console.html", {
        "meeting": meeting,
        "state": state,
        "questions": questions,
        "present": [{"stay": stay, "holds": held_now.get(stay.member_id, [])} for stay in presence_stays],
        "query": query,
        "found": [{"membership": m, "stay": next((s for s in presence_stays if s.member_id == m.user_id), None),
                   "proxy_to": given.get(m.user_id), "reply": replied.get(m.user_id)} for m in found],
        "reply_counts": [(MeetingReply.Answer(answer).label, n) for answer, n in community_selectors.reply_counts(replies).items()],
        "search_limit": SEARCH_LIMIT,
        "attendance_form": AttendanceForm(),
        "minutes": _minutes_of(meeting),
        "may_record_paper_proxies": request.user.has_perm("governance.record_paper_proxy", meeting),
    })


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "governance.run_console")
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a member of the body, and in person or online."))
        return _back_to_console(meeting, request)
    member = User.objects.filter(pk=form.cleaned_data["member"]).first()
    with carried_out(request, _("%(name)s is checked in.") % {"name": member}):
        if member is None:
            raise GovernanceRefusal(_("Choose a member of the body, and in person or online."))
        live_services.check_in_member(meeting=meeting, member=member, acting_user=request.user, mode=form.cleaned_data["mode"])
    return _back_to_console(meeting, request)


@login_required
@require_POST
def check_out(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "governance.run_console")
    raw = request.POST.get("member", "")
    member = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    with carried_out(request, _("%(name)s has left the meeting.") % {"name": member}):
        if member is None:
            raise GovernanceRefusal(_("Choose a member of the body, and in person or online."))
        live_services.check_out_member(meeting=meeting, member=member, acting_user=request.user)
    return _back_to_console(meeting, request)


MEETING_STEPS = {"start": (live_services.start, gettext_lazy("The meeting has started.")),
                 "close": (live_services.close, gettext_lazy("The meeting is closed."))}
QUESTION_STEPS = {"open": (live_services.open_vote, gettext_lazy("The vote is open.")),
                  "close": (live_services.close_vote, gettext_lazy("The vote is closed; its result is final.")),
                  "publish": (live_services.publish_vote, gettext_lazy("The results are published to the members."))}


@login_required
@require_POST
def meeting_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    meeting = _meeting(request, pk, "governance.run_console")
    if step not in MEETING_STEPS:
        messages.error(request, _("Unknown action."))
        return _back_to_console(meeting, request)
    service, done = MEETING_STEPS[step]
    with carried_out(request, str(done)):
        service(meeting=meeting, acting_user=request.user)
    return _back_to_console(meeting, request)


@login_required
@require_POST
@rate_limited("governance-question-action", "120/h")
def question_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("meeting__body"), pk=pk, meeting__isnull=False)
    if not request.user.has_perm("governance.run_console", question.meeting):
        raise refusal("governance.run_console")
    if step not in QUESTION_STEPS:
        messages.error(request, _("Unknown action."))
        return _back_to_console(question.meeting, request)
    service, done = QUESTION_STEPS[step]
    with carried_out(request, str(done)):
        meeting_services.refuse_if_cancelled(question.meeting)
        service(question=question, acting_user=request.user)
    return _back_to_console(question.meeting, request)


@login_required
def state_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The live state, polled by the console and the projector when their socket drops."""
    meeting = _meeting(request, pk, "governance.view_projector")
    response = JsonResponse(live.meeting_state(meeting))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "governance.view_projector")
    state = live.meeting_state(meeting)
    question = None
    if state["question"]:
        question = (
            Question.objects.select_related("agenda_item").prefetch_related("choices", "agenda_item__documents")
            .get(pk=state["question"]["id"])
        )
    return render(request, "governance/chair/projector.html", {"meeting": meeting, "state": state, "question": question})


# --- minutes -------------------------------------------------------------------------------


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    record = Minutes.objects.filter(meeting=meeting).select_related("approved_by").first()
    may_write = request.user.has_perm("governance.write_minutes", meeting)
    if record is None:
        if not may_write:
            raise refusal("governance.write_minutes")
    elif not request.user.has_perm("governance.read_minutes", record):
        raise refusal("governance.read_minutes")
    form = None
    if record is not None and may_write and record.status == Minutes.Status.DRAFT:
        form = MinutesForm(request.POST or None, initial={"body_html": record.body_html})
        if request.method == "POST":
            if form.is_valid():
                with carried_out(request, _("The minutes are saved.")) as outcome:
                    minutes_services.edit_minutes(minutes=record, acting_user=request.user, body_html=form.cleaned_data["body_html"])
                if outcome.ok:
                    return redirect("governance_live:minutes", pk=meeting.pk)
            else:
                messages.error(request, _("The minutes cannot be empty."))
    elif request.method == "POST":
        raise PermissionDenied(_("Only draft minutes are edited, by those who write them."))
    return render(request, "governance/minutes/page.html", {"meeting": meeting, "minutes": record, "form": form, "may_write": may_write})


@login_required
@require_POST
def minutes_draft(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "governance.write_minutes")
    with carried_out(request, _("The draft minutes are written from the meeting's data: read them, correct them, then approve them.")):
        minutes_services.draft_minutes(meeting=meeting, acting_user=request.user)
    return redirect("governance_live:minutes", pk=meeting.pk)


@login_required
@require_POST
@rate_limited("governance-minutes-approve", "10/h")
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "governance.write_minutes")
    record = get_object_or_404(Minutes, meeting=meeting)
    with carried_out(request, _("The minutes are approved and published to the members.")):
        minutes_services.approve_minutes(minutes=record, acting_user=request.user)
    return redirect("governance_live:minutes", pk=meeting.pk)


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from .minutes import render_pdf

    record = get_object_or_404(Minutes.objects.select_related("meeting__body", "approved_by"), meeting_id=pk)
    if not request.user.has_perm("governance.read_minutes", record):
        raise refusal("governance.read_minutes")
    response = HttpResponse(render_pdf(record), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{record.meeting_id}.pdf"'
    return response
