"""Reads, with their joins chosen once. Sums are computed in SQL so that the
dashboard's query count does not grow with the number of lots or expenses."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from socle_site.kernel.banking.iban import format_iban
from socle_site.kernel.banking.matching import OpenItem, allocate_oldest_first
from socle_site.kernel.banking.qr import transfer_qr
from socle_site.kernel.banking.references import display
from socle_site.kernel.generated_names import in_reader_language

from community.governance.models import Meeting, Minutes
from community.models import Household, User

from . import policy
from .law import reserve_fund_minimum
from .models import (
    Allocation,
    BankCredit,
    BankDebit,
    BudgetLine,
    Building,
    BuildingDocument,
    BuildingRole,
    CallLine,
    EmailConsent,
    Expense,
    Fund,
    Lot,
    Ownership,
    Payment,
    PaymentReference,
    Statement,
    Ticket,
)
from .predicates import (  # noqa: F401  (coowned_building_ids is read by panels)
    coowned_building_ids,
    current_household_ids,
    managed_building_ids,
    owned_now,
)


def owned_on(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": on})
    )


def role_now() -> Q:
    return owned_on(timezone.localdate(), "building_roles__")


def households_of(user) -> frozenset[int]:
    return current_household_ids(user)


def managed_ids(user) -> frozenset[int]:
    return managed_building_ids(user)


def _buildings_of(user):
    from community.predicates import resident_project_ids

    ids = coowned_building_ids(user) | managed_building_ids(user)
    projects = resident_project_ids(user)
    if not ids and not projects:  # known from the access rows: no query
        return Building.objects.none()
    return Building.objects.filter(Q(pk__in=ids) | Q(housing_project_id__in=projects)).select_related("housing_project")


def buildings_of(user) -> list[Building]:
    """The buildings a person co-owns, lives in or manages."""
    return list(_buildings_of(user))


def buildings_with_arrears(user, today: date) -> list[Building]:
    """``buildings_of``, each with ``arrears_cents``: what the person's
    households owe there today (called by today less paid by today, as in
    ``balances``). One query, whatever the number of buildings and calls."""
    households = list(current_household_ids(user))

    def total_by_today(model, day_field):
        rows = (
            model.objects.filter(building=OuterRef("pk"), household_id__in=households, **{f"{day_field}__lte": today})
            .order_by().values("building").annotate(total=Sum("amount_cents")).values("total")
        )
        return Coalesce(Subquery(rows), 0)

    buildings = list(_buildings_of(user).annotate(
        called_cents=total_by_today(CallLine, "due_on"), paid_cents=total_by_today(Payment, "paid_on")
    ))
    for building in buildings:
        building.arrears_cents = policy.arrears(called_cents=building.called_cents, paid_cents=building.paid_cents)
    return buildings


def is_owner_ever(building: Building, household: Household) -> bool:
    return Ownership.objects.filter(lot__building=building, household=household).exists()


def coowner_weights(building: Building, on_date: date) -> dict[Household, int]:
    """Each co-owner's votes on a date: the shares of the lots they own that
    day (art. 3.87 §2: votes in proportion to shares). For the voting side."""
    rows = (
        Ownership.objects.filter(owned_on(on_date), lot__building=building)
        .values("household_id")
        .annotate(shares=Sum("lot__shares"))
    )
    households = Household.objects.in_bulk([r["household_id"] for r in rows])
    return {households[r["household_id"]]: r["shares"] for r in rows}


def lots_with_owners(building: Building, on: date) -> list[Lot]:
    lots = list(building.lots.select_related("dwelling__housing_project"))
    owners = {
        o.lot_id: o.household
        for o in Ownership.objects.filter(owned_on(on), lot__building=building).select_related("household")
    }
    for lot in lots:
        lot.owner = owners.get(lot.pk)
    return lots


def lots_of(building: Building, household_ids, on: date) -> list[Lot]:
    return list(
        Lot.objects.filter(building=building, ownerships__household_id__in=list(household_ids))
        .filter(owned_on(on, "ownerships__"))
        .distinct()
    )


def balances(building: Building, today: date) -> list[dict]:
    """Per co-owner: called (due by today), paid, balance and arrears, in two
    grouped queries whatever the number of lots or calls."""
    called = {
        r["household_id"]: r
        for r in CallLine.objects.filter(building=building, due_on__lte=today)
        .values("household_id", "household__name")
        .annotate(total=Sum("amount_cents"))
    }
    paid = {
        r["household_id"]: r
        for r in Payment.objects.filter(building=building, paid_on__lte=today)
        .values("household_id", "household__name")
        .annotate(total=Sum("amount_cents"))
    }
    rows = []
    for household_id in sorted(set(called) | set(paid)):
        c = called.get(household_id, {}).get("total") or 0
        p = paid.get(household_id, {}).get("total") or 0
        name = in_reader_language((called.get(household_id) or paid.get(household_id))["household__name"])
        rows.append(
            {"household_id": household_id, "name": name, "called_cents": c, "paid_cents": p,
             "balance_cents": p - c, "arrears_cents": policy.arrears(called_cents=c, paid_cents=p)}
        )
    rows.sort(key=lambda r: (-r["arrears_cents"], r["name"]))
    return rows


def reserve_fund(building: Building, year: int, today: date) -> dict:
    """The reserve fund: its balance, this year's contribution in the budget,
    and the legal minimum, 5% of last year's ordinary charges (art. 3.86 §3)."""
    previous = Expense.objects.filter(
        building=building, spent_on__year=year - 1, kind=Expense.Kind.ORDINARY
    ).aggregate(total=Sum("amount_cents"))["total"] or 0
    minimum = int(reserve_fund_minimum(Decimal(previous) / 100) * 100)
    budgeted = BudgetLine.objects.filter(building=building, year=year, is_reserve=True).aggregate(
        total=Sum("amount_cents")
    )["total"] or 0
    collected = CallLine.objects.filter(building=building, due_on__lte=today).aggregate(total=Sum("reserve_cents"))[
        "total"
    ] or 0
    spent = Expense.objects.filter(building=building, kind=Expense.Kind.RESERVE, spent_on__lte=today).aggregate(
        total=Sum("amount_cents")
    )["total"] or 0
    return {
        "previous_ordinary_cents": previous, "minimum_cents": minimum, "budgeted_cents": budgeted,
        "is_below_minimum": budgeted < minimum, "balance_cents": collected - spent,
    }


