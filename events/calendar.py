"""The calendar pages' view model: days of a period, each with its bookings
and the free slots open to the viewer. Built from rows already loaded."""

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from . import policy
from .models import Occurrence, Room
from .policy import BRUSSELS

VIEWS = ("day", "week", "month")


@dataclass
class Period:
    view: str
    anchor: date
    first: date
    last: date
    previous: date
    next: date

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def period(view: str, anchor: date) -> Period:
    if view == "day":
        return Period(view, anchor, anchor, anchor, anchor - timedelta(days=1), anchor + timedelta(days=1))
    if view == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return Period(view, anchor, monday, monday + timedelta(days=6), monday - timedelta(days=7), monday + timedelta(days=7))
    first = anchor.replace(day=1)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    previous = (first - timedelta(days=1)).replace(day=1)
    return Period("month", anchor, first, last, previous, last + timedelta(days=1))


@dataclass
class Day:
    day: date
    items: list[Occurrence] = field(default_factory=list)
    free: list[tuple[datetime, datetime, bool]] = field(default_factory=list)
    closed: bool = False
    is_today: bool = False


@dataclass
class RoomCalendar:
    room: Room
    days: list[Day]
    can_book: bool
    shows_titles: bool


def build(rooms: list[Room], occurrences: list[Occurrence], the_period: Period, audiences_of, now: datetime | None = None) -> list[RoomCalendar]:
    """``audiences_of(room)`` gives the viewer's audiences (no query per room)."""
    now = now or timezone.now()
    today = timezone.localtime(now, BRUSSELS).date()
    by_room_day: dict[tuple[int, date], list[Occurrence]] = {}
    for occurrence in occurrences:
        local = timezone.localtime(occurrence.starts_at, BRUSSELS).date()
        by_room_day.setdefault((occurrence.room_id, local), []).append(occurrence)
    result = []
    for room in rooms:
        audiences = audiences_of(room)
        windows = [w.as_policy() for w in room.windows.all()]
        closures = [c.as_policy() for c in room.closures.all()]
        horizon = today + timedelta(days=room.horizon_days)
        days = []
        for day in the_period.days:
            items = by_room_day.get((room.pk, day), [])
            closed = any(c.first_day <= day <= c.last_day for c in closures)
            free = []
            if audiences and today <= day <= horizon:
                slot_audiences = {w.audience for w in windows} if policy.Audience.MANAGER in audiences else audiences
                free = [
                    slot for slot in policy.free_slots(
                        day, windows, slot_audiences, [(o.starts_at, o.ends_at) for o in items],
                        room.buffer_minutes, room.min_minutes, closed,
                    ) if slot[1] > now
                ]
            days.append(Day(day, items, free, closed, day == today))
        result.append(RoomCalendar(room, days, bool(audiences), bool(audiences)))
    return result
