"""A room's booking policy as pure functions: values in, values out, no database.

Who may book when (availability windows per audience), whether a booking is
confirmed at once or waits for the manager, and the room's limits: minimum and
maximum duration, booking horizon, buffer between bookings, monthly quota per
household. Times are aware datetimes; windows are read in Europe/Brussels
local time, so a window "18:00–22:00" means 18:00 on the wall clock in both
winter and summer time.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils.formats import time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from socle_site.kernel import formatting
from socle_site.kernel.formatting import BRUSSELS

Slot = tuple[datetime, datetime]

# The refusals written once, read wherever they apply.
ENDS_BEFORE_START = _("The end must come after the start.")
NOT_OPEN_TO_YOU = _(
    "You may not book this room: it is open to its residents, its partner association and organisations on request."
)


def ends_after_start(start, end) -> bool:
    """Does [start, end) last at all? The one check of a booking, a moved date
    and a weekly window (times or datetimes alike)."""
    return end > start


CLOSURE_ENDS_BEFORE_START = _("The last day of the closure must not come before its first day.")


def closure_is_ordered(first_day: date, last_day: date) -> bool:
    """A closure of one day has the same first and last day."""
    return last_day >= first_day


def held_span(start: datetime, end: datetime, buffer_minutes: int) -> Slot:
    """The span of the room a booking holds: its own time and the room's
    buffer after it. Two bookings of a room may not hold the same instant;
    the database's guarantee is this same rule (events migration 0004:
    [starts_at, held_until) on PostgreSQL, a trigger on SQLite)."""
    return start, end + timedelta(minutes=buffer_minutes)


def clashes(first: Slot, second: Slot, buffer_minutes: int = 0) -> bool:
    """Do two bookings of one room come closer than the buffer? The one
    deciding function of the buffer rule."""
    first_start, first_end = held_span(*first, buffer_minutes)
    second_start, second_end = held_span(*second, buffer_minutes)
    return first_start < second_end and second_start < first_end


class Audience(models.TextChoices):
    # DOMAIN.md §2: by day a local association uses the room; in the evenings
    # and at weekends it is the residents'; other organisations ask.
    PARTNER = "partner", _("partner association")
    RESIDENT = "resident", _("residents of the project")
    OTHER = "other", _("other organisations")
    MANAGER = "manager", _("room manager")


WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


@dataclass(frozen=True)
class Window:
    """A weekly slot of the room open to one audience (weekday 0 = Monday)."""

    audience: str
    weekday: int
    starts: time
    ends: time
    needs_approval: bool = False

    def contains(self, start: datetime, end: datetime) -> bool:
        local_start, local_end = start.astimezone(BRUSSELS), end.astimezone(BRUSSELS)
        return (
            local_start.weekday() == self.weekday
            and local_end.date() == local_start.date()
            and self.starts <= local_start.time()
            and local_end.time() <= self.ends
        )

    def label(self) -> str:
        return gettext("%(day)s %(start)s–%(end)s") % {
            "day": WEEKDAYS[self.weekday],
            "start": time_format(self.starts, "H:i"),
            "end": time_format(self.ends, "H:i"),
        }


@dataclass(frozen=True)
class Limits:
    min_minutes: int = 30
    max_minutes: int = 240
    horizon_days: int = 180
    buffer_minutes: int = 15
    # Bookings (occurrences) per household and calendar month; 0 = no quota.
    monthly_quota: int = 4


@dataclass(frozen=True)
class Closure:
    first_day: date
    last_day: date
    reason: str = ""


@dataclass
class Decision:
    allowed: bool
    needs_approval: bool = False
    reasons: list[str] = field(default_factory=list)


def evaluate(
    *,
    audiences: Iterable[str],
    starts_at: datetime,
    ends_at: datetime,
    windows: Sequence[Window],
    closures: Sequence[Closure] = (),
    limits: Limits = Limits(),
    now: datetime,
    audience_names: dict[str, str] | None = None,
) -> Decision:
    """May someone belonging to ``audiences`` book [starts_at, ends_at)?

    The manager may book any time the room is not closed, confirmed at once.
    Otherwise the slot must lie inside one window of one of the person's
    audiences; the first such window decides whether approval is needed.
    """
    audiences = set(audiences)
    names = audience_names or {}
    reasons: list[str] = []
    minutes = (ends_at - starts_at).total_seconds() / 60
    if not ends_after_start(starts_at, ends_at):
        return Decision(False, reasons=[str(ENDS_BEFORE_START)])
    if starts_at <= now:
        return Decision(False, reasons=[gettext("This time has already passed.")])
    local_start = starts_at.astimezone(BRUSSELS)
    for closure in closures:
        if closure.first_day <= local_start.date() <= closure.last_day:
            reasons.append(
                gettext("The room is closed from %(first)s to %(last)s%(reason)s.")
                % {
                    "first": formatting.format_day(closure.first_day),
                    "last": formatting.format_day(closure.last_day),
                    "reason": f" ({closure.reason})" if closure.reason else "",
                }
            )
    if Audience.MANAGER in audiences:
        return Decision(not reasons, False, reasons)
    if minutes < limits.min_minutes:
        reasons.append(gettext("A booking lasts at least %(minutes)s minutes.") % {"minutes": limits.min_minutes})
    if minutes > limits.max_minutes:
        reasons.append(gettext("A booking lasts at most %(minutes)s minutes.") % {"minutes": limits.max_minutes})
    if starts_at > horizon_end(now, limits.horizon_days):
        reasons.append(
            gettext("Bookings open at most %(days)s days ahead.") % {"days": limits.horizon_days}
        )
    mine = [w for w in windows if w.audience in audiences and w.contains(starts_at, ends_at)]
    if not mine:
        reasons.append(_outside_windows_reason(audiences, starts_at, ends_at, windows, names))
    if reasons:
        return Decision(False, reasons=reasons)
    return Decision(True, needs_approval=all(w.needs_approval for w in mine))


def _outside_windows_reason(audiences, starts_at, ends_at, windows, names) -> str:
    others = [w for w in windows if w.audience not in audiences and w.contains(starts_at, ends_at)]
    own = [w.label() for w in windows if w.audience in audiences]
    if others:
        holder = names.get(others[0].audience) or str(Audience(others[0].audience).label)
        if own:
            return gettext("This time is reserved for the %(holder)s. You may book: %(windows)s.") % {
                "holder": holder,
                "windows": ", ".join(own),
            }
        return gettext("This time is reserved for the %(holder)s.") % {"holder": holder}
    if own:
        return gettext("The room is not open to you at this time. You may book: %(windows)s.") % {
            "windows": ", ".join(own)
        }
    return str(NOT_OPEN_TO_YOU)


def overlapping(
    candidates: Sequence[Slot],
    taken: Sequence[Slot],
    buffer_minutes: int = 0,
) -> list[Slot]:
    """The candidate slots that ``clashes`` with a taken slot, keeping
    ``buffer_minutes`` free between two bookings. O(n + m) over sorted lists:
    a taken slot whose held span ends before a candidate starts is passed for
    good, and none starting after the candidate's held span can clash."""
    taken = sorted(taken)
    found = []
    j = 0
    for candidate in sorted(candidates):
        while j < len(taken) and held_span(*taken[j], buffer_minutes)[1] <= candidate[0]:
            j += 1
        k = j
        while k < len(taken) and taken[k][0] < held_span(*candidate, buffer_minutes)[1]:
            if clashes(candidate, taken[k], buffer_minutes):
                found.append(candidate)
                break
            k += 1
    return found


