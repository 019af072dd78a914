"""Reads for stewardship: each a fixed number of queries, whatever the history."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from socle_site.kernel.together import Branch, read_together

from community.models import BankAccount, Dwelling, Role, User
from community.predicates import current_household_ids, owned_dwelling_ids
from community.predicates import is_steward as _is_steward

from . import policy
from .models import (
    CheckKind,
    FeeCharge,
    FeeCredit,
    FeeReference,
    FeeSetting,
    OwnerRequest,
    SaleNotice,
    YearlyCheck,
)


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


# --- Ground-lease fees -------------------------------------------------------------
COUNTED = (FeeCredit.Status.MATCHED, FeeCredit.Status.ASSIGNED)
# The officers' queue shows its oldest credits first, this many at a time.
WAITING_SHOWN = 50
RECENT_FEE_LINES = 12


def _sums(rows, key=("dwelling_id", "household_id")) -> dict:
    return {tuple(row[k] for k in key): row for row in rows}


def fee_balances(today: date, grace_days: int, dwelling_ids=None) -> dict[tuple[int, int], policy.FeeBalance]:
    """Each (home, owner household)'s balance, in two grouped queries whatever
    the years of history."""
    charges = FeeCharge.objects.all()
    credits = FeeCredit.objects.filter(status__in=COUNTED)
    if dwelling_ids is not None:
        charges, credits = charges.filter(dwelling_id__in=dwelling_ids), credits.filter(dwelling_id__in=dwelling_ids)
    limit = today - timedelta(days=grace_days)
    due = _sums(charges.values("dwelling_id", "household_id").annotate(
        due=Sum("amount_cents", filter=Q(due_on__lte=today)), old=Sum("amount_cents", filter=Q(due_on__lte=limit))))
    paid = _sums(credits.values("dwelling_id", "household_id").annotate(paid=Sum("amount_cents")))
    return {
        key: policy.fee_balance(due_cents=(due.get(key) or {}).get("due") or 0,
                                due_before_grace_cents=(due.get(key) or {}).get("old") or 0,
                                paid_cents=(paid.get(key) or {}).get("paid") or 0)
        for key in set(due) | set(paid)
    }


def _sum_for_owner(model, **filters):
    rows = (model.objects.filter(dwelling_id=OuterRef("dwelling_id"), household_id=OuterRef("household_id"), **filters)
            .order_by().values("dwelling_id").annotate(total=Sum("amount_cents")).values("total"))
    return Coalesce(Subquery(rows), 0)


def fee_sums(dwelling_ids, household_ids, today: date):
    """A person's fee accounts, each with the three sums ``policy.fee_balance``
    decides from (``due``, ``old``: due before the grace days, ``paid``): a
    queryset for My space's one query. The grace days bound a subquery, so
    they are read first: one more query, for owners only."""
    setting = FeeSetting.objects.first()
    grace = setting.grace_days if setting else FeeSetting._meta.get_field("grace_days").default
    return FeeReference.objects.filter(dwelling_id__in=dwelling_ids, household_id__in=household_ids).annotate(
        due=_sum_for_owner(FeeCharge, due_on__lte=today),
        old=_sum_for_owner(FeeCharge, due_on__lte=today - timedelta(days=grace)),
        paid=_sum_for_owner(FeeCredit, status__in=COUNTED),
    ).order_by("pk")


def no_fees():
    return FeeReference.objects.none()


def open_fee_amounts() -> dict[tuple[int, int], set[int]]:
    """What each owner could be paying (the matcher's proposals): a period's
    fee, or all they owe."""
    amounts: dict[tuple[int, int], set[int]] = {}
    for dwelling_id, household_id, cents in FeeCharge.objects.values_list("dwelling_id", "household_id", "amount_cents").distinct():
        amounts.setdefault((dwelling_id, household_id), set()).add(cents)
    for key, balance in fee_balances(timezone.localdate(), 0).items():
        if balance.owed_cents > 0:
            amounts.setdefault(key, set()).add(balance.owed_cents)
    return amounts


@dataclass
class FeeAccount:
    """The owner's fee account on their file: the reference to pay with, the
    balance, the latest fees and payments (a running statement)."""

    reference: FeeReference | None
    balance: policy.FeeBalance
    period_fee_cents: int | None
    lines: list = field(default_factory=list)
    account: BankAccount | None = None


def fee_account(dwelling, today: date) -> FeeAccount | None:
    """The current owner's account for this home: one query when no fee ever
    fell due for them (None), four otherwise, whatever the years of history."""
    if dwelling.owner_household_id is None:
        return None
    mine = {"dwelling": dwelling, "household_id": dwelling.owner_household_id}
    trust_account = BankAccount.objects.filter(trust_purpose=BankAccount.TrustPurpose.GROUND_LEASE)
    # The reference, the trust's account and the grace days in one query.
    reference = FeeReference.objects.filter(**mine).annotate(
        grace_days=Subquery(FeeSetting.objects.values("grace_days")[:1]),
        account_pk=Subquery(trust_account.values("pk")[:1]), account_iban=Subquery(trust_account.values("iban")[:1]),
        account_bic=Subquery(trust_account.values("bic")[:1]), account_holder=Subquery(trust_account.values("holder")[:1]),
    ).first()
    if reference is None:
        return None
    grace = reference.grace_days if reference.grace_days is not None else FeeSetting._meta.get_field("grace_days").default
    balance = fee_balances(today, grace, [dwelling.pk]).get((dwelling.pk, dwelling.owner_household_id))
    charges, credits = read_together(
        Branch(FeeCharge.objects.filter(**mine).order_by("-due_on", "-pk"), ("due_on", "amount_cents", "index_base", "index_now"),
               limit=RECENT_FEE_LINES),
        Branch(FeeCredit.objects.filter(**mine, status__in=COUNTED).order_by("-booked_on", "-pk"),
               ("booked_on", "amount_cents", "status"), limit=RECENT_FEE_LINES),
    )
    lines = sorted([("charge", c.due_on, c.amount_cents, c) for c in charges]
                   + [("payment", p.booked_on, p.amount_cents, p) for p in credits],
                   key=lambda line: (line[1], line[0] == "payment"), reverse=True)[:RECENT_FEE_LINES]
    account = None if reference.account_pk is None else BankAccount(
        pk=reference.account_pk, iban=reference.account_iban, bic=reference.account_bic, holder=reference.account_holder)
    return FeeAccount(reference=reference, balance=balance or policy.fee_balance(due_cents=0, due_before_grace_cents=0, paid_cents=0),
                      period_fee_cents=charges[0].amount_cents if charges else None, lines=lines, account=account)


def fee_overview(today: date, grace_days: int) -> dict:
    """The officer's page: each owner with a fee, their balance and arrears,
    and the credits waiting to be assigned with the owners proposed. Four
    queries, whatever the number of homes and years."""
    balances = fee_balances(today, grace_days)
    references = list(FeeReference.objects.select_related("dwelling__housing_project", "household")
                      .order_by("dwelling__housing_project__name", "dwelling__label", "pk"))
    by_pk = {r.pk: r for r in references}
    zero = policy.fee_balance(due_cents=0, due_before_grace_cents=0, paid_cents=0)
    rows = [(r, balances.get((r.dwelling_id, r.household_id), zero)) for r in references]
    waiting_rows = FeeCredit.objects.filter(status=FeeCredit.Status.WAITING)
    waiting = list(waiting_rows.order_by("booked_on", "pk")[:WAITING_SHOWN])
    for credit in waiting:
        credit.proposals = [by_pk[pk] for pk in credit.proposed if pk in by_pk]
    shown = [(r, b) for r, b in rows if r.dwelling.owner_household_id == r.household_id or b.owed_cents]
    return {
        "rows": shown,
        "in_arrears": [(r, b) for r, b in rows if b.arrears_cents > 0],
        "arrears_cents": sum(b.arrears_cents for _r, b in rows),
        "waiting": waiting,
        "waiting_count": waiting_rows.count() if len(waiting) == WAITING_SHOWN else len(waiting),
        # What a waiting credit can be assigned to: the homes' current owners, and those who still owe.
        "references": [r for r, _b in shown],
    }
