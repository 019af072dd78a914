"""Recurring bookings as pure functions over python-dateutil rules.

A series is stored as an RFC 5545 rule (``FREQ=WEEKLY;UNTIL=20270630``)
read against the first occurrence's *local* wall-clock time: the rule is
expanded on naive Europe/Brussels datetimes and each occurrence is then
placed in the zone, so a weekly 18:00 booking stays at 18:00 local time
when the clocks change (it moves by an hour in UTC, as people expect).
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr
from django.db import models
from django.utils.translation import gettext_lazy as _

from .policy import BRUSSELS

# A series may not run forever: dates far ahead are booked when they come closer.
MAX_OCCURRENCES = 400


class Frequency(models.TextChoices):
    NONE = "", _("Once")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month, on the same weekday (e.g. first Saturday)")


def build_rule(frequency: str, first_start: datetime, until: date) -> str:
    """The RFC 5545 rule for a frequency chosen in the form."""
    local = first_start.astimezone(BRUSSELS)
    until_text = until.strftime("%Y%m%dT235959")
    if frequency == Frequency.WEEKLY:
        return f"FREQ=WEEKLY;INTERVAL=1;UNTIL={until_text}"
    if frequency == Frequency.FORTNIGHTLY:
        return f"FREQ=WEEKLY;INTERVAL=2;UNTIL={until_text}"
    if frequency == Frequency.MONTHLY:
        # The n-th weekday of the month (the 5th becomes "last" so no month is skipped).
        nth = (local.day - 1) // 7 + 1
        nth = -1 if nth == 5 else nth
        day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][local.weekday()]
        return f"FREQ=MONTHLY;BYDAY={nth}{day};UNTIL={until_text}"
    raise ValueError(frequency)


def expand(
    rule: str,
    first_start: datetime,
    duration: timedelta,
    exceptions: Iterable[date] = (),
    limit: int = MAX_OCCURRENCES,
) -> list[tuple[datetime, datetime]]:
    """The (start, end) of each occurrence, aware in Europe/Brussels, skipping
    the local dates in ``exceptions``. At most ``limit`` occurrences."""
    local = first_start.astimezone(BRUSSELS).replace(tzinfo=None)
    skipped = set(exceptions)
    occurrences = []
    for naive in rrulestr(rule, dtstart=local, forceset=False):
        if len(occurrences) >= limit:
            break
        if naive.date() in skipped:
            continue
        # fold=0: on the autumn night the ambiguous hour is read as summer time,
        # and a non-existent spring hour is shifted forward by zoneinfo.
        start = naive.replace(tzinfo=BRUSSELS)
        end = (naive + duration).replace(tzinfo=BRUSSELS)
        occurrences.append((start, end))
    return occurrences


def weekly(first_start: datetime, duration: timedelta, count: int) -> list[tuple[datetime, datetime]]:
    """Shortcut used by the demo and the benchmark."""
    return expand(f"FREQ=WEEKLY;COUNT={count}", first_start, duration, limit=count)
