"""The buffer between two bookings is the database's guarantee too (events
migration 0004), decided by the same rule as ``policy.clashes``: a write that
slips past the booking service (another process, the admin, a bug) still
cannot bring two active dates of a room closer than its buffer."""

import threading
from datetime import date, datetime, time, timedelta

import pytest
from django.conf import settings
from django.db import IntegrityError, OperationalError, connections, transaction

from events import policy
from events.models import Booking, Occurrence, Room
from events.policy import BRUSSELS
from events.services import bookings

TUESDAY = date(2026, 3, 3)
START = datetime.combine(TUESDAY, time(10), BRUSSELS)
END = datetime.combine(TUESDAY, time(12), BRUSSELS)


def _sneak_in(room, user, starts_at, ends_at, status="confirmed") -> Occurrence:
    """A date written straight to the database, past the service's check."""
    booking = Booking.objects.create(room=room, booked_by=user, audience="partner", title="Sneaked in", status=status)
    return Occurrence.objects.create(booking=booking, room=room, starts_at=starts_at, ends_at=ends_at, status=status)


def test_the_rule_and_the_database_agree_on_the_buffer_edge():
    assert policy.clashes((START, END), (END + timedelta(minutes=14), END + timedelta(hours=1)), 15)
    assert not policy.clashes((START, END), (END + timedelta(minutes=15), END + timedelta(hours=1)), 15)
    assert policy.clashes((END + timedelta(minutes=14), END + timedelta(hours=1)), (START, END), 15)


@pytest.mark.django_db
def test_the_database_refuses_a_date_inside_the_buffer(setup):
    bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=START, ends_at=END, title="First")
    assert setup.room.buffer_minutes == 15
    with pytest.raises(IntegrityError), transaction.atomic():
        _sneak_in(setup.room, setup.partner, END + timedelta(minutes=10), END + timedelta(hours=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _sneak_in(setup.room, setup.partner, START - timedelta(hours=1), START - timedelta(minutes=5))
    # Just outside the buffer, before and after, and any time when cancelled: allowed.
    _sneak_in(setup.room, setup.partner, END + timedelta(minutes=15), END + timedelta(hours=1))
    _sneak_in(setup.room, setup.partner, START - timedelta(hours=1), START - timedelta(minutes=15))
    _sneak_in(setup.room, setup.partner, START, END, status="cancelled")
    assert Occurrence.objects.filter(status__in=["pending", "confirmed"]).count() == 3


@pytest.mark.django_db
def test_a_date_moved_into_the_buffer_is_refused_by_the_database(setup):
    bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=START, ends_at=END, title="First")
    later = _sneak_in(setup.room, setup.partner, END + timedelta(hours=1), END + timedelta(hours=2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Occurrence.objects.filter(pk=later.pk).update(starts_at=END + timedelta(minutes=5))
    later.refresh_from_db()
    assert later.starts_at == END + timedelta(hours=1)


@pytest.mark.django_db
def test_another_room_and_the_rooms_own_buffer(setup):
    bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=START, ends_at=END, title="First")
    Room.objects.filter(pk=setup.room.pk).update(buffer_minutes=0)
    # No buffer in this room: back to back is fine (on PostgreSQL the
    # lowered buffer reaches the dates already booked).
    _sneak_in(setup.room, setup.partner, END, END + timedelta(hours=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _sneak_in(setup.room, setup.partner, END - timedelta(minutes=1), END + timedelta(minutes=30))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="concurrent writers need PostgreSQL")
def test_simultaneous_writers_past_the_service_cannot_break_the_buffer(setup):
    """Twenty connections write a date at once, each 5 minutes after the
    previous one's end, with no lock taken: the exclusion constraint alone
    lets through dates at least the buffer apart."""
    barrier = threading.Barrier(20)
    outcomes, errors = [], []

    def write(n):
        start = END + timedelta(minutes=5 * n)
        try:
            barrier.wait()
            with transaction.atomic():
                _sneak_in(setup.room, setup.partner, start, start + timedelta(minutes=5))
            outcomes.append(n)
        except IntegrityError:
            outcomes.append(None)
        except OperationalError as error:
            # Two inserts that each wait on the other's exclusion check: PostgreSQL
            # refuses one of them as a deadlock (40P01). Refused all the same.
            if getattr(error.__cause__, "sqlstate", None) == "40P01":
                outcomes.append(None)
            else:
                errors.append(repr(error))
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    kept = sorted(Occurrence.objects.filter(room=setup.room, status="confirmed").values_list("starts_at", "ends_at"))
    assert kept and len(outcomes) == 20
    for (_s, first_end), (second_start, _e) in zip(kept, kept[1:], strict=False):
        assert second_start - first_end >= timedelta(minutes=15)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="concurrent writers need PostgreSQL")
def test_simultaneous_requests_inside_each_others_buffer_one_confirmed(setup):
    """Ten members ask at once for slots 5 minutes apart (each inside the
    others' buffer): one is confirmed, the others read why."""
    from django.utils import translation

    from tests.factories import OrganisationMembershipFactory

    members = [OrganisationMembershipFactory(organisation=setup.room.partner_organisation).user for _ in range(10)]
    barrier = threading.Barrier(len(members))
    outcomes, errors = [], []

    def request(n, user):
        translation.activate("en")
        start = START + timedelta(minutes=5 * n)
        try:
            barrier.wait()
            bookings.request_booking(acting_user=user, room=setup.room, starts_at=start, ends_at=start + timedelta(hours=1), title="Close")
            outcomes.append("confirmed")
        except Exception as error:  # noqa: BLE001
            from events.errors import BookingRefusal

            (outcomes if isinstance(error, BookingRefusal) else errors).append(getattr(error, "message", repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request, args=(n, u)) for n, u in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert outcomes.count("confirmed") == 1
    assert all("already taken" in o or "taken a moment ago" in o for o in outcomes if o != "confirmed")
    assert Occurrence.objects.filter(status__in=["pending", "confirmed"]).count() == 1
