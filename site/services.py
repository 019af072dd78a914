"""Writes of the public site: one function per write (house style 2)."""

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from socle_site import page_cache, policy
from socle_site.exceptions import PublicSiteError
from socle_site.kernel import formatting
from socle_site.models import EventRegistration, PublicEventPage, ResourceOrder

from community import capacity
from community.models import User
from community.services.notifications import notify

CATEGORY_EVENTS = "public_events"
CATEGORY_ORDERS = "resource_orders"


def _lock_event(event: PublicEventPage) -> PublicEventPage:
    # Capacity is checked under a row lock (house style 3): every translation
    # of the event is locked, in one order, so two registrations through two
    # languages queue as well.
    rows = list(
        PublicEventPage.objects.select_for_update().filter(translation_key=event.translation_key).order_by("pk")
    )
    return next(row for row in rows if row.pk == event.pk)


def register_for_event(*, event: PublicEventPage, acting_user: User) -> EventRegistration:
    """A member takes a seat, or a place on the waiting list when it is full."""
    if not acting_user.is_authenticated:
        raise PublicSiteError(gettext("Log in to register for this event."))
    with transaction.atomic():
        event = _lock_event(event)
        if not event.live or not event.registration_open or event.is_past:
            raise PublicSiteError(gettext("Registration for this event is closed."))
        active = EventRegistration.objects.filter(event_key=event.translation_key).exclude(
            status=EventRegistration.Status.CANCELLED
        )
        if active.filter(user=acting_user).exists():
            raise PublicSiteError(gettext("You are already registered for this event."))
        confirmed = active.filter(status=EventRegistration.Status.CONFIRMED).count()
        # The capacity rule of the base (community.capacity); 0 on the page means no limit.
        has_seat = capacity.has_place(capacity=event.capacity or None, taken=confirmed)
        status = EventRegistration.Status.CONFIRMED if has_seat else EventRegistration.Status.WAITING
        registration = EventRegistration.objects.create(
            event_key=event.translation_key, event_title=event.title, user=acting_user, status=status
        )
        _tell(registration, event)
        transaction.on_commit(page_cache.invalidate)
    return registration


def cancel_registration(*, event: PublicEventPage, acting_user: User) -> EventRegistration:
    """A member gives up their seat; the first person waiting takes it and is told."""
    with transaction.atomic():
        event = _lock_event(event)
        registration = (
            EventRegistration.objects.select_for_update()
            .filter(event_key=event.translation_key, user_id=acting_user.pk)
            .exclude(status=EventRegistration.Status.CANCELLED)
            .first()
        )
        if registration is None:
            raise PublicSiteError(gettext("You are not registered for this event."))
        was_confirmed = registration.status == EventRegistration.Status.CONFIRMED
        registration.status = EventRegistration.Status.CANCELLED
        registration.save(update_fields=["status"])
        if was_confirmed:
            # DOMAIN.md §8: the waiting list moves forward by itself.
            promoted = (
                EventRegistration.objects.select_for_update()
                .filter(event_key=event.translation_key, status=EventRegistration.Status.WAITING)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = EventRegistration.Status.CONFIRMED
                promoted.save(update_fields=["status"])
                _tell(promoted, event, promoted_from_waiting_list=True)
        transaction.on_commit(page_cache.invalidate)
    return registration


def _tell(registration: EventRegistration, event: PublicEventPage, promoted_from_waiting_list: bool = False) -> None:
    if registration.status == EventRegistration.Status.CONFIRMED:
        title = (
            _("A seat became free: you are registered for %(event)s")
            if promoted_from_waiting_list
            else _("You are registered for %(event)s")
        )
        body = _("We look forward to seeing you on %(date)s at %(venue)s.")
    else:
        title = _("You are on the waiting list for %(event)s")
        body = _("The event is full. If a seat becomes free, it is yours and we will tell you.")
    notify(
        [registration.user],
        category=CATEGORY_EVENTS,
        title=title,
        body=body,
        url=lambda: event.localized.get_url() or "",
        params={"event": event.title, "date": formatting.moment(event.starts_at), "venue": event.venue},
    )


def order_resources(
    *, event: PublicEventPage, acting_user: User | None, quantities: dict[str, int], organisation: str,
    contact_name: str, email: str, phone: str, delivery_address: str,
) -> ResourceOrder:
    """Store an order of free printed copies and tell the staff."""
    if not event.live or not event.takes_resource_orders:
        raise PublicSiteError(gettext("Printed copies of this event's resources cannot be ordered."))
    if not policy.order_is_valid(quantities):
        raise PublicSiteError(
            gettext("Ask for at least one copy, and at most %(max)s per language.") % {"max": policy.MAX_COPIES_PER_LANGUAGE}
        )
    with transaction.atomic():
        order = ResourceOrder.objects.create(
            event_key=event.translation_key,
            event_title=event.title,
            quantity_fr=quantities.get("fr", 0),
            quantity_nl=quantities.get("nl", 0),
            organisation=organisation,
            contact_name=contact_name,
            email=email,
            phone=phone,
            delivery_address=delivery_address,
        )
        notify(
            staff_recipients(),
            category=CATEGORY_ORDERS,
            title=_("Order of printed copies from %(organisation)s"),
            body=_("%(fr)s in French and %(nl)s in Dutch for %(event)s. Contact: %(contact)s, %(email)s."),
            url=f"/admin/socle_site/resourceorder/{order.pk}/change/",
            params={
                "organisation": organisation, "fr": order.quantity_fr, "nl": order.quantity_nl,
                "event": event.title, "contact": contact_name, "email": email,
            },
        )
    return order


def staff_recipients():
    from community.services.roles import STAFF_GROUP

    return User.objects.filter(is_active=True, groups__name=STAFF_GROUP).distinct()
