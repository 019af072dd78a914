"""Stewardship's lines in the home's timeline (community.homefile)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.homefile import Event

from .models import OwnerRequest, YearlyCheck


def events(dwelling) -> list[Event]:
    rows = YearlyCheck.objects.filter(dwelling=dwelling).values_list("kind", "year", "opened_on", "status", "reviewed_at")
    labels = dict(YearlyCheck._meta.get_field("kind").choices)
    result = []
    for kind, year, opened_on, status, reviewed_at in rows:
        what = {"check": labels[kind], "year": year}
        # One line per check: where it stands (an accepted year needs no more).
        if status == YearlyCheck.Status.ACCEPTED and reviewed_at is not None:
            result.append(Event(on=timezone.localdate(reviewed_at),
                                text=_("Yearly check accepted: %(check)s (%(year)s)") % what))
        else:
            result.append(Event(on=opened_on, text=_("Yearly check opened: %(check)s (%(year)s)") % what))
    return result


def request_events(dwelling) -> list[Event]:
    rows = OwnerRequest.objects.filter(dwelling=dwelling).values_list("kind", "status", "submitted_at", "decided_at",
                                                                     "invoices_recorded_at")
    labels = dict(OwnerRequest._meta.get_field("kind").choices)
    result = []
    for kind, status, submitted_at, decided_at, invoiced_at in rows:
        what = {"request": labels[kind]}
        result.append(Event(on=timezone.localdate(submitted_at), text=_("Request sent: %(request)s") % what))
        if decided_at is not None:
            text = (_("Request refused: %(request)s") if status == OwnerRequest.Status.REFUSED
                    else _("Request approved: %(request)s"))
            result.append(Event(on=timezone.localdate(decided_at), text=text % what))
        if invoiced_at is not None:
            result.append(Event(on=timezone.localdate(invoiced_at),
                                text=_("Works' invoices recorded: they count in the resale price")))
    return result
