"""Stewardship's lines in the home's timeline (community.homefile): its
yearly checks, requests and notices of sale, read together in one query."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel import formatting

from community.homefile import Event

from . import selectors
from .models import CheckKind, OwnerRequest, RequestKind, SaleNotice, YearlyCheck


def events(dwelling) -> list[Event]:
    checks, requests, notices = selectors.file_rows(dwelling)
    return check_events(checks) + request_events(requests) + sale_events(notices)


def check_events(checks) -> list[Event]:
    labels = dict(CheckKind.choices)
    result = []
    for check in checks:
        what = {"check": labels[check.kind], "year": check.year}
        # One line per check: where it stands (an accepted year needs no more).
        if check.status == YearlyCheck.Status.ACCEPTED and check.reviewed_at is not None:
            result.append(Event(on=timezone.localdate(check.reviewed_at),
                                text=_("Yearly check accepted: %(check)s (%(year)s)") % what))
        else:
            result.append(Event(on=check.opened_on, text=_("Yearly check opened: %(check)s (%(year)s)") % what))
    return result


def request_events(requests) -> list[Event]:
    labels = dict(RequestKind.choices)
    result = []
    for request in requests:
        what = {"request": labels[request.kind]}
        result.append(Event(on=timezone.localdate(request.submitted_at), text=_("Request sent: %(request)s") % what))
        if request.decided_at is not None:
            text = (_("Request refused: %(request)s") if request.status == OwnerRequest.Status.REFUSED
                    else _("Request approved: %(request)s"))
            result.append(Event(on=timezone.localdate(request.decided_at), text=text % what))
        if request.invoices_recorded_at is not None:
            result.append(Event(on=timezone.localdate(request.invoices_recorded_at),
                                text=_("Works' invoices recorded: they count in the resale price")))
    return result


def sale_events(notices) -> list[Event]:
    result = []
    for notice in notices:
        result.append(Event(on=notice.given_on, text=_("Notice of sale given; the trust decides by %(date)s") % {
            "date": formatting.day(notice.first_refusal_until)}))
        if notice.decided_on is not None:
            result.append(Event(on=notice.decided_on, text=SaleNotice.Status(notice.status).label,
                                detail=notice.decision_note))
    return result
