"""The yearly checks' calendar: pure functions of dates (issue 25), decided
here once and used by the services, the task and the pages."""

from dataclasses import dataclass
from datetime import date, timedelta


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
