"""The room's manager (and staff) run its opening hours and closures in the
portal: bad input refused with the reason and nothing saved, the bookings
that fall in a new closure listed and cancelled through the one cancel
service (holders told), everyone else refused."""

from datetime import date, datetime, time

import pytest

from community.models import Notification, Role
from events import policy
from events.errors import BookingRefusal
from events.models import AvailabilityWindow, Booking, Closure, Occurrence
from events.policy import BRUSSELS, Window
from events.services import bookings, room_management
from tests.factories import UserFactory
from tests.refusals import assert_not_found

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), BRUSSELS)


def windows_of(room):
    return sorted((w.audience, w.weekday, w.starts.strftime("%H:%M"), w.ends.strftime("%H:%M"), w.needs_approval) for w in AvailabilityWindow.objects.filter(room=room))


# --- the pure rule --------------------------------------------------------------

def test_window_problems_name_each_problem():
    assert policy.window_problems([Window("resident", 0, time(18), time(22)), Window("partner", 0, time(9), time(19))]) == []
    problems = policy.window_problems([
        Window("resident", 0, time(18), time(17)),
        Window("resident", 1, time(9), time(12)), Window("resident", 1, time(11), time(14), True),
        Window("resident", 2, time(9), time(12)), Window("resident", 2, time(12), time(14)),  # touching is fine
    ])
    assert problems == [
        "Monday 18:00–17:00: The end must come after the start.",
        "Tuesday 09:00–12:00 and Tuesday 11:00–14:00 overlap for the residents of the project.",
    ]


# --- opening hours --------------------------------------------------------------

def hours_post(rows, initial=0):
    data = {"windows-TOTAL_FORMS": str(len(rows)), "windows-INITIAL_FORMS": str(initial), "windows-MIN_NUM_FORMS": "0", "windows-MAX_NUM_FORMS": "1000"}
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"windows-{n}-{key}"] = value
    return data


def existing_rows(room, delete=False):
    """The lines the page shows for the room's windows, as the browser sends them back."""
    return [
        {"weekday": str(w.weekday), "starts": w.starts.strftime("%H:%M"), "ends": w.ends.strftime("%H:%M"), "audience": w.audience,
         "needs_approval": "on" if w.needs_approval else "", "DELETE": "on" if delete else ""}
        for w in AvailabilityWindow.objects.filter(room=room).order_by("weekday", "starts")
    ]


def test_manager_changes_the_hours_and_the_policy_follows(setup, client_of):
    url = f"/en/rooms/{setup.room.slug}/hours/"
    page = client_of(setup.manager).get(url)
    assert page.status_code == 200 and "Monday to Friday" in page.content.decode()
    old = existing_rows(setup.room, delete=True)
    response = client_of(setup.manager).post(url, hours_post(old + [
        {"weekday": "0", "starts": "18:00", "ends": "22:00", "audience": "resident"},
        {"weekday": "5", "starts": "10:00", "ends": "18:00", "audience": "resident", "needs_approval": "on"},
        {"weekday": "1", "starts": "09:00", "ends": "17:00", "audience": "partner"},
        {"weekday": "", "starts": "", "ends": "", "audience": ""},  # a blank extra line is ignored
    ], initial=len(old)), follow=True)
    assert "The opening hours are saved." in response.content.decode()
    assert windows_of(setup.room) == [("partner", 1, "09:00", "17:00", False), ("resident", 0, "18:00", "22:00", False), ("resident", 5, "10:00", "18:00", True)]
    # Residents' Tuesday evening is no longer open; Monday evening is, at once.
    with pytest.raises(BookingRefusal, match="not open to you"):
        bookings.request_booking(acting_user=setup.resident, room=setup.room, starts_at=at(date(2026, 3, 3), 18), ends_at=at(date(2026, 3, 3), 20), title="x")
    assert bookings.request_booking(acting_user=setup.resident, room=setup.room, starts_at=at(date(2026, 3, 9), 18), ends_at=at(date(2026, 3, 9), 20), title="x").status == Booking.Status.CONFIRMED


def test_removing_a_line(setup, client_of):
    rows = existing_rows(setup.room)
    rows[0]["DELETE"] = "on"
    client_of(setup.manager).post(f"/en/rooms/{setup.room.slug}/hours/", hours_post(rows, initial=len(rows)))
    assert AvailabilityWindow.objects.filter(room=setup.room).count() == len(rows) - 1


