"""What the rooms ask of a person now, for the top of My space: the requests
they must approve (room managers, staff), and their own requests still
waiting for an answer (to follow, or to cancel if plans changed)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.together import Branch

from community.myspace import Need

from . import selectors
from .models import Booking

LIMIT = 5


def branches(request) -> list:
    user = request.user
    return [
        Branch(selectors.requests_to_decide(user), ("title", "first_start", "room__name"), limit=LIMIT),
        Branch(selectors.bookings_of(user).filter(status=Booking.Status.PENDING, next_start__isnull=False)
               .order_by("next_start", "pk"), ("title", "next_start", "room__name"), limit=LIMIT),
    ]


def needs(request, rows) -> list[Need]:
    to_decide, mine = rows
    deciding = {booking.pk for booking in to_decide}
    return [
        Need(title=_("Approve or decline: %(title)s (%(room)s)") % {"title": booking.title, "room": booking.room.name},
             action=_("Answer the request"), url=reverse("events:booking", args=[booking.pk]), due=booking.first_start)
        for booking in to_decide
    ] + [
        Need(title=_("Your request %(title)s (%(room)s) awaits the room manager's approval")
             % {"title": booking.title, "room": booking.room.name},
             action=_("See the request"), url=reverse("events:booking", args=[booking.pk]), due=booking.next_start)
        for booking in mine if booking.pk not in deciding
    ]
