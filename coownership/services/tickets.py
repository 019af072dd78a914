"""Maintenance tickets: reported, assigned, followed, commented."""


from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.text_limits import MEDIUM_TEXT

from community.models import User
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import selectors
from ..errors import CoownershipRefusal
from ..models import (
    Building,
    Ticket,
    TicketComment,
    TicketPhoto,
)
from ..refusals import COMMENT_TICKET
from ._common import MAX_PHOTO_SIZE, PHOTO_TYPES, _require, _store, _url

# --- Maintenance tickets -------------------------------------------------------------------


def _notify_reporter(ticket: Ticket, acting_user: User, title) -> None:
    if ticket.reporter_id == getattr(acting_user, "pk", None):
        return
    notify(
        [ticket.reporter], category="coownership", title=title,
        url=_url("coownership:ticket", ticket.building.slug, ticket.pk),
        params={"title": ticket.title, "status": Ticket.Status(ticket.status).label},
    )


@transaction.atomic
def report_ticket(
    *, acting_user: User, building: Building, title: str, location: str, description: str, photos: list | None = None
) -> Ticket:
    _require(acting_user, "coownership.report_ticket", building)
    title, location, description = (title or "").strip(), (location or "").strip(), (description or "").strip()
    if not title or not location or not description:
        raise CoownershipRefusal(_("Say what the problem is, where, and describe it."))
    if len(description) > MEDIUM_TEXT:
        raise CoownershipRefusal(_("The description is too long (at most 5,000 characters)."))
    photos = photos or []
    if len(photos) > 5:
        raise CoownershipRefusal(_("Add five photos at most."))
    ticket = Ticket.objects.create(
        building=building, reporter=acting_user, title=title[:150], location=location[:150], description=description
    )
    for upload in photos:
        TicketPhoto.objects.create(ticket=ticket, file=_store(upload, allowed=PHOTO_TYPES, max_size=MAX_PHOTO_SIZE, is_photo=True))
    managers = list(User.objects.filter(selectors.role_now(), building_roles__building=building).distinct())
    notify(
        [m for m in managers if m.pk != acting_user.pk], category="coownership",
        title=gettext_lazy("New maintenance ticket: %(title)s"),
        url=_url("coownership:ticket", building.slug, ticket.pk), params={"title": ticket.title},
    )
    record_audit(actor=acting_user, action="coownership.report_ticket", target=ticket)
    return ticket


@transaction.atomic
def assign_ticket(*, acting_user: User, ticket: Ticket, assignee: User | None) -> Ticket:
    _require(acting_user, "coownership.handle_ticket", ticket.building)
    if assignee is not None and ticket.building_id not in selectors.managed_ids(assignee):
        raise CoownershipRefusal(_("Assign the ticket to a committee member or the syndic of this building."))
    ticket.assignee = assignee
    if assignee is not None and ticket.status == Ticket.Status.OPEN:
        ticket.status = Ticket.Status.ASSIGNED
    ticket.updated_at = timezone.now()
    ticket.save(update_fields=["assignee", "status", "updated_at"])
    record_audit(actor=acting_user, action="coownership.assign_ticket", target=ticket, assignee=getattr(assignee, "pk", None))
    _notify_reporter(ticket, acting_user, gettext_lazy("Your ticket “%(title)s” was assigned"))
    return ticket


@transaction.atomic
def change_ticket_status(*, acting_user: User, ticket: Ticket, status: str) -> Ticket:
    _require(acting_user, "coownership.handle_ticket", ticket.building)
    if status not in Ticket.Status.values:
        raise CoownershipRefusal(_("Choose a status."))
    if status == ticket.status:
        raise CoownershipRefusal(_("The ticket already has this status."))
    ticket.status = status
    ticket.updated_at = timezone.now()
    ticket.save(update_fields=["status", "updated_at"])
    record_audit(actor=acting_user, action="coownership.ticket_status", target=ticket, status=status)
    _notify_reporter(ticket, acting_user, gettext_lazy("Your ticket “%(title)s” is now: %(status)s"))
    return ticket


@transaction.atomic
def comment_ticket(*, acting_user: User, ticket: Ticket, body: str) -> TicketComment:
    if not (
        acting_user.has_perm("coownership.handle_ticket", ticket.building)
        or (ticket.reporter_id == acting_user.pk and acting_user.has_perm("coownership.view_building", ticket.building))
    ):
        raise PermissionDenied(COMMENT_TICKET)
    body = (body or "").strip()
    if not body:
        raise CoownershipRefusal(_("Write a comment."))
    comment = TicketComment.objects.create(ticket=ticket, author=acting_user, body=body[:4000])
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
    _notify_reporter(ticket, acting_user, gettext_lazy("New comment on your ticket “%(title)s”"))
    return comment