@pytest.mark.parametrize(("rows", "message"), [
    ([{"weekday": "0", "starts": "18:00", "ends": "17:00", "audience": "resident"}], "Monday 18:00–17:00: The end must come after the start."),
    ([{"weekday": "0", "starts": "18:00", "ends": "22:00", "audience": "resident"}, {"weekday": "0", "starts": "21:00", "ends": "23:00", "audience": "resident", "needs_approval": "on"}],
     "Monday 18:00–22:00 and Monday 21:00–23:00 overlap for the residents of the project."),
])
def test_bad_hours_are_refused_and_nothing_is_saved(setup, client_of, rows, message):
    before = windows_of(setup.room)
    old = existing_rows(setup.room, delete=True)
    response = client_of(setup.manager).post(f"/en/rooms/{setup.room.slug}/hours/", hours_post(old + rows, initial=len(old)))
    assert response.status_code == 200 and message in response.content.decode()
    assert windows_of(setup.room) == before


def test_unreadable_hours_are_a_form_error(setup, client_of):
    before = windows_of(setup.room)
    old = existing_rows(setup.room)
    response = client_of(setup.manager).post(f"/en/rooms/{setup.room.slug}/hours/", hours_post(old + [{"weekday": "9", "starts": "nope", "ends": "22:00", "audience": "manager"}], initial=len(old)))
    assert response.status_code == 200 and "nothing was saved" in response.content.decode()
    assert windows_of(setup.room) == before


def test_hours_in_french_and_dutch(setup, client_of):
    from django.utils import translation

    for language, text in [("fr", "lundi"), ("nl", "maandag")]:
        with translation.override(language):
            problems = policy.window_problems([Window("resident", 0, time(18), time(17))])
        assert text in problems[0].lower() and "Monday" not in problems[0]


# --- closures -------------------------------------------------------------------

def test_closure_lists_the_bookings_in_it_and_the_manager_cancels_them(setup, client_of):
    inside = bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=at(date(2026, 3, 10), 9), ends_at=at(date(2026, 3, 10), 12), title="Sewing")
    series = bookings.request_booking(acting_user=setup.resident, room=setup.room, starts_at=at(date(2026, 3, 4), 18), ends_at=at(date(2026, 3, 4), 20), title="Homework club", frequency="weekly", until=date(2026, 3, 25))
    outside = bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=at(date(2026, 3, 17), 9), ends_at=at(date(2026, 3, 17), 12), title="Knitting")
    client = client_of(setup.manager)
    response = client.post(f"/en/rooms/{setup.room.slug}/closures/", {"first_day": "2026-03-09", "last_day": "2026-03-13", "reason": "Painting works"}, follow=True)
    closure = Closure.objects.get()
    assert (closure.first_day, closure.last_day, closure.reason) == (date(2026, 3, 9), date(2026, 3, 13), "Painting works")
    page = response.content.decode()
    assert "The closure is saved." in page and "Sewing" in page and "Homework club" in page and "Knitting" not in page
    # New requests on those days are refused with the reason.
    with pytest.raises(BookingRefusal, match="closed from 9 March 2026 to 13 March 2026 \\(Painting works\\)"):
        bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=at(date(2026, 3, 12), 9), ends_at=at(date(2026, 3, 12), 10), title="x")
    homework_in = series.occurrences.get(starts_at=at(date(2026, 3, 11), 18))
    inside_date = inside.occurrences.get()
    response = client.post(f"/en/rooms/{setup.room.slug}/closures/{closure.pk}/cancel/", {"occurrence": [str(inside_date.pk), str(homework_in.pk), str(outside.occurrences.get().pk)]}, follow=True)
    assert "2 bookings are cancelled; their holders are told." in response.content.decode()
    assert Occurrence.objects.get(pk=inside_date.pk).status == "cancelled" and Occurrence.objects.get(pk=homework_in.pk).status == "cancelled"
    # Only the date in the closure: the rest of the series and the booking outside stay.
    assert series.occurrences.filter(status="confirmed").count() == 3 and outside.occurrences.get().status == "confirmed"
    assert Notification.objects.filter(recipient=setup.partner, title__startswith="Booking cancelled").count() == 1
    assert Notification.objects.filter(recipient=setup.resident, title__startswith="Booking cancelled").count() == 1
    assert "No booking falls in this closure." in client.get(f"/en/rooms/{setup.room.slug}/closures/{closure.pk}/").content.decode()


def test_closure_is_changed_and_removed(setup, client_of):
    closure = room_management.add_closure(acting_user=setup.manager, room=setup.room, first_day=date(2026, 4, 1), last_day=date(2026, 4, 3), reason="Easter")
    client = client_of(setup.manager)
    client.post(f"/en/rooms/{setup.room.slug}/closures/{closure.pk}/", {"first_day": "2026-04-02", "last_day": "2026-04-10", "reason": "Easter holidays"})
    closure.refresh_from_db()
    assert (closure.first_day, closure.last_day, closure.reason) == (date(2026, 4, 2), date(2026, 4, 10), "Easter holidays")
    assert "Easter holidays" in client_of(setup.resident).get(f"/en/rooms/{setup.room.slug}/").content.decode()
    client.post(f"/en/rooms/{setup.room.slug}/closures/{closure.pk}/remove/")
    assert not Closure.objects.exists()


