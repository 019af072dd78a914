"""Activities run in a booked room, and registrations for their places."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Gathering, Registration, User
from community.notification_messages import text_of
from community.services import registrations
from community.services.notifications import notify

from ..errors import BookingRefusal
from ..models import (
    ACTIVE,
    Activity,
    Booking,
)
from .availability import locked_booking, require

# The registration kind of activities' gatherings (community.Gathering.kind).
KIND_ACTIVITY = "activity"


def announce_activity(
    *, acting_user: User, booking: Booking, kind: str, title: str, description: str = "", is_public: bool = True, capacity: int = 0
) -> Activity:
    require(acting_user, "events.announce_activity", booking, _("Only the person who booked the room may announce an activity there."))
    if kind not in Activity.Kind.values:
        raise BookingRefusal(_("Choose the kind of activity."))
    if not (title or "").strip():
        raise BookingRefusal(_("Give the activity a title."))
    if capacity < 0:
        raise BookingRefusal(_("The number of places cannot be negative."))
    with transaction.atomic():
        booking = locked_booking(booking)
        if booking.status not in ACTIVE:
            raise BookingRefusal(_("This booking is no longer active."))
        if Activity.objects.filter(booking=booking).exists():
            raise BookingRefusal(_("This booking already has an activity."))
        return Activity.objects.create(
            booking=booking, kind=kind, title=title.strip()[:200], description=(description or "").strip(),
            is_public=is_public, capacity=capacity, organiser=acting_user,
            gathering=registrations.gathering_for(kind=KIND_ACTIVITY, title=title.strip()[:200]),
        )


def _gathering(activity: Activity) -> Gathering:
    """The activity's places; made here for an activity created without
    the service (the administration, an import), under the activity's lock."""
    if activity.gathering_id is None:
        with transaction.atomic():
            locked = Activity.objects.select_for_update().get(pk=activity.pk)
            if locked.gathering_id is None:
                locked.gathering = registrations.gathering_for(kind=KIND_ACTIVITY, title=locked.title)
                locked.save(update_fields=["gathering"])
            activity.gathering = locked.gathering
    return activity.gathering


def register_for_activity(*, acting_user: User, activity: Activity) -> Registration:
    """A place if one is left, otherwise the waiting list: decided by the one
    registration service, under its lock."""
    require(acting_user, "events.register_for_activity", activity, _("This activity is for the project's members."))
    activity = Activity.objects.select_related("booking", "gathering").get(pk=activity.pk)
    if not activity.needs_registration:
        raise BookingRefusal(_("This activity needs no registration: just come."))
    if activity.booking.status not in ACTIVE:
        raise BookingRefusal(_("This activity is cancelled."))
    with transaction.atomic():
        registration = registrations.register(gathering=_gathering(activity), user=acting_user, capacity=activity.capacity)
        if registration.status == Registration.Status.WAITING:
            notify([acting_user], category="activities", title=gettext_lazy("On the waiting list: %(title)s"),
                   body=gettext_lazy("The activity is full. You will be told if a place frees up."),
                   url=lambda: reverse("events:activity", args=[activity.pk]), params={"title": text_of(activity, "title")})
    return registration


def cancel_registration(*, acting_user: User, activity: Activity) -> Registration:
    activity = Activity.objects.select_related("gathering").get(pk=activity.pk)
    if activity.gathering_id is None:
        raise BookingRefusal(_("You are not registered for this activity."))
    with transaction.atomic():
        cancellation = registrations.cancel(gathering=activity.gathering, user=acting_user)
        if cancellation.promoted is not None:
            notify([cancellation.promoted.user], category="activities", title=gettext_lazy("You have a place: %(title)s"),
                   body=gettext_lazy("A place freed up and it is yours."),
                   url=lambda: reverse("events:activity", args=[activity.pk]), params={"title": text_of(activity, "title")})
    return cancellation.cancelled