def budget_against_spent(building: Building, year: int) -> list[dict]:
    # The budget's and the expenses' totals by key, in one query (issue 18).
    budgeted = (
        BudgetLine.objects.filter(building=building, year=year, is_reserve=False)
        .values("key_id", "key__name")
        .annotate(total=Sum("amount_cents"), spent=Value(False))
        .values_list("key_id", "key__name", "total", "spent")
        .order_by()
    )
    spent_rows = (
        Expense.objects.filter(building=building, spent_on__year=year)
        .exclude(kind=Expense.Kind.RESERVE)
        .values("key_id", "key__name")
        .annotate(total=Sum("amount_cents"), spent=Value(True))
        .values_list("key_id", "key__name", "total", "spent")
        .order_by()
    )
    budget, spent = {}, {}
    for key_id, key_name, total, is_spent in budgeted.union(spent_rows, all=True):
        (spent if is_spent else budget)[key_id] = {"key__name": key_name, "total": total}
    rows = []
    for key_id in set(budget) | set(spent):
        b = (budget.get(key_id) or {}).get("total") or 0
        s = (spent.get(key_id) or {}).get("total") or 0
        name = in_reader_language((budget.get(key_id) or spent.get(key_id))["key__name"])
        rows.append({"name": name, "budget_cents": b, "spent_cents": s, "left_cents": b - s})
    rows.sort(key=lambda r: r["name"])
    return rows


