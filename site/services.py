"""Writes of the public site: one function per write (house style 2)."""

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from socle_site import page_cache, policy
from socle_site.exceptions import PublicSiteError
from socle_site.kernel import formatting
from socle_site.models import PublicEventPage, ResourceOrder

from community.models import Registration, User
from community.services import registrations
from community.services.notifications import notify

CATEGORY_EVENTS = "public_events"
CATEGORY_ORDERS = "resource_orders"


KIND_PUBLIC_EVENT = "public_event"


def _gathering(event: PublicEventPage):
    # The event's translations share its translation_key, so one gathering
    # counts the seats taken through every language.
    return registrations.gathering_for(kind=KIND_PUBLIC_EVENT, title=event.title, key=event.translation_key)


def register_for_event(*, event: PublicEventPage, acting_user: User) -> Registration:
    """A member takes a seat, or a place on the waiting list when it is full."""
    if not acting_user.is_authenticated:
        raise PublicSiteError(gettext("Log in to register for this event."))
    # Read as stored now: the page may have been closed since it was shown.
    event = PublicEventPage.objects.get(pk=event.pk)
    if not event.live or not event.registration_open or event.is_past:
        raise PublicSiteError(gettext("Registration for this event is closed."))
    with transaction.atomic():
        # The one registration service decides the seat; 0 on the page means no limit.
        registration = registrations.register(
            gathering=_gathering(event), user=acting_user, capacity=event.capacity or None
        )
        _tell(registration, event)
        transaction.on_commit(page_cache.invalidate)
    return registration


def cancel_registration(*, event: PublicEventPage, acting_user: User) -> Registration:
    """A member gives up their seat; the first person waiting takes it and is told."""
    with transaction.atomic():
        cancellation = registrations.cancel(gathering=_gathering(event), user=acting_user)
        if cancellation.promoted is not None:
            _tell(cancellation.promoted, event, promoted_from_waiting_list=True)
        transaction.on_commit(page_cache.invalidate)
    return cancellation.cancelled


def _tell(registration: Registration, event: PublicEventPage, promoted_from_waiting_list: bool = False) -> None:
    if registration.status == Registration.Status.CONFIRMED:
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
