"""Thin views of the room: recording the count of a vote taken by show of
hands or paper ballots, and signed paper proxies. Each asks a perm of
``rules_live`` and calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from community.models import User

from . import selectors
from .forms_room import PaperProxyForm, RoomCountForm
from .models import Meeting, Proxy, Question
from .services import voting
from .services.paper_proxies import record_paper_proxy
from .services.voting.room import ROOM_KINDS, capacity_of, needs_weights, room_colleges


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("governance-room-count", "120/h")
def room_count(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("meeting__body", "body"), pk=pk, meeting__isnull=False)
    meeting = question.meeting
    if not request.user.has_perm("governance.record_room_count", meeting):
        raise PermissionDenied(_("Only the chair, the secretary or staff record the votes taken in the room."))
    if question.status != Question.Status.OPEN or meeting.status != Meeting.Status.IN_PROGRESS or question.kind not in ROOM_KINDS:
        messages.error(request, _("This vote is not open: a count in the room is recorded while it is open, and closes it."))
        return redirect("governance_live:console", pk=meeting.pk)
    presence = selectors.presence(meeting)
    answers = [(c.pk, c.display_label) for c in question.choices.all()]
    if question.kind != Question.Kind.MOTION:
        answers.append((None, _("Blank")))
    form = RoomCountForm(request.POST or None, answers=answers, colleges=room_colleges(question, presence),
                         weighed=needs_weights(question, presence), secret=question.is_secret)
    if request.method == "POST":
        if form.is_valid():
            with carried_out(request, _("The count in the room is recorded and the vote is closed.")) as outcome:
                voting.record_room_count(question=question, acting_user=request.user, method=form.cleaned_data["method"],
                                         counted_by=form.cleaned_data["counted_by"], totals=form.totals())
            if outcome.ok:
                return redirect("governance_live:console", pk=meeting.pk)
        else:
            messages.error(request, _("Check the figures: whole numbers, zero or more, and who counted."))
    capacity = capacity_of(question, presence)
    return render(request, "governance/chair/room_count.html", {
        "meeting": meeting, "question": question, "form": form, "rows": form.bound_rows(),
        "possible_voters": sum(c.voters for c in capacity.values()),
        "possible_votes": sum(c.weight for c in capacity.values()),
        "voted_online": question.participations.count(),
    })


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("governance-paper-proxy", "60/h")
def paper_proxy(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not request.user.has_perm("governance.record_paper_proxy", meeting):
        raise PermissionDenied(_("Only staff or a secretary record a paper proxy."))
    members = list(User.objects.filter(pk__in=list(selectors.members_of(meeting.body))).order_by("last_name", "first_name", "pk"))
    form = PaperProxyForm(request.POST or None, request.FILES or None, members=members)
    if request.method == "POST":
        if form.is_valid():
            by_pk = {u.pk: u for u in members}
            principal, holder = by_pk.get(form.cleaned_data["principal"]), by_pk.get(form.cleaned_data["holder"])
            with carried_out(request, _("The paper proxy of %(principal)s to %(holder)s is recorded.")
                             % {"principal": principal, "holder": holder}) as outcome:
                record_paper_proxy(meeting=meeting, principal=principal, holder=holder, scan=form.cleaned_data["scan"],
                                   signed_on=form.cleaned_data["signed_on"], acting_user=request.user)
            if outcome.ok:
                return redirect("governance_live:paper_proxy", pk=meeting.pk)
        else:
            messages.error(request, _("Check the form: choose both members, the date and the scan."))
    on_paper = list(Proxy.objects.filter(meeting=meeting, recorded_by__isnull=False, withdrawn_at__isnull=True)
                    .select_related("principal", "holder", "recorded_by").defer("scan").order_by("given_at", "pk"))
    return render(request, "governance/chair/paper_proxy.html", {"meeting": meeting, "form": form, "on_paper": on_paper})


@login_required
def proxy_scan(request: HttpRequest, pk: int) -> HttpResponse:
    proxy = get_object_or_404(Proxy.objects.select_related("meeting__body"), pk=pk, recorded_by__isnull=False)
    if not request.user.has_perm("governance.record_paper_proxy", proxy.meeting):
        raise PermissionDenied(_("Only staff or a secretary record a paper proxy."))
    response = HttpResponse(bytes(proxy.scan), content_type=proxy.scan_type)
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(proxy.scan_type, "bin")
    response["Content-Disposition"] = f'inline; filename="proxy-{proxy.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
