"""Pages: refusals shown (never a 500), feeds behind the token, query counts
pinned and not growing with the number of bookings."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.errors import BookingRefusal
from events.models import Booking, Occurrence, WaitingEntry
from events.policy import BRUSSELS
from events.services import activities, bookings, calendar_tokens
from tests.refusals import assert_not_found, assert_redirected_to_login

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), BRUSSELS)


def test_resident_refused_in_association_hours_sees_why(setup, client_of):
    response = client_of(setup.resident).post(
        f"/en/rooms/{setup.room.slug}/book/", {"title": "Party", "date": "2026-03-03", "start": "10:00", "end": "12:00"}
    )
    assert response.status_code == 200
    assert "This time is reserved for the partner association" in response.content.decode()
    assert not Booking.objects.exists()


def test_partner_books_and_is_confirmed(setup, client_of):
    response = client_of(setup.partner).post(
        f"/en/rooms/{setup.room.slug}/book/", {"title": "Sewing", "date": "2026-03-03", "start": "09:00", "end": "12:00"}, follow=True
    )
    assert "Your booking is confirmed." in response.content.decode()


def test_bad_input_is_a_form_error(setup, client_of):
    response = client_of(setup.partner).post(f"/en/rooms/{setup.room.slug}/book/", {"title": "x", "date": "nope", "start": "12:00", "end": "09:00"})
    assert response.status_code == 200 and not Booking.objects.exists()
    assert "Enter a valid date." in response.content.decode()
    response = client_of(setup.partner).post(f"/en/rooms/{setup.room.slug}/book/", {"title": "x", "date": "2026-03-03", "start": "12:00", "end": "09:00"})
    assert "The end must come after the start." in response.content.decode()
    assert not Booking.objects.exists()


def test_refusals_reach_the_person_through_the_one_path(setup, client_of):
    """Answering twice, registering twice: each refusal is read as a message
    and changes nothing."""
    booking = bookings.request_booking(acting_user=setup.resident, room=setup.room, starts_at=at(date(2026, 3, 7), 18), ends_at=at(date(2026, 3, 7), 20), title="Birthday")
    manager = client_of(setup.manager)
    manager.post(f"/en/rooms/bookings/{booking.pk}/approve/")
    decided_at = Booking.objects.get(pk=booking.pk).decided_at
    response = manager.post(f"/en/rooms/bookings/{booking.pk}/decline/", {"reason": "Too late"}, follow=True)
    assert "This request was already answered." in response.content.decode()
    booking.refresh_from_db()
    assert (booking.status, booking.decided_at, booking.decline_reason) == (Booking.Status.CONFIRMED, decided_at, "")
    activity = activities.announce_activity(acting_user=setup.resident, booking=booking, kind="kitchen", title="Soup", capacity=5)
    resident = client_of(setup.neighbour)
    resident.post(f"/en/activities/{activity.pk}/register/")
    response = resident.post(f"/en/activities/{activity.pk}/register/", follow=True)
    assert "You are already registered." in response.content.decode()
    assert activity.gathering.registrations.filter(user=setup.neighbour).count() == 1
    response = client_of(setup.resident).post(f"/en/rooms/{setup.room.slug}/wait/", {"title": "Party", "date": "2026-03-14", "start": "18:00", "end": "20:00"}, follow=True)
    assert "This slot is free: book it directly." in response.content.decode()
    assert not WaitingEntry.objects.exists()


def test_anonymous_is_sent_to_log_in_and_others_get_404(setup, client):
    booking = bookings.request_booking(acting_user=setup.resident, room=setup.room, starts_at=at(date(2026, 3, 7), 18), ends_at=at(date(2026, 3, 7), 20), title="Birthday")
    assert_redirected_to_login(client.get(f"/en/rooms/{setup.room.slug}/book/"), f"/en/rooms/{setup.room.slug}/book/")
    assert_redirected_to_login(client.post(f"/en/rooms/bookings/{booking.pk}/approve/"), f"/en/rooms/bookings/{booking.pk}/approve/")
    from django.test import Client

    other = Client()
    other.force_login(setup.partner)
    assert_not_found(other.get(f"/en/rooms/bookings/{booking.pk}/"))
    assert_not_found(other.post(f"/en/rooms/bookings/{booking.pk}/approve/"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING


def test_manager_approves_and_resident_sees_it_in_the_feed(setup, client_of):
    booking = bookings.request_booking(acting_user=setup.resident, room=setup.room, starts_at=at(date(2026, 3, 7), 18), ends_at=at(date(2026, 3, 7), 21), title="Birthday")
    client_of(setup.manager).post(f"/en/rooms/bookings/{booking.pk}/approve/")
    token = calendar_tokens.calendar_token(user=setup.resident).token
    feed = client_of(setup.stranger).get(f"/en/calendar/{token}/bookings.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "SUMMARY:Birthday" in body and "STATUS:CONFIRMED" in body
    calendar_tokens.reset_calendar_token(acting_user=setup.resident)
    assert_not_found(client_of(setup.stranger).get(f"/en/calendar/{token}/bookings.ics"))
    # A room's feed only for someone who may book it.
    stranger_token = calendar_tokens.calendar_token(user=setup.stranger).token
    assert_not_found(client_of(setup.stranger).get(f"/en/calendar/{stranger_token}/rooms/{setup.room.slug}.ics"))


def _series(room, user, weeks, hour):
    booking = Booking.objects.create(room=room, booked_by=user, audience="partner", title="Series", status="confirmed", recurrence="FREQ=WEEKLY")
    first = at(date(2026, 3, 2), hour)
    Occurrence.objects.bulk_create(
        [Occurrence(booking=booking, room=room, starts_at=first + timedelta(weeks=w), ends_at=first + timedelta(weeks=w, hours=1), status="confirmed") for w in range(weeks)]
    )


def test_month_view_query_count_does_not_grow_with_bookings(setup, client_of, room_factory):
    rooms = [setup.room] + [room_factory(housing_project=setup.room.housing_project) for _ in range(4)]
    client = client_of(setup.resident)
    url = f"/en/rooms/project/{setup.room.housing_project.slug}/?view=month&date=2026-03-10"

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for room in rooms:
        _series(room, setup.partner, 5, 10)
    count()  # the first request of a session fills per-process caches
    few = count()
    for room in rooms:
        _series(room, setup.partner, 260, 12)  # five years more
        _series(room, setup.partner, 260, 14)
    assert count() == few <= 15


def test_public_pages_for_anonymous(setup, client):
    booking = bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=at(date(2026, 3, 3), 10), ends_at=at(date(2026, 3, 3), 12), title="Computers")
    activity = activities.announce_activity(acting_user=setup.partner, booking=booking, kind="computer", title="Computer class", capacity=5)
    for url in ["/en/rooms/", f"/en/rooms/{setup.room.slug}/?view=month", f"/en/rooms/project/{setup.room.housing_project.slug}/?view=day", "/en/activities/", f"/en/activities/{activity.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Computer class" in client.get("/en/activities/").content.decode()
    assert "5 places left" in client.get(f"/en/activities/{activity.pk}/").content.decode()


def test_registered_person_is_not_shown_places_left(setup, client_of):
    booking = bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=at(date(2026, 3, 3), 10), ends_at=at(date(2026, 3, 3), 12), title="Computers")
    activity = activities.announce_activity(acting_user=setup.partner, booking=booking, kind="computer", title="Computer class", capacity=5)
    client = client_of(setup.resident)
    client.post(f"/en/activities/{activity.pk}/register/")
    page = client.get(f"/en/activities/{activity.pk}/").content.decode()
    assert "You have a place." in page and "places left" not in page


def test_members_only_activity_hidden_from_strangers(setup, client_of):
    booking = bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=at(date(2026, 3, 3), 10), ends_at=at(date(2026, 3, 3), 12), title="Computers")
    activity = activities.announce_activity(acting_user=setup.partner, booking=booking, kind="computer", title="Private", is_public=False)
    assert_not_found(client_of(setup.stranger).get(f"/en/activities/{activity.pk}/"))
    assert client_of(setup.resident).get(f"/en/activities/{activity.pk}/").status_code == 200


def test_a_project_page_lists_its_rooms_through_the_showcase(setup, housing_project_factory):
    """The public project page asks community.showcase, where the rooms
    register their section; a project without rooms gets none."""
    from django.template.loader import render_to_string

    from community import showcase

    section, data = next((s, d) for s, d in showcase.project_sections(setup.room.housing_project) if s.key == "events.rooms")
    html = render_to_string(section.template, {"data": data})
    assert f"/rooms/{setup.room.slug}/" in html and setup.room.name in html
    assert [s.key for s, _ in showcase.project_sections(housing_project_factory())] == []


def test_shared_calendar_cells_keep_each_rooms_booking_links_and_bookings(setup, client_of, room_factory):
    """Cells are rendered once per distinct content: rooms with the same hours
    still link to their own booking form, and a booked day differs."""
    twin = room_factory(housing_project=setup.room.housing_project)
    bookings.request_booking(acting_user=setup.resident, room=twin, starts_at=at(date(2026, 3, 9), 18), ends_at=at(date(2026, 3, 9), 20), title="Choir <b>practice</b>")
    page = client_of(setup.resident).get(f"/en/rooms/project/{setup.room.housing_project.slug}/?view=week&date=2026-03-09").content.decode()
    for room in (setup.room, twin):
        assert f'href="/en/rooms/{room.slug}/book/?date=2026-03-10&amp;start=17%3A30&amp;end=22%3A00"' in page
    assert f'href="/en/rooms/{setup.room.slug}/book/?date=2026-03-09&amp;start=17%3A30&amp;end=22%3A00"' in page
    # The twin's Monday evening is taken until 20:00 and a 15-minute buffer.
    assert f'href="/en/rooms/{twin.slug}/book/?date=2026-03-09&amp;start=20%3A15&amp;end=22%3A00"' in page
    assert "18:00–20:00 Choir &lt;b&gt;practice&lt;/b&gt;" in page and "<b>practice" not in page
    assert "<book-url>" not in page


def test_room_month_view_stays_within_its_query_budget_as_the_history_doubles(setup, client_of):
    """Issue 18: session, user, access rows with the unread count (3), then the
    room, its dates of the month and its opening windows, the same with five
    and ten years of the resident's bookings (and notifications)."""
    from tests.member_history import counts_as_history_doubles

    url = f"/en/rooms/{setup.room.slug}/?view=month&date=2026-03-10"
    five, ten = counts_as_history_doubles(client_of(setup.resident), url, setup.resident, room=setup.room)
    assert (five, ten) == (8, 8)


def test_the_calendar_offers_no_slot_beyond_the_horizon_the_booking_rules_refuse(setup, client_of):
    """One rule of the horizon (events.policy.horizon_end): the calendar offers
    what evaluate accepts. Now is Monday 2 March 10:00; seven days ahead ends
    Monday 9 March 10:00, so that evening is not offered, Friday's is."""
    setup.room.horizon_days = 7
    setup.room.save(update_fields=["horizon_days"])
    client = client_of(setup.resident)
    this_week = client.get(f"/en/rooms/{setup.room.slug}/?view=week&date=2026-03-02").content.decode()
    assert f'href="/en/rooms/{setup.room.slug}/book/?date=2026-03-06&amp;start=17%3A30&amp;end=22%3A00"' in this_week
    next_week = client.get(f"/en/rooms/{setup.room.slug}/?view=week&date=2026-03-09").content.decode()
    assert "book/?date=2026-03-09" not in next_week and "book/?date=" not in next_week
    with pytest.raises(BookingRefusal, match="at most 7 days ahead"):
        bookings.request_booking(acting_user=setup.resident, room=setup.room, starts_at=at(date(2026, 3, 9), 18),
                                 ends_at=at(date(2026, 3, 9), 20), title="Too far")