def dashboard(building: Building, year: int, today: date) -> dict:
    """Everything the committee and the syndic look at, in a fixed number of queries."""
    rows = balances(building, today)
    counts = building.lots.aggregate(lots=Count("id"), shares=Sum("shares"))
    tickets = list(
        Ticket.objects.filter(building=building)
        .exclude(status__in=[Ticket.Status.RESOLVED, Ticket.Status.CLOSED])
        .select_related("assignee")[:20]
    )
    return {
        "balances": rows,
        "total_arrears_cents": sum(r["arrears_cents"] for r in rows),
        "budget": budget_against_spent(building, year),
        "reserve": reserve_fund(building, year, today),
        "open_tickets": tickets,
        "lots_count": counts["lots"],
        "shares_sum": counts["shares"] or 0,
    }


def fund_part(fund: str):
    """What a call line asks for one fund: its reserve part for the reserve
    fund, the rest for the working fund (``CallLine.amount_cents`` is the whole)."""
    return F("reserve_cents") if fund == Fund.RESERVE else F("amount_cents") - F("reserve_cents")


def fund_arrears(building: Building, fund: str, today: date) -> dict[int, int]:
    """Per co-owner, what is overdue on one fund's account (called by today
    for that fund, less what was paid into it by today), when positive."""
    called = dict(CallLine.objects.filter(building=building, due_on__lte=today).values("household_id")
                  .annotate(total=Sum(fund_part(fund))).values_list("household_id", "total"))
    paid = dict(Payment.objects.filter(building=building, fund=fund, paid_on__lte=today).values("household_id")
                .annotate(total=Sum("amount_cents")).values_list("household_id", "total"))
    late = {h: policy.arrears(called_cents=called.get(h) or 0, paid_cents=paid.get(h) or 0) for h in called}
    return {h: cents for h, cents in late.items() if cents > 0}


def own_totals(building: Building, household_ids, today: date) -> list[dict]:
    """Per household of the person, in one query: its name, its payment
    reference for each fund's account, what it paid into each (in all) and
    what it paid and was called by today. Read once for the co-owner's account
    page, which shows both ``account`` and ``payment_instructions``."""

    def total(model, **filters):
        rows = (
            model.objects.filter(building=building, household=OuterRef("pk"), **filters)
            .order_by().values("household").annotate(total=Sum("amount_cents")).values("total")
        )
        return Coalesce(Subquery(rows), 0)

    def reference(fund):
        return Subquery(PaymentReference.objects.filter(building=building, fund=fund, household=OuterRef("pk"))
                        .values("digits")[:1])

    return list(
        Household.objects.filter(pk__in=list(household_ids)).annotate(
            reference_working=reference(Fund.WORKING), reference_reserve=reference(Fund.RESERVE),
            paid_working_cents=total(Payment, fund=Fund.WORKING),
            paid_reserve_cents=total(Payment, fund=Fund.RESERVE),
            paid_by_today_cents=total(Payment, paid_on__lte=today),
            called_by_today_cents=total(CallLine, due_on__lte=today),
            # What the household owed when the books moved to Socle (an opening balance below zero,
            # on the working fund, where Payment's fund defaults).
            opening_debt_cents=total(Payment, source=Payment.Source.OPENING, amount_cents__lt=0),
            opening_on=Subquery(
                Payment.objects.filter(building=building, household=OuterRef("pk"), source=Payment.Source.OPENING)
                .values("paid_on")[:1]
            ),
        ).values("pk", "name", "reference_working", "reference_reserve", "paid_working_cents", "paid_reserve_cents",
                 "paid_by_today_cents", "called_by_today_cents", "opening_debt_cents", "opening_on")
        .order_by("pk")
    )


