"""A meeting as an iCalendar file (icalendar), attached to the notice that it
moved to another date or was cancelled. One UID per meeting and a SEQUENCE
that grows with each change, so calendar programs replace the event they
already hold instead of adding a second one."""

from datetime import timedelta

import icalendar
from django.utils import timezone

from .models import Meeting

# Most meetings of the bodies last an evening; used when no end is planned.
DEFAULT_LENGTH = timedelta(hours=2)


def meeting_uid(meeting: Meeting) -> str:
    return f"governance-meeting-{meeting.pk}@socle"


def meeting_calendar(meeting: Meeting) -> str:
    cancelled = meeting.status == Meeting.Status.CANCELLED
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Socle//assembly meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    # Cancelling is one more change after the postponements (RFC 5546 §2.1.4).
    event.add("sequence", meeting.postponements + (1 if cancelled else 0))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", f"{meeting.body.name}: {meeting.title}")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH)
    event.add("dtstamp", timezone.now())
    location = " / ".join(filter(None, [meeting.place, meeting.online_url]))
    if location:
        event.add("location", location)
    if cancelled and meeting.cancellation_reason:
        event.add("description", meeting.cancellation_reason)
    else:
        event.add("description", "\n".join(
            f"{i}. {item.title}" for i, item in enumerate(meeting.agenda_items.order_by("order", "pk"), 1)
        ))
    calendar.add_component(event)
    return calendar.to_ical().decode()


def calendar_filename(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}.ics"
