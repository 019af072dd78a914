"""What a room's manager exports (registered in apps.ready): the room's
bookings of a period, date by date."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.dataio.exporters import Column, Exporter, register_exporter

from .models import Occurrence, Room


def _room(pk: int) -> Room:
    return get_object_or_404(Room, pk=pk)


def booking_rows(_user, room, params):
    start = timezone.make_aware(datetime.datetime.combine(params["start"], datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(params["end"] + datetime.timedelta(days=1), datetime.time.min))
    return (
        Occurrence.objects.filter(room=room, starts_at__lt=end, ends_at__gt=start)
        .select_related("booking__booked_by", "booking__household", "booking__organisation")
        .order_by("starts_at", "pk")
    )


def booking_subjects(rows):
    return [o.booking.booked_by for o in rows]


def _holder(o: Occurrence) -> str:
    booking = o.booking
    return str(booking.organisation or booking.household or booking.booked_by.get_full_name())


BOOKINGS = Exporter(
    name="events.bookings",
    title=_("Bookings of a period"),
    description=_("Every date booked in the room in the period, with its holder and status."),
    perm="events.manage_room",
    refusal=_("Only the manager of this room may manage it."),
    target=_room,
    rows=booking_rows,
    period=True,
    personal_data=True,
    subjects=booking_subjects,
    columns=(
        Column("starts", _("Starts"), lambda o: o.starts_at),
        Column("ends", _("Ends"), lambda o: o.ends_at),
        Column("purpose", _("Purpose"), lambda o: o.booking.title),
        Column("holder", _("Booked by"), _holder),
        Column("audience", _("Booked as"), lambda o: o.booking.get_audience_display()),
        Column("status", _("Status"), lambda o: o.get_status_display()),
        Column("requested", _("Requested"), lambda o: o.booking.created_at, default=False),
    ),
)


def register() -> None:
    register_exporter(BOOKINGS)
