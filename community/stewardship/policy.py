"""Stewardship's rules (issue 25): the yearly checks' calendar, the owners'
requests, the ground-lease fees; pure functions, decided
here once and used by the services, the task and the pages."""

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from socle_site.kernel.money import round_cents


@dataclass(frozen=True)
class Calendar:
    """A rule's dates, as CheckRule holds them."""

    opens_month: int
    opens_day: int
    answer_days: int
    reminder_days: int


def opens_on(calendar: Calendar, year: int) -> date:
    return date(year, calendar.opens_month, calendar.opens_day)


def due_on(calendar: Calendar, year: int) -> date:
    return opens_on(calendar, year) + timedelta(days=calendar.answer_days)


# A check opened late (the task was stopped, a rule changed) still leaves the
# household at least this long to answer.
MIN_ANSWER_DAYS = 14


def deadline(calendar: Calendar, year: int, *, opened_on: date) -> date:
    return max(due_on(calendar, year), opened_on + timedelta(days=MIN_ANSWER_DAYS))


def year_to_open(calendar: Calendar, today: date, owned_since: date | None) -> int | None:
    """The year whose check should be open today, or None.

    A year's check opens on its opening day and stays to open until the next
    year's opening day (a task missed for a week still opens it). A household
    that bought the home after the opening day is first asked the next year:
    the deed itself proved it for the year of the purchase."""
    year = today.year if today >= opens_on(calendar, today.year) else today.year - 1
    if owned_since is not None and owned_since > opens_on(calendar, year):
        return None
    return year


def reminder_due(calendar: Calendar, today: date, deadline: date) -> bool:
    """The one reminder goes ``reminder_days`` before the deadline, up to the deadline itself."""
    return deadline - timedelta(days=calendar.reminder_days) <= today <= deadline


def is_overdue(today: date, deadline: date) -> bool:
    """Past the deadline: the day after it."""
    return today > deadline


# --- Owners' requests ----------------------------------------------------------


def months_between(starts_on: date, ends_on: date) -> int:
    """Whole months a sublet lasts, a started month counting as one."""
    months = (ends_on.year - starts_on.year) * 12 + ends_on.month - starts_on.month
    return months + (1 if ends_on.day > starts_on.day else 0)


def goes_to_board(*, amount_cents: int | None, months: int | None, staff_up_to_cents: int | None,
                  staff_up_to_months: int | None) -> bool:
    """Above what the trust lets its officers decide alone (DecisionRule), the board decides."""
    if amount_cents is not None and staff_up_to_cents is not None and amount_cents > staff_up_to_cents:
        return True
    return months is not None and staff_up_to_months is not None and months > staff_up_to_months


def loan_above_formula_price(amount_cents: int, formula_price_cents: int) -> bool:
    """The trust refuses a loan a resale at the formula price could not repay."""
    return amount_cents > formula_price_cents


def works_counted(approved_cents: int, invoiced_cents: int) -> int:
    """What approved works add to the resale price: what the invoices show,
    never more than the trust approved."""
    return min(approved_cents, invoiced_cents)


def first_refusal_until(given_on: date, days: int) -> date:
    """The trust's deadline to buy the home back, from the day notice is given."""
    return given_on + timedelta(days=days)


# --- Ground-lease fees -----------------------------------------------------------
# The deed holds the lease's dates, fee and period; no legal maximum is encoded.

MONTHLY, YEARLY = "monthly", "yearly"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, the month's last day when it has no such
    day (a lease begun on 31 January falls due on 28 or 29 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def due_dates(starts_on: date, ends_on: date, period: str, until: date) -> list[date]:
    """Every date a fee falls due from the lease's start up to ``until``: each
    month or each year on the lease's start day, counted from the start (not
    from the previous date, so 31 January gives 28 February then 31 March),
    never on or after the lease's end. A fee is paid at the start of its period."""
    step = 12 if period == YEARLY else 1
    dates, k = [], 0
    while True:
        day = add_months(starts_on, k * step)
        if day >= ends_on or day > until:
            return dates
        dates.append(day)
        k += 1


def anniversary_on_or_before(starts_on: date, day: date) -> date:
    years = day.year - starts_on.year
    anniversary = add_months(starts_on, 12 * years)
    return anniversary if anniversary <= day else add_months(starts_on, 12 * (years - 1))


def index_on(values: Sequence[tuple[date, Decimal]], day: date) -> Decimal | None:
    """The latest index value published for ``day`` or before (values oldest first)."""
    found = None
    for on, value in values:
        if on > day:
            break
        found = value
    return found


@dataclass(frozen=True)
class Fee:
    cents: int
    index_base: Decimal | None = None
    index_now: Decimal | None = None


def fee_for(*, fee_cents: int, indexed: bool, starts_on: date, due_on: date,
            index_values: Sequence[tuple[date, Decimal]]) -> Fee:
    """The fee of the period beginning ``due_on``. An indexed fee moves on
    each anniversary of the lease with the index, as Belgian leases do (Civil
    Code art. 1728bis, by analogy): fee × index of the month before the
    anniversary ÷ index of the month before the lease's start, rounded once to
    the cent. Until both values are entered, the deed's fee is asked as it is."""
    if not indexed:
        return Fee(fee_cents)
    anniversary = anniversary_on_or_before(starts_on, due_on)
    if anniversary == starts_on:
        return Fee(fee_cents)
    base = index_on(index_values, add_months(starts_on, -1).replace(day=1))
    now = index_on(index_values, add_months(anniversary, -1).replace(day=1))
    if not base or now is None:
        return Fee(fee_cents)
    return Fee(round_cents(Decimal(fee_cents) * now / base), base, now)


@dataclass(frozen=True)
class FeeBalance:
    """Where an owner stands: ``owed_cents`` is what fell due and is not paid
    (negative: paid in advance), ``arrears_cents`` the part of it due for
    longer than the grace days (payments clear the oldest fees first)."""

    owed_cents: int
    arrears_cents: int

    @property
    def paid_ahead_cents(self) -> int:
        return max(0, -self.owed_cents)


def fee_balance(*, due_cents: int, due_before_grace_cents: int, paid_cents: int) -> FeeBalance:
    """From three sums: the fees due by today, those due before today minus
    the grace days, and what was paid. The oldest fees are paid first, so the
    arrears are what the old fees leave unpaid."""
    return FeeBalance(owed_cents=due_cents - paid_cents, arrears_cents=max(0, due_before_grace_cents - paid_cents))


def arrears_since(charges: Sequence[tuple[date, int]], paid_cents: int) -> date | None:
    """The due date of the oldest fee the payments do not cover (charges
    oldest first), or None when all are paid."""
    left = paid_cents
    for due_on, cents in charges:
        if left < cents:
            return due_on
        left -= cents
    return None
