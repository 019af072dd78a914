"""The calendar pages' view model: days of a period, each with its bookings
and the free slots open to the viewer. Built from rows already loaded.

Everything the template prints is formatted here, once: a day's heading once
per day of the period (not once per room), times with ``strftime`` on the
local time, and each room's booking address reversed once. A month across
twenty rooms is 600+ day cells; formatting them in template filters
(``date``, ``time``, ``{% url %}``, ``{% blocktranslate %}`` per cell) was
nine tenths of the page's server time."""

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext

from . import policy
from .models import Booking, Occurrence, Room
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
class Item:
    """A booked slot as the viewer may see it."""

    occurrence: Occurrence
    times: str
    title: str
    is_pending: bool


@dataclass
class FreeSlot:
    start: datetime
    end: datetime
    needs_approval: bool
    label: str
    url: str


@dataclass
class Day:
    day: date
    label: str
    weekday: int
    items: list[Item] = field(default_factory=list)
    free: list[FreeSlot] = field(default_factory=list)
    closed: bool = False
    is_today: bool = False


@dataclass
class RoomCalendar:
    room: Room
    days: list[Day]
    can_book: bool
    shows_titles: bool


def _hhmm(moment: datetime) -> str:
    return moment.astimezone(BRUSSELS).strftime("%H:%M")


def _title(occurrence: Occurrence, shows_titles: bool, booked: str) -> str:
    booking = occurrence.booking
    # ``booking.activity`` is select_related (a reverse one-to-one); a missing
    # one raises a subclass of AttributeError, so getattr's default applies.
    activity = getattr(booking, "activity", None)
    if shows_titles:
        return activity.title if activity else booking.title
    return activity.title if activity is not None and activity.is_public else booked


def build(rooms: list[Room], occurrences: list[Occurrence], the_period: Period, audiences_of, now: datetime | None = None) -> list[RoomCalendar]:
    """``audiences_of(room)`` gives the viewer's audiences (no query per room)."""
    now = now or timezone.now()
    today = timezone.localtime(now, BRUSSELS).date()
    by_room_day: dict[tuple[int, date], list[Occurrence]] = {}
    for occurrence in occurrences:
        local = occurrence.starts_at.astimezone(BRUSSELS).date()
        by_room_day.setdefault((occurrence.room_id, local), []).append(occurrence)
    days_of_period = the_period.days
    labels = {day: date_format(day, "l j F") for day in days_of_period}
    booked = gettext("Booked")
    free_label = gettext("Free %(start)s–%(end)s")
    result = []
    for room in rooms:
        audiences = audiences_of(room)
        shows_titles = bool(audiences)
        windows = [w.as_policy() for w in room.window_list]
        closures = [c.as_policy() for c in room.closure_list]
        horizon = today + timedelta(days=room.horizon_days)
        book_url = reverse("events:book", args=[room.slug]) if audiences else ""
        is_manager = policy.Audience.MANAGER in audiences
        slot_audiences = {w.audience for w in windows} if is_manager else audiences
        days = []
        for day in days_of_period:
            found = by_room_day.get((room.pk, day), [])
            closed = any(c.first_day <= day <= c.last_day for c in closures)
            items = [
                Item(o, f"{_hhmm(o.starts_at)}–{_hhmm(o.ends_at)}", _title(o, shows_titles, booked), o.status == Booking.Status.PENDING)
                for o in found
            ]
            free = []
            if audiences and today <= day <= horizon and not closed:
                slots = policy.free_slots(
                    day, windows, slot_audiences, [(o.starts_at, o.ends_at) for o in found], room.buffer_minutes, room.min_minutes,
                )
                if is_manager:
                    # The manager books any open time at once: one line per free interval.
                    slots = sorted({(start, end, False) for start, end, _n in slots})
                for start, end, needs_approval in slots:
                    if end <= now:
                        continue
                    first, last = _hhmm(start), _hhmm(end)
                    query = urlencode({"date": day.isoformat(), "start": first, "end": last})
                    free.append(FreeSlot(start, end, needs_approval, free_label % {"start": first, "end": last}, f"{book_url}?{query}"))
            days.append(Day(day, labels[day], day.isoweekday() % 7, items, free, closed, day == today))
        result.append(RoomCalendar(room, days, bool(audiences), shows_titles))
    return result
