"""Requesting a room once or as a series, and the manager's answer;
cancelling a booking or one of its dates."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.formatting import BRUSSELS

from community.models import User
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import policy, recurrence
from ..errors import BookingRefusal
from ..models import (
    ACTIVE,
    Booking,
    Occurrence,
    Room,
)
from ..policy import Audience
from ..predicates import audiences_for
from .availability import (
    Slot,
    booking_url,
    check_policy,
    check_quota,
    chosen_audience,
    current_household,
    dates_taken,
    locked_booking,
    managers_of,
    require,
    taken_meanwhile,
    taken_slots,
)
from .waiting_list import offer_freed_slots


def request_booking(
    *,
    acting_user: User,
    room: Room,
    starts_at: datetime,
    ends_at: datetime,
    title: str,
    frequency: str = "",
    until: date | None = None,
) -> Booking:
    """Book a room once or as a series. Confirmed at once or pending the
    manager's approval, as the room's policy says; never over another booking."""
    audiences = audiences_for(acting_user, room)
    if not audiences:
        raise BookingRefusal(str(policy.NOT_OPEN_TO_YOU))
    title = (title or "").strip()
    if not title:
        raise BookingRefusal(_("Say what the room is booked for."))
    if frequency:
        if until is None or until <= timezone.localtime(starts_at, BRUSSELS).date():
            raise BookingRefusal(_("A recurring booking needs an end date after the first date."))
        rule = recurrence.build_rule(frequency, starts_at, until)
        slots = recurrence.expand(rule, starts_at, ends_at - starts_at)
    else:
        rule = ""
        slots = [(starts_at, ends_at)]
    now = timezone.now()
    needs_approval = check_policy(room, audiences, slots, now)
    windows = [w.as_policy() for w in room.windows.all()]
    audience = chosen_audience(audiences, windows, starts_at, ends_at)
    household = current_household(acting_user) if audience == Audience.RESIDENT else None
    organisation = None
    if audience == Audience.PARTNER:
        organisation = room.partner_organisation
    elif audience == Audience.OTHER:
        organisation = acting_user.organisations.order_by("pk").first()
    status = Booking.Status.PENDING if needs_approval else Booking.Status.CONFIRMED

    with transaction.atomic():
        # Serialise bookings of one room: the second request waits for the
        # first to commit, then sees its occurrences (PostgreSQL row lock;
        # SQLite already serialises every write transaction).
        Room.objects.select_for_update().filter(pk=room.pk).first()
        clashes = policy.overlapping(slots, taken_slots(room, slots[0][0], slots[-1][1]), room.buffer_minutes)
        if clashes:
            if len(slots) == 1:
                raise BookingRefusal(
                    _("This slot is already taken (with %(minutes)s minutes between two bookings). You may join its waiting list.")
                    % {"minutes": room.buffer_minutes},
                    conflicts=[s for s, _e in clashes],
                    can_wait=True,
                )
            raise dates_taken(clashes, slots)
        check_quota(room, household, slots)
        booking = Booking.objects.create(
            room=room, booked_by=acting_user, household=household, organisation=organisation,
            audience=audience, title=title[:200], status=status, recurrence=rule,
        )
        try:
            # The exclusion constraint (PostgreSQL) is the last word.
            with transaction.atomic():
                Occurrence.objects.bulk_create(
                    [Occurrence(booking=booking, room=room, starts_at=s, ends_at=e, status=status) for s, e in slots]
                )
        except IntegrityError:
            raise taken_meanwhile(can_wait=len(slots) == 1) from None
        params = {"room": room.name, "title": booking.title, "when": formatting.moment(starts_at)}
        if status == Booking.Status.CONFIRMED:
            notify([acting_user], category="bookings", title=gettext_lazy("Booking confirmed: %(room)s, %(when)s"),
                   body=gettext_lazy("Your booking “%(title)s” is confirmed."), url=booking_url(booking), params=params)
        else:
            notify([acting_user], category="bookings", title=gettext_lazy("Request received: %(room)s, %(when)s"),
                   body=gettext_lazy("The room's manager will answer your request “%(title)s”."), url=booking_url(booking), params=params)
            notify(managers_of(room), category="room_requests", title=gettext_lazy("Request to approve: %(room)s, %(when)s"),
                   body=gettext_lazy("“%(title)s” waits for your answer."), url=booking_url(booking), params=params)
    return booking


def approve_booking(*, acting_user: User, booking: Booking) -> Booking:
    require(acting_user, "events.decide_booking", booking, _("Only the room's manager may answer this request."))
    with transaction.atomic():
        booking = locked_booking(booking)
        if booking.status != Booking.Status.PENDING:
            raise BookingRefusal(_("This request was already answered."))
        booking.status = Booking.Status.CONFIRMED
        booking.decided_by, booking.decided_at = acting_user, timezone.now()
        booking.save(update_fields=["status", "decided_by", "decided_at"])
        booking.occurrences.filter(status=Booking.Status.PENDING).update(status=Booking.Status.CONFIRMED)
        record_audit(actor=acting_user, action="events.booking_approved", target=booking, room=booking.room.name)
        notify([booking.booked_by], category="bookings", title=gettext_lazy("Booking approved: %(room)s"),
               body=gettext_lazy("Your request “%(title)s” is approved."), url=booking_url(booking),
               params={"room": booking.room.name, "title": booking.title})
    return booking


def decline_booking(*, acting_user: User, booking: Booking, reason: str) -> Booking:
    require(acting_user, "events.decide_booking", booking, _("Only the room's manager may answer this request."))
    reason = (reason or "").strip()
    if not reason:
        raise BookingRefusal(_("Give the reason for declining: the person will read it."))
    with transaction.atomic():
        booking = locked_booking(booking)
        if booking.status != Booking.Status.PENDING:
            raise BookingRefusal(_("This request was already answered."))
        booking.status = Booking.Status.DECLINED
        booking.decline_reason = reason
        booking.decided_by, booking.decided_at = acting_user, timezone.now()
        booking.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
        freed = list(booking.occurrences.filter(status__in=ACTIVE).values_list("starts_at", "ends_at"))
        booking.occurrences.filter(status__in=ACTIVE).update(status=Booking.Status.DECLINED)
        record_audit(actor=acting_user, action="events.booking_declined", target=booking, reason=reason)
        notify([booking.booked_by], category="bookings", title=gettext_lazy("Request declined: %(room)s"),
               body=gettext_lazy("Your request “%(title)s” was declined: %(reason)s"), url=booking_url(booking),
               params={"room": booking.room.name, "title": booking.title, "reason": reason})
        offer_freed_slots(booking.room, freed)
    return booking


def cancel_booking(*, acting_user: User, booking: Booking) -> Booking:
    """Cancel a booking and every occurrence still to come."""
    require(acting_user, "events.cancel_booking", booking, _("Only the person who booked or the room's manager may cancel."))
    with transaction.atomic():
        booking = locked_booking(booking)
        if not booking.is_active:
            raise BookingRefusal(_("This booking is no longer active."))
        upcoming = booking.occurrences.filter(status__in=ACTIVE, starts_at__gt=timezone.now())
        freed = list(upcoming.values_list("starts_at", "ends_at"))
        upcoming.update(status=Booking.Status.CANCELLED)
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])
        _after_cancellation(acting_user, booking, freed)
    return booking


def cancel_occurrence(*, acting_user: User, occurrence: Occurrence, following: bool = False) -> Booking:
    """Cancel one date of a series, or it and all the following ones (the
    series then ends the day before)."""
    booking = occurrence.booking
    require(acting_user, "events.cancel_booking", booking, _("Only the person who booked or the room's manager may cancel."))
    with transaction.atomic():
        booking = locked_booking(booking)
        occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
        if not occurrence.is_active:
            raise BookingRefusal(_("This date is already cancelled."))
        if occurrence.starts_at <= timezone.now():
            raise BookingRefusal(_("This date has already passed."))
        chosen = booking.occurrences.filter(status__in=ACTIVE)
        chosen = chosen.filter(starts_at__gte=occurrence.starts_at) if following else chosen.filter(pk=occurrence.pk)
        freed = list(chosen.values_list("starts_at", "ends_at"))
        chosen.update(status=Booking.Status.CANCELLED)
        if following and booking.is_recurring and booking.occurrences.filter(starts_at__lt=occurrence.starts_at).exists():
            # The series ends: its rule stops the day before, the cancelled
            # dates stay listed as cancelled.
            booking.recurrence = recurrence.ended_before(booking.recurrence, timezone.localtime(occurrence.starts_at, BRUSSELS).date())
            booking.save(update_fields=["recurrence"])
        if not booking.occurrences.filter(status__in=ACTIVE).exists():
            booking.status = Booking.Status.CANCELLED
            booking.save(update_fields=["status"])
        _after_cancellation(acting_user, booking, freed)
    return booking


def _after_cancellation(acting_user: User, booking: Booking, freed: list[Slot]) -> None:
    params = {"room": booking.room.name, "title": booking.title, "count": len(freed)}
    others = [u for u in [booking.booked_by, *managers_of(booking.room)] if u.pk != acting_user.pk]
    notify(others, category="bookings", title=gettext_lazy("Booking cancelled: %(room)s"),
           body=gettext_lazy("“%(title)s”: %(count)s date(s) cancelled."), url=booking_url(booking), params=params)
    offer_freed_slots(booking.room, freed)


def record_existing_booking(
    *, acting_user: User, room: Room, booked_by: User, starts_at: datetime, ends_at: datetime, title: str,
    audience: str = Audience.RESIDENT,
) -> Booking:
    """A booking the trust had already granted before it moved to Socle
    (issue 23): confirmed, one occurrence, no notification (nobody asked
    anything new). The import checked the room's windows and the other
    bookings; the database still refuses a clash (migration 0004), and then
    the whole import is undone. Re-recorded with the same start, it is
    corrected instead."""
    require(acting_user, "events.import_rooms", None, _("Only staff import rooms and bookings."))
    if not policy.ends_after_start(starts_at, ends_at):
        raise BookingRefusal(str(policy.ENDS_BEFORE_START))
    with transaction.atomic():
        occurrence = (
            Occurrence.objects.select_for_update().select_related("booking")
            .filter(room=room, starts_at=starts_at, status__in=ACTIVE).first()
        )
        if occurrence is not None:
            booking = occurrence.booking
            booking.title = title[:200]
            booking.save(update_fields=["title"])
            occurrence.ends_at = ends_at
            occurrence.save(update_fields=["ends_at"])
        else:
            booking = Booking.objects.create(
                room=room, booked_by=booked_by, household=current_household(booked_by), audience=audience,
                title=title[:200], status=Booking.Status.CONFIRMED, decided_by=acting_user, decided_at=timezone.now(),
            )
            Occurrence.objects.create(
                booking=booking, room=room, starts_at=starts_at, ends_at=ends_at, status=Booking.Status.CONFIRMED
            )
        record_audit(actor=acting_user, action="events.booking_imported", target=booking,
                     starts=starts_at.isoformat(), ends=ends_at.isoformat())
    return booking
