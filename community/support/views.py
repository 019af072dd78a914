"""Thin views for early warning (issue 25): the support worker's proposals
and cases. Every reading of a case is in the access log."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.refusals import carried_out

from community.models import Household
from community.privacy.services import log_access_to

from . import policy, selectors, services
from .models import LetterTemplate, SupportCase


def _require_support(request) -> None:
    if not request.user.has_perm("support.handle_cases"):
        raise PermissionDenied(_("Only the trust's support worker sees and handles early-warning cases."))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_support(request)
    return render(request, "support/dashboard.html", {
        "proposals": selectors.proposals(timezone.localdate()),
        "cases": selectors.open_cases(),
        "signals_needed": selectors.setting().signals_to_propose,
    })


@login_required
@require_POST
def open_case(request: HttpRequest, household_id: int) -> HttpResponse:
    _require_support(request)
    household = get_object_or_404(Household, pk=household_id)
    with carried_out(request, _("The case is open. Only you and the other support workers see it.")) as outcome:
        case = services.open_case(acting_user=request.user, household=household)
    return redirect("support:case", case.pk) if outcome.ok else redirect("support:dashboard")


@login_required
@require_POST
def decline(request: HttpRequest, household_id: int) -> HttpResponse:
    _require_support(request)
    household = get_object_or_404(Household, pk=household_id)
    with carried_out(request, _("No case is opened; the household is not proposed again for a while.")):
        services.decline(acting_user=request.user, household=household, reason=request.POST.get("reason", ""))
    return redirect("support:dashboard")


@login_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    _require_support(request)
    case = get_object_or_404(SupportCase.objects.select_related("household", "opened_by"), pk=pk)
    members = selectors.household_users(case.household_id)
    # Each reading of a case is logged, about each member of the household (GDPR art. 5.2).
    log_access_to(viewer=request.user, subjects=members, what="early-warning case", target=case)
    templates = selectors.usable_templates()
    chosen = next((t for t in templates if str(t.pk) == request.GET.get("template", "")), None)
    return render(request, "support/case.html", {
        "case": case, "entries": selectors.entries(case), "members": members, "templates": templates, "chosen": chosen,
        "letter": policy.letter_text(chosen.body, case.household.name) if chosen else "",
    })


@login_required
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    _require_support(request)
    case = get_object_or_404(SupportCase, pk=pk)
    with carried_out(request, _("The note is added to the case.")):
        services.add_note(acting_user=request.user, case=case, text=request.POST.get("text", ""))
    return redirect("support:case", case.pk)


@login_required
@require_POST
def send_letter(request: HttpRequest, pk: int) -> HttpResponse:
    _require_support(request)
    case = get_object_or_404(SupportCase, pk=pk)
    template = LetterTemplate.objects.filter(pk=request.POST.get("template") or 0).first() if (
        request.POST.get("template", "").isdecimal()) else None
    with carried_out(request, _("The letter is sent to the household and kept with the case.")):
        services.send_letter(acting_user=request.user, case=case, template=template, text=request.POST.get("text", ""))
    return redirect("support:case", case.pk)


@login_required
@require_POST
def close_case(request: HttpRequest, pk: int) -> HttpResponse:
    _require_support(request)
    case = get_object_or_404(SupportCase, pk=pk)
    with carried_out(request, _("The case is closed.")):
        services.close_case(acting_user=request.user, case=case, reason=request.POST.get("reason", ""))
    return redirect("support:case", case.pk)
