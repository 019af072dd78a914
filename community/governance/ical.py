"""An assembly's meeting as a calendar event (the meeting core's
``community.meetings.calendar``, written by the kernel's iCalendar writer).
One UID per meeting and a SEQUENCE counting its postponements, so calendar
programs replace the event they already hold instead of adding a second one."""

from socle_site.kernel.ical import CalendarEvent

from community.meetings import calendar

from .models import Meeting

UID_KIND = "governance-meeting"


def meeting_event(meeting: Meeting) -> CalendarEvent:
    return calendar.meeting_event(
        kind=UID_KIND,
        pk=meeting.pk,
        summary=f"{meeting.body.name}: {meeting.title}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        online_url=meeting.online_url,
        agenda=[item.title for item in meeting.agenda_items.order_by("order", "pk")],
        changes=meeting.postponements,
        cancellation_reason=meeting.cancellation_reason if meeting.is_cancelled else "",
    )
