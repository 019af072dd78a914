"""Changing one date of a booking, or it and all the following ones: time,
duration and room; conflicts listed; daylight-saving kept; refusals change nothing."""

from datetime import date, datetime, time

import pytest

from community.models import Notification
from events import services
from events.errors import BookingRefusal
from events.models import Booking, Occurrence
from events.policy import BRUSSELS
from tests.events.factories import RoomFactory

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), BRUSSELS)


def series(setup, first, until, user=None, hour=18):
    return services.request_booking(
        acting_user=user or setup.resident, room=setup.room, starts_at=at(first, hour), ends_at=at(first, hour + 2),
        title="Homework club", frequency="weekly", until=until,
    )


def local_times(booking):
    return [(o.starts_at.astimezone(BRUSSELS).strftime("%d/%m %H:%M"), o.status) for o in booking.occurrences.order_by("starts_at")]


def test_following_dates_move_to_a_new_time_and_keep_it_across_the_spring_change(setup):
    booking = series(setup, date(2026, 3, 17), date(2026, 4, 7))  # Tuesdays 17/3 … 7/4, clocks change on 29/3
    third = booking.occurrences.order_by("starts_at")[1]
    changed = services.change_dates(acting_user=setup.resident, occurrence=third, starts_at=at(date(2026, 3, 24), 19), ends_at=at(date(2026, 3, 24), 21, 30), following=True)
    assert len(changed) == 3
    assert local_times(booking) == [("17/03 18:00", "confirmed"), ("24/03 19:00", "confirmed"), ("31/03 19:00", "confirmed"), ("07/04 19:00", "confirmed")]
    # In UTC the summer dates are an hour earlier: the wall clock is kept.
    assert [o.starts_at.astimezone(BRUSSELS).utcoffset().total_seconds() / 3600 for o in booking.occurrences.order_by("starts_at")] == [1, 1, 2, 2]
    assert all(o.duration.total_seconds() == 9000 for o in changed)


def test_following_dates_move_by_a_day_and_to_another_room(setup):
    other_room = RoomFactory(project=setup.room.project, manager=setup.manager)
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    first = booking.occurrences.order_by("starts_at")[0]
    services.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 4), 18), ends_at=at(date(2026, 3, 4), 20), room=other_room, following=True)
    rows = list(booking.occurrences.order_by("starts_at").values_list("room_id", "starts_at"))
    assert [r for r, _s in rows] == [other_room.pk] * 4
    assert [s.astimezone(BRUSSELS).date() for _r, s in rows] == [date(2026, 3, 4), date(2026, 3, 11), date(2026, 3, 18), date(2026, 3, 25)]


def test_one_date_only_leaves_the_others(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    second = booking.occurrences.order_by("starts_at")[1]
    services.change_dates(acting_user=setup.resident, occurrence=second, starts_at=at(date(2026, 3, 10), 20), ends_at=at(date(2026, 3, 10), 21))
    assert [t for t, _s in local_times(booking)] == ["03/03 18:00", "10/03 20:00", "17/03 18:00", "24/03 18:00"]


def test_conflicting_dates_are_listed_and_nothing_changes(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    services.request_booking(acting_user=setup.neighbour, room=setup.room, starts_at=at(date(2026, 3, 17), 21), ends_at=at(date(2026, 3, 17), 22), title="Choir")
    services.request_booking(acting_user=setup.neighbour, room=setup.room, starts_at=at(date(2026, 3, 24), 20, 30), ends_at=at(date(2026, 3, 24), 22), title="Choir")
    before = local_times(booking)
    first = booking.occurrences.order_by("starts_at")[0]
    with pytest.raises(BookingRefusal) as refused:
        services.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 3), 19), ends_at=at(date(2026, 3, 3), 21), following=True)
    assert refused.value.conflicts == [at(date(2026, 3, 17), 19), at(date(2026, 3, 24), 19)]
    assert "2 of the 4 dates are already taken" in refused.value.message
    assert local_times(booking) == before


def test_moving_onto_its_own_next_date_is_not_a_conflict(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    first = booking.occurrences.order_by("starts_at")[0]
    services.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 10), 18), ends_at=at(date(2026, 3, 10), 20), following=True)
    assert [t for t, _s in local_times(booking)] == ["10/03 18:00", "17/03 18:00", "24/03 18:00", "31/03 18:00"]


def test_moving_into_the_weekend_waits_for_the_manager(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 17))
    first = booking.occurrences.order_by("starts_at")[0]
    services.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 7), 18), ends_at=at(date(2026, 3, 7), 20), following=True)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING and {s for _t, s in local_times(booking)} == {"pending"}
    assert Notification.objects.filter(recipient=setup.manager, category="room_requests").exists()
    services.approve_booking(acting_user=setup.manager, booking=booking)
    assert {s for _t, s in local_times(booking)} == {"confirmed"}


@pytest.mark.parametrize("who", ["neighbour", "partner", "stranger"])
def test_only_the_holder_or_the_manager_may_change(setup, who):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 17))
    first = booking.occurrences.order_by("starts_at")[0]
    with pytest.raises(BookingRefusal, match="Only the person who booked"):
        services.change_dates(acting_user=getattr(setup, who), occurrence=first, starts_at=at(date(2026, 3, 3), 19), ends_at=at(date(2026, 3, 3), 21))
    services.change_dates(acting_user=setup.manager, occurrence=first, starts_at=at(date(2026, 3, 3), 19), ends_at=at(date(2026, 3, 3), 21))
    assert Notification.objects.filter(recipient=setup.resident, title__startswith="Dates changed").exists()


def test_refusals_room_of_another_project_past_date_and_policy(setup, time_machine):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 17))
    first = booking.occurrences.order_by("starts_at")[0]
    elsewhere = RoomFactory()
    with pytest.raises(BookingRefusal, match="same housing project"):
        services.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 3), 19), ends_at=at(date(2026, 3, 3), 21), room=elsewhere)
    with pytest.raises(BookingRefusal, match="reserved for the partner association"):
        services.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 3), 10), ends_at=at(date(2026, 3, 3), 12))
    time_machine.move_to("2026-03-04 10:00:00+01:00", tick=False)
    with pytest.raises(BookingRefusal, match="still to come"):
        services.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 5), 19), ends_at=at(date(2026, 3, 5), 21))
    assert Occurrence.objects.filter(booking=booking, starts_at=at(date(2026, 3, 3), 18)).exists()


def test_change_page_for_the_holder_and_404_for_others(setup, client_of):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    second = booking.occurrences.order_by("starts_at")[1]
    url = f"/en/rooms/dates/{second.pk}/change/"
    assert client_of(setup.stranger).get(url).status_code == 404
    page = client_of(setup.resident).get(url + "?following=1").content.decode()
    assert "This date and all the following ones" in page
    response = client_of(setup.resident).post(url, {"date": "2026-03-10", "start": "19:00", "end": "21:00", "room": setup.room.pk, "following": "1"}, follow=True)
    assert "3 dates are changed." in response.content.decode()
    bad = client_of(setup.resident).post(url, {"date": "nope", "start": "19:00", "end": "18:00", "room": "x"})
    assert bad.status_code == 200
    assert [t for t, _s in local_times(booking)] == ["03/03 18:00", "10/03 19:00", "17/03 19:00", "24/03 19:00"]
