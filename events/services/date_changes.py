"""Changing the dates of a booking: one date, or it and the following ones
(a series changed from a later date is split)."""

from datetime import datetime

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
    Activity,
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
    dates_taken,
    locked_booking,
    managers_of,
    require,
    taken_meanwhile,
    taken_slots,
)
from .waiting_list import offer_freed_slots


def shifted_slots(occurrences: list[Occurrence], starts_at: datetime, ends_at: datetime) -> list[Slot]:
    """Where each date goes when the first one moves to [starts_at, ends_at):
    the same number of days later (or earlier), at the new wall-clock time in
    Brussels with the new duration, so an 18:00 series moved to 19:00 stays
    at 19:00 local time across a daylight-saving change. Pure."""
    first_local = occurrences[0].starts_at.astimezone(BRUSSELS)
    new_local = starts_at.astimezone(BRUSSELS)
    day_shift = new_local.date() - first_local.date()
    duration = ends_at - starts_at
    slots = []
    for occurrence in occurrences:
        day = occurrence.starts_at.astimezone(BRUSSELS).date() + day_shift
        naive = datetime.combine(day, new_local.time().replace(tzinfo=None))
        slots.append((naive.replace(tzinfo=BRUSSELS), (naive + duration).replace(tzinfo=BRUSSELS)))
    return slots


def change_dates(
    *, acting_user: User, occurrence: Occurrence, starts_at: datetime, ends_at: datetime, room: Room | None = None, following: bool = False
) -> list[Occurrence]:
    """Move one date of a booking, or it and all the following ones, to a new
    time, duration or room of the same project. Changing a series from a later
    date splits it: the earlier dates keep their time in this booking, whose
    rule now ends the day before; the chosen date and the following ones become
    a new booking linked to it (``split_from``). Refused as a whole, listing
    every date that would clash. Returns the changed dates."""
    booking = occurrence.booking
    require(acting_user, "events.cancel_booking", booking, _("Only the person who booked or the room's manager may change it."))
    target = room or occurrence.room
    if target.housing_project_id != booking.room.housing_project_id:
        raise BookingRefusal(_("A date can only move to another room of the same housing project."))
    acting_audiences = audiences_for(acting_user, target)
    if not acting_audiences and not audiences_for(booking.booked_by, target):
        raise BookingRefusal(str(policy.NOT_OPEN_TO_YOU))
    # The holder's audience still applies when the manager moves their booking.
    audiences = acting_audiences | ({booking.audience} if booking.audience != Audience.MANAGER else set())
    now = timezone.now()
    chosen = list(booking.occurrences.filter(status__in=ACTIVE, starts_at__gte=occurrence.starts_at).order_by("starts_at")) if following else [occurrence]
    if not chosen or chosen[0].pk != occurrence.pk or not occurrence.is_active or occurrence.starts_at <= now:
        raise BookingRefusal(_("Only a date still to come can be changed."))
    slots = shifted_slots(chosen, starts_at, ends_at)
    needs_approval = check_policy(target, audiences, slots, now)
    is_manager = Audience.MANAGER in acting_audiences
    with transaction.atomic():
        for room_id in sorted({target.pk, occurrence.room_id}):
            Room.objects.select_for_update().filter(pk=room_id).first()
        booking = locked_booking(booking)
        locked = list(Occurrence.objects.select_for_update().filter(pk__in=[o.pk for o in chosen], status__in=ACTIVE).order_by("starts_at"))
        if len(locked) != len(chosen):
            raise BookingRefusal(_("These dates changed meanwhile: open the booking again."))
        taken = taken_slots(target, slots[0][0], slots[-1][1], [o.pk for o in locked])
        clashes = policy.overlapping(slots, taken, target.buffer_minutes)
        if clashes:
            raise dates_taken(clashes, slots)
        check_quota(target, booking.household if booking.household_id else None, slots, exclude_ids=[o.pk for o in locked])
        freed = [(o.starts_at, o.ends_at) for o in locked]
        becomes_pending = needs_approval and not is_manager
        # A series changed from a later date is split, as calendars do: this
        # booking keeps the earlier dates and ends the day before, a new one
        # linked to it carries the chosen date and the following ones.
        splits = following and booking.is_recurring and booking.occurrences.filter(starts_at__lt=occurrence.starts_at).exists()
        if splits:
            changed_booking, changed = _split_series(booking, occurrence, locked, slots, target, becomes_pending)
        else:
            changed_booking, changed = booking, _move_in_place(booking, locked, slots, target, becomes_pending)
            if following and booking.is_recurring:
                # The whole series moved: its rule follows its new first date.
                booking.recurrence = recurrence.continued(booking.recurrence, occurrence.starts_at, slots[0][0], len(slots))
                booking.save(update_fields=["recurrence"])
        params = {"room": target.name, "title": booking.title, "when": formatting.moment(slots[0][0]), "count": len(slots)}
        managers = managers_of(target)
        if becomes_pending:
            notify(managers, category="room_requests", title=gettext_lazy("Request to approve: %(room)s, %(when)s"),
                   body=gettext_lazy("“%(title)s” waits for your answer."), url=booking_url(changed_booking), params=params)
        told = {u.pk for u in managers} if becomes_pending else set()
        others = [u for u in [booking.booked_by, *managers] if u.pk != acting_user.pk and u.pk not in told]
        notify(others, category="bookings", title=gettext_lazy("Dates changed: %(room)s, from %(when)s"),
               body=gettext_lazy("“%(title)s”: %(count)s date(s) moved."), url=booking_url(changed_booking), params=params)
        if splits:
            record_audit(actor=acting_user, action="events.series_split", target=booking, continuation=changed_booking.pk, room=target.name, count=len(slots))
        elif acting_user.pk != booking.booked_by_id:
            record_audit(actor=acting_user, action="events.dates_changed", target=booking, room=target.name, count=len(slots))
        offer_freed_slots(occurrence.room, [f for f in freed if not policy.overlapping([f], slots)])
    return changed


