"""Writes on rooms, bookings and activities: one function per write,
keyword-only arguments, the acting user passed in, one transaction,
refusals as BookingRefusal with a translated message."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.uploads import UploadRefusal, check_upload

from community.models import HouseholdMember, User
from community.services.audit import record_audit
from community.services.notifications import notify

from . import policy, recurrence
from .errors import BookingRefusal
from .models import (
    ACTIVE,
    Activity,
    AvailabilityWindow,
    Booking,
    CalendarToken,
    Closure,
    Occurrence,
    Registration,
    Room,
    RoomPhoto,
    WaitingEntry,
    new_token,
)
from .policy import BRUSSELS, Audience
from .predicates import audiences_for

Slot = tuple[datetime, datetime]


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment, BRUSSELS), "l j F Y, H:i")


def _stamp(value: datetime):
    """In Brussels and the reader's language, formatted per recipient (``socle_site.kernel.formatting``)."""
    return formatting.moment(value)


def _booking_url(booking: Booking):
    return lambda: reverse("events:booking", args=[booking.pk])


def _chosen_audience(audiences: frozenset[str], windows, start: datetime, end: datetime) -> str:
    if Audience.MANAGER in audiences:
        return Audience.MANAGER
    for window in windows:
        if window.audience in audiences and window.contains(start, end):
            return window.audience
    return sorted(audiences)[0]


def _audience_names(room: Room) -> dict[str, str]:
    names = {}
    if room.partner_organisation_id:
        names[Audience.PARTNER] = _("partner association (%(name)s)") % {"name": room.partner_organisation.name}
    return names


def _taken(room: Room, first: datetime, last: datetime, exclude_ids: Iterable[int] = ()) -> list[Slot]:
    buffer = timedelta(minutes=room.buffer_minutes)
    return list(
        Occurrence.objects.filter(
            room=room, status__in=ACTIVE, starts_at__lt=last + buffer, ends_at__gt=first - buffer
        )
        .exclude(pk__in=list(exclude_ids))
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")
    )


def _check_policy(room: Room, audiences, slots: list[Slot], now: datetime) -> bool:
    """Refuses with every reason; returns whether approval is needed."""
    windows = [w.as_policy() for w in room.windows.all()]
    closures = [c.as_policy() for c in room.closures.all()]
    names = _audience_names(room)
    needs_approval = False
    for start, end in slots:
        decision = policy.evaluate(
            audiences=audiences, starts_at=start, ends_at=end, windows=windows, closures=closures,
            limits=room.limits, now=now, audience_names=names,
        )
        if not decision.allowed:
            reasons = " ".join(decision.reasons)
            if len(slots) > 1:
                reasons = _("On %(date)s: %(reasons)s") % {"date": _local(start), "reasons": reasons}
            raise BookingRefusal(reasons)
        needs_approval = needs_approval or decision.needs_approval
    return needs_approval


