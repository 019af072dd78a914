"""Activities run in a booked room, and registrations for their places."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.capacity import has_place
from community.models import User
from community.notification_messages import text_of
from community.services.notifications import notify

from ..errors import BookingRefusal
from ..models import (
    ACTIVE,
    Activity,
    Booking,
    Registration,
)
from .availability import locked_booking, require


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
        )


def register_for_activity(*, acting_user: User, activity: Activity) -> Registration:
    """A place if one is left, otherwise the waiting list; checked under a row lock."""
    require(acting_user, "events.register_for_activity", activity, _("This activity is for the project's members."))
    with transaction.atomic():
        activity = Activity.objects.select_for_update().select_related("booking").get(pk=activity.pk)
        if not activity.needs_registration:
            raise BookingRefusal(_("This activity needs no registration: just come."))
        if activity.booking.status not in ACTIVE:
            raise BookingRefusal(_("This activity is cancelled."))
        if activity.registrations.filter(user=acting_user).exclude(status=Registration.Status.CANCELLED).exists():
            raise BookingRefusal(_("You are already registered."))
        taken = activity.registrations.filter(status=Registration.Status.REGISTERED).count()
        # The capacity rule of the base, the same as a public event's.
        status = Registration.Status.REGISTERED if has_place(capacity=activity.capacity, taken=taken) else Registration.Status.WAITING
        registration = Registration.objects.create(activity=activity, user=acting_user, status=status)
        if status == Registration.Status.WAITING:
            notify([acting_user], category="activities", title=gettext_lazy("On the waiting list: %(title)s"),
                   body=gettext_lazy("The activity is full. You will be told if a place frees up."),
                   url=lambda: reverse("events:activity", args=[activity.pk]), params={"title": text_of(activity, "title")})
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
                       url=lambda: reverse("events:activity", args=[activity.pk]), params={"title": text_of(activity, "title")})
    return registration
