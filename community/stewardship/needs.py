"""What stewardship asks of an owner household now, for the top of My space:
a yearly check to answer (or a document to send again)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.together import Branch

from community.myspace import Need
from community.predicates import current_household_ids, owned_dwelling_ids

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
    checks, to_check, requests, sales = rows
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
    ]