def account(building: Building, household_ids, today: date, *, totals: list[dict] | None = None) -> dict:
    """A co-owner's own account: their calls, payments, balance and arrears
    (called and paid by today, as in ``balances``). ``totals``: the page's
    ``own_totals``, when it has read them already."""
    household_ids = list(household_ids)
    calls = list(
        CallLine.objects.filter(building=building, household_id__in=household_ids)
        .select_related("call", "lot")
        .order_by("-due_on", "lot__reference")[:40]
    )
    payments = list(Payment.objects.filter(building=building, household_id__in=household_ids)[:40])
    if totals is None:
        totals = own_totals(building, household_ids, today)
    called = sum(row["called_by_today_cents"] for row in totals)
    paid = sum(row["paid_by_today_cents"] for row in totals)
    return {
        "calls": calls, "payments": payments, "called_cents": called, "paid_cents": paid,
        "balance_cents": paid - called, "arrears_cents": policy.arrears(called_cents=called, paid_cents=paid),
    }


def payment_instructions(building: Building, household_ids, today: date, *,
                         totals: list[dict] | None = None) -> list[dict]:
    """For each of the person's households and each fund: what it owes now
    and by when, to which account, with which reference (each fund has its
    own account and its own reference). Payments into a fund's account clear
    that fund's oldest call first (``allocate_oldest_first``), so what is
    still open is its newest calls' unpaid part. ``owed_now_cents`` is what
    fell due by today; if nothing is overdue, the next call still open is
    shown with its date. A fund with nothing called shows no row."""
    household_ids = list(household_ids)
    if totals is None:
        totals = own_totals(building, household_ids, today)
    # Names, references and payments come with the households (``own_totals``).
    names = {row["pk"]: in_reader_language(row["name"]) for row in totals}
    lines = defaultdict(list)
    for household_id, due_on, working, reserve in (
        CallLine.objects.filter(building=building, household_id__in=household_ids)
        .values("household_id", "due_on")
        .annotate(working=Sum(fund_part(Fund.WORKING)), reserve=Sum("reserve_cents"))
        .values_list("household_id", "due_on", "working", "reserve").order_by("due_on")
    ):
        lines[household_id, Fund.WORKING].append(OpenItem(due_on, due_on, working))
        if reserve:
            lines[household_id, Fund.RESERVE].append(OpenItem(due_on, due_on, reserve))
    for row in totals:
        if row.get("opening_debt_cents"):
            # An opening debt is owed like the oldest call of the working fund, from the day of the
            # opening balance: it leaves the payments' total and becomes an item they clear first.
            debt = -row["opening_debt_cents"]
            lines[row["pk"], Fund.WORKING].insert(0, OpenItem(("opening", row["pk"]), row["opening_on"], debt))
            row["paid_working_cents"] += debt
    accounts = {fund: building.account_of(fund) for fund in Fund.values}
    result = []
    for row in totals:
        household_id = row["pk"]
        for fund in Fund.values:
            reference = row[f"reference_{fund}"] or ""
            items = lines[household_id, fund]
            # Only the households that owe or owned here: the person's other households are not this account's.
            if not items and not (reference and fund == Fund.WORKING):
                continue
            parts, advance = allocate_oldest_first(row[f"paid_{fund}_cents"], items)
            result.append(_instruction(building, accounts[fund], fund, household_id, names.get(household_id, ""),
                                       items, dict(parts), advance, reference, today))
    return result


def _instruction(building, account, fund, household_id, name, items, cleared, advance, reference, today) -> dict:
    still_open = [(i.due_on, i.open_cents - cleared.get(i.key, 0)) for i in items
                  if i.open_cents > cleared.get(i.key, 0)]
    overdue = [(due, cents) for due, cents in still_open if due <= today]
    if overdue:
        owed, due_by, is_overdue = sum(c for _d, c in overdue), overdue[0][0], True
    elif still_open:
        (due_by, owed), is_overdue = still_open[0], False
    else:
        owed, due_by, is_overdue = 0, None, False
    iban = account.iban if account else ""
    row = {
        "household_id": household_id, "household_name": name, "fund": fund, "fund_label": Fund(fund).label,
        "owed_cents": owed, "due_on": due_by, "is_overdue": is_overdue, "advance_cents": advance,
        "reference": display(reference) if reference else "",
        "iban": format_iban(iban) if iban else "", "bic": account.bic if account else "",
        "beneficiary": (account.holder if account else "") or building.name, "qr_svg": "", "epc_payload": "",
    }
    payload, svg = transfer_qr(name=row["beneficiary"], iban=iban, bic=row["bic"], amount_cents=owed,
                               reference=reference or "", title=gettext("Payment QR code"))
    row["epc_payload"], row["qr_svg"] = payload, mark_safe(svg)  # noqa: S308 (segno's SVG, see transfer_qr)
    return row


