"""The kernel's one iCalendar writer: what calendar programs are strict about
is decided there once (Brussels times, UID, DTSTAMP, SEQUENCE, METHOD)."""

from datetime import UTC, datetime, timedelta

import icalendar
from socle_site.kernel import ical

START = datetime(2027, 3, 16, 18, 0, tzinfo=UTC)  # 19:00 in Brussels (winter time)


def _event(**changes) -> ical.CalendarEvent:
    return ical.CalendarEvent(
        **{"uid": ical.uid("governance-meeting", 7), "summary": "General assembly", "starts_at": START,
           "ends_at": START + timedelta(hours=2), "sequence": 2, "location": "Salle Arc-en-Ciel", **changes}
    )


def _parsed(cal) -> icalendar.Event:
    (event,) = icalendar.Calendar.from_ical(cal.to_ical()).walk("VEVENT")
    return event


def test_times_are_written_in_brussels_with_the_time_zone_the_reader_needs():
    text = ical.calendar([_event()], product="meetings").to_ical().decode()
    assert "DTSTART;TZID=Europe/Brussels:20270316T190000" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Brussels" in text


def test_a_download_publishes_an_invitation_requests_with_its_organiser():
    published = ical.calendar([_event()], product="meetings")
    assert published["method"] == "PUBLISH" and "organizer" not in _parsed(published)
    request = ical.calendar([_event()], product="meetings", method=ical.Method.REQUEST)
    event = _parsed(request)
    assert request["method"] == "REQUEST" and str(event["organizer"]).startswith("mailto:")
    assert event["uid"] == "governance-meeting-7@socle" and event["sequence"] == 2 and event["status"] == "CONFIRMED"
    assert "dtstamp" in event


def test_a_cancellation_is_one_change_later_and_cancelled():
    cancel = ical.calendar([_event()], product="meetings", method=ical.Method.CANCEL)
    event = _parsed(cancel)
    assert cancel["method"] == "CANCEL" and event["status"] == "CANCELLED" and event["sequence"] == 3
    assert event["uid"] == "governance-meeting-7@socle"


def test_a_feed_carries_a_name_and_a_refresh_and_no_method():
    feed = ical.calendar([_event(status=ical.Status.TENTATIVE)], product="community rooms", method=None,
                         name="Salle", refresh=timedelta(hours=6))
    text = feed.to_ical().decode()
    assert "\r\nMETHOD:" not in text and "X-WR-CALNAME:Salle" in text and "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in text
    assert _parsed(feed)["status"] == "TENTATIVE"


def test_response_is_a_download_or_a_private_feed():
    cal = ical.calendar([_event()], product="meetings")
    download = ical.response(cal, "meeting-7.ics")
    assert download["Content-Type"] == "text/calendar; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="meeting-7.ics"'
    feed = ical.response(cal, "room.ics", feed=True)
    assert feed["Content-Disposition"].startswith("inline") and feed["Cache-Control"] == "private, no-store"
    name, content, mimetype = ical.attachment(cal, "meeting-7.ics")
    assert (name, mimetype) == ("meeting-7.ics", "text/calendar") and content.startswith("BEGIN:VCALENDAR")


def test_what_a_meeting_file_asks_of_the_calendar():
    from community.meetings.calendar import method

    assert method(sent=True) == ical.Method.REQUEST
    assert method(sent=False) == ical.Method.PUBLISH
    assert method(sent=True, cancelled=True) == method(sent=False, cancelled=True) == ical.Method.CANCEL
