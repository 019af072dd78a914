"""The one iCalendar writer (icalendar package) of the project.

Every ``.ics`` the platform serves or attaches — a meeting's convocation, its
cancellation, a person's or a room's booking feed — is written here, so that
the parts calendar programs are strict about are decided once:

- times are written in Europe/Brussels with its VTIMEZONE (a meeting at 19:00
  stays at 19:00 in Brussels whatever the reader's device says);
- one stable UID per thing (``uid()``), and a SEQUENCE that grows with each
  change, so that a program replaces the event it already holds (RFC 5546 §2.1.4);
- DTSTAMP is the time the file is written (RFC 5545 §3.8.7.2);
- METHOD says what the file asks of the reader (``Method``): PUBLISH for a
  download or a feed, REQUEST for an invitation sent by e-mail (with its
  ORGANIZER, which RFC 5546 §3.2.2 requires), CANCEL for a cancellation (whose
  events are CANCELLED and one change later).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from enum import StrEnum

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from .formatting import BRUSSELS

CONTENT_TYPE = "text/calendar"


class Method(StrEnum):
    PUBLISH = "PUBLISH"
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


class Status(StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class CalendarEvent:
    """One event, in the words of the caller; the writer decides the format."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    sequence: int = 0
    location: str = ""
    description: str = ""
    status: Status = Status.CONFIRMED


def uid(kind: str, pk: int | str) -> str:
    """The event's identity for every calendar program, stable across changes.

    >>> uid("governance-meeting", 7)
    'governance-meeting-7@socle'
    """
    return f"{kind}-{pk}@socle"


def _brussels(value: datetime) -> datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, BRUSSELS)
    return value.astimezone(BRUSSELS)


def _organizer() -> icalendar.vCalAddress:
    """The platform's sending address: replies from calendar programs are not
    read, people answer on the meeting's page."""
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = icalendar.vText(name)
    return address


def _event(spec: CalendarEvent, *, method: Method | None, stamp: datetime) -> icalendar.Event:
    cancelled = method == Method.CANCEL
    event = icalendar.Event()
    event.add("uid", spec.uid)
    # Cancelling is one more change after the last one the reader holds (RFC 5546 §2.1.4).
    event.add("sequence", spec.sequence + (1 if cancelled else 0))
    event.add("dtstamp", stamp)
    event.add("dtstart", _brussels(spec.starts_at))
    event.add("dtend", _brussels(spec.ends_at))
    event.add("summary", spec.summary)
    event.add("status", str(Status.CANCELLED if cancelled else spec.status))
    if spec.location:
        event.add("location", spec.location)
    if spec.description:
        event.add("description", spec.description)
    if method in (Method.REQUEST, Method.CANCEL):
        event.add("organizer", _organizer())
    return event


def calendar(
    events: Iterable[CalendarEvent],
    *,
    product: str,
    method: Method | None = Method.PUBLISH,
    name: str = "",
    refresh: timedelta | None = None,
) -> icalendar.Calendar:
    """A calendar of ``events``; ``name`` and ``refresh`` make it a feed that
    calendar programs subscribe to (a feed carries no METHOD)."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Socle//{product}//EN")
    cal.add("version", "2.0")
    if method is not None:
        cal.add("method", str(method))
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", str(BRUSSELS))
    if refresh is not None:
        cal.add("refresh-interval", icalendar.vDuration(refresh), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    for spec in events:
        cal.add_component(_event(spec, method=method, stamp=stamp))
    cal.add_missing_timezones()
    return cal


def attachment(cal: icalendar.Calendar, filename: str) -> tuple[str, str, str]:
    """The calendar as an e-mail attachment for ``notify(attachments=...)``."""
    return (filename, cal.to_ical().decode(), CONTENT_TYPE)


def response(cal: icalendar.Calendar, filename: str, *, feed: bool = False) -> HttpResponse:
    """The calendar as a download, or (``feed``) as a private subscription
    that shared caches never keep."""
    reply = HttpResponse(cal.to_ical(), content_type=f"{CONTENT_TYPE}; charset=utf-8")
    reply["Content-Disposition"] = f'{"inline" if feed else "attachment"}; filename="{filename}"'
    if feed:
        reply["Cache-Control"] = "private, no-store"
    return reply
