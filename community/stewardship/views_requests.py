"""Owners' requests: thin views (issue 25)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.refusals import carried_out

from community.models import Dwelling

from . import forms, selectors, services
from .models import OwnerRequest

NOT_YOURS = "A home's file is open to its owner household and the trust's stewardship officers."


def _request_or_refuse(request: HttpRequest, pk: int) -> OwnerRequest:
    owner_request = get_object_or_404(
        OwnerRequest.objects.select_related("dwelling__housing_project", "household"), pk=pk)
    if not selectors.may_read_household_row(request.user, owner_request):
        raise PermissionDenied(_(NOT_YOURS))
    return owner_request


@login_required
def new_request(request: HttpRequest, dwelling_id: int) -> HttpResponse:
    dwelling = get_object_or_404(Dwelling.objects.select_related("housing_project"), pk=dwelling_id)
    if not (dwelling.pk in selectors.owned_dwelling_ids(request.user) or selectors.is_steward(request.user)):
        raise PermissionDenied(_("Only the owner household of this home asks the trust about it."))
    form = forms.RequestForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        with carried_out(request, _("Your request is sent: the trust will answer you here.")) as outcome:
            created = services.submit_request(acting_user=request.user, dwelling=dwelling, **form.cleaned_data)
        if outcome.ok:
            return redirect("stewardship:request", created.pk)
    return render(request, "stewardship/new_request.html", {"dwelling": dwelling, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    owner_request = _request_or_refuse(request, pk)
    return render(request, "stewardship/request.html", {
        "owner_request": owner_request,
        "is_steward": selectors.is_steward(request.user),
        "is_owner": owner_request.dwelling_id in selectors.owned_dwelling_ids(request.user),
        "decision_form": forms.DecisionForm(),
        "invoices_form": forms.InvoicesForm(),
    })


def _require_steward(request) -> None:
    if not request.user.has_perm("stewardship.follow_homes"):
        raise PermissionDenied(_("Only the trust's stewardship officers follow the homes after the sale."))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require_steward(request)
    owner_request = get_object_or_404(OwnerRequest, pk=pk)
    form = forms.DecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    with carried_out(request, _("The decision is recorded; the household is told.")):
        if not form.is_valid():
            raise services.StewardshipRefusal(_("Give the reason of the decision: the household will read it."))
        services.decide_request(acting_user=request.user, request=owner_request, approve=approve, **form.cleaned_data)
    return redirect("stewardship:request", owner_request.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    owner_request = _request_or_refuse(request, pk)
    with carried_out(request, _("Your request is withdrawn.")):
        services.withdraw_request(acting_user=request.user, request=owner_request)
    return redirect("stewardship:request", owner_request.pk)


@login_required
@require_POST
def invoices(request: HttpRequest, pk: int) -> HttpResponse:
    _require_steward(request)
    owner_request = get_object_or_404(OwnerRequest, pk=pk)
    form = forms.InvoicesForm(request.POST)
    with carried_out(request, _("The invoices are recorded: the works count in the resale price.")):
        if not form.is_valid():
            raise services.StewardshipRefusal(_("Enter the total of the invoices in euros."))
        services.record_invoices(acting_user=request.user, request=owner_request, **form.cleaned_data)
    return redirect("stewardship:request", owner_request.pk)
