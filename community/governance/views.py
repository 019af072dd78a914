"""Thin views of the member side: parse, check the perm, call one service,
render. Refusals are shown with their reason, never a 500. Voting works
without JavaScript: plain forms posted to the server."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from community import selectors as community_selectors
from community.meetings import calendar
from community.meetings import rules as meeting_rules
from community.models import User

from . import charts, selectors
from .errors import VoteRefusal
from .forms import (
    AgendaItemForm,
    CancelMeetingForm,
    DocumentForm,
    MeetingForm,
    OnlineVoteForm,
    PostponeMeetingForm,
    ProxyForm,
    QuestionForm,
    ReceiptForm,
    RsvpForm,
)
from .ical import meeting_event
from .models import AgendaDocument, Attendance, Body, Meeting, Proxy, Question
from .refusals import refusal
from .services import meetings, voting

RECEIPTS_SESSION_KEY = "governance_receipts"


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise refusal(perm)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    votes = list(selectors.online_votes_for(user))
    return render(request, "governance/home.html", {
        "bodies": list(selectors.bodies_of(user)),
        "upcoming": list(selectors.meetings_for(user, upcoming=True)),
        # A draft cancelled before its convocation was never the members' business.
        "past": [m for m in selectors.meetings_for(user, upcoming=False).order_by("-starts_at")[:10]
                 if not (m.is_cancelled and m.convened_at is None)],
        # Cancelled meetings whose date is still to come: members look for them where they were.
        "cancelled": list(selectors.meetings_for(user).filter(status=Meeting.Status.CANCELLED, starts_at__gte=now,
                                                              convened_at__isnull=False).order_by("starts_at")[:10]),
        "open_votes": [q for q in votes if q.status == Question.Status.OPEN and q.closes_at and q.closes_at > now],
        "may_prepare": user.has_perm("governance.prepare_meetings"),
    })


@login_required
def online_votes(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/online_votes.html", {"votes": list(selectors.online_votes_for(request.user))})


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = get_object_or_404(selectors.meeting_detail_queryset(reader=user), pk=pk)
    _require(request, "governance.view_meeting", meeting)
    member = selectors.membership(meeting.body, user)
    context = {"meeting": meeting, "member": member, "may_run": user.has_perm("governance.run_meeting", meeting)}
    if member is not None:
        proxies = list(Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).select_related("principal", "holder"))
        context.update(
            rsvp=community_selectors.reply_of(user, meeting.convocation_id),
            rsvp_form=RsvpForm(),
            my_proxy=next((p for p in proxies if p.principal_id == user.pk), None),
            proxies_held=[p for p in proxies if p.holder_id == user.pk],
            proxy_form=ProxyForm(holders=selectors.possible_holders(meeting, user)),
            checked_in=meeting.reader_checked_in,
            may_answer=meeting_rules.replies_open(
                convened=meeting.status == Meeting.Status.CONVENED, starts_at=meeting.starts_at, now=timezone.now()
            ),
        )
        if meeting.is_cancelled:
            context.update(
                lapsed_rsvp=context["rsvp"] if context["rsvp"] and context["rsvp"].lapsed_at else None,
                lapsed_proxy=Proxy.objects.filter(meeting=meeting, principal=user, lapsed_at__isnull=False)
                .select_related("holder").first(),
            )
    if meeting.closed_at is not None:
        # Final figures once the meeting is closed (the chair's console shows them live).
        context["attendance_chart"] = charts.attendance_chart(selectors.presence_over_meeting(meeting))
    return render(request, "governance/meeting.html", context)


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting as a calendar file, for any calendar program (the same
    event as the convocation's attachment)."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _require(request, "governance.view_meeting", meeting)
    return calendar.download(meeting_event(meeting), meeting.pk, cancelled=meeting.is_cancelled)


def _meeting_for_member(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _require(request, "governance.take_part", meeting)
    return meeting


@login_required
@require_POST
def rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_member(request, pk)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the answers."))
    else:
        with carried_out(request, _("Your reply is recorded.")):
            meetings.answer_rsvp(meeting=meeting, acting_user=request.user, answer=form.cleaned_data["answer"])
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
@require_POST
@rate_limited("governance-proxy", "20/h")
def give_proxy(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_member(request, pk)
    form = ProxyForm(request.POST, holders=User.objects.filter(pk=request.POST.get("holder") or 0) if str(request.POST.get("holder", "")).isdigit() else ())
    if not form.is_valid():
        messages.error(request, _("Choose the member who will vote for you."))
        return redirect("governance:meeting", pk=meeting.pk)
    holder = User.objects.get(pk=form.cleaned_data["holder"])
    with carried_out(request, _("%(holder)s holds your proxy for this meeting.") % {"holder": holder}):
        meetings.give_proxy(meeting=meeting, principal=request.user, holder=holder, acting_user=request.user)
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
@require_POST
@rate_limited("governance-proxy", "20/h")
def withdraw_proxy(request: HttpRequest, pk: int) -> HttpResponse:
    proxy = get_object_or_404(Proxy.objects.select_related("meeting"), pk=pk)
    if proxy.principal_id != request.user.pk:
        raise PermissionDenied(_("Only the member who gave this proxy withdraws it."))
    with carried_out(request, _("Your proxy is withdrawn.")):
        meetings.withdraw_proxy(proxy=proxy, acting_user=request.user)
    return redirect("governance:meeting", pk=proxy.meeting_id)


@login_required
@require_POST
def join_online(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_member(request, pk)
    if meeting.status != Meeting.Status.IN_PROGRESS or not meeting.online_url:
        messages.error(request, _("You can join online once the meeting has started, when it has an online link."))
        return redirect("governance:meeting", pk=meeting.pk)
    with carried_out(request, _("You are checked in online: you can vote when a vote opens.")):
        meetings.check_in(meeting=meeting, member=request.user, acting_user=request.user, mode=Attendance.Mode.ONLINE)
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(AgendaDocument.objects.select_related("item__meeting"), pk=pk)
    _require(request, "governance.view_meeting", doc.item.meeting)
    response = HttpResponse(bytes(doc.content), content_type=doc.content_type)
    safe_name = "".join(ch for ch in doc.filename if ch.isalnum() or ch in "._- ") or "document"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(
        # The agenda item voted on and its documents: the ballot links to them.
        Question.objects.select_related("body", "meeting", "agenda_item").prefetch_related("choices", "seats__college", "agenda_item__documents"),
        pk=pk,
    )
    _require(request, "governance.view_question", question)
    user = request.user
    receipts = request.session.pop(RECEIPTS_SESSION_KEY, {}).get(str(question.pk), [])
    voter_ids = voting.voters_for(question, user) if question.status == Question.Status.OPEN else []
    voted = selectors.voted_member_ids(question, voter_ids)
    names = {u.pk: u for u in User.objects.filter(pk__in=voter_ids)}
    ballots = [{"member": names[m], "is_self": m == user.pk, "voted": m in voted} for m in voter_ids]
    context = {
        "question": question,
        "choices": list(question.choices.all()),
        "ballots": ballots,
        "to_cast": [b for b in ballots if not b["voted"]],
        "receipts": receipts,
        "sits_in_body": user.has_perm("governance.vote", question),
        "without_votes": not voter_ids and voting.has_no_votes(question.body, user),
        "show_result": user.has_perm("governance.view_results", question) and question.is_final,
        "may_run": user.has_perm("governance.run_question", question),
        "meeting_cancelled": question.meeting is not None and question.meeting.is_cancelled,
    }
    if context["may_run"]:
        context["secrecy_warning"] = voting.secrecy_warning(question)
    if context["show_result"]:
        context["result_chart"] = charts.result_chart(question.result)
    return render(request, "governance/question.html", context)


def _instructions(request: HttpRequest, question: Question) -> dict[int, list[int]]:
    """member id -> chosen choice ids from the posted form; bad input raises VoteRefusal."""
    out: dict[int, list[int]] = {}
    for raw in request.POST.getlist("voter"):
        if not raw.isdigit():
            raise VoteRefusal(_("This form is not valid: reload the page and vote again."))
        member_id = int(raw)
        picked = request.POST.getlist(f"choice_{member_id}")
        if not all(p.isdigit() for p in picked):
            raise VoteRefusal(_("This form is not valid: reload the page and vote again."))
        if picked or request.POST.get(f"blank_{member_id}"):
            out[member_id] = [int(p) for p in picked]
    return out


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("body", "meeting"), pk=pk)
    _require(request, "governance.vote", question)
    with carried_out(request) as outcome:
        meetings.refuse_if_cancelled(question.meeting)
        instructions = _instructions(request, question)
        receipts = voting.cast_ballots(question=question, acting_user=request.user, instructions=instructions)
    if not outcome.ok:
        return redirect("governance:question", pk=question.pk)
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=list(receipts))}
    stored = request.session.get(RECEIPTS_SESSION_KEY, {})
    stored[str(question.pk)] = [[names[m], code] for m, code in receipts.items()]
    request.session[RECEIPTS_SESSION_KEY] = stored
    messages.success(request, _("Your vote is recorded."))
    return redirect("governance:question", pk=question.pk)


@login_required
def verify_receipt(request: HttpRequest) -> HttpResponse:
    # By POST: a code in a URL would land in access logs and browser history.
    form = ReceiptForm(request.POST or None)
    receipt = None
    checked = False
    if request.method == "POST" and form.is_valid():
        checked = True
        receipt = voting.verify_receipt(code=form.cleaned_data["code"])
        if receipt is not None and not request.user.has_perm("governance.view_question", receipt.question):
            receipt = None
    return render(request, "governance/verify.html", {"form": form, "receipt": receipt, "checked": checked})


# --- preparing meetings (staff and body secretaries) --------------------------------------


@login_required
def prepare(request: HttpRequest) -> HttpResponse:
    _require(request, "governance.prepare_meetings")
    bodies = selectors.bodies_managed_by(request.user)
    form = MeetingForm(request.POST or None, bodies=bodies, prefix="meeting")
    vote_form = OnlineVoteForm(request.POST or None, bodies=bodies, prefix="vote")
    if request.method == "POST":
        with carried_out(request):
            if "meeting-title" in request.POST and form.is_valid():
                data = form.cleaned_data
                meeting = meetings.create_meeting(
                    body=data["body"], acting_user=request.user, title=data["title"], starts_at=data["starts_at"],
                    place=data["place"], online_url=data["online_url"], description=data["description"],
                )
                messages.success(request, _("Meeting created: add its agenda, then convene it."))
                return redirect("governance:prepare_meeting", pk=meeting.pk)
            if "vote-title" in request.POST and vote_form.is_valid():
                question = _add_question(request, vote_form.cleaned_data, body=vote_form.cleaned_data["body"])
                messages.success(request, _("Online vote created: it opens by itself at its opening time."))
                return redirect("governance:question", pk=question.pk)
    return render(request, "governance/prepare.html", {
        "form": form, "vote_form": vote_form,
        "meetings": list(Meeting.objects.filter(body__in=bodies).select_related("body").order_by("-starts_at")[:30]),
        "drafts": list(Question.objects.filter(body__in=bodies, meeting__isnull=True).select_related("body").order_by("-pk")[:30]),
    })


def _add_question(request: HttpRequest, data: dict, *, body: Body, meeting: Meeting | None = None) -> Question:
    return voting.add_question(
        body=body, meeting=meeting, agenda_item=data.get("agenda_item"), acting_user=request.user, title=data["title"],
        kind=data["kind"], description=data["description"], options=data["option_list"],
        candidates=data["candidate_list"], seats=data["seat_map"], max_choices=data["max_choices"],
        is_secret=data["is_secret"], majority=data["majority"], abstentions_count=data["abstentions_count"],
        double_majority_per_college=data["double_majority_per_college"],
        opens_at=data.get("opens_at"), closes_at=data.get("closes_at"),
    )


@login_required
def prepare_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meeting_detail_queryset(), pk=pk)
    _require(request, "governance.run_meeting", meeting)
    item_form = AgendaItemForm(request.POST or None, prefix="item")
    document_form = DocumentForm(request.POST or None, request.FILES or None, meeting=meeting, prefix="doc")
    question_form = QuestionForm(request.POST or None, meeting=meeting, prefix="question")
    if request.method == "POST":
        with carried_out(request):
            if "item-title" in request.POST and item_form.is_valid():
                data = item_form.cleaned_data
                meetings.add_agenda_item(meeting=meeting, acting_user=request.user, title=data["title"], kind=data["kind"], description=data["description"])
                messages.success(request, _("Agenda item added."))
                return redirect("governance:prepare_meeting", pk=meeting.pk)
            if "doc-item" in request.POST and document_form.is_valid():
                upload = document_form.cleaned_data["file"]
                meetings.attach_document(
                    item=document_form.cleaned_data["item"], acting_user=request.user, title=document_form.cleaned_data["title"],
                    filename=upload.name, content=upload.read(), content_type=upload.content_type or "",
                )
                messages.success(request, _("Document attached."))
                return redirect("governance:prepare_meeting", pk=meeting.pk)
            if "question-title" in request.POST and question_form.is_valid():
                _add_question(request, question_form.cleaned_data, body=meeting.body, meeting=meeting)
                messages.success(request, _("Question added."))
                return redirect("governance:prepare_meeting", pk=meeting.pk)
    return render(request, "governance/prepare_meeting.html", {
        "meeting": meeting, "item_form": item_form, "document_form": document_form, "question_form": question_form,
        "presence": selectors.presence(meeting) if meeting.status == Meeting.Status.IN_PROGRESS else None,
        "may_reschedule": (
            meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CONVENED)
            and request.user.has_perm("governance.reschedule_meeting", meeting)
            and not meetings.has_begun(meeting)
        ),
        # The letters' link asks the perm of the letters' page (not the chair's).
        "may_send_letters": request.user.has_perm("governance.send_letters", meeting),
    })


def _reschedule_context(meeting: Meeting) -> dict:
    """What a cancellation or postponement will touch, shown before the secretary confirms."""
    convened = meeting.status == Meeting.Status.CONVENED
    return {
        "meeting": meeting,
        "convened": convened,
        "member_count": len(selectors.members_of(meeting.body)) if convened else 0,
        "reply_count": len(community_selectors.replies_to(meeting.convocation_id)),
        "proxy_count": Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).count(),
        "earliest": meetings.earliest_new_date(meeting) if convened else None,
        "has_begun": meeting.status not in (Meeting.Status.DRAFT, Meeting.Status.CONVENED) or meetings.has_begun(meeting),
    }


@login_required
@rate_limited("governance-meeting-action", "30/h")
def cancel_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation step, then the cancellation (secretaries and staff)."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _require(request, "governance.reschedule_meeting", meeting)
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with carried_out(request, _("The meeting is cancelled; its members are notified.")) as outcome:
                meetings.cancel_meeting(meeting=meeting, acting_user=request.user, reason=form.cleaned_data["reason"])
            if outcome.ok:
                return redirect("governance:prepare_meeting", pk=meeting.pk)
        else:
            messages.error(request, _("Say why the meeting is cancelled: the members will read it."))
    return render(request, "governance/reschedule_meeting.html", {**_reschedule_context(meeting), "form": form, "mode": "cancel"})


@login_required
@rate_limited("governance-meeting-action", "30/h")
def postpone_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation step, then the new date (secretaries and staff)."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _require(request, "governance.reschedule_meeting", meeting)
    form = PostponeMeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with carried_out(request, _("The meeting is moved to its new date; its members are notified.")) as outcome:
                meetings.postpone_meeting(meeting=meeting, acting_user=request.user,
                                          starts_at=form.cleaned_data["starts_at"], reason=form.cleaned_data["reason"])
            if outcome.ok:
                return redirect("governance:prepare_meeting", pk=meeting.pk)
        else:
            messages.error(request, _("Give the new date and time of the meeting."))
    return render(request, "governance/reschedule_meeting.html", {**_reschedule_context(meeting), "form": form, "mode": "postpone"})


MEETING_ACTIONS = {
    "convene": (meetings.convene_meeting, gettext_lazy("The convocation is sent to every member.")),
    "start": (meetings.start_meeting, gettext_lazy("The meeting has started.")),
    "close": (meetings.close_meeting, gettext_lazy("The meeting is closed.")),
}


@login_required
@require_POST
@rate_limited("governance-meeting-action", "30/h")
def meeting_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    _require(request, "governance.run_meeting", meeting)
    if action not in MEETING_ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("governance:prepare_meeting", pk=meeting.pk)
    service, done = MEETING_ACTIONS[action]
    with carried_out(request, str(done)):
        service(meeting=meeting, acting_user=request.user)
    return redirect("governance:prepare_meeting", pk=meeting.pk)


QUESTION_ACTIONS = {
    "open": (voting.open_question, gettext_lazy("The vote is open.")),
    "close": (voting.close_question, gettext_lazy("The vote is closed; its result is final.")),
    "publish": (voting.publish_results, gettext_lazy("The results are published to the members.")),
}


@login_required
@require_POST
@rate_limited("governance-question-action", "120/h")
def question_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("meeting"), pk=pk)
    _require(request, "governance.run_question", question)
    if action in QUESTION_ACTIONS:
        service, done = QUESTION_ACTIONS[action]
        with carried_out(request, str(done)):
            meetings.refuse_if_cancelled(question.meeting)
            service(question=question, acting_user=request.user)
    else:
        messages.error(request, _("Unknown action."))
    if question.meeting_id:
        return redirect("governance:prepare_meeting", pk=question.meeting_id)
    return redirect("governance:question", pk=question.pk)
