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
