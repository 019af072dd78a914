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
from socle_site.kernel.formatting import BRUSSELS

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


# --- Splitting a series ("this date and the following ones") --------------------

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def _joined(parts: dict[str, str]) -> str:
    return ";".join(f"{key}={value}" for key, value in parts.items())


def _until_text(day: date) -> str:
    return day.strftime("%Y%m%dT235959")


def _until_date(text: str) -> date:
    return datetime.strptime(text[:8], "%Y%m%d").date()


def ended_before(rule: str, day: date) -> str:
    """The rule of a series cut so that its last date falls before the local
    ``day``: the series that keeps the earlier dates when it is split there."""
    parts = _parts(rule)
    parts.pop("COUNT", None)
    parts["UNTIL"] = _until_text(day - timedelta(days=1))
    return _joined(parts)


def continued(rule: str, old_start: datetime, new_start: datetime, remaining: int) -> str:
    """The rule of the series that continues from ``new_start`` when the date
    at ``old_start`` and the following ones move there: same frequency, the
    weekday (and for a monthly rule the n-th weekday) of the new first date,
    the end moved by as many days as the dates moved. ``remaining`` is the
    number of dates carried over, for a rule counted rather than dated."""
    parts = _parts(rule)
    old_local, new_local = old_start.astimezone(BRUSSELS), new_start.astimezone(BRUSSELS)
    shift = new_local.date() - old_local.date()
    if "BYDAY" in parts and "," not in parts["BYDAY"]:
        day = WEEKDAY_CODES[new_local.weekday()]
        if parts.get("FREQ") == "MONTHLY":
            nth = (new_local.day - 1) // 7 + 1
            parts["BYDAY"] = f"{-1 if nth == 5 else nth}{day}"
        else:
            parts["BYDAY"] = day
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_text(_until_date(parts["UNTIL"]) + shift)
    elif "COUNT" in parts:
        parts["COUNT"] = str(remaining)
    return _joined(parts)


def describe(rule: str) -> str:
    """"Every week, until 7 April 2026", in the reader's language."""
    from django.utils.translation import gettext
    from socle_site.kernel.formatting import format_day

    parts = _parts(rule)
    interval = parts.get("INTERVAL", "1")
    if parts.get("FREQ") == "WEEKLY":
        frequency = Frequency.WEEKLY.label if interval == "1" else Frequency.FORTNIGHTLY.label if interval == "2" else gettext("Every %(n)s weeks") % {"n": interval}
    elif parts.get("FREQ") == "MONTHLY":
        frequency = gettext("Every month")
    else:
        frequency = gettext("Repeated")
    if "UNTIL" in parts:
        return gettext("%(frequency)s, until %(date)s") % {"frequency": frequency, "date": format_day(_until_date(parts["UNTIL"]))}
    return str(frequency)
