"""Rooms and activities in the record of processing."""

from datetime import timedelta

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from community.privacy import retention_rules as rr
from community.privacy.registry import Category, LegalBasis, Retention, declare

from .models import Activity, Booking, CalendarToken, Room, WaitingEntry

BOOKINGS_KEPT = timedelta(days=2 * 365)


def bookings_expired(now):
    """Bookings whose last occurrence ended more than two years ago."""
    return Booking.objects.annotate(last_end=Max("occurrences__ends_at")).filter(
        created_at__lt=now - BOOKINGS_KEPT, last_end__lt=now - BOOKINGS_KEPT
    )


def erase_bookings(rows, user) -> int:
    """A booking that carries an activity others registered for stays (its
    booker is the anonymised account); the person's other bookings go."""
    count, _ = rows.filter(activity__isnull=True).delete()
    return count


declare(
    Room,
    purpose=_("Say who manages each community room"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.IDENTITY],
    visible_to=_("members of the portal"),
    retention=Retention(_("As long as the person manages the room")),
    subject=["manager"],
    on_erasure=rr.keep_rows,
)
declare(
    Booking,
    purpose=_("Book the community rooms, approve requests and remind people of their bookings"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=_("the person, the room's manager and the staff"),
    retention=Retention(_("Two years after the last date booked, then deleted"), expired=bookings_expired),
    subject=["booked_by"],
    on_erasure=erase_bookings,
)
declare(
    WaitingEntry,
    purpose=_("Offer a freed slot to the people waiting for it"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.PARTICIPATION],
    visible_to=_("the person and the room's manager"),
    retention=Retention(_("One year after the slot, then deleted"), expired=rr.rows_older_than(WaitingEntry, "ends_at", timedelta(days=365))),
    subject=["user"],
)
declare(
    CalendarToken,
    purpose=_("Give the member a private calendar feed of their bookings"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.ACCOUNT],
    visible_to=_("the person only"),
    retention=Retention(_("As long as the account is open")),
    subject=["user"],
    not_exported=["token"],
)
declare(
    Activity,
    purpose=_("Publish the neighbourhood activities and say who organises them"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=_("members of the portal, or everyone for public activities"),
    retention=Retention(_("With the booking it belongs to")),
    subject=["organiser"],
    on_erasure=rr.keep_rows,
)
