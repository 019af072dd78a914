"""Household changes, for the staff (issue 25): thin views. The list and the
form (a household, then its member), and each change's steps."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.refusals import carried_out

from community import household_changes
from community.models import Household, HouseholdChange
from community.services.household_changes import (
    HouseholdChangeRefusal,
    mark_step_done,
    record_change,
)

PERM = "community.manage_people"


def _require_staff(request: HttpRequest) -> None:
    if not request.user.has_perm(PERM):
        raise PermissionDenied(_("Only the trust's staff record household changes."))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise HouseholdChangeRefusal(_("Enter the date as day, month and year.")) from None


@login_required
def changes(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    households = Household.objects.filter(members__until__isnull=True).distinct().order_by("name")
    chosen = households.filter(pk=request.GET.get("household") or 0).first() if (
        request.GET.get("household", "").isdecimal()) else None
    if request.method == "POST":
        chosen = get_object_or_404(Household, pk=request.POST.get("household") if (
            request.POST.get("household", "").isdecimal()) else 0)
        with carried_out(request, _("The change is recorded: go through its steps below.")) as outcome:
            member = chosen.members.filter(pk=request.POST.get("member") if request.POST.get("member", "").isdecimal()
                                           else 0).first()
            if member is None:
                raise HouseholdChangeRefusal(_("Choose the member the change is about."))
            change = record_change(acting_user=request.user, household=chosen, member=member,
                                   kind=request.POST.get("kind", ""), happened_on=_date(request.POST.get("happened_on")),
                                   note=request.POST.get("note", ""))
        if outcome.ok:
            return redirect("community:household_change", change.pk)
    return render(request, "community/household_changes.html", {
        "changes": list(HouseholdChange.objects.select_related("household", "member").order_by(
            "completed_at", "-recorded_at")[:100]),
        "households": households, "chosen": chosen,
        "members": list(chosen.members.filter(until__isnull=True)) if chosen else [],
        "kinds": HouseholdChange.Kind.choices, "today": timezone.localdate(),
    })


@login_required
def change(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    change = get_object_or_404(HouseholdChange.objects.select_related("household", "member", "recorded_by"), pk=pk)
    rows = []
    for entry in change.steps:
        step = household_changes.step(entry["key"])
        if step is not None:
            rows.append({"step": step, "entry": entry, "guidance": step.guidance(change), "link": step.link(change)})
    return render(request, "community/household_change.html", {"change": change, "rows": rows})


@login_required
@require_POST
def step_done(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    _require_staff(request)
    change = get_object_or_404(HouseholdChange, pk=pk)
    with carried_out(request, _("The step is marked done.")):
        mark_step_done(acting_user=request.user, change=change, key=key, note=request.POST.get("note", ""))
    return redirect("community:household_change", change.pk)