def _move_in_place(booking: Booking, locked: list[Occurrence], slots: list[Slot], target: Room, becomes_pending: bool) -> list[Occurrence]:
    # Out of the exclusion constraint first (its WHERE is on the status), so
    # dates moving onto each other's old slots do not collide mid-update.
    Occurrence.objects.filter(pk__in=[o.pk for o in locked]).update(status=Booking.Status.CANCELLED)
    for o, (new_start, new_end) in zip(locked, slots, strict=True):
        o.status = Booking.Status.PENDING if becomes_pending else o.status
        o.starts_at, o.ends_at, o.room, o.reminded_at = new_start, new_end, target, None
    try:
        with transaction.atomic():
            Occurrence.objects.bulk_update(locked, ["starts_at", "ends_at", "room", "status", "reminded_at"])
    except IntegrityError:
        raise taken_meanwhile() from None
    if becomes_pending and booking.status != Booking.Status.PENDING:
        Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.PENDING)
    return locked


def _split_series(
    booking: Booking, occurrence: Occurrence, locked: list[Occurrence], slots: list[Slot], target: Room, becomes_pending: bool
) -> tuple[Booking, list[Occurrence]]:
    """End ``booking`` before ``occurrence`` and continue it as a new booking
    over ``slots``; its activity and the places people hold in it go along."""
    status = Booking.Status.PENDING if becomes_pending or booking.status == Booking.Status.PENDING else Booking.Status.CONFIRMED
    continuation = Booking.objects.create(
        room=target, booked_by=booking.booked_by, household=booking.household, organisation=booking.organisation,
        audience=booking.audience, title=booking.title, status=status, split_from=booking,
        recurrence=recurrence.continued(booking.recurrence, occurrence.starts_at, slots[0][0], len(slots)),
    )
    first_day = timezone.localtime(occurrence.starts_at, BRUSSELS).date()
    # The later dates, and the exceptions among them, now belong to the continuation.
    booking.occurrences.filter(starts_at__gte=occurrence.starts_at).delete()
    booking.recurrence = recurrence.ended_before(booking.recurrence, first_day)
    booking.save(update_fields=["recurrence"])
    try:
        with transaction.atomic():
            created = Occurrence.objects.bulk_create(
                [Occurrence(booking=continuation, room=target, starts_at=s, ends_at=e, status=status) for s, e in slots]
            )
    except IntegrityError:
        raise taken_meanwhile() from None
    activity = Activity.objects.filter(booking=booking).first()
    if activity is not None:
        # The continuation holds the same places: it shares the activity's gathering.
        Activity.objects.create(
            booking=continuation, kind=activity.kind, title=activity.title, description=activity.description,
            is_public=activity.is_public, capacity=activity.capacity, organiser=activity.organiser,
            gathering_id=activity.gathering_id,
        )
    return continuation, created


def move_occurrence(*, acting_user: User, occurrence: Occurrence, starts_at: datetime, ends_at: datetime) -> Occurrence:
    """Change the time of one date of a booking (the others stay)."""
    return change_dates(acting_user=acting_user, occurrence=occurrence, starts_at=starts_at, ends_at=ends_at)[0]
