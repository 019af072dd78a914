"""Reads for stewardship: each a fixed number of queries, whatever the history."""

from datetime import date

from django.db.models import Count, Q

from community.models import Dwelling, Role, User
from community.predicates import current_household_ids, owned_dwelling_ids
from community.predicates import is_steward as _is_steward

from . import policy
from .models import CheckKind, OwnerRequest, YearlyCheck


def is_steward(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or _is_steward(user)


def may_answer(user, check) -> bool:
    """A current member of the household the check asks, which still owns the
    home (read from the request's access rows: no query)."""
    return check.household_id in current_household_ids(user) and check.dwelling_id in owned_dwelling_ids(user)


def owner_users(household_id: int) -> list[User]:
    return list(User.objects.filter(household_memberships__household_id=household_id,
                                    household_memberships__until__isnull=True, is_active=True).distinct())


def steward_users() -> list[User]:
    return list(User.objects.filter(role_assignments__role=Role.STEWARD, role_assignments__ended_at__isnull=True,
                                    is_active=True).distinct())


def homes_of(user) -> list[Dwelling]:
    """The homes a person's household owns now."""
    owned = owned_dwelling_ids(user)
    if not owned:
        return []
    return list(Dwelling.objects.filter(pk__in=owned).select_related("housing_project", "owner_household"))


def checks_of(dwelling: Dwelling) -> list[YearlyCheck]:
    """The home's checks, every year, without their documents' bytes."""
    return list(YearlyCheck.objects.filter(dwelling=dwelling).defer("document")
                .select_related("household").order_by("-year", "kind"))


def dashboard(today: date) -> dict:
    """What is due across all homes: answers to check, checks past their
    deadline, checks due this month, and the year's figures per kind. Four
    queries, whatever the number of homes and years."""
    checks = YearlyCheck.objects.defer("document").select_related("dwelling__housing_project", "household")
    month_end = (date(today.year + (today.month == 12), today.month % 12 + 1, 1))
    return {
        "to_review": list(checks.filter(status=YearlyCheck.Status.SUBMITTED).order_by("answered_at", "pk")),
        "overdue": list(checks.filter(status=YearlyCheck.Status.OPEN, due_on__lt=today).order_by("due_on", "pk")),
        "due_this_month": list(checks.filter(status=YearlyCheck.Status.OPEN, due_on__gte=today, due_on__lt=month_end)
                               .order_by("due_on", "pk")),
        "by_kind": with_labels(list(YearlyCheck.objects.filter(year__in=[today.year - 1, today.year]).values("year", "kind").annotate(
            total=Count("pk"), accepted=Count("pk", filter=Q(status=YearlyCheck.Status.ACCEPTED)),
            waiting=Count("pk", filter=Q(status=YearlyCheck.Status.OPEN)),
            submitted=Count("pk", filter=Q(status=YearlyCheck.Status.SUBMITTED)),
        ).order_by("-year", "kind"))),
    }


def with_labels(rows: list[dict]) -> list[dict]:
    labels = dict(CheckKind.choices)
    return [{**row, "label": labels.get(row["kind"], row["kind"])} for row in rows]


def owned_homes() -> list[Dwelling]:
    """Every home with an owner household, for the officer's list."""
    return list(Dwelling.objects.filter(owner_household__isnull=False)
                .select_related("housing_project", "owner_household").order_by("housing_project__name", "label"))



def requests_of(dwelling: Dwelling) -> list[OwnerRequest]:
    return list(OwnerRequest.objects.filter(dwelling=dwelling).order_by("-submitted_at", "-pk"))


def requests_to_decide() -> list[OwnerRequest]:
    return list(OwnerRequest.objects.filter(status=OwnerRequest.Status.SUBMITTED)
                .select_related("dwelling__housing_project", "household").order_by("submitted_at", "pk"))


def improvements_counted_cents(dwelling) -> int:
    """The current owner's completed works, as they count in the resale price
    (policy.works_counted): registered with the base (community.homefile)."""
    rows = OwnerRequest.objects.filter(dwelling=dwelling, household_id=dwelling.owner_household_id,
                                       status=OwnerRequest.Status.COMPLETED).values_list("approved_cents", "invoiced_cents")
    return sum(policy.works_counted(approved or 0, invoiced or 0) for approved, invoiced in rows)
