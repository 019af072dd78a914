"""A room's bookings of a period, for its manager; the period is checked."""

import csv
import datetime
import io

from django.utils import timezone

from community.privacy.models import AccessLog
from events.models import Booking, Occurrence
from tests.refusals import assert_refused


def _book(setup, day, title):
    booking = Booking.objects.create(room=setup.room, booked_by=setup.resident, audience="resident", title=title, status="confirmed")
    starts = timezone.make_aware(datetime.datetime(2026, 3, day, 18))
    Occurrence.objects.create(booking=booking, room=setup.room, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), status="confirmed")


def test_the_manager_exports_the_bookings_of_a_period(client_of, setup):
    _book(setup, 4, "Choir")
    _book(setup, 20, "Later")
    url = f"/en/exports/events.bookings/{setup.room.pk}/"
    client = client_of(setup.manager)
    assert url in client.get(f"/en/rooms/{setup.room.slug}/manage/").content.decode()
    response = client.get(url, {"format": "csv", "start": "2026-03-01", "end": "2026-03-10", "columns": ["starts", "purpose", "status"]})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Starts", "Purpose", "Status"], ["2026-03-04 18:00:00", "Choir", "Confirmed"]]
    assert AccessLog.objects.filter(viewer=setup.manager, subject=setup.resident, what__startswith="export").count() == 1


def test_a_period_that_ends_before_it_starts_is_refused_and_nothing_is_logged(client_of, setup):
    response = client_of(setup.manager).get(f"/en/exports/events.bookings/{setup.room.pk}/", {"format": "csv", "start": "2026-03-10", "end": "2026-03-01"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "The period ends before it starts." in response.content.decode()
    assert AccessLog.objects.count() == 0


def test_others_cannot_export_a_rooms_bookings(client_of, setup):
    for who in (setup.resident, setup.partner, setup.stranger):
        response = client_of(who).get(f"/en/exports/events.bookings/{setup.room.pk}/", {"format": "csv", "start": "2026-03-01", "end": "2026-03-10"})
        assert_refused(response, "Only the manager of this room may manage it.")
