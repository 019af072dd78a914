"""Booking availability, decided once for every write that takes a room:
the room's policy (``policy.evaluate``), the buffer between bookings
(``policy.overlapping``, which the database also guarantees: migration
0004) and the household's monthly quota (``policy.months_over_quota``);
with the helpers the booking services share."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _
from socle_site.kernel import formatting
from socle_site.kernel.formatting import BRUSSELS, format_day

from community.models import HouseholdMember, User

from .. import policy
from ..errors import BookingRefusal
from ..models import (
    ACTIVE,
    Booking,
    Occurrence,
    Room,
)
from ..policy import Audience, Slot


def booking_url(booking: Booking):
    return lambda: reverse("events:booking", args=[booking.pk])


def chosen_audience(audiences: frozenset[str], windows, start: datetime, end: datetime) -> str:
    if Audience.MANAGER in audiences:
        return Audience.MANAGER
    for window in windows:
        if window.audience in audiences and window.contains(start, end):
            return window.audience
    return sorted(audiences)[0]


def audience_names(room: Room) -> dict[str, str]:
    names = {}
    if room.partner_organisation_id:
        names[Audience.PARTNER] = _("partner association (%(name)s)") % {"name": room.partner_organisation.name}
    return names


def taken_slots(room: Room, first: datetime, last: datetime, exclude_ids: Iterable[int] = ()) -> list[Slot]:
    buffer = timedelta(minutes=room.buffer_minutes)
    return list(
        Occurrence.objects.filter(
            room=room, status__in=ACTIVE, starts_at__lt=last + buffer, ends_at__gt=first - buffer
        )
        .exclude(pk__in=list(exclude_ids))
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")
    )


def check_policy(room: Room, audiences, slots: list[Slot], now: datetime) -> bool:
    """Refuses with every reason; returns whether approval is needed."""
    windows = [w.as_policy() for w in room.windows.all()]
    closures = [c.as_policy() for c in room.closures.all()]
    names = audience_names(room)
    needs_approval = False
    for start, end in slots:
        decision = policy.evaluate(
            audiences=audiences, starts_at=start, ends_at=end, windows=windows, closures=closures,
            limits=room.limits, now=now, audience_names=names,
        )
        if not decision.allowed:
            reasons = " ".join(decision.reasons)
            if len(slots) > 1:
                reasons = _("On %(date)s: %(reasons)s") % {"date": formatting.format_moment(start), "reasons": reasons}
            raise BookingRefusal(reasons)
        needs_approval = needs_approval or decision.needs_approval
    return needs_approval


def current_household(user: User):
    member = HouseholdMember.objects.filter(user=user, until__isnull=True).select_related("household").first()
    return member.household if member else None


def household_month_counts(room: Room, household, slots: list[Slot], exclude_ids: Iterable[int] = ()) -> dict[tuple[int, int], int]:
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


def check_quota(room: Room, household, slots: list[Slot], exclude_ids: Iterable[int] = ()) -> None:
    """A household's monthly quota of the room (``policy.months_over_quota`` decides)."""
    if household is None or not room.monthly_quota:
        return
    counts = household_month_counts(room, household, slots, exclude_ids=exclude_ids)
    over = policy.months_over_quota([s for s, _e in slots], counts, room.monthly_quota)
    if over:
        raise BookingRefusal(
            _("Your household may book this room %(quota)s times a month; this request goes over it in %(months)s.")
            % {"quota": room.monthly_quota, "months": ", ".join(format_day(date(y, m, 1), length="month") for y, m in over)}
        )


def dates_taken(clashes: list[Slot], slots: list[Slot]) -> BookingRefusal:
    return BookingRefusal(
        _("%(count)s of the %(total)s dates are already taken: %(dates)s.")
        % {"count": len(clashes), "total": len(slots), "dates": "; ".join(formatting.format_moment(s) for s, _e in clashes)},
        conflicts=[s for s, _e in clashes],
    )


def taken_meanwhile(*, can_wait: bool = False) -> BookingRefusal:
    # The database's guarantee (events migrations 0002 and 0004) refused what
    # the check under the room's lock let through: another write came first.
    return BookingRefusal(_("This slot was taken a moment ago. You may join its waiting list."), can_wait=can_wait)


def managers_of(room: Room) -> list[User]:
    if room.manager_id:
        return [room.manager]
    # No manager named: the CLT's staff answer.
    return list(User.objects.filter(role_assignments__role="staff", role_assignments__ended_at__isnull=True, is_active=True).distinct())


def require(user: User, perm: str, obj, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise BookingRefusal(message)


def locked_booking(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("room", "booked_by").get(pk=booking.pk)
