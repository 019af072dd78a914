"""Bookings through the services: every step, every refusal, nothing changed on refusal."""

from datetime import date, datetime, time

import pytest
from django.core import mail
from socle_site.kernel.refusals import Refusal

from community.models import Notification, Registration
from events.errors import BookingRefusal
from events.models import Booking, Closure, Occurrence, WaitingEntry
from events.policy import BRUSSELS
from events.services import (
    activities,
    bookings,
    calendar_tokens,
    date_changes,
    reminders,
    waiting_list,
)

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), BRUSSELS)


TUESDAY, SATURDAY = date(2026, 3, 3), date(2026, 3, 7)


def book(user, room, start, end, **kwargs):
    return bookings.request_booking(acting_user=user, room=room, starts_at=start, ends_at=end, title=kwargs.pop("title", "Meeting"), **kwargs)


def test_partner_weekday_morning_is_confirmed_and_notified(setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(setup.partner, setup.room, at(TUESDAY, 9), at(TUESDAY, 12))
    assert booking.status == Booking.Status.CONFIRMED and booking.organisation == setup.room.partner_organisation
    assert Notification.objects.filter(recipient=setup.partner, category="bookings").count() == 1
    assert len(mail.outbox) == 1  # e-mail through django-q2 (sync in tests)


def test_resident_saturday_evening_pending_then_approved(setup):
    booking = book(setup.resident, setup.room, at(SATURDAY, 18), at(SATURDAY, 21))
    assert booking.status == Booking.Status.PENDING
    assert Notification.objects.filter(recipient=setup.manager, category="room_requests").exists()
    bookings.approve_booking(acting_user=setup.manager, booking=booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert set(booking.occurrences.values_list("status", flat=True)) == {"confirmed"}
    assert Notification.objects.filter(recipient=setup.resident, title__startswith="Booking approved").exists()


def test_decline_needs_a_reason_and_is_told(setup):
    booking = book(setup.resident, setup.room, at(SATURDAY, 18), at(SATURDAY, 21))
    with pytest.raises(BookingRefusal, match="Give the reason"):
        bookings.decline_booking(acting_user=setup.manager, booking=booking, reason=" ")
    bookings.decline_booking(acting_user=setup.manager, booking=booking, reason="Painting works that weekend")
    assert Notification.objects.filter(recipient=setup.resident, body__contains="Painting works").exists()
    with pytest.raises(BookingRefusal, match="already answered"):
        bookings.approve_booking(acting_user=setup.manager, booking=booking)


@pytest.mark.parametrize("who", ["resident", "partner", "stranger"])
def test_only_the_manager_answers(setup, who):
    booking = book(setup.resident, setup.room, at(SATURDAY, 18), at(SATURDAY, 21))
    with pytest.raises(BookingRefusal, match="Only the room's manager"):
        bookings.approve_booking(acting_user=getattr(setup, who), booking=booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING


def test_resident_in_association_hours_is_refused_nothing_stored(setup):
    with pytest.raises(BookingRefusal, match="This time is reserved for the partner association"):
        book(setup.resident, setup.room, at(TUESDAY, 10), at(TUESDAY, 12))
    assert not Booking.objects.exists()


def test_stranger_may_not_book(setup):
    with pytest.raises(BookingRefusal, match="You may not book this room"):
        book(setup.stranger, setup.room, at(TUESDAY, 18), at(TUESDAY, 20))


def test_other_organisation_books_on_request(setup):
    assert book(setup.other, setup.room, at(TUESDAY, 10), at(TUESDAY, 12)).status == Booking.Status.PENDING


def test_double_booking_refused_with_waiting_list_offer(setup):
    book(setup.partner, setup.room, at(TUESDAY, 9), at(TUESDAY, 12))
    with pytest.raises(BookingRefusal) as refused:
        book(setup.partner, setup.room, at(TUESDAY, 12), at(TUESDAY, 13))  # inside the 15-minute buffer
    assert refused.value.can_wait and "already taken" in refused.value.message
    assert Occurrence.objects.count() == 1


def test_recurring_request_lists_its_conflicting_dates(setup):
    book(setup.resident, setup.room, at(date(2026, 3, 18), 19), at(date(2026, 3, 18), 21))
    with pytest.raises(BookingRefusal) as refused:
        book(setup.neighbour, setup.room, at(date(2026, 3, 4), 18), at(date(2026, 3, 4), 20), frequency="weekly", until=date(2026, 4, 1))
    assert refused.value.conflicts == [at(date(2026, 3, 18), 18)]
    assert "1 of the 5 dates are already taken" in refused.value.message
    assert Booking.objects.count() == 1


def test_recurring_series_cancel_one_and_following(setup):
    series = book(setup.partner, setup.room, at(TUESDAY, 10), at(TUESDAY, 12), frequency="weekly", until=date(2026, 4, 28))
    dates = list(series.occurrences.order_by("starts_at"))
    assert len(dates) == 9
    bookings.cancel_occurrence(acting_user=setup.partner, occurrence=dates[1])
    bookings.cancel_occurrence(acting_user=setup.partner, occurrence=dates[5], following=True)
    assert list(series.occurrences.order_by("starts_at").values_list("status", flat=True)) == ["confirmed", "cancelled"] + ["confirmed"] * 3 + ["cancelled"] * 4
    with pytest.raises(BookingRefusal, match="Only the person who booked"):
        bookings.cancel_occurrence(acting_user=setup.resident, occurrence=dates[0])


def test_move_one_date_of_a_series(setup):
    series = book(setup.partner, setup.room, at(TUESDAY, 10), at(TUESDAY, 12), frequency="weekly", until=date(2026, 3, 24))
    second = series.occurrences.order_by("starts_at")[1]
    date_changes.move_occurrence(acting_user=setup.partner, occurrence=second, starts_at=at(date(2026, 3, 12), 13), ends_at=at(date(2026, 3, 12), 15))
    second.refresh_from_db()
    assert second.starts_at == at(date(2026, 3, 12), 13) and second.status == "confirmed"


def test_waiting_list_first_in_line_is_offered_the_freed_slot(setup):
    taken = book(setup.resident, setup.room, at(TUESDAY, 18), at(TUESDAY, 20))
    waiting_list.join_waiting_list(acting_user=setup.neighbour, room=setup.room, starts_at=at(TUESDAY, 18), ends_at=at(TUESDAY, 20), title="Party")
    waiting_list.join_waiting_list(acting_user=setup.other_resident if hasattr(setup, "other_resident") else setup.manager, room=setup.room, starts_at=at(TUESDAY, 18), ends_at=at(TUESDAY, 20), title="Later")
    with pytest.raises(BookingRefusal, match="already on the waiting list"):
        waiting_list.join_waiting_list(acting_user=setup.neighbour, room=setup.room, starts_at=at(TUESDAY, 18), ends_at=at(TUESDAY, 20), title="Party")
    bookings.cancel_booking(acting_user=setup.resident, booking=taken)
    statuses = list(WaitingEntry.objects.order_by("created_at", "pk").values_list("user__email", "status"))
    assert statuses == [("neighbour@example.org", "offered"), ("manager@example.org", "waiting")]
    offer = Notification.objects.get(recipient=setup.neighbour, title__startswith="A slot you waited for")
    assert "/rooms/" in offer.url and "start=18%3A00" in offer.url


def test_waiting_list_refuses_a_free_slot(setup):
    with pytest.raises(BookingRefusal, match="This slot is free"):
        waiting_list.join_waiting_list(acting_user=setup.resident, room=setup.room, starts_at=at(TUESDAY, 18), ends_at=at(TUESDAY, 20), title="x")


def test_closure_and_quota(setup):
    Closure.objects.create(room=setup.room, first_day=date(2026, 3, 9), last_day=date(2026, 3, 10), reason="works")
    with pytest.raises(BookingRefusal, match="closed"):
        book(setup.partner, setup.room, at(date(2026, 3, 10), 9), at(date(2026, 3, 10), 10))
    setup.room.monthly_quota = 2
    setup.room.save()
    book(setup.resident, setup.room, at(date(2026, 3, 3), 18), at(date(2026, 3, 3), 19))
    book(setup.resident, setup.room, at(date(2026, 3, 4), 18), at(date(2026, 3, 4), 19))
    with pytest.raises(BookingRefusal, match="2 times a month"):
        book(setup.resident, setup.room, at(date(2026, 3, 5), 18), at(date(2026, 3, 5), 19))


def test_empty_title_and_bad_series(setup):
    with pytest.raises(BookingRefusal, match="Say what"):
        book(setup.partner, setup.room, at(TUESDAY, 9), at(TUESDAY, 10), title=" ")
    with pytest.raises(BookingRefusal, match="end date"):
        book(setup.partner, setup.room, at(TUESDAY, 9), at(TUESDAY, 10), frequency="weekly", until=TUESDAY)


def test_activity_registration_capacity_and_waiting_list(setup):
    booking = book(setup.partner, setup.room, at(TUESDAY, 10), at(TUESDAY, 12))
    with pytest.raises(BookingRefusal, match="Only the person who booked"):
        activities.announce_activity(acting_user=setup.resident, booking=booking, kind="computer", title="x")
    activity = activities.announce_activity(acting_user=setup.partner, booking=booking, kind="computer", title="Computer class", capacity=1)
    assert activities.register_for_activity(acting_user=setup.resident, activity=activity).status == Registration.Status.CONFIRMED
    with pytest.raises(Refusal, match="already registered"):
        activities.register_for_activity(acting_user=setup.resident, activity=activity)
    assert activities.register_for_activity(acting_user=setup.neighbour, activity=activity).status == Registration.Status.WAITING
    activities.cancel_registration(acting_user=setup.resident, activity=activity)
    assert Registration.objects.get(user=setup.neighbour).status == Registration.Status.CONFIRMED
    assert Notification.objects.filter(recipient=setup.neighbour, title__startswith="You have a place").exists()


def test_reminder_the_day_before_is_sent_once(setup):
    book(setup.partner, setup.room, at(TUESDAY, 10), at(TUESDAY, 12))  # tomorrow
    book(setup.partner, setup.room, at(date(2026, 3, 4), 10), at(date(2026, 3, 4), 12))  # the day after
    assert reminders.send_booking_reminders() == 1
    assert reminders.send_booking_reminders() == 0  # idempotent: the schedule may run again
    assert Notification.objects.filter(recipient=setup.partner, title__startswith="Tomorrow").count() == 1


def test_calendar_token_reset(setup):
    old = calendar_tokens.calendar_token(user=setup.resident).token
    new = calendar_tokens.reset_calendar_token(acting_user=setup.resident).token
    assert old != new and len(new) >= 40
