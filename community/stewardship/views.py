"""Thin views: parse, check the perm, call one service, render (issue 25)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.crypto import decrypt_bytes
from socle_site.kernel.refusals import carried_out

from community import homefile
from community.models import Dwelling
from community.privacy.services import log_access

from . import forms, selectors, services
from .models import YearlyCheck

# What the owner's file shows without asking for the whole history.
RECENT_YEARS = 5
RECENT_EVENTS = 30


def _file_or_refuse(request, dwelling_id: int) -> Dwelling:
    dwelling = get_object_or_404(Dwelling.objects.select_related("housing_project", "owner_household"), pk=dwelling_id)
    if not request.user.has_perm("stewardship.view_file", dwelling):
        raise PermissionDenied(_("A home's file is open to its owner household and the trust's stewardship officers."))
    return dwelling


def _require_steward(request) -> None:
    if not request.user.has_perm("stewardship.follow_homes"):
        raise PermissionDenied(_("Only the trust's stewardship officers follow the homes after the sale."))


@login_required
def my_home(request: HttpRequest) -> HttpResponse:
    """The owner's way in: their home's file, or the list when they own several."""
    homes = selectors.homes_of(request.user)
    if len(homes) == 1:
        return redirect("stewardship:home_file", homes[0].pk)
    return render(request, "stewardship/my_homes.html", {"homes": homes})


@login_required
def home_file(request: HttpRequest, dwelling_id: int) -> HttpResponse:
    dwelling = _file_or_refuse(request, dwelling_id)
    # The recent years by default, so the page costs the same after twenty
    # years of history; the whole history on demand.
    whole = request.GET.get("history") == "all"
    today = timezone.localdate()
    checks, requests, notices = selectors.file_rows(dwelling, None if whole else today.year - RECENT_YEARS + 1)
    timeline = homefile.timeline(dwelling)
    return render(request, "stewardship/home_file.html", {
        "dwelling": dwelling,
        "panels": homefile.panels_for(request, dwelling),
        "checks": checks,
        "requests": requests,
        "notices": notices,
        "notice_form": forms.SaleNoticeForm(),
        "first_refusal_form": forms.FirstRefusalForm(),
        "is_owner": dwelling.pk in selectors.owned_dwelling_ids(request.user),
        "to_answer": [c for c in checks if c.status == YearlyCheck.Status.OPEN and selectors.may_answer(request.user, c)],
        "timeline": timeline if whole else timeline[:RECENT_EVENTS],
        "history_cut": not whole and (len(timeline) > RECENT_EVENTS or (
            dwelling.owned_since is not None and dwelling.owned_since.year < today.year - RECENT_YEARS + 1)),
        "is_steward": selectors.is_steward(request.user),
        "review_form": forms.ReviewForm(),
        "today": today,
    })


@login_required
def answer_check(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_object_or_404(YearlyCheck.objects.defer("document").select_related("dwelling__housing_project"), pk=pk)
    if not (selectors.may_answer(request.user, check) or selectors.is_steward(request.user)):
        raise PermissionDenied(_("Only the owner household of this home answers its checks."))
    form = forms.AnswerForm(request.POST or None, request.FILES or None, kind=check.kind)
    if request.method == "POST" and form.is_valid():
        with carried_out(request, _("Thank you: your answer is sent. The trust will check it.")) as outcome:
            services.answer_check(acting_user=request.user, check=check, declared=form.cleaned_data["declared"],
                                  upload=form.cleaned_data["document"])
        if outcome.ok:
            return redirect("stewardship:home_file", check.dwelling_id)
    return render(request, "stewardship/answer.html", {
        "check": check, "form": form, "document_asked": services.DOCUMENT_ASKED[check.kind],
    }, status=400 if request.method == "POST" else 200)


@login_required
def check_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The documents are only ever served here: permission checked, the officer's reading logged."""
    check = get_object_or_404(YearlyCheck.objects.select_related("dwelling"), pk=pk)
    if not selectors.may_read_household_row(request.user, check) or not check.document_size:
        raise Http404(_("This document does not exist or is not yours."))
    if selectors.is_steward(request.user):
        log_access(viewer=request.user, subject=None, what=f"stewardship-check:{check.pk}", target=check)
    response = HttpResponse(decrypt_bytes(bytes(check.document)), content_type=check.document_type)
    response["Content-Disposition"] = f'attachment; filename="check-{check.pk}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def review_check(request: HttpRequest, pk: int) -> HttpResponse:
    _require_steward(request)
    check = get_object_or_404(YearlyCheck.objects.defer("document"), pk=pk)
    form = forms.ReviewForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    success = _("The answer is accepted.") if accept else _("The document is sent back to the household.")
    with carried_out(request, success):
        if not form.is_valid():
            raise services.StewardshipRefusal(_("The note is too long: 500 characters at most."))
        services.review_check(acting_user=request.user, check=check, accept=accept, note=form.cleaned_data["note"])
    if request.POST.get("next") == "dashboard":
        return redirect("stewardship:dashboard")
    return redirect("stewardship:home_file", check.dwelling_id)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What the officer must follow across all homes, this month."""
    _require_steward(request)
    today = timezone.localdate()
    return render(request, "stewardship/dashboard.html", {
        **selectors.dashboard(today), "homes": selectors.owned_homes(), "today": today,
        "requests": selectors.requests_to_decide(),
        "sales": selectors.sales_under_way(),
        "review_form": forms.ReviewForm(),
    })
