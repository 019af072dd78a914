"""iCalendar feeds of a person's bookings and activities, and of a room's
bookings, behind the person's private token; written by the kernel's one
iCalendar writer (``socle_site.kernel.ical``)."""

from datetime import timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar
from socle_site.kernel import ical

from .models import Occurrence, Room

PRODUCT = "community rooms"
# Clients refresh a private feed a few times a day.
REFRESH = timedelta(hours=6)


def _event(occurrence: Occurrence) -> ical.CalendarEvent:
    activity = getattr(occurrence.booking, "activity", None)
    return ical.CalendarEvent(
        uid=ical.uid("occurrence", occurrence.pk),
        summary=activity.title if activity else occurrence.booking.title,
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        location=f"{occurrence.room.name}, {occurrence.room.project.address} {occurrence.room.project.municipality}".strip(),
        status=ical.Status.CONFIRMED if occurrence.status == "confirmed" else ical.Status.TENTATIVE,
    )


def _feed(name: str, occurrences: list[Occurrence]) -> Calendar:
    # A feed one subscribes to: no METHOD (RFC 7986 feeds, not iTIP messages).
    return ical.calendar(
        [_event(o) for o in occurrences], product=PRODUCT, method=None, name=name, refresh=REFRESH
    )


def person_calendar(user, occurrences: list[Occurrence]) -> Calendar:
    return _feed(_("My bookings and activities"), occurrences)


def room_calendar(room: Room, occurrences: list[Occurrence]) -> Calendar:
    return _feed(room.name, occurrences)