def test_closure_ending_before_it_starts_is_refused(setup, client_of):
    response = client_of(setup.manager).post(f"/en/rooms/{setup.room.slug}/closures/", {"first_day": "2026-04-10", "last_day": "2026-04-01", "reason": "x"})
    assert response.status_code == 200 and "The last day of the closure must not come before its first day." in response.content.decode()
    with pytest.raises(BookingRefusal, match="must not come before"):
        room_management.add_closure(acting_user=setup.manager, room=setup.room, first_day=date(2026, 4, 10), last_day=date(2026, 4, 1))
    closure = room_management.add_closure(acting_user=setup.manager, room=setup.room, first_day=date(2026, 4, 1), last_day=date(2026, 4, 3))
    response = client_of(setup.manager).post(f"/en/rooms/{setup.room.slug}/closures/{closure.pk}/", {"first_day": "2026-04-10", "last_day": "2026-04-01"})
    assert response.status_code == 200
    closure.refresh_from_db()
    assert closure.last_day == date(2026, 4, 3) and Closure.objects.count() == 1


def test_staff_run_any_room(setup, client_of):
    staff = UserFactory(language="en", roles=[Role.STAFF])
    assert client_of(staff).get(f"/en/rooms/{setup.room.slug}/hours/").status_code == 200
    client_of(staff).post(f"/en/rooms/{setup.room.slug}/closures/", {"first_day": "2026-04-01", "last_day": "2026-04-03"})
    assert Closure.objects.count() == 1


@pytest.mark.parametrize("who", ["resident", "partner", "other", "stranger"])
def test_others_are_refused(setup, client_of, who):
    user = getattr(setup, who)
    room = setup.room
    closure = room_management.add_closure(acting_user=setup.manager, room=room, first_day=date(2026, 3, 9), last_day=date(2026, 3, 13))
    booking = bookings.request_booking(acting_user=setup.partner, room=room, starts_at=at(date(2026, 3, 20), 9), ends_at=at(date(2026, 3, 20), 12), title="Sewing")
    before = windows_of(room)
    client = client_of(user)
    assert_not_found(client.get(f"/en/rooms/{room.slug}/hours/"))
    assert_not_found(client.post(f"/en/rooms/{room.slug}/hours/", hours_post([{"weekday": "0", "starts": "08:00", "ends": "23:00", "audience": "resident"}])))
    assert_not_found(client.get(f"/en/rooms/{room.slug}/closures/"))
    assert_not_found(client.post(f"/en/rooms/{room.slug}/closures/", {"first_day": "2026-03-20", "last_day": "2026-03-21"}))
    assert_not_found(client.post(f"/en/rooms/{room.slug}/closures/{closure.pk}/", {"first_day": "2026-03-20", "last_day": "2026-03-21"}))
    assert_not_found(client.post(f"/en/rooms/{room.slug}/closures/{closure.pk}/remove/"))
    assert_not_found(client.post(f"/en/rooms/{room.slug}/closures/{closure.pk}/cancel/", {"occurrence": [str(booking.occurrences.get().pk)]}))
    for call in [
        lambda: room_management.set_opening_hours(acting_user=user, room=room, windows=[]),
        lambda: room_management.add_closure(acting_user=user, room=room, first_day=date(2026, 3, 20), last_day=date(2026, 3, 21)),
        lambda: room_management.update_closure(acting_user=user, closure=closure, first_day=date(2026, 3, 20), last_day=date(2026, 3, 21)),
        lambda: room_management.remove_closure(acting_user=user, closure=closure),
        lambda: room_management.cancel_for_closure(acting_user=user, closure=closure, occurrence_ids=[booking.occurrences.get().pk]),
    ]:
        with pytest.raises(BookingRefusal, match="Only the room's manager"):
            call()
    assert windows_of(room) == before
    assert list(Closure.objects.values_list("first_day", "last_day")) == [(date(2026, 3, 9), date(2026, 3, 13))]
    assert booking.occurrences.get().status == "confirmed"


def test_a_closure_of_another_room_is_not_found(setup, client_of, room_factory):
    other_room = room_factory(manager=UserFactory())
    closure = room_management.add_closure(acting_user=other_room.manager, room=other_room, first_day=date(2026, 3, 9), last_day=date(2026, 3, 13))
    assert_not_found(client_of(setup.manager).post(f"/en/rooms/{setup.room.slug}/closures/{closure.pk}/remove/"))
    assert Closure.objects.filter(pk=closure.pk).exists()
