"""Pure rules of meetings: no database."""

import datetime

from dateutil.rrule import MONTHLY, rrule

MAX_MEETINGS_AT_ONCE = 12


def meeting_dates(
    first: datetime.datetime, *, every_months: int, count: int
) -> list[datetime.datetime]:
    """The dates of a series of meetings (dateutil rrule), same weekday-free
    rule as the calendar: every N months on the first date's day of month.

    >>> [d.date().isoformat() for d in meeting_dates(datetime.datetime(2027, 1, 12, 14), every_months=2, count=3)]
    ['2027-01-12', '2027-03-12', '2027-05-12']
    """
    if count < 1 or every_months < 1:
        return []
    return list(
        rrule(MONTHLY, interval=every_months, count=min(count, MAX_MEETINGS_AT_ONCE), dtstart=first)
    )


def is_overdue(due_on: datetime.date, done: bool, today: datetime.date) -> bool:
    """An action is overdue the day after its due date, until it is done.

    >>> is_overdue(datetime.date(2027, 1, 31), False, datetime.date(2027, 2, 1))
    True
    >>> is_overdue(datetime.date(2027, 1, 31), False, datetime.date(2027, 1, 31))
    False
    """
    return not done and today > due_on
