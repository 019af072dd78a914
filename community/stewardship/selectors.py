"""Reads for stewardship: each a fixed number of queries, whatever the history."""

from datetime import date

from django.db.models import Count, Q
from socle_site.kernel.together import Branch, read_together

from community.models import Dwelling, Role, User
from community.predicates import current_household_ids, owned_dwelling_ids
from community.predicates import is_steward as _is_steward

from . import policy
from .models import CheckKind, OwnerRequest, SaleNotice, YearlyCheck


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




def requests_to_decide() -> list[OwnerRequest]:
    return list(OwnerRequest.objects.filter(status=OwnerRequest.Status.SUBMITTED)
                .select_related("dwelling__housing_project", "household").order_by("submitted_at", "pk"))


def improvements_counted_cents(dwelling) -> int:
    """The current owner's completed works, as they count in the resale price
    (policy.works_counted): registered with the base (community.homefile)."""
    rows = OwnerRequest.objects.filter(dwelling=dwelling, household_id=dwelling.owner_household_id,
                                       status=OwnerRequest.Status.COMPLETED).values_list("approved_cents", "invoiced_cents")
    return sum(policy.works_counted(approved or 0, invoiced or 0) for approved, invoiced in rows)



def sales_under_way() -> list[SaleNotice]:
    return list(SaleNotice.objects.filter(status=SaleNotice.Status.GIVEN)
                .select_related("dwelling__housing_project", "household").order_by("first_refusal_until", "pk"))


CHECK_FIELDS = ("kind", "year", "opened_on", "due_on", "status", "document_name", "document_size", "review_note",
                "household_id", "dwelling_id", "reviewed_at")
REQUEST_FIELDS = ("kind", "status", "submitted_at", "decided_at", "invoices_recorded_at", "amount_cents")
NOTICE_FIELDS = ("status", "given_on", "wished_on", "note", "first_refusal_until", "decided_on", "decision_note",
                 "household_id", "dwelling_id")


def file_rows(dwelling, since_year: int | None = None) -> tuple[list[YearlyCheck], list[OwnerRequest], list[SaleNotice]]:
    """The home's yearly checks, requests and notices of sale, every year's,
    in one query (kernel.together): the file's lists and its timeline, which
    get the same dwelling object in one request (kept on it)."""
    kept = getattr(dwelling, "_stewardship_rows", None)
    if kept is not None:
        return kept
    # The file is the current owner household's: an earlier owner's checks,
    # requests and documents are not shown to the next one (the ledger keeps
    # what the home's history needs).
    mine = {"dwelling": dwelling}
    if dwelling.owner_household_id is not None:
        mine["household_id"] = dwelling.owner_household_id
    checks = YearlyCheck.objects.filter(**mine)
    if since_year is not None:  # the page's recent years; "every year" on demand
        checks = checks.filter(year__gte=since_year)
    checks, requests, notices = read_together(
        Branch(checks.order_by("-year", "kind"), CHECK_FIELDS),
        Branch(OwnerRequest.objects.filter(**mine).order_by("-submitted_at", "-pk"), REQUEST_FIELDS),
        Branch(SaleNotice.objects.filter(**mine).order_by("-given_on", "-pk"), NOTICE_FIELDS),
    )
    dwelling._stewardship_rows = (checks, requests, notices)
    return dwelling._stewardship_rows


def may_read_household_row(user, row) -> bool:
    """A check's document or a request: the officers, and the members of the
    household it belongs to while it owns the home (access rows: no query)."""
    return is_steward(user) or (row.household_id in current_household_ids(user)
                                and row.dwelling_id in owned_dwelling_ids(user))
