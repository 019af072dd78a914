"""iCalendar feeds (icalendar package): a person's bookings and activities,
and a room's bookings, behind the person's private token."""

from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Occurrence, Room


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Socle//community rooms//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Brussels")
    # Clients refresh a private feed a few times a day.
    cal.add("refresh-interval;value=duration", timedelta(hours=6))
    return cal


def _event(occurrence: Occurrence, summary: str) -> Event:
    event = Event()
    event.add("uid", f"occurrence-{occurrence.pk}@socle")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", occurrence.starts_at)
    event.add("dtend", occurrence.ends_at)
    event.add("summary", summary)
    event.add("location", f"{occurrence.room.name}, {occurrence.room.project.address} {occurrence.room.project.municipality}".strip())
    event.add("status", "CONFIRMED" if occurrence.status == "confirmed" else "TENTATIVE")
    return event


def person_calendar(user, occurrences: list[Occurrence]) -> Calendar:
    cal = _calendar(_("My bookings and activities"))
    for occurrence in occurrences:
        activity = getattr(occurrence.booking, "activity", None)
        cal.add_component(_event(occurrence, activity.title if activity else occurrence.booking.title))
    return cal


def room_calendar(room: Room, occurrences: list[Occurrence]) -> Calendar:
    cal = _calendar(room.name)
    for occurrence in occurrences:
        activity = getattr(occurrence.booking, "activity", None)
        cal.add_component(_event(occurrence, activity.title if activity else occurrence.booking.title))
    return cal


def response(cal: Calendar, filename: str) -> HttpResponse:
    reply = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    reply["Content-Disposition"] = f'inline; filename="{filename}"'
    # A private feed: never kept by shared caches.
    reply["Cache-Control"] = "private, no-store"
    return reply