def _current_household(user: User):
    member = HouseholdMember.objects.filter(user=user, until__isnull=True).select_related("household").first()
    return member.household if member else None


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
        raise BookingRefusal(
            _("You may not book this room: it is open to its residents, its partner association and organisations on request.")
        )
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
    needs_approval = _check_policy(room, audiences, slots, now)
    windows = [w.as_policy() for w in room.windows.all()]
    audience = _chosen_audience(audiences, windows, starts_at, ends_at)
    household = _current_household(acting_user) if audience == Audience.RESIDENT else None
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
        clashes = policy.overlapping(slots, _taken(room, slots[0][0], slots[-1][1]), room.buffer_minutes)
        if clashes:
            if len(slots) == 1:
                raise BookingRefusal(
                    _("This slot is already taken (with %(minutes)s minutes between two bookings). You may join its waiting list.")
                    % {"minutes": room.buffer_minutes},
                    conflicts=[s for s, _e in clashes],
                    can_wait=True,
                )
            raise BookingRefusal(
                _("%(count)s of the %(total)s dates are already taken: %(dates)s.")
                % {"count": len(clashes), "total": len(slots), "dates": "; ".join(_local(s) for s, _e in clashes)},
                conflicts=[s for s, _e in clashes],
            )
        if household is not None and room.monthly_quota:
            over = policy.months_over_quota(
                [s for s, _e in slots], _household_month_counts(room, household, slots), room.monthly_quota
            )
            if over:
                raise BookingRefusal(
                    _("Your household may book this room %(quota)s times a month; this request goes over it in %(months)s.")
                    % {
                        "quota": room.monthly_quota,
                        "months": ", ".join(date_format(date(y, m, 1), "F Y") for y, m in over),
                    }
                )
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
            raise BookingRefusal(_("This slot was taken a moment ago. You may join its waiting list."), can_wait=len(slots) == 1) from None
        params = {"room": room.name, "title": booking.title, "when": _stamp(starts_at)}
        if status == Booking.Status.CONFIRMED:
            notify([acting_user], category="bookings", title=gettext_lazy("Booking confirmed: %(room)s, %(when)s"),
                   body=gettext_lazy("Your booking “%(title)s” is confirmed."), url=_booking_url(booking), params=params)
        else:
            notify([acting_user], category="bookings", title=gettext_lazy("Request received: %(room)s, %(when)s"),
                   body=gettext_lazy("The room's manager will answer your request “%(title)s”."), url=_booking_url(booking), params=params)
            notify(_managers(room), category="room_requests", title=gettext_lazy("Request to approve: %(room)s, %(when)s"),
                   body=gettext_lazy("“%(title)s” waits for your answer."), url=_booking_url(booking), params=params)
    return booking


def _household_month_counts(room: Room, household, slots: list[Slot], exclude_ids: Iterable[int] = ()) -> dict[tuple[int, int], int]:
    first = slots[0][0].astimezone(BRUSSELS).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    rows = (
        Occurrence.objects.filter(
            room=room, booking__household=household, status__in=ACTIVE, starts_at__gte=first, starts_at__lt=slots[-1][1] + timedelta(days=32)
        )
        .exclude(pk__in=list(exclude_ids))
        .annotate(y=ExtractYear("starts_at", tzinfo=BRUSSELS), m=ExtractMonth("starts_at", tzinfo=BRUSSELS))
        .values("y", "m")
        .annotate(n=Count("pk"))
    )
    return {(row["y"], row["m"]): row["n"] for row in rows}


def _managers(room: Room) -> list[User]:
    if room.manager_id:
        return [room.manager]
    # No manager named: the CLT's staff answer.
    return list(User.objects.filter(role_assignments__role="staff", role_assignments__ended_at__isnull=True, is_active=True).distinct())


def _require(user: User, perm: str, obj, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise BookingRefusal(message)


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("room", "booked_by").get(pk=booking.pk)


def approve_booking(*, acting_user: User, booking: Booking) -> Booking:
    _require(acting_user, "events.decide_booking", booking, _("Only the room's manager may answer this request."))
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status != Booking.Status.PENDING:
            raise BookingRefusal(_("This request was already answered."))
        booking.status = Booking.Status.CONFIRMED
        booking.decided_by, booking.decided_at = acting_user, timezone.now()
        booking.save(update_fields=["status", "decided_by", "decided_at"])
        booking.occurrences.filter(status=Booking.Status.PENDING).update(status=Booking.Status.CONFIRMED)
        record_audit(actor=acting_user, action="events.booking_approved", target=booking, room=booking.room.name)
        notify([booking.booked_by], category="bookings", title=gettext_lazy("Booking approved: %(room)s"),
               body=gettext_lazy("Your request “%(title)s” is approved."), url=_booking_url(booking),
               params={"room": booking.room.name, "title": booking.title})
    return booking


def decline_booking(*, acting_user: User, booking: Booking, reason: str) -> Booking:
    _require(acting_user, "events.decide_booking", booking, _("Only the room's manager may answer this request."))
    reason = (reason or "").strip()
    if not reason:
        raise BookingRefusal(_("Give the reason for declining: the person will read it."))
    with transaction.atomic():
        booking = _locked(booking)
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
               body=gettext_lazy("Your request “%(title)s” was declined: %(reason)s"), url=_booking_url(booking),
               params={"room": booking.room.name, "title": booking.title, "reason": reason})
        _offer_freed_slots(booking.room, freed)
    return booking


