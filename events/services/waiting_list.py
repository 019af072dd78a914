"""The waiting list of a taken slot: join, leave, and the offer made to the
first person waiting when the slot comes free."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.formatting import BRUSSELS

from community.models import User
from community.services.notifications import notify

from .. import policy
from ..errors import BookingRefusal
from ..models import (
    Room,
    WaitingEntry,
)
from ..predicates import audiences_for
from .availability import Slot, check_policy, taken_slots


def join_waiting_list(*, acting_user: User, room: Room, starts_at: datetime, ends_at: datetime, title: str) -> WaitingEntry:
    audiences = audiences_for(acting_user, room)
    if not audiences:
        raise BookingRefusal(str(policy.NOT_OPEN_TO_YOU))
    check_policy(room, audiences, [(starts_at, ends_at)], timezone.now())
    with transaction.atomic():
        if not policy.overlapping([(starts_at, ends_at)], taken_slots(room, starts_at, ends_at), room.buffer_minutes):
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


def offer_freed_slots(room: Room, freed: list[Slot]) -> None:
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
        if policy.overlapping([slot], taken_slots(room, *slot), room.buffer_minutes):
            continue
        entry.status, entry.offered_at = WaitingEntry.Status.OFFERED, timezone.now()
        entry.save(update_fields=["status", "offered_at"])
        local_start, local_end = timezone.localtime(entry.starts_at, BRUSSELS), timezone.localtime(entry.ends_at, BRUSSELS)
        query = urlencode({"date": local_start.date().isoformat(), "start": local_start.strftime("%H:%M"), "end": local_end.strftime("%H:%M"), "title": entry.title})
        notify([entry.user], category="bookings", title=gettext_lazy("A slot you waited for is free: %(room)s, %(when)s"),
               body=gettext_lazy("You are first on the waiting list: book it now before someone else does."),
               url=lambda query=query: reverse("events:book", args=[room.slug]) + "?" + query,
               params={"room": room.name, "when": formatting.moment(entry.starts_at)})
        # One offer per freed slot: the next person waits for the next one.
        freed = [f for f in freed if not policy.overlapping([f], [slot])]
        if not freed:
            break
