"""Thin views: find the building, check the perm, call one service, render.
Refusals are shown with their reason, never a 500; another building's data is
refused (403) to whom holds no role in it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.jobs import status_url
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from community.governance.models import Meeting
from community.models import Household

from . import charts, forms, meetings, selectors, services
from . import jobs as coownership_jobs
from .models import (
    Building,
    Statement,
)
from .refusals import REASONS
from .refusals import refusal as refusal_of


def _building(request: HttpRequest, slug: str, perm: str, refusal: str = "") -> Building:
    building = get_object_or_404(Building.objects.select_related("housing_project"), slug=slug)
    if not request.user.has_perm(perm, building):
        raise PermissionDenied(refusal or REASONS[perm])
    return building


def _reconciling_refusal() -> str:
    return _("Only the building's syndic and committee reconcile its bank statements.")


def _file(stored, *, inline: bool) -> HttpResponse:
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    disposition = "inline" if inline else "attachment"
    safe_name = "".join(c for c in stored.filename if c.isalnum() or c in "._- ") or "file"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def buildings(request: HttpRequest) -> HttpResponse:
    mine = selectors.buildings_of(request.user)
    if len(mine) == 1:
        return redirect("coownership:building", mine[0].slug)
    return render(request, "coownership/buildings.html", {"buildings": mine})


@login_required
def building(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    today = timezone.localdate()
    manages = request.user.has_perm("coownership.manage_building", the_building)
    lots = selectors.lots_with_owners(the_building, today)
    sale_form = forms.SaleForm(
        lots=lots, households=selectors.possible_owners(the_building), initial={"on_date": today}
    ) if manages else None
    return render(
        request,
        "coownership/building.html",
        {
            "building": the_building,
            "lots": lots,
            "sale_form": sale_form,
            "roles": selectors.roles_of(the_building),
            "is_coowner": request.user.has_perm("coownership.view_own_account", the_building),
            "manages": request.user.has_perm("coownership.view_accounts", the_building),
            "meetings": selectors.meetings_of(the_building, include_drafts=manages),
            "second_meeting_form": forms.SecondMeetingForm() if manages else None,
            "convenes": request.user.has_perm("coownership.manage_convocations", the_building),
        },
    )


@login_required
@require_POST
def call_second_meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.manage_building")
    meeting = get_object_or_404(Meeting, pk=pk, body_id=the_building.body_id or 0)
    form = forms.SecondMeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and time of the second meeting."))
        return redirect("coownership:building", slug=slug)
    with carried_out(request, _("The second meeting is convened; the co-owners have been told.")) as outcome:
        second = meetings.call_second_meeting(
            meeting=meeting, acting_user=request.user, starts_at=form.cleaned_data["starts_at"],
            place=form.cleaned_data["place"],
        )
    if not outcome.ok:
        return redirect("coownership:building", slug=slug)
    return redirect("governance:meeting", pk=second.pk)


@login_required
@require_POST
def record_sale(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.manage_building")
    lots = list(the_building.lots.all())
    households = selectors.possible_owners(the_building)
    form = forms.SaleForm(request.POST, lots=lots, households=households)
    if not form.is_valid():
        messages.error(request, _("Choose the lot, the new owner and the date."))
        return redirect("coownership:building", slug)
    data = form.cleaned_data
    with carried_out(request, _("The sale is recorded: the new owner is a co-owner from that date.")):
        services.transfer_lot(
            acting_user=request.user, lot=next(lot for lot in lots if lot.pk == data["lot"]),
            household=next(h for h in households if h.pk == data["household"]), on_date=data["on_date"],
        )
    return redirect("coownership:building", slug)


@login_required
def my_account(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_own_account")
    households = selectors.households_of(request.user)
    today = timezone.localdate()
    # One read of the households' totals serves the account and the payment instructions.
    totals = selectors.own_totals(the_building, households, today)
    year = _year(request)
    statements, email_consent = selectors.statements_and_consent(the_building, households)
    return render(
        request,
        "coownership/my_account.html",
        {
            "building": the_building,
            "lots": selectors.lots_of(the_building, households, today),
            "account": selectors.account(the_building, households, today, totals=totals),
            "to_pay": selectors.payment_instructions(the_building, households, today, totals=totals),
            "households_count": len(totals),
            "statements": _following_jobs(statements),
            # Art. 3.87 §3: how this co-owner is convened, and since when.
            "email_consent": email_consent,
            "statement_form": forms.StatementForm(initial={"year": today.year}),
            # "Where does my money go": the budget by key and the year's expenses against it.
            "year": year,
            "money_charts": charts.where_money_goes(selectors.budget_against_spent(the_building, year), year),
        },
    )


def _following_jobs(statements):
    """A statement being prepared shows its progress and updates by itself (socle_site.kernel.jobs)."""
    for statement in statements:
        if statement.status == Statement.Status.PENDING:
            statement.job_status_url = status_url(coownership_jobs.KIND, statement.pk)
    return statements


@login_required
@require_POST
@rate_limited("coownership-statement", "10/h")
def request_statement(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_own_account")
    form = forms.StatementForm(request.POST)
    households = sorted(selectors.households_of(request.user))
    if not form.is_valid() or not households:
        messages.error(request, _("Choose a year for the statement."))
        return redirect("coownership:my_account", slug)
    household = Household.objects.get(pk=households[0])
    with carried_out(request, _("Your statement is being prepared; its link appears below as soon as it is ready.")):
        services.request_statement(acting_user=request.user, building=the_building, household=household,
                                   year=form.cleaned_data["year"])
    return redirect("coownership:my_account", slug)


@login_required
def statement_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = get_object_or_404(Statement.objects.select_related("building", "pdf"), pk=pk, building__slug=slug)
    if not request.user.has_perm("coownership.download_statement", statement):
        raise refusal_of("coownership.download_statement")
    if statement.pdf is None:
        raise Http404
    return _file(statement.pdf, inline=False)


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_accounts")
    year = _year(request)
    return render(
        request,
        "coownership/dashboard.html",
        {"building": the_building, "year": year, **selectors.dashboard(the_building, year, timezone.localdate())},
    )


@login_required
@require_POST
@rate_limited("coownership-reminders", "5/h")
def send_reminders(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.manage_building")
    count = services.send_arrears_reminders(acting_user=request.user, building=the_building)
    messages.success(request, _("Reminders sent: %(count)d.") % {"count": count})
    return redirect("coownership:dashboard", slug)


def _int(text) -> int | None:
    return int(text) if str(text or "").isdigit() else None