def cancel_booking(*, acting_user: User, booking: Booking) -> Booking:
    """Cancel a booking and every occurrence still to come."""
    _require(acting_user, "events.cancel_booking", booking, _("Only the person who booked or the room's manager may cancel."))
    with transaction.atomic():
        booking = _locked(booking)
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
    _require(acting_user, "events.cancel_booking", booking, _("Only the person who booked or the room's manager may cancel."))
    with transaction.atomic():
        booking = _locked(booking)
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
    others = [u for u in [booking.booked_by, *_managers(booking.room)] if u.pk != acting_user.pk]
    notify(others, category="bookings", title=gettext_lazy("Booking cancelled: %(room)s"),
           body=gettext_lazy("“%(title)s”: %(count)s date(s) cancelled."), url=_booking_url(booking), params=params)
    _offer_freed_slots(booking.room, freed)


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
    _require(acting_user, "events.cancel_booking", booking, _("Only the person who booked or the room's manager may change it."))
    target = room or occurrence.room
    if target.project_id != booking.room.project_id:
        raise BookingRefusal(_("A date can only move to another room of the same housing project."))
    acting_audiences = audiences_for(acting_user, target)
    if not acting_audiences and not audiences_for(booking.booked_by, target):
        raise BookingRefusal(_("You may not book this room: it is open to its residents, its partner association and organisations on request."))
    # The holder's audience still applies when the manager moves their booking.
    audiences = acting_audiences | ({booking.audience} if booking.audience != Audience.MANAGER else set())
    now = timezone.now()
    chosen = list(booking.occurrences.filter(status__in=ACTIVE, starts_at__gte=occurrence.starts_at).order_by("starts_at")) if following else [occurrence]
    if not chosen or chosen[0].pk != occurrence.pk or not occurrence.is_active or occurrence.starts_at <= now:
        raise BookingRefusal(_("Only a date still to come can be changed."))
    slots = shifted_slots(chosen, starts_at, ends_at)
    needs_approval = _check_policy(target, audiences, slots, now)
    is_manager = Audience.MANAGER in acting_audiences
    with transaction.atomic():
        for room_id in sorted({target.pk, occurrence.room_id}):
            Room.objects.select_for_update().filter(pk=room_id).first()
        booking = _locked(booking)
        locked = list(Occurrence.objects.select_for_update().filter(pk__in=[o.pk for o in chosen], status__in=ACTIVE).order_by("starts_at"))
        if len(locked) != len(chosen):
            raise BookingRefusal(_("These dates changed meanwhile: open the booking again."))
        taken = _taken(target, slots[0][0], slots[-1][1], [o.pk for o in locked])
        clashes = policy.overlapping(slots, taken, target.buffer_minutes)
        if clashes:
            raise BookingRefusal(
                _("%(count)s of the %(total)s dates are already taken: %(dates)s.")
                % {"count": len(clashes), "total": len(slots), "dates": "; ".join(_local(s) for s, _e in clashes)},
                conflicts=[s for s, _e in clashes],
            )
        if booking.household_id and target.monthly_quota:
            counts = _household_month_counts(target, booking.household, slots, exclude_ids=[o.pk for o in locked])
            over = policy.months_over_quota([s for s, _e in slots], counts, target.monthly_quota)
            if over:
                raise BookingRefusal(
                    _("Your household may book this room %(quota)s times a month; this request goes over it in %(months)s.")
                    % {"quota": target.monthly_quota, "months": ", ".join(date_format(date(y, m, 1), "F Y") for y, m in over)}
                )
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
        params = {"room": target.name, "title": booking.title, "when": _stamp(slots[0][0]), "count": len(slots)}
        managers = _managers(target)
        if becomes_pending:
            notify(managers, category="room_requests", title=gettext_lazy("Request to approve: %(room)s, %(when)s"),
                   body=gettext_lazy("“%(title)s” waits for your answer."), url=_booking_url(changed_booking), params=params)
        told = {u.pk for u in managers} if becomes_pending else set()
        others = [u for u in [booking.booked_by, *managers] if u.pk != acting_user.pk and u.pk not in told]
        notify(others, category="bookings", title=gettext_lazy("Dates changed: %(room)s, from %(when)s"),
               body=gettext_lazy("“%(title)s”: %(count)s date(s) moved."), url=_booking_url(changed_booking), params=params)
        if splits:
            record_audit(actor=acting_user, action="events.series_split", target=booking, continuation=changed_booking.pk, room=target.name, count=len(slots))
        elif acting_user.pk != booking.booked_by_id:
            record_audit(actor=acting_user, action="events.dates_changed", target=booking, room=target.name, count=len(slots))
        _offer_freed_slots(occurrence.room, [f for f in freed if not policy.overlapping([f], slots)])
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
        raise BookingRefusal(_("This slot was taken a moment ago. You may join its waiting list.")) from None
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
        raise BookingRefusal(_("This slot was taken a moment ago. You may join its waiting list.")) from None
    activity = Activity.objects.filter(booking=booking).first()
    if activity is not None:
        moved = Activity.objects.create(
            booking=continuation, kind=activity.kind, title=activity.title, description=activity.description,
            is_public=activity.is_public, capacity=activity.capacity, organiser=activity.organiser,
        )
        Registration.objects.bulk_create(
            [Registration(activity=moved, user_id=r.user_id, status=r.status, created_at=r.created_at)
             for r in activity.registrations.exclude(status=Registration.Status.CANCELLED)]
        )
    return continuation, created


