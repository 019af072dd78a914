"""The one registration service: a place within a capacity, or the waiting
list, for any gathering (public events of the website, activities in the
rooms). Issue 17: there were two, one locking a Wagtail page row.

The feature decides who may register and whether registration is open, and
passes the capacity it keeps; this service decides the place under a lock of
the gathering's row (STYLE 3), with the base's capacity rule
(``community.capacity.has_place``), and moves the waiting list forward. It
tells nobody: the feature words its own notifications from the outcome."""

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from community.capacity import has_place
from community.exceptions import CommunityError
from community.models import Gathering, Registration, User


class RegistrationRefusal(CommunityError):
    """A registration that cannot be made or cancelled."""


@dataclass(frozen=True)
class Cancellation:
    cancelled: Registration
    # The person who took the freed place, if someone was waiting.
    promoted: Registration | None


def gathering_for(*, kind: str, title: str, key: uuid.UUID | None = None, starts_at=None) -> Gathering:
    """The gathering of ``key``, made the first time it is needed; its title
    and date follow the feature's (they name the gathering in a person's data
    and date the deletion of visitors' registrations)."""
    if key is None:
        return Gathering.objects.create(kind=kind, title=title[:255], starts_at=starts_at)
    gathering, created = Gathering.objects.get_or_create(
        key=key, defaults={"kind": kind, "title": title[:255], "starts_at": starts_at})
    if not created and (gathering.title != title[:255] or (starts_at and gathering.starts_at != starts_at)):
        changes = {"title": title[:255], **({"starts_at": starts_at} if starts_at else {})}
        Gathering.objects.filter(pk=gathering.pk).update(**changes)
        for name, value in changes.items():
            setattr(gathering, name, value)
    return gathering


def _locked(gathering: Gathering) -> Gathering:
    return Gathering.objects.select_for_update().get(pk=gathering.pk)


def register(*, gathering: Gathering, user: User, capacity: int | None) -> Registration:
    """A place if one is left (``capacity`` None: no limit), otherwise the
    waiting list. The database refuses a second live registration too."""
    with transaction.atomic():
        gathering = _locked(gathering)
        live = gathering.registrations.exclude(status=Registration.Status.CANCELLED)
        if live.filter(user=user).exists():
            raise RegistrationRefusal(_("You are already registered."))
        return Registration.objects.create(gathering=gathering, user=user, status=_place_or_waiting(gathering, capacity))


def _place_or_waiting(gathering: Gathering, capacity: int | None) -> str:
    """Under the gathering's lock: a place if one is left, else the waiting list."""
    taken = gathering.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return Registration.Status.CONFIRMED if has_place(capacity=capacity, taken=taken) else Registration.Status.WAITING


def register_visitor(*, gathering: Gathering, name: str, email: str, language: str) -> Registration:
    """A visitor without an account asks for a place (issue 26): nothing is
    taken until they confirm from the e-mail (``confirm_visitor``), so an
    address typed by someone else never holds a seat. One live registration
    per address and gathering, in the database too."""
    email = email.strip().lower()
    with transaction.atomic():
        gathering = _locked(gathering)
        if gathering.registrations.exclude(status=Registration.Status.CANCELLED).filter(visitor_email=email).exists():
            raise RegistrationRefusal(_("This e-mail address is already registered for this event. "
                                        "The e-mails we sent it have a link to cancel."))
        return Registration.objects.create(
            gathering=gathering, visitor_name=name.strip()[:120], visitor_email=email, language=language,
            status=Registration.Status.UNCONFIRMED,
        )


def confirm_visitor(*, registration_id: int, capacity: int | None) -> Registration:
    """The visitor confirmed from the e-mail: a place if one is left,
    otherwise the waiting list, decided under the same lock and rule as a
    member's. Confirming twice changes nothing."""
    with transaction.atomic():
        registration = Registration.objects.filter(pk=registration_id, user__isnull=True).first()
        if registration is None:
            raise RegistrationRefusal(_("This registration no longer exists: it expired or was cancelled. "
                                        "You may register again."))
        gathering = _locked(registration.gathering)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationRefusal(_("This registration was cancelled. You may register again."))
        if registration.status == Registration.Status.UNCONFIRMED:
            registration.status = _place_or_waiting(gathering, capacity)
            registration.save(update_fields=["status"])
        return registration


def cancel_visitor(*, registration_id: int) -> Cancellation:
    """A visitor gives up their registration from the link in an e-mail;
    the first person waiting takes a freed place, as when a member cancels."""
    with transaction.atomic():
        registration = Registration.objects.filter(pk=registration_id, user__isnull=True).first()
        if registration is None:
            raise RegistrationRefusal(_("This registration no longer exists: it expired or was cancelled."))
        gathering = _locked(registration.gathering)
        registration = gathering.registrations.select_for_update().filter(pk=registration.pk).first()
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationRefusal(_("This registration is already cancelled."))
        return _cancel_locked(gathering, registration)


def cancel(*, gathering: Gathering, user: User) -> Cancellation:
    """Give up a place or a place on the waiting list; the first person
    waiting takes a freed place (DOMAIN.md §8: the list moves by itself)."""
    with transaction.atomic():
        gathering = _locked(gathering)
        registration = (
            gathering.registrations.select_for_update()
            .filter(user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is None:
            raise RegistrationRefusal(_("You are not registered."))
        return _cancel_locked(gathering, registration)


def _cancel_locked(gathering: Gathering, registration: Registration) -> Cancellation:
    """Under the gathering's lock: cancel, and move the waiting list up."""
    had_place = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    promoted = None
    if had_place:
        promoted = (
            # of=("self",): a visitor has no account, so the user is the
            # nullable side of an outer join, which PostgreSQL will not lock.
            gathering.registrations.select_for_update(of=("self",))
            .filter(status=Registration.Status.WAITING)
            .select_related("user")
            .order_by("created_at", "pk")
            .first()
        )
        if promoted is not None:
            promoted.status = Registration.Status.CONFIRMED
            promoted.save(update_fields=["status"])
    return Cancellation(cancelled=registration, promoted=promoted)