# The queues show their oldest items first, this many at a time: a statement of thousands of
# movements would otherwise make a page of thousands of forms (7 s to draw at 2,000 waiting).
QUEUE_SHOWN = 25


def bank_credits(building: Building, *, handled: int = 20, shown: int | None = None) -> dict:
    """The reconciling queue: the oldest credits still waiting (``shown`` of
    them, with how many wait in all and their total), with the co-owners
    proposed for each, and the latest credits handled (matched, assigned,
    dismissed), which a person may undo, and the same for debits. Eight
    queries whatever the number of credits."""
    shown = shown or QUEUE_SHOWN
    waiting_credits = BankCredit.objects.filter(building=building, status=BankCredit.Status.WAITING)
    waiting = list(waiting_credits.prefetch_related("proposals").order_by("booked_on", "id")[:shown])
    totals = waiting_credits.aggregate(count=Count("id"), cents=Coalesce(Sum("amount_cents"), 0))
    done = list(
        BankCredit.objects.filter(building=building).exclude(status=BankCredit.Status.WAITING)
        .select_related("payment__household", "decided_by").order_by("-booked_on", "-id")[:handled]
    )
    waiting_debits = BankDebit.objects.filter(building=building, status=BankDebit.Status.WAITING)
    debits = list(waiting_debits.prefetch_related("proposals").order_by("booked_on", "id")[:shown])
    debits_done = list(
        BankDebit.objects.filter(building=building).exclude(status=BankDebit.Status.WAITING)
        .select_related("expense", "decided_by").order_by("-booked_on", "-id")[:handled]
    )
    return {"waiting": waiting, "waiting_count": totals["count"], "waiting_cents": totals["cents"],
            "handled": done, "debits": debits, "debits_count": waiting_debits.count(),
            "debits_handled": debits_done, "shown": shown}


def unpaid_expenses(building: Building) -> list[Expense]:
    """The expenses neither in a transfer batch nor confirmed against a debit:
    those the treasurer may still pay by transfer."""
    return list(Expense.objects.filter(building=building, transfer_batch__isnull=True, debit__isnull=True)
                .select_related("key").order_by("spent_on", "pk")[:500])


def statement_data(building: Building, household: Household, year: int) -> dict:
    start, end = date(year, 1, 1), date(year, 12, 31)
    calls = list(
        CallLine.objects.filter(building=building, household=household, due_on__range=(start, end))
        .select_related("call", "lot")
        .order_by("due_on", "lot__reference")
    )
    payments = list(
        Payment.objects.filter(building=building, household=household, paid_on__range=(start, end)).order_by("paid_on")
    )
    charges = list(
        Allocation.objects.filter(
            household=household, expense__building=building, expense__spent_on__range=(start, end)
        )
        .values("expense__key__name")
        .annotate(total=Sum("amount_cents"))
        .order_by("expense__key__name")
    )
    called_before = CallLine.objects.filter(building=building, household=household, due_on__lt=start).aggregate(
        t=Sum("amount_cents")
    )["t"] or 0
    paid_before = Payment.objects.filter(building=building, household=household, paid_on__lt=start).aggregate(
        t=Sum("amount_cents")
    )["t"] or 0
    opening = paid_before - called_before
    called = sum(c.amount_cents for c in calls)
    paid = sum(p.amount_cents for p in payments)
    return {
        "building": building, "household": household, "year": year,
        "lots": lots_of(building, [household.pk], end) or lots_of(building, [household.pk], start),
        "calls": calls, "payments": payments, "charges": charges,
        "charges_total_cents": sum(c["total"] for c in charges),
        "opening_cents": opening, "called_cents": called, "paid_cents": paid,
        "closing_cents": opening + paid - called,
        # Each fund's account and the co-owner's reference for it, as on the account page.
        "to_pay": payment_instructions(building, [household.pk], timezone.localdate()),
    }