def move_occurrence(*, acting_user: User, occurrence: Occurrence, starts_at: datetime, ends_at: datetime) -> Occurrence:
    """Change the time of one date of a booking (the others stay)."""
    return change_dates(acting_user=acting_user, occurrence=occurrence, starts_at=starts_at, ends_at=ends_at)[0]


def join_waiting_list(*, acting_user: User, room: Room, starts_at: datetime, ends_at: datetime, title: str) -> WaitingEntry:
    audiences = audiences_for(acting_user, room)
    if not audiences:
        raise BookingRefusal(_("You may not book this room: it is open to its residents, its partner association and organisations on request."))
    _check_policy(room, audiences, [(starts_at, ends_at)], timezone.now())
    with transaction.atomic():
        if not policy.overlapping([(starts_at, ends_at)], _taken(room, starts_at, ends_at), room.buffer_minutes):
            raise BookingRefusal(_("This slot is free: book it directly."))
        if WaitingEntry.objects.filter(room=room, user=acting_user, starts_at=starts_at, status=WaitingEntry.Status.WAITING).exists():
            raise BookingRefusal(_("You are already on the waiting list for this slot."))
        return WaitingEntry.objects.create(room=room, user=acting_user, starts_at=starts_at, ends_at=ends_at, title=(title or "").strip()[:200] or room.name)


def leave_waiting_list(*, acting_user: User, entry: WaitingEntry) -> WaitingEntry:
    if entry.user_id != acting_user.pk:
        raise BookingRefusal(_("This is not your waiting-list entry."))
    with transaction.atomic():
        WaitingEntry.objects.filter(pk=entry.pk).update(status=WaitingEntry.Status.WITHDRAWN)
    entry.status = WaitingEntry.Status.WITHDRAWN
    return entry


