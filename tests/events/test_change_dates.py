"""Changing one date of a booking, or it and all the following ones: time,
duration and room; conflicts listed; daylight-saving kept; refusals change nothing."""

from datetime import date, datetime, time

import pytest

from community.models import Notification
from events.errors import BookingRefusal
from events.models import Booking, Occurrence
from events.policy import BRUSSELS
from events.services import activities, bookings, date_changes
from tests.events.factories import RoomFactory
from tests.refusals import assert_not_found

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), BRUSSELS)


def series(setup, first, until, user=None, hour=18):
    return bookings.request_booking(
        acting_user=user or setup.resident, room=setup.room, starts_at=at(first, hour), ends_at=at(first, hour + 2),
        title="Homework club", frequency="weekly", until=until,
    )


def local_times(booking):
    return [(o.starts_at.astimezone(BRUSSELS).strftime("%d/%m %H:%M"), o.status) for o in booking.occurrences.order_by("starts_at")]


def test_following_dates_split_the_series_and_keep_the_new_time_across_the_spring_change(setup):
    booking = series(setup, date(2026, 3, 17), date(2026, 4, 7))  # Tuesdays 17/3 … 7/4, clocks change on 29/3
    second = booking.occurrences.order_by("starts_at")[1]
    changed = date_changes.change_dates(acting_user=setup.resident, occurrence=second, starts_at=at(date(2026, 3, 24), 19), ends_at=at(date(2026, 3, 24), 21, 30), following=True)
    assert len(changed) == 3
    booking.refresh_from_db()
    continuation = Booking.objects.get(split_from=booking)
    assert {o.booking_id for o in changed} == {continuation.pk}
    # The original keeps its earlier date and ends the day before the change.
    assert local_times(booking) == [("17/03 18:00", "confirmed")]
    assert booking.recurrence == "FREQ=WEEKLY;INTERVAL=1;UNTIL=20260323T235959"
    assert booking.status == Booking.Status.CONFIRMED
    # The continuation carries the following dates at the new time and its own rule.
    assert local_times(continuation) == [("24/03 19:00", "confirmed"), ("31/03 19:00", "confirmed"), ("07/04 19:00", "confirmed")]
    assert continuation.recurrence == "FREQ=WEEKLY;INTERVAL=1;UNTIL=20260407T235959"
    assert (continuation.booked_by, continuation.household, continuation.title, continuation.room) == (booking.booked_by, booking.household, booking.title, booking.room)
    # In UTC the summer dates are an hour earlier: the wall clock is kept.
    assert [o.starts_at.astimezone(BRUSSELS).utcoffset().total_seconds() / 3600 for o in continuation.occurrences.order_by("starts_at")] == [1, 2, 2]
    assert all(o.duration.total_seconds() == 9000 for o in changed)
    # The rule of the continuation gives the same dates as were stored.
    from events import recurrence

    expanded = recurrence.expand(continuation.recurrence, changed[0].starts_at, changed[0].duration)
    assert expanded == [(o.starts_at, o.ends_at) for o in continuation.occurrences.order_by("starts_at")]


