"""What stewardship asks of an owner household now, for the top of My space:
a yearly check to answer (or a document to send again), a ground-lease fee
in arrears."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel import formatting
from socle_site.kernel.together import Branch

from community.myspace import Need
from community.predicates import current_household_ids, owned_dwelling_ids

from . import policy, selectors
from .models import OwnerRequest, SaleNotice, YearlyCheck
from .predicates import is_steward

LIMIT = 4


def branches(request) -> list:
    """The owner's open checks; for an officer, what waits for the trust
    (answers to check, requests to decide, sales whose deadline runs).
    Decided from the access rows: no query for whoever is neither."""
    owned = owned_dwelling_ids(request.user)
    mine = (YearlyCheck.objects.filter(dwelling_id__in=owned, household_id__in=current_household_ids(request.user),
                                       status=YearlyCheck.Status.OPEN).order_by("due_on", "pk")
            if owned else YearlyCheck.objects.none())
    officer = is_steward(request.user)
    return [
        Branch(mine, ("kind", "year", "due_on", "review_note", "dwelling_id"), limit=LIMIT),
        Branch(selectors.fee_sums(owned, current_household_ids(request.user), timezone.localdate())
               if owned else selectors.no_fees(), ("dwelling_id", "household_id", "due", "old", "paid"), limit=LIMIT),
        Branch(YearlyCheck.objects.filter(status=YearlyCheck.Status.SUBMITTED).order_by("answered_at", "pk")
               if officer else YearlyCheck.objects.none(),
               ("kind", "year", "dwelling__label", "dwelling__housing_project__name"), limit=LIMIT),
        Branch(OwnerRequest.objects.filter(status=OwnerRequest.Status.SUBMITTED).order_by("submitted_at", "pk")
               if officer else OwnerRequest.objects.none(),
               ("kind", "dwelling__label", "dwelling__housing_project__name"), limit=LIMIT),
        Branch(SaleNotice.objects.filter(status=SaleNotice.Status.GIVEN).order_by("first_refusal_until", "pk")
               if officer else SaleNotice.objects.none(),
               ("first_refusal_until", "dwelling_id", "dwelling__label", "dwelling__housing_project__name"), limit=LIMIT),
    ] if (owned or officer) else []


def needs(request, rows) -> list[Need]:
    checks, fees, to_check, requests, sales = rows
    today = timezone.localdate()
    dashboard = reverse("stewardship:dashboard")
    officer_needs = [
        Need(title=_("Check the answer: %(check)s (%(year)s), %(home)s") % {
            "check": check.get_kind_display(), "year": check.year, "home": check.dwelling},
             action=_("Check"), url=f"{dashboard}#review-title")
        for check in to_check
    ] + [
        Need(title=_("Decide the request: %(request)s, %(home)s") % {
            "request": request.get_kind_display(), "home": request.dwelling},
             action=_("Decide"), url=reverse("stewardship:request", args=[request.pk]))
        for request in requests
    ] + [
        Need(title=_("Right of first refusal: %(home)s") % {"home": notice.dwelling}, action=_("Decide"),
             url=reverse("stewardship:home_file", args=[notice.dwelling_id]) + "#sale-title",
             due=notice.first_refusal_until, overdue=notice.first_refusal_until < today)
        for notice in sales
    ]
    return officer_needs + [
        Need(title=(_("Send again: %(check)s (%(year)s)") if check.review_note else _("Yearly check: %(check)s (%(year)s)"))
             % {"check": check.get_kind_display(), "year": check.year},
             detail=check.review_note, action=_("Answer"), url=reverse("stewardship:answer_check", args=[check.pk]),
             due=check.due_on, overdue=check.due_on < today)
        for check in checks
    ] + [
        Need(title=_("Ground-lease fee overdue: %(amount)s") % {"amount": formatting.format_money(balance.arrears_cents)},
             action=_("See how to pay"), url=reverse("stewardship:home_file", args=[dwelling_id]) + "#panel-fees",
             overdue=True)
        for dwelling_id, balance in ((fee.dwelling_id, policy.fee_balance(
            due_cents=fee.due, due_before_grace_cents=fee.old, paid_cents=fee.paid)) for fee in fees)
        if balance.arrears_cents > 0
    ]
