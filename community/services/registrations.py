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


def gathering_for(*, kind: str, title: str, key: uuid.UUID | None = None) -> Gathering:
    """The gathering of ``key``, made the first time it is needed; its title
    follows the feature's (it names the gathering in a person's data)."""
    if key is None:
        return Gathering.objects.create(kind=kind, title=title[:255])
    gathering, created = Gathering.objects.get_or_create(key=key, defaults={"kind": kind, "title": title[:255]})
    if not created and gathering.title != title[:255]:
        Gathering.objects.filter(pk=gathering.pk).update(title=title[:255])
        gathering.title = title[:255]
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
        taken = live.filter(status=Registration.Status.CONFIRMED).count()
        status = Registration.Status.CONFIRMED if has_place(capacity=capacity, taken=taken) else Registration.Status.WAITING
        return Registration.objects.create(gathering=gathering, user=user, status=status)


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
        had_place = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        promoted = None
        if had_place:
            promoted = (
                gathering.registrations.select_for_update()
                .filter(status=Registration.Status.WAITING)
                .select_related("user")
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = Registration.Status.CONFIRMED
                promoted.save(update_fields=["status"])
        return Cancellation(cancelled=registration, promoted=promoted)