def statements_of(building: Building, household_ids) -> list[Statement]:
    return list(_statements(building, household_ids)[:10])


def _statements(building: Building, household_ids):
    return Statement.objects.filter(building=building, household_id__in=list(household_ids)).order_by("-requested_at", "-id")


def statements_and_consent(building: Building, household_ids) -> tuple[list[Statement], EmailConsent | None]:
    """The co-owner's last ten statements and their standing e-mail consent
    (art. 3.87 §3), for their account page: one query (issue 18: member
    pages within twelve). Only the fields the page shows are read."""
    from socle_site.kernel.together import Branch, read_together

    from .convocations import standing_consents_of

    statements, consents = read_together(
        Branch(_statements(building, household_ids), ("year", "status", "requested_at"), limit=10),
        Branch(standing_consents_of(building, household_ids), ("agreed_on",), limit=1),
    )
    return statements, (consents[0] if consents else None)


def tickets_of(building: Building) -> list[Ticket]:
    return list(Ticket.objects.filter(building=building).select_related("reporter", "assignee")[:100])


def documents_of(building: Building) -> list[BuildingDocument]:
    return list(BuildingDocument.objects.filter(building=building).select_related("file").defer("file__content"))


def expenses_of(building: Building, year: int) -> list[Expense]:
    return list(
        Expense.objects.filter(building=building, spent_on__year=year).select_related("key", "document").defer(
            "document__content"
        )
    )


def managers_of(building: Building) -> list[User]:
    return list(
        User.objects.filter(building_roles__building=building)
        .filter(owned_on(timezone.localdate(), "building_roles__"))
        .distinct()
        .order_by("first_name", "last_name")
    )


def roles_of(building: Building) -> list[BuildingRole]:
    return list(BuildingRole.objects.filter(owned_now(timezone.localdate()), building=building).select_related("user"))


def co_owners(building: Building, on: date) -> list[Household]:
    return list(
        Household.objects.filter(lot_ownerships__lot__building=building)
        .filter(owned_on(on, "lot_ownerships__"))
        .distinct()
        .order_by("name")
    )



def possible_payers(building: Building) -> list[Household]:
    """Who a bank credit may be assigned to: the building's co-owners, past and present."""
    return list(Household.objects.filter(lot_ownerships__lot__building=building).distinct().order_by("name"))


def possible_owners(building: Building) -> list[Household]:
    """Households a lot may pass to: those of the building's housing project, and its owners."""
    return list(
        Household.objects.filter(Q(housing_project_id=building.housing_project_id) | Q(lot_ownerships__lot__building=building))
        .distinct()
        .order_by("name")
    )


def meetings_of(building: Building, *, include_drafts: bool) -> list:
    """The building's co-owners' meetings, newest first, with whether each already
    has its second meeting and the status of its minutes (one query)."""
    if building.body_id is None:
        return []
    meetings = Meeting.objects.filter(body_id=building.body_id).annotate(
        has_second=Exists(Meeting.objects.filter(second_meeting_of=OuterRef("pk")).exclude(status=Meeting.Status.CANCELLED)),
        minutes_status=F("minutes__status"),
    ).order_by("-starts_at")
    if not include_drafts:
        meetings = meetings.exclude(status=Meeting.Status.DRAFT)
    return list(meetings)


def approved_minutes_of(building: Building) -> list[Minutes]:
    """The approved (signed) minutes of the building's co-owners' meetings, newest first."""
    if building.body_id is None:
        return []
    return list(
        Minutes.objects.filter(meeting__body_id=building.body_id, status=Minutes.Status.APPROVED)
        .select_related("meeting").order_by("-meeting__starts_at")
    )