def test_split_keeps_the_exceptions_and_carries_the_activity_with_its_places(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    dates = list(booking.occurrences.order_by("starts_at"))
    bookings.cancel_occurrence(acting_user=setup.resident, occurrence=dates[2])  # 17/3 skipped
    activity = activities.announce_activity(acting_user=setup.resident, booking=booking, kind="homework", title="Homework club", capacity=3)
    activities.register_for_activity(acting_user=setup.neighbour, activity=activity)
    date_changes.change_dates(acting_user=setup.resident, occurrence=dates[1], starts_at=at(date(2026, 3, 11), 18), ends_at=at(date(2026, 3, 11), 20), following=True)
    continuation = Booking.objects.get(split_from=booking)
    assert local_times(booking) == [("03/03 18:00", "confirmed")]
    assert local_times(continuation) == [("11/03 18:00", "confirmed"), ("25/03 18:00", "confirmed")]
    assert continuation.recurrence == "FREQ=WEEKLY;INTERVAL=1;UNTIL=20260325T235959"
    assert continuation.activity.title == "Homework club"
    # The continuation holds the same places: it shares the activity's gathering.
    assert continuation.activity.gathering_id == activity.gathering_id
    assert list(continuation.activity.gathering.registrations.values_list("user", "status")) == [(setup.neighbour.pk, "confirmed")]


def test_split_that_clashes_lists_the_dates_and_changes_nothing(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    bookings.request_booking(acting_user=setup.neighbour, room=setup.room, starts_at=at(date(2026, 3, 24), 20, 30), ends_at=at(date(2026, 3, 24), 22), title="Choir")
    second = booking.occurrences.order_by("starts_at")[1]
    before = (booking.recurrence, local_times(booking))
    with pytest.raises(BookingRefusal) as refused:
        date_changes.change_dates(acting_user=setup.resident, occurrence=second, starts_at=at(date(2026, 3, 10), 19), ends_at=at(date(2026, 3, 10), 21), following=True)
    assert refused.value.conflicts == [at(date(2026, 3, 24), 19)]
    assert "1 of the 3 dates are already taken" in refused.value.message
    booking.refresh_from_db()
    assert (booking.recurrence, local_times(booking)) == before
    assert not Booking.objects.filter(split_from=booking).exists()


def test_split_into_the_weekend_waits_for_the_manager_and_the_earlier_dates_stay_confirmed(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    second = booking.occurrences.order_by("starts_at")[1]
    date_changes.change_dates(acting_user=setup.resident, occurrence=second, starts_at=at(date(2026, 3, 14), 18), ends_at=at(date(2026, 3, 14), 20), following=True)
    booking.refresh_from_db()
    continuation = Booking.objects.get(split_from=booking)
    assert booking.status == Booking.Status.CONFIRMED and continuation.status == Booking.Status.PENDING
    assert continuation.recurrence == "FREQ=WEEKLY;INTERVAL=1;UNTIL=20260328T235959"
    assert Notification.objects.filter(recipient=setup.manager, category="room_requests", url__endswith=f"/{continuation.pk}/").exists()
    bookings.approve_booking(acting_user=setup.manager, booking=continuation)
    assert {s for _t, s in local_times(continuation)} == {"confirmed"}


def test_cancelling_the_following_dates_ends_the_series(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    third = booking.occurrences.order_by("starts_at")[2]
    bookings.cancel_occurrence(acting_user=setup.resident, occurrence=third, following=True)
    booking.refresh_from_db()
    assert booking.recurrence == "FREQ=WEEKLY;INTERVAL=1;UNTIL=20260316T235959"
    assert booking.status == Booking.Status.CONFIRMED
    assert local_times(booking) == [("03/03 18:00", "confirmed"), ("10/03 18:00", "confirmed"), ("17/03 18:00", "cancelled"), ("24/03 18:00", "cancelled")]


def test_monthly_split_follows_the_new_weekday_of_the_month():
    from events import recurrence

    rule = recurrence.build_rule("monthly", at(date(2026, 3, 7), 11), date(2026, 9, 30))  # first Saturday
    assert recurrence.ended_before(rule, date(2026, 5, 2)) == "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20260501T235959"
    moved = recurrence.continued(rule, at(date(2026, 5, 2), 11), at(date(2026, 5, 10), 11), 5)  # second Sunday
    assert moved == "FREQ=MONTHLY;BYDAY=2SU;UNTIL=20261008T235959"
    assert recurrence.continued("FREQ=WEEKLY;COUNT=10", at(date(2026, 5, 2), 11), at(date(2026, 5, 2), 12), 4) == "FREQ=WEEKLY;COUNT=4"
    assert recurrence.ended_before("FREQ=WEEKLY;COUNT=10", date(2026, 5, 2)) == "FREQ=WEEKLY;UNTIL=20260501T235959"


def test_following_dates_move_by_a_day_and_to_another_room(setup):
    other_room = RoomFactory(housing_project=setup.room.housing_project, manager=setup.manager)
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    first = booking.occurrences.order_by("starts_at")[0]
    date_changes.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 4), 18), ends_at=at(date(2026, 3, 4), 20), room=other_room, following=True)
    rows = list(booking.occurrences.order_by("starts_at").values_list("room_id", "starts_at"))
    assert [r for r, _s in rows] == [other_room.pk] * 4
    assert [s.astimezone(BRUSSELS).date() for _r, s in rows] == [date(2026, 3, 4), date(2026, 3, 11), date(2026, 3, 18), date(2026, 3, 25)]
    # From its first date the whole series moves: no split, the rule follows.
    booking.refresh_from_db()
    assert booking.recurrence == "FREQ=WEEKLY;INTERVAL=1;UNTIL=20260325T235959" and not Booking.objects.filter(split_from=booking).exists()


def test_one_date_only_leaves_the_others(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    second = booking.occurrences.order_by("starts_at")[1]
    date_changes.change_dates(acting_user=setup.resident, occurrence=second, starts_at=at(date(2026, 3, 10), 20), ends_at=at(date(2026, 3, 10), 21))
    assert [t for t, _s in local_times(booking)] == ["03/03 18:00", "10/03 20:00", "17/03 18:00", "24/03 18:00"]


def test_conflicting_dates_are_listed_and_nothing_changes(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    bookings.request_booking(acting_user=setup.neighbour, room=setup.room, starts_at=at(date(2026, 3, 17), 21), ends_at=at(date(2026, 3, 17), 22), title="Choir")
    bookings.request_booking(acting_user=setup.neighbour, room=setup.room, starts_at=at(date(2026, 3, 24), 20, 30), ends_at=at(date(2026, 3, 24), 22), title="Choir")
    before = local_times(booking)
    first = booking.occurrences.order_by("starts_at")[0]
    with pytest.raises(BookingRefusal) as refused:
        date_changes.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 3), 19), ends_at=at(date(2026, 3, 3), 21), following=True)
    assert refused.value.conflicts == [at(date(2026, 3, 17), 19), at(date(2026, 3, 24), 19)]
    assert "2 of the 4 dates are already taken" in refused.value.message
    assert local_times(booking) == before


