"""Platform meetings as iCalendar (icalendar): the same file is downloaded
from the meeting page and attached to the convocation e-mail."""

import datetime
from collections.abc import Iterable

import icalendar
from django.utils import timezone

from .models import Meeting


def meetings_calendar(meetings: Iterable[Meeting]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Socle//platform meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"platform-meeting-{meeting.pk}@socle")
        event.add("summary", f"{meeting.platform.name}: {meeting.title}")
        event.add("dtstart", meeting.starts_at)
        event.add(
            "dtend", meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes)
        )
        event.add("dtstamp", meeting.convened_at or timezone.now())
        event.add("location", meeting.place)
        event.add(
            "description",
            "\n".join(
                f"{i}. {item.title}" for i, item in enumerate(meeting.agenda_items.all(), 1)
            ),
        )
        calendar.add_component(event)
    return calendar.to_ical()