def months_over_quota(
    new_starts: Iterable[datetime], already: dict[tuple[int, int], int], quota: int
) -> list[tuple[int, int]]:
    """Calendar months (year, month) where the household would exceed its quota."""
    if not quota:
        return []
    counts = dict(already)
    new_months = set()
    for start in new_starts:
        local = start.astimezone(BRUSSELS)
        key = (local.year, local.month)
        counts[key] = counts.get(key, 0) + 1
        new_months.add(key)
    return sorted(key for key in new_months if counts[key] > quota)


def horizon_end(now: datetime, horizon_days: int) -> datetime:
    """The latest start a booking may have: bookings open ``horizon_days``
    ahead of now. The one rule of the horizon: ``evaluate`` refuses a later
    start and the calendars offer no free slot starting later.

    >>> horizon_end(datetime(2027, 3, 1, 12), 180)
    datetime.datetime(2027, 8, 28, 12, 0)
    """
    return now + timedelta(days=horizon_days)


def free_slots(
    day: date,
    windows: Sequence[Window],
    audiences: Iterable[str],
    taken: Sequence[tuple[datetime, datetime]],
    buffer_minutes: int = 0,
    min_minutes: int = 30,
    closed: bool = False,
) -> list[tuple[datetime, datetime, bool]]:
    """The free intervals of one local day open to the viewer's audiences,
    as (start, end, needs_approval), after removing taken slots and their buffer."""
    if closed:
        return []
    audiences = set(audiences)
    buffer = timedelta(minutes=buffer_minutes)
    # A free interval [a, b) may not ``clash`` with a taken one: it ends by
    # the taken start less the buffer, or starts at the taken held span's end.
    blocked = sorted((start - buffer, held_span(start, end, buffer_minutes)[1]) for start, end in taken)
    free = []
    for window in sorted(windows, key=lambda w: w.starts):
        if window.weekday != day.weekday() or window.audience not in audiences:
            continue
        start = datetime.combine(day, window.starts, BRUSSELS)
        end = datetime.combine(day, window.ends, BRUSSELS)
        cursor = start
        for busy_from, busy_until in blocked:
            if busy_until <= cursor or busy_from >= end:
                continue
            if busy_from > cursor:
                free.append((cursor, busy_from, window.needs_approval))
            cursor = max(cursor, busy_until)
        if cursor < end:
            free.append((cursor, end, window.needs_approval))
    return [slot for slot in free if (slot[1] - slot[0]) >= timedelta(minutes=min_minutes)]


