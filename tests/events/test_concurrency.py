"""No double booking, ever: 50 simultaneous requests for one slot from 50
threads (50 connections) → exactly one confirmed, 49 clear refusals.
On PostgreSQL the room's row lock serialises them and the exclusion
constraint is the last word; on SQLite the IMMEDIATE transactions do."""

import threading
from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils import translation

from events.errors import BookingRefusal
from events.models import Booking, Occurrence
from events.policy import BRUSSELS
from events.services import bookings
from tests.factories import OrganisationMembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.combine(date(2026, 3, 3), time(10), BRUSSELS)
END = datetime.combine(date(2026, 3, 3), time(12), BRUSSELS)


def test_fifty_simultaneous_requests_one_confirmed(setup):
    if not settings.IS_POSTGRES and "memory" in str(connections["default"].settings_dict["NAME"]):
        pytest.skip("SQLite in-memory test database: threads share one cache and cannot queue")
    members = [OrganisationMembershipFactory(organisation=setup.room.partner_organisation).user for _ in range(50)]
    barrier = threading.Barrier(len(members))
    outcomes, errors = [], []

    def request(user):
        translation.activate("en")  # each thread has its own active language
        try:
            barrier.wait()
            bookings.request_booking(acting_user=user, room=setup.room, starts_at=START, ends_at=END, title="Same slot")
            outcomes.append("confirmed")
        except BookingRefusal as refusal:
            outcomes.append(refusal.message)
        except Exception as error:  # noqa: BLE001 - a 500 would be a failure
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request, args=(user,)) for user in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert outcomes.count("confirmed") == 1
    assert len(outcomes) == 50 and all("already taken" in o or "taken a moment ago" in o for o in outcomes if o != "confirmed")
    assert Occurrence.objects.filter(status__in=["pending", "confirmed"]).count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the exclusion constraint exists on PostgreSQL only")
def test_the_exclusion_constraint_is_the_last_word(setup):
    booking = bookings.request_booking(acting_user=setup.partner, room=setup.room, starts_at=START, ends_at=END, title="First")
    other = Booking.objects.create(room=setup.room, booked_by=setup.partner, audience="partner", title="Sneaked in", status="confirmed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Occurrence.objects.create(booking=other, room=setup.room, starts_at=START, ends_at=END, status="confirmed")
    # A cancelled occurrence does not hold the slot.
    Occurrence.objects.create(booking=other, room=setup.room, starts_at=START, ends_at=END, status="cancelled")
    assert booking.occurrences.count() == 1
