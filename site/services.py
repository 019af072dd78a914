"""Writes of the public site: one function per write (house style 2)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from socle_site import page_cache, policy
from socle_site.exceptions import PublicSiteError
from socle_site.kernel import formatting
from socle_site.models import PublicEventPage, ResourceOrder

from community.models import Registration, User
from community.services import registrations
from community.services.notifications import EmailRecipient, notify

CATEGORY_EVENTS = "public_events"
CATEGORY_ORDERS = "resource_orders"


KIND_PUBLIC_EVENT = "public_event"


def _gathering(event: PublicEventPage):
    # The event's translations share its translation_key, so one gathering
    # counts the seats taken through every language.
    return registrations.gathering_for(kind=KIND_PUBLIC_EVENT, title=event.title, key=event.translation_key,
                                       starts_at=event.starts_at)


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
    params = {"event": event.title, "date": formatting.moment(event.starts_at), "venue": event.venue}
    if registration.status == Registration.Status.CONFIRMED:
        title = (
            _("A seat became free: you are registered for %(event)s")
            if promoted_from_waiting_list
            else _("You are registered for %(event)s")
        )
        body = _("We look forward to seeing you on %(date)s at %(venue)s.")
        visitor_body = _("We look forward to seeing you on %(date)s at %(venue)s.\n\n"
                         "If you cannot come, cancel here so that someone else gets your seat: %(cancel_url)s")
    else:
        title = _("You are on the waiting list for %(event)s")
        body = _("The event is full. If a seat becomes free, it is yours and we will tell you.")
        visitor_body = _("The event is full. If a seat becomes free, it is yours and we will tell you.\n\n"
                         "To leave the waiting list: %(cancel_url)s")
    if registration.is_visitor:
        # In the language of the page they registered from, whoever freed the seat.
        event = _in_language(registration.language, lambda: event.localized)()
        params = {"event": event.title, "date": formatting.moment(event.starts_at), "venue": event.venue}
        # Every e-mail to a visitor carries their cancel link (issue 26).
        notify([_visitor(registration)], category=CATEGORY_EVENTS, title=title, body=visitor_body,
               url=_in_language(registration.language, lambda: event.get_url() or ""),
               params={**params, "cancel_url": visitor_link(registration, "cancel")})
        return
    notify(
        [registration.user],
        category=CATEGORY_EVENTS,
        title=title,
        body=body,
        url=lambda: event.localized.get_url() or "",
        params=params,
    )


# --- Visitors without an account (issue 26) ------------------------------------
#
# A visitor registers with a name and an address; the registration takes no
# seat until they open the link of the e-mail (double opt-in), within
# CONFIRM_WITHIN. Every e-mail carries a link to cancel. Links are signed
# (django.core.signing with the secret key): no login, nothing guessable.

CONFIRM_WITHIN = timedelta(hours=48)
_SALTS = {"confirm": "socle_site.visitor.confirm", "cancel": "socle_site.visitor.cancel"}


def visitor_token(registration: Registration, action: str) -> str:
    return signing.dumps([registration.pk, registration.visitor_email], salt=_SALTS[action], compress=True)


def registration_of_token(token: str, action: str) -> int:
    """The registration a link names, or a translated refusal: a damaged
    link, or a confirmation link older than CONFIRM_WITHIN."""
    max_age = CONFIRM_WITHIN if action == "confirm" else None
    try:
        registration_id, email = signing.loads(token, salt=_SALTS[action], max_age=max_age)
    except signing.SignatureExpired as expired:
        raise PublicSiteError(gettext(
            "This confirmation link has expired: a registration not confirmed within 48 hours lapses. "
            "You may register again.")) from expired
    except (signing.BadSignature, ValueError, TypeError) as bad:
        raise PublicSiteError(gettext("This link is not valid. Check that you opened it whole, from the e-mail.")) from bad
    if not Registration.objects.filter(pk=registration_id, visitor_email=email).exists():
        raise PublicSiteError(gettext(
            "This registration no longer exists: it expired or was cancelled. You may register again."))
    return registration_id


def visitor_link(registration: Registration, action: str) -> str:
    """The absolute address of a visitor's confirm or cancel page, in their language."""
    name = "socle_site:visitor_confirm" if action == "confirm" else "socle_site:visitor_cancel"
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        path = reverse(name, args=[visitor_token(registration, action)])
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def _visitor(registration: Registration) -> EmailRecipient:
    return EmailRecipient(email=registration.visitor_email, name=registration.visitor_name,
                          language=registration.language or settings.LANGUAGE_CODE)


