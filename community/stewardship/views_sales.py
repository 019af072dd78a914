"""The resale's first steps: thin views (issue 25)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.refusals import carried_out

from community.models import Dwelling

from . import forms, selectors, services
from .models import SaleNotice


@login_required
@require_POST
def give_notice(request: HttpRequest, dwelling_id: int) -> HttpResponse:
    dwelling = get_object_or_404(Dwelling, pk=dwelling_id)
    if not (dwelling.pk in selectors.owned_dwelling_ids(request.user) or selectors.is_steward(request.user)):
        raise PermissionDenied(_("Only the owner household of this home gives notice of its sale."))
    form = forms.SaleNoticeForm(request.POST)
    with carried_out(request, _("Your notice of sale is sent: the trust answers by the date shown.")):
        if not form.is_valid():
            raise services.StewardshipRefusal(_("Enter the date as day, month and year."))
        services.give_notice(acting_user=request.user, dwelling=dwelling, **form.cleaned_data)
    return redirect("stewardship:home_file", dwelling.pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("stewardship.follow_homes"):
        raise PermissionDenied(_("Only the trust's stewardship officers follow the homes after the sale."))
    notice = get_object_or_404(SaleNotice, pk=pk)
    form = forms.FirstRefusalForm(request.POST)
    with carried_out(request, _("The decision is recorded; the household is told.")):
        if not form.is_valid():
            raise services.StewardshipRefusal(_("Give the reason of the decision: the household will read it."))
        services.decide_first_refusal(acting_user=request.user, notice=notice,
                                      buy_back=request.POST.get("decision") == "buy_back", note=form.cleaned_data["note"])
    return redirect("stewardship:home_file", notice.dwelling_id)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(SaleNotice, pk=pk)
    with carried_out(request, _("Your notice of sale is withdrawn.")):
        services.withdraw_notice(acting_user=request.user, notice=notice)
    return redirect("stewardship:home_file", notice.dwelling_id)
