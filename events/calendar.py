"""The calendar pages' view model: days of a period, each with its bookings
and the free slots open to the viewer. Built from rows already loaded.

Everything the template prints is formatted here, once: a day's heading once
per day of the period (not once per room) by the kernel's formatting path,
times with ``strftime`` on the Brussels time ("%H:%M" is Babel's short time in
fr_BE, nl_BE and en_BE alike, which tests/site/test_formatting.py checks; per
cell it is far cheaper), and each room's booking address reversed once. A month across
twenty rooms is 600+ day cells; formatting them in template filters
(``date``, ``time``, ``{% url %}``, ``{% blocktranslate %}`` per cell) was
nine tenths of the page's server time."""

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from socle_site.kernel.formatting import BRUSSELS, format_day

from . import policy
from .models import Booking, Room
from .selectors import OccurrenceRow

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
    # The same without the room's booking address, which cells of several
    # rooms can share.
    query: str


@dataclass
class Day:
    day: date
    label: str
    weekday: int
    items: list[Item] = field(default_factory=list)
    free: list[FreeSlot] = field(default_factory=list)
    closed: bool = False
    is_today: bool = False
    # The cell's CSS classes, and what makes two cells print the same HTML
    # whatever the room (the calendar tag renders each distinct cell once).
    css: str = ""
    key: tuple = ()


@dataclass
class RoomCalendar:
    room: Room
    days: list[Day]
    can_book: bool
    shows_titles: bool
    book_url: str = ""


def _title(row: OccurrenceRow, shows_titles: bool, booked: str) -> str:
    if shows_titles:
        return row.activity_title or row.booking_title
    return row.activity_title if row.activity_title and row.activity_is_public else booked


def _query_time(text: str) -> str:
    # "18:30" as urlencode writes it, without its per-character quoting.
    return text.replace(":", "%3A")


def build(rooms: list[Room], occurrences: list[OccurrenceRow], the_period: Period, audiences_of, now: datetime | None = None) -> list[RoomCalendar]:
    """``audiences_of(room)`` gives the viewer's audiences (no query per room).
    ``occurrences`` are plain rows (``selectors.occurrences_between``): a month
    across twenty rooms is hundreds of dates, and model instances for them
    and their bookings cost more than the rest of the page."""
    now = now or timezone.now()
    today = timezone.localtime(now, BRUSSELS).date()
    by_room_day: dict[tuple[int, date], list[OccurrenceRow]] = {}
    for row in occurrences:
        by_room_day.setdefault((row.room_id, row.starts_at.astimezone(BRUSSELS).date()), []).append(row)
    days_of_period = the_period.days
    labels = {day: format_day(day, length="weekday") for day in days_of_period}
    booked = gettext("Booked")
    free_label = gettext("Free %(start)s–%(end)s")
    pending_status = Booking.Status.PENDING
    free_slot_cache: dict[tuple, list] = {}
    result = []
    for room in rooms:
        audiences = audiences_of(room)
        shows_titles = bool(audiences)
        closures = [c.as_policy() for c in room.closure_list]
        horizon = policy.horizon_end(now, room.horizon_days)
        book_url = reverse("events:book", args=[room.slug]) if audiences else ""
        is_manager = policy.Audience.MANAGER in audiences
        windows = [w.as_policy() for w in room.window_list]
        slot_audiences = {w.audience for w in windows} if is_manager else audiences
        # The viewer's windows of each weekday, sorted once for the whole period.
        windows_of_weekday = {
            weekday: sorted((w for w in windows if w.weekday == weekday and w.audience in slot_audiences), key=lambda w: w.starts)
            for weekday in range(7)
        }
        days = []
        for index, day in enumerate(days_of_period):
            found = by_room_day.get((room.pk, day), ())
            closed = any(c.first_day <= day <= c.last_day for c in closures)
            items = []
            for row in found:
                local_start, local_end = row.starts_at.astimezone(BRUSSELS), row.ends_at.astimezone(BRUSSELS)
                items.append(Item(f"{local_start:%H:%M}–{local_end:%H:%M}", _title(row, shows_titles, booked), row.status == pending_status))
            free = []
            day_windows = windows_of_weekday[day.weekday()]
            if audiences and day_windows and today <= day <= timezone.localtime(horizon, BRUSSELS).date() and not closed:
                taken = tuple((o.starts_at, o.ends_at) for o in found)
                # Rooms with the same hours and the same bookings that day (often
                # none) have the same free slots: computed once per page.
                slot_key = (day, tuple(day_windows), tuple(sorted(slot_audiences)), taken, room.buffer_minutes, room.min_minutes)
                slots = free_slot_cache.get(slot_key)
                if slots is None:
                    slots = free_slot_cache[slot_key] = policy.free_slots(
                        day, day_windows, slot_audiences, taken, room.buffer_minutes, room.min_minutes,
                    )
                if is_manager:
                    # The manager books any open time at once: one line per free interval.
                    slots = sorted({(start, end, False) for start, end, _n in slots})
                iso = day.isoformat()
                for start, end, needs_approval in slots:
                    if end <= now or start > horizon:
                        continue
                    first, last = f"{start.astimezone(BRUSSELS):%H:%M}", f"{end.astimezone(BRUSSELS):%H:%M}"
                    query = f"?date={iso}&start={_query_time(first)}&end={_query_time(last)}"
                    free.append(FreeSlot(start, end, needs_approval, free_label % {"start": first, "end": last}, book_url + query, query))
            is_today = day == today
            weekday = day.isoweekday() % 7
            css = "cal-day"
            if index == 0:
                css += f" first-w-{weekday}"
            if is_today:
                css += " is-today"
            if closed:
                css += " is-closed"
            if not items and not free:
                css += " is-empty"
            key = (
                css, labels[day], closed,
                tuple((i.times, i.title, i.is_pending) for i in items),
                tuple((f.label, f.query, f.needs_approval) for f in free),
            )
            days.append(Day(day, labels[day], weekday, items, free, closed, is_today, css, key))
        result.append(RoomCalendar(room, days, bool(audiences), shows_titles, book_url))
    return result
