"""Scheduled reminders of tomorrow's bookings."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.formatting import BRUSSELS

from community.services.notifications import notify

from ..models import (
    Booking,
    Occurrence,
)
from .availability import booking_url


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
                   body=gettext_lazy("A reminder of your booking “%(title)s”."), url=booking_url(occurrence.booking),
                   params={"room": occurrence.room.name, "when": formatting.moment(occurrence.starts_at), "title": occurrence.booking.title})
            sent += 1
    return sent