def _offer_freed_slots(room: Room, freed: list[Slot]) -> None:
    """The first person waiting for a slot that has come free is offered it."""
    if not freed:
        return
    earliest, latest = min(s for s, _e in freed), max(e for _s, e in freed)
    waiting = list(
        WaitingEntry.objects.select_for_update()
        .filter(room=room, status=WaitingEntry.Status.WAITING, starts_at__lt=latest, ends_at__gt=earliest, starts_at__gt=timezone.now())
        .select_related("user")
    )
    for entry in waiting:  # in the order they joined
        slot = (entry.starts_at, entry.ends_at)
        if not policy.overlapping([slot], freed):
            continue
        if policy.overlapping([slot], _taken(room, *slot), room.buffer_minutes):
            continue
        entry.status, entry.offered_at = WaitingEntry.Status.OFFERED, timezone.now()
        entry.save(update_fields=["status", "offered_at"])
        local_start, local_end = timezone.localtime(entry.starts_at, BRUSSELS), timezone.localtime(entry.ends_at, BRUSSELS)
        query = urlencode({"date": local_start.date().isoformat(), "start": local_start.strftime("%H:%M"), "end": local_end.strftime("%H:%M"), "title": entry.title})
        notify([entry.user], category="bookings", title=gettext_lazy("A slot you waited for is free: %(room)s, %(when)s"),
               body=gettext_lazy("You are first on the waiting list: book it now before someone else does."),
               url=lambda query=query: reverse("events:book", args=[room.slug]) + "?" + query,
               params={"room": room.name, "when": _stamp(entry.starts_at)})
        # One offer per freed slot: the next person waits for the next one.
        freed = [f for f in freed if not policy.overlapping([f], [slot])]
        if not freed:
            break


# --- Calendar feeds -------------------------------------------------------------

def calendar_token(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


def reset_calendar_token(*, acting_user: User) -> CalendarToken:
    """A new private address; the old one stops working at once."""
    with transaction.atomic():
        token, created = CalendarToken.objects.select_for_update().get_or_create(user=acting_user)
        if not created:
            token.token = new_token()
            token.created_at = timezone.now()
            token.save(update_fields=["token", "created_at"])
    return token


# --- Activities -----------------------------------------------------------------

def announce_activity(
    *, acting_user: User, booking: Booking, kind: str, title: str, description: str = "", is_public: bool = True, capacity: int = 0
) -> Activity:
    _require(acting_user, "events.announce_activity", booking, _("Only the person who booked the room may announce an activity there."))
    if kind not in Activity.Kind.values:
        raise BookingRefusal(_("Choose the kind of activity."))
    if not (title or "").strip():
        raise BookingRefusal(_("Give the activity a title."))
    if capacity < 0:
        raise BookingRefusal(_("The number of places cannot be negative."))
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status not in ACTIVE:
            raise BookingRefusal(_("This booking is no longer active."))
        if Activity.objects.filter(booking=booking).exists():
            raise BookingRefusal(_("This booking already has an activity."))
        return Activity.objects.create(
            booking=booking, kind=kind, title=title.strip()[:200], description=(description or "").strip(),
            is_public=is_public, capacity=capacity, organiser=acting_user,
        )


def register_for_activity(*, acting_user: User, activity: Activity) -> Registration:
    """A place if one is left, otherwise the waiting list; checked under a row lock."""
    _require(acting_user, "events.register_for_activity", activity, _("This activity is for the project's members."))
    with transaction.atomic():
        activity = Activity.objects.select_for_update().select_related("booking").get(pk=activity.pk)
        if not activity.needs_registration:
            raise BookingRefusal(_("This activity needs no registration: just come."))
        if activity.booking.status not in ACTIVE:
            raise BookingRefusal(_("This activity is cancelled."))
        if activity.registrations.filter(user=acting_user).exclude(status=Registration.Status.CANCELLED).exists():
            raise BookingRefusal(_("You are already registered."))
        taken = activity.registrations.filter(status=Registration.Status.REGISTERED).count()
        status = Registration.Status.REGISTERED if taken < activity.capacity else Registration.Status.WAITING
        registration = Registration.objects.create(activity=activity, user=acting_user, status=status)
        if status == Registration.Status.WAITING:
            notify([acting_user], category="activities", title=gettext_lazy("On the waiting list: %(title)s"),
                   body=gettext_lazy("The activity is full. You will be told if a place frees up."),
                   url=lambda: reverse("events:activity", args=[activity.pk]), params={"title": activity.title})
    return registration


def cancel_registration(*, acting_user: User, activity: Activity) -> Registration:
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        registration = activity.registrations.filter(user=acting_user).exclude(status=Registration.Status.CANCELLED).first()
        if registration is None:
            raise BookingRefusal(_("You are not registered for this activity."))
        had_place = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        if had_place:
            first = activity.registrations.filter(status=Registration.Status.WAITING).select_related("user").first()
            if first is not None:
                first.status = Registration.Status.REGISTERED
                first.save(update_fields=["status"])
                notify([first.user], category="activities", title=gettext_lazy("You have a place: %(title)s"),
                       body=gettext_lazy("A place freed up and it is yours."),
                       url=lambda: reverse("events:activity", args=[activity.pk]), params={"title": activity.title})
    return registration


# --- Reminders ------------------------------------------------------------------

def send_booking_reminders(*, now: datetime | None = None) -> int:
    """Remind each confirmed booking's holder the day before. Safe to run
    several times: an occurrence is claimed (reminded_at) before notifying."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now, BRUSSELS).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), BRUSSELS)
    due = Occurrence.objects.filter(
        status=Booking.Status.CONFIRMED, reminded_at__isnull=True, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
    ).select_related("booking__booked_by", "room")
    sent = 0
    for occurrence in due:
        with transaction.atomic():
            if not Occurrence.objects.filter(pk=occurrence.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            notify([occurrence.booking.booked_by], category="bookings", title=gettext_lazy("Tomorrow: %(room)s, %(when)s"),
                   body=gettext_lazy("A reminder of your booking “%(title)s”."), url=_booking_url(occurrence.booking),
                   params={"room": occurrence.room.name, "when": _stamp(occurrence.starts_at), "title": occurrence.booking.title})
            sent += 1
    return sent


# --- Rooms managed in the portal --------------------------------------------------

ROOM_DETAIL_FIELDS = ("description", "capacity", "equipment", "accessibility", "house_rules")
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def update_room_details(*, acting_user: User, room: Room, **details) -> Room:
    """The room's manager describes it: capacity, equipment, accessibility, house rules."""
    _require(acting_user, "events.manage_room", room, _("Only the room's manager may change its details."))
    unknown = set(details) - set(ROOM_DETAIL_FIELDS)
    if unknown:
        raise ValueError(unknown)
    capacity = details.get("capacity", room.capacity)
    if not isinstance(capacity, int) or not 1 <= capacity <= 1000:
        raise BookingRefusal(_("The capacity is a number of people between 1 and 1000."))
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=room.pk)
        for name, value in details.items():
            setattr(room, name, value.strip() if isinstance(value, str) else value)
        room.save(update_fields=list(details))
        record_audit(actor=acting_user, action="events.room_updated", target=room, fields=sorted(details))
    return room


