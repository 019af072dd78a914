"""A meeting of any kind as a calendar event, written by the kernel's one
iCalendar writer (``socle_site.kernel.ical``)."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from socle_site.kernel import ical

from .rules import agenda_text, planned_end, where

PRODUCT = "meetings"


def meeting_event(
    *,
    kind: str,
    pk: int,
    summary: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    online_url: str = "",
    agenda: Iterable[str] = (),
    changes: int = 0,
    cancellation_reason: str = "",
) -> ical.CalendarEvent:
    """``kind`` keeps assemblies and platform meetings apart in the UID (each
    numbers its meetings); ``changes`` counts the times it moved, so the
    reader's calendar replaces its copy."""
    return ical.CalendarEvent(
        uid=ical.uid(kind, pk),
        summary=summary,
        starts_at=starts_at,
        ends_at=planned_end(starts_at, ends_at),
        sequence=changes,
        location=where(place, online_url),
        description=cancellation_reason or agenda_text((title, ()) for title in agenda),
    )


def method(*, sent: bool, cancelled: bool = False) -> ical.Method:
    """What the file asks of the reader's calendar: a cancelled meeting is
    removed (CANCEL); an e-mail invites (REQUEST); a download publishes
    (PUBLISH).

    >>> [method(sent=True), method(sent=False), method(sent=False, cancelled=True)]
    [<Method.REQUEST: 'REQUEST'>, <Method.PUBLISH: 'PUBLISH'>, <Method.CANCEL: 'CANCEL'>]
    """
    if cancelled:
        return ical.Method.CANCEL
    return ical.Method.REQUEST if sent else ical.Method.PUBLISH


def meetings_calendar(events: Sequence[ical.CalendarEvent], *, sent: bool = False, cancelled: bool = False):
    return ical.calendar(events, product=PRODUCT, method=method(sent=sent, cancelled=cancelled))


def download(event: ical.CalendarEvent, pk: int, *, cancelled: bool = False):
    """The meeting page's "Add to my calendar" file."""
    return ical.response(meetings_calendar([event], cancelled=cancelled), filename(pk))


def filename(pk: int) -> str:
    return f"meeting-{pk}.ics"