def test_moving_onto_its_own_next_date_is_not_a_conflict(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    first = booking.occurrences.order_by("starts_at")[0]
    date_changes.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 10), 18), ends_at=at(date(2026, 3, 10), 20), following=True)
    assert [t for t, _s in local_times(booking)] == ["10/03 18:00", "17/03 18:00", "24/03 18:00", "31/03 18:00"]


def test_moving_into_the_weekend_waits_for_the_manager(setup):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 17))
    first = booking.occurrences.order_by("starts_at")[0]
    date_changes.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 7), 18), ends_at=at(date(2026, 3, 7), 20), following=True)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING and {s for _t, s in local_times(booking)} == {"pending"}
    assert Notification.objects.filter(recipient=setup.manager, category="room_requests").exists()
    bookings.approve_booking(acting_user=setup.manager, booking=booking)
    assert {s for _t, s in local_times(booking)} == {"confirmed"}


@pytest.mark.parametrize("who", ["neighbour", "partner", "stranger"])
def test_only_the_holder_or_the_manager_may_change(setup, who):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 17))
    first = booking.occurrences.order_by("starts_at")[0]
    with pytest.raises(BookingRefusal, match="Only the person who booked"):
        date_changes.change_dates(acting_user=getattr(setup, who), occurrence=first, starts_at=at(date(2026, 3, 3), 19), ends_at=at(date(2026, 3, 3), 21))
    date_changes.change_dates(acting_user=setup.manager, occurrence=first, starts_at=at(date(2026, 3, 3), 19), ends_at=at(date(2026, 3, 3), 21))
    assert Notification.objects.filter(recipient=setup.resident, title__startswith="Dates changed").exists()


def test_refusals_room_of_another_project_past_date_and_policy(setup, time_machine):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 17))
    first = booking.occurrences.order_by("starts_at")[0]
    elsewhere = RoomFactory()
    with pytest.raises(BookingRefusal, match="same housing project"):
        date_changes.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 3), 19), ends_at=at(date(2026, 3, 3), 21), room=elsewhere)
    with pytest.raises(BookingRefusal, match="reserved for the partner association"):
        date_changes.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 3), 10), ends_at=at(date(2026, 3, 3), 12))
    time_machine.move_to("2026-03-04 10:00:00+01:00", tick=False)
    with pytest.raises(BookingRefusal, match="still to come"):
        date_changes.change_dates(acting_user=setup.resident, occurrence=first, starts_at=at(date(2026, 3, 5), 19), ends_at=at(date(2026, 3, 5), 21))
    assert Occurrence.objects.filter(booking=booking, starts_at=at(date(2026, 3, 3), 18)).exists()


def test_change_page_for_the_holder_and_404_for_others(setup, client_of):
    booking = series(setup, date(2026, 3, 3), date(2026, 3, 24))
    second = booking.occurrences.order_by("starts_at")[1]
    url = f"/en/rooms/dates/{second.pk}/change/"
    assert_not_found(client_of(setup.stranger).get(url))
    assert_not_found(client_of(setup.neighbour).post(url, {"date": "2026-03-10", "start": "19:00", "end": "21:00", "room": setup.room.pk, "following": "1"}))
    page = client_of(setup.resident).get(url + "?following=1").content.decode()
    assert "This date and all the following ones" in page
    bad = client_of(setup.resident).post(url, {"date": "nope", "start": "19:00", "end": "18:00", "room": "x"})
    assert bad.status_code == 200 and not Booking.objects.filter(split_from=booking).exists()
    response = client_of(setup.resident).post(url, {"date": "2026-03-10", "start": "19:00", "end": "21:00", "room": setup.room.pk, "following": "1"}, follow=True)
    continuation = Booking.objects.get(split_from=booking)
    # The person lands on the new series, which says where it comes from.
    assert response.redirect_chain[-1][0].endswith(f"/rooms/bookings/{continuation.pk}/")
    page = response.content.decode()
    assert "3 dates are changed." in page and "Continues the series" in page and f"/rooms/bookings/{booking.pk}/" in page
    assert "Every week, until 24 March 2026" in page
    original = client_of(setup.resident).get(f"/en/rooms/bookings/{booking.pk}/").content.decode()
    assert "Continued by" in original and "the series from 10 March 2026" in original and f"/rooms/bookings/{continuation.pk}/" in original
    assert "Every week, until 9 March 2026" in original
    assert [t for t, _s in local_times(booking)] == ["03/03 18:00"]
    assert [t for t, _s in local_times(continuation)] == ["10/03 19:00", "17/03 19:00", "24/03 19:00"]
    assert_not_found(client_of(setup.stranger).get(f"/en/rooms/bookings/{continuation.pk}/"))