def add_room_photo(*, acting_user: User, room: Room, image, alt_text: str) -> RoomPhoto:
    """A photo of the room, with the text read to people who cannot see it.
    Checked by the project's one upload check: the type read from the bytes
    (JPEG, PNG or WebP), at most 5 MB."""
    _require(acting_user, "events.manage_room", room, _("Only the room's manager may change its details."))
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise BookingRefusal(_("Describe the photo for people who cannot see it."))
    try:
        checked = check_upload(image, allowed=PHOTO_TYPES, max_size=PHOTO_MAX_BYTES)
    except UploadRefusal as refusal:
        raise BookingRefusal(refusal.message) from None
    image.seek(0)
    with transaction.atomic():
        order = (room.photos.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        photo = RoomPhoto(room=room, alt_text=alt_text[:250], order=order)
        photo.image.save(f"{room.slug}-{order}.{PHOTO_EXTENSIONS[checked.content_type]}", image, save=False)
        photo.save()
        record_audit(actor=acting_user, action="events.room_photo_added", target=room, photo=photo.pk)
    return photo


def remove_room_photo(*, acting_user: User, photo: RoomPhoto) -> None:
    _require(acting_user, "events.manage_room", photo.room, _("Only the room's manager may change its details."))
    with transaction.atomic():
        RoomPhoto.objects.filter(pk=photo.pk).delete()
        record_audit(actor=acting_user, action="events.room_photo_removed", target=photo.room, photo=photo.pk)
    photo.image.delete(save=False)


# --- Opening hours and closures, run by the room's manager ------------------------

def set_opening_hours(*, acting_user: User, room: Room, windows: list[policy.Window]) -> list[AvailabilityWindow]:
    """Replace the room's weekly windows (who may book when, at once or on
    request) as a whole; refused with every problem, and then nothing changes.
    Bookings already made stay: the windows decide only new requests."""
    _require(acting_user, "events.manage_room", room, _("Only the room's manager may change its opening hours."))
    allowed = {value for value, _label in AvailabilityWindow._meta.get_field("audience").choices}
    if any(w.audience not in allowed or not 0 <= w.weekday <= 6 for w in windows):
        raise BookingRefusal(_("Choose a day and an audience for each slot."))
    problems = policy.window_problems(windows)
    if problems:
        raise BookingRefusal(" ".join(problems))
    with transaction.atomic():
        Room.objects.select_for_update().filter(pk=room.pk).first()
        AvailabilityWindow.objects.filter(room=room).delete()
        created = AvailabilityWindow.objects.bulk_create(
            [AvailabilityWindow(room=room, audience=w.audience, weekday=w.weekday, starts=w.starts, ends=w.ends, needs_approval=w.needs_approval)
             for w in sorted(windows, key=lambda w: (w.weekday, w.starts, w.audience))]
        )
        record_audit(actor=acting_user, action="events.opening_hours_changed", target=room, windows=[w.label() for w in windows])
    return created


def _checked_closure(first_day: date | None, last_day: date | None, reason: str) -> str:
    if first_day is None or last_day is None:
        raise BookingRefusal(_("Give the first and the last day of the closure."))
    if last_day < first_day:
        raise BookingRefusal(_("The last day of the closure must not come before its first day."))
    return (reason or "").strip()[:200]


def add_closure(*, acting_user: User, room: Room, first_day: date, last_day: date, reason: str = "") -> Closure:
    """Close the room for some days: no new booking there. The bookings
    already made in those days are listed to the manager, who may cancel them."""
    _require(acting_user, "events.manage_room", room, _("Only the room's manager may close it."))
    reason = _checked_closure(first_day, last_day, reason)
    with transaction.atomic():
        closure = Closure.objects.create(room=room, first_day=first_day, last_day=last_day, reason=reason)
        record_audit(actor=acting_user, action="events.closure_added", target=room, first_day=str(first_day), last_day=str(last_day), reason=reason)
    return closure


def update_closure(*, acting_user: User, closure: Closure, first_day: date, last_day: date, reason: str = "") -> Closure:
    _require(acting_user, "events.manage_room", closure.room, _("Only the room's manager may close it."))
    reason = _checked_closure(first_day, last_day, reason)
    with transaction.atomic():
        closure = Closure.objects.select_for_update().select_related("room").get(pk=closure.pk)
        closure.first_day, closure.last_day, closure.reason = first_day, last_day, reason
        closure.save(update_fields=["first_day", "last_day", "reason"])
        record_audit(actor=acting_user, action="events.closure_changed", target=closure.room, first_day=str(first_day), last_day=str(last_day), reason=reason)
    return closure


def remove_closure(*, acting_user: User, closure: Closure) -> None:
    _require(acting_user, "events.manage_room", closure.room, _("Only the room's manager may close it."))
    with transaction.atomic():
        Closure.objects.filter(pk=closure.pk).delete()
        record_audit(actor=acting_user, action="events.closure_removed", target=closure.room, first_day=str(closure.first_day), last_day=str(closure.last_day))


def cancel_for_closure(*, acting_user: User, closure: Closure, occurrence_ids: Iterable[int]) -> tuple[int, list[str]]:
    """Cancel the chosen dates that fall in the closure, each through the one
    cancel service (so each holder is told and the waiting list moves).
    Returns how many were cancelled and the refusals of the others."""
    _require(acting_user, "events.manage_room", closure.room, _("Only the room's manager may close it."))
    from .selectors import occurrences_during

    chosen = set(occurrence_ids)
    cancelled, refusals = 0, []
    for occurrence in occurrences_during(closure):
        if occurrence.pk not in chosen:
            continue
        try:
            cancel_occurrence(acting_user=acting_user, occurrence=occurrence)
        except BookingRefusal as refusal:
            refusals.append(refusal.message)
        else:
            cancelled += 1
    return cancelled, refusals