@dataclass(frozen=True)
class WindowGroup:
    """Windows with the same audience, hours and approval on consecutive weekdays."""

    audience: str
    first_day: int
    last_day: int
    starts: time
    ends: time
    needs_approval: bool

    def days_label(self) -> str:
        if self.first_day == self.last_day:
            return str(WEEKDAYS[self.first_day])
        return gettext("%(first)s to %(last)s") % {"first": WEEKDAYS[self.first_day], "last": WEEKDAYS[self.last_day]}


def grouped_windows(windows: Iterable[Window]) -> list[WindowGroup]:
    """Fifteen weekly windows read as four lines: "Monday to Friday 09:00–17:00"."""
    groups: list[WindowGroup] = []
    for w in sorted(windows, key=lambda w: (w.audience, w.starts, w.ends, w.needs_approval, w.weekday)):
        last = groups[-1] if groups else None
        if last and (last.audience, last.starts, last.ends, last.needs_approval) == (w.audience, w.starts, w.ends, w.needs_approval) and last.last_day == w.weekday - 1:
            groups[-1] = WindowGroup(w.audience, last.first_day, w.weekday, w.starts, w.ends, w.needs_approval)
        else:
            groups.append(WindowGroup(w.audience, w.weekday, w.weekday, w.starts, w.ends, w.needs_approval))
    return sorted(groups, key=lambda g: (g.first_day, g.starts))


def window_problems(windows: Sequence[Window]) -> list[str]:
    """What is wrong with a room's weekly windows, in words: a window that
    ends before it starts, or two windows of one audience on the same day that
    overlap (the same hours must not say both "at once" and "on request").
    Windows of different audiences may overlap: the policy lets each book."""
    problems = []
    for window in windows:
        if not ends_after_start(window.starts, window.ends):
            problems.append(gettext("%(window)s: %(problem)s") % {"window": window.label(), "problem": ENDS_BEFORE_START})
    latest: dict[tuple[str, int], Window] = {}
    for window in sorted(windows, key=lambda w: (w.audience, w.weekday, w.starts, w.ends)):
        if not ends_after_start(window.starts, window.ends):
            continue
        key = (window.audience, window.weekday)
        previous = latest.get(key)
        if previous is not None and window.starts < previous.ends:
            problems.append(
                gettext("%(first)s and %(second)s overlap for the %(audience)s.")
                % {"first": previous.label(), "second": window.label(), "audience": Audience(window.audience).label}
            )
        if previous is None or window.ends > previous.ends:
            latest[key] = window
    return problems
