"""A platform meeting as a calendar event (the meeting core's
``community.meetings.calendar``, written by the kernel's iCalendar writer):
the same event is downloaded from the meeting page and attached to the
convocation e-mail."""

import datetime

from socle_site.kernel.ical import CalendarEvent

from community.meetings import calendar

from .models import Meeting

UID_KIND = "platform-meeting"


def meeting_event(meeting: Meeting) -> CalendarEvent:
    return calendar.meeting_event(
        kind=UID_KIND,
        pk=meeting.pk,
        summary=f"{meeting.platform.name}: {meeting.title}",
        starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes),
        place=meeting.place,
        agenda=[item.title for item in meeting.agenda_items.all()],
    )
