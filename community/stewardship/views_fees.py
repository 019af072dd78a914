"""The ground-lease fees for the stewardship officers: thin views (issue 25)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from socle_site.kernel.refusals import carried_out

from . import forms, selectors, services
from .models import FeeCredit, FeeReference


def _require_steward(request) -> None:
    if not request.user.has_perm("stewardship.follow_homes"):
        raise PermissionDenied(_("Only the trust's stewardship officers follow the homes after the sale."))


@login_required
def fees(request: HttpRequest) -> HttpResponse:
    _require_steward(request)
    form = forms.FeeStatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        with carried_out(request) as outcome:
            if not form.is_valid():
                raise services.StewardshipRefusal(_("Choose the statement file to import."))
            result = services.import_fee_statement(acting_user=request.user, content=form.cleaned_data["statement"].read())
        if outcome.ok:
            messages.success(request, " ".join([
                ngettext("%(count)d payment recognised by its reference.", "%(count)d payments recognised by their reference.",
                         result.matched) % {"count": result.matched},
                ngettext("%(count)d credit to assign.", "%(count)d credits to assign.", result.waiting) % {"count": result.waiting},
                ngettext("%(count)d already imported.", "%(count)d already imported.", result.already_imported)
                % {"count": result.already_imported},
            ]))
            return redirect("stewardship:fees")
    overview = selectors.fee_overview(timezone.localdate(), services.fee_setting().grace_days)
    return render(request, "stewardship/fees.html", {
        **overview, "form": form, "set_aside_form": forms.SetAsideForm(),
    })


@login_required
@require_POST
def handle_credit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_steward(request)
    credit = get_object_or_404(FeeCredit, pk=pk)
    if request.POST.get("action") == "set_aside":
        with carried_out(request, _("The credit is set aside with your note.")):
            services.set_credit_aside(acting_user=request.user, credit=credit, note=request.POST.get("note", ""))
    else:
        with carried_out(request, _("The credit now counts as that owner's payment.")):
            try:
                reference = FeeReference.objects.get(pk=int(request.POST.get("reference", "")))
            except (ValueError, FeeReference.DoesNotExist):
                raise services.StewardshipRefusal(_("Choose the home and owner this credit pays for.")) from None
            services.assign_credit(acting_user=request.user, credit=credit, reference=reference)
    return redirect("stewardship:fees")
