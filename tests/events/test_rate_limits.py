"""The rooms' forms that send e-mail are rate-limited per person with the
project's one rate limit: beyond it, 429 and nothing is done."""

from datetime import date, datetime, time

import pytest

from community.models import Registration
from events.models import Booking, WaitingEntry
from events.policy import BRUSSELS
from events.services import activities, bookings
from tests.refusals import assert_too_many

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), BRUSSELS)


def test_booking_requests_are_rate_limited(setup, client_of):
    client = client_of(setup.partner)
    url = f"/en/rooms/{setup.room.slug}/book/"
    statuses = [client.post(url, {"title": "x", "date": "nope"}).status_code for _ in range(20)]
    assert statuses == [200] * 20
    refused = client.post(url, {"title": "Sewing", "date": "2026-03-03", "start": "09:00", "end": "12:00"})
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert not Booking.objects.exists()
    # Reading the form is not limited, and another person is not affected.
    assert client.get(url).status_code == 200
    other = client_of(setup.other).post(url, {"title": "Meeting", "date": "2026-03-03", "start": "09:00", "end": "12:00"})
    assert other.status_code == 302 and Booking.objects.filter(title="Meeting").exists()


def test_waiting_list_is_rate_limited(setup, client_of):
    bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=at(date(2026, 3, 3), 9), ends_at=at(date(2026, 3, 3), 12), title="Sewing")
    client = client_of(setup.other)
    url = f"/en/rooms/{setup.room.slug}/wait/"
    for _ in range(20):
        client.post(url, {"title": "x", "date": "nope"})
    assert_too_many(client.post(url, {"title": "Meeting", "date": "2026-03-03", "start": "10:00", "end": "12:00"}))
    assert not WaitingEntry.objects.exists()


def test_activity_registration_is_rate_limited(setup, client_of):
    booking = bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=at(date(2026, 3, 3), 10), ends_at=at(date(2026, 3, 3), 12), title="Computers")
    activity = activities.announce_activity(acting_user=setup.partner, booking=booking, kind="computer", title="Computer class", capacity=5)
    client = client_of(setup.resident)
    statuses = []
    for _ in range(10):
        statuses.append(client.post(f"/en/activities/{activity.pk}/register/").status_code)
        statuses.append(client.post(f"/en/activities/{activity.pk}/unregister/").status_code)
    assert statuses == [302] * 20
    assert_too_many(client.post(f"/en/activities/{activity.pk}/register/"))
    assert not Registration.objects.filter(status=Registration.Status.CONFIRMED).exists()


def test_changing_and_cancelling_dates_are_rate_limited(setup, client_of):
    booking = bookings.request_booking(
        acting_user=setup.resident, room=setup.room, starts_at=at(date(2026, 3, 3), 18), ends_at=at(date(2026, 3, 3), 20),
        title="Homework club", frequency="weekly", until=date(2026, 3, 24),
    )
    first = booking.occurrences.order_by("starts_at").first()
    client = client_of(setup.resident)
    for _ in range(30):
        client.post(f"/en/rooms/dates/{first.pk}/change/", {"date": "nope"})
    assert_too_many(client.post(f"/en/rooms/dates/{first.pk}/change/", {"date": "2026-03-03", "start": "19:00", "end": "21:00", "room": setup.room.pk}))
    for _ in range(30):
        client.post(f"/en/rooms/bookings/{booking.pk + 1000}/cancel/")
    assert_too_many(client.post(f"/en/rooms/bookings/{booking.pk}/cancel/"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert first.__class__.objects.get(pk=first.pk).starts_at == at(date(2026, 3, 3), 18)