def _in_language(language: str, make):
    def made():
        with translation.override(language or settings.LANGUAGE_CODE):
            return make()
    return made


def _open_to_visitors(event: PublicEventPage) -> PublicEventPage:
    # Read as stored now: the page may have been closed since it was shown.
    event = PublicEventPage.objects.get(pk=event.pk)
    if not event.live or not event.registration_open or event.is_past:
        raise PublicSiteError(gettext("Registration for this event is closed."))
    if not event.accepts_visitors:
        raise PublicSiteError(gettext("Log in to register for this event."))
    return event


def register_visitor(*, event: PublicEventPage, name: str, email: str, language: str) -> Registration:
    """A visitor without an account asks for a seat: they are sent a link to
    confirm; nothing counts until they open it."""
    event = _open_to_visitors(event).localized
    with transaction.atomic():
        registration = registrations.register_visitor(gathering=_gathering(event), name=name, email=email,
                                                      language=language)
        notify([_visitor(registration)], category=CATEGORY_EVENTS,
               title=_("Confirm your registration for %(event)s"),
               body=_("Open this link within 48 hours to confirm your registration for %(event)s on %(date)s at "
                      "%(venue)s: %(confirm_url)s\n\nWithout it, the registration lapses. If you did not ask for it, "
                      "ignore this e-mail, or cancel here: %(cancel_url)s"),
               url=_in_language(language, lambda: reverse("socle_site:visitor_confirm",
                                                          args=[visitor_token(registration, "confirm")])),
               params={"event": event.title, "date": formatting.moment(event.starts_at), "venue": event.venue,
                       "confirm_url": visitor_link(registration, "confirm"),
                       "cancel_url": visitor_link(registration, "cancel")})
    return registration


def confirm_visitor(*, token: str) -> tuple[Registration, PublicEventPage]:
    """The visitor opened the confirmation link: a seat, or the waiting list."""
    registration_id = registration_of_token(token, "confirm")
    registration = Registration.objects.select_related("gathering").get(pk=registration_id)
    event = _event_of(registration)
    if event is None or not event.live or event.is_past:
        raise PublicSiteError(gettext("Registration for this event is closed."))
    was = registration.status
    with transaction.atomic():
        registration = registrations.confirm_visitor(registration_id=registration_id, capacity=event.capacity or None)
        if was == Registration.Status.UNCONFIRMED:
            _tell(registration, event)
            transaction.on_commit(page_cache.invalidate)
    return registration, event


def cancel_visitor(*, token: str) -> tuple[Registration, PublicEventPage | None]:
    """The visitor cancelled from an e-mail's link; the first person waiting
    takes the seat and is told, member or visitor."""
    registration_id = registration_of_token(token, "cancel")
    with transaction.atomic():
        cancellation = registrations.cancel_visitor(registration_id=registration_id)
        event = _event_of(cancellation.cancelled)
        if cancellation.promoted is not None and event is not None:
            _tell(cancellation.promoted, event, promoted_from_waiting_list=True)
        transaction.on_commit(page_cache.invalidate)
    return cancellation.cancelled, event


def _event_of(registration: Registration) -> PublicEventPage | None:
    """The event page of a registration, in the language the visitor used."""
    event = PublicEventPage.objects.filter(translation_key=registration.gathering.key).first()
    if event is None:
        return None
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        return event.localized


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
