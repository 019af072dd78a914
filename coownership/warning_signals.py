"""The co-ownership's early-warning signals (community.warnings, issue 25):
charges overdue for a month, and repairs a household asked for that stay
undone. Two queries each, whatever the number of buildings."""

from datetime import date, timedelta

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting

from community.models import HouseholdMember
from community.warnings import Signal

from . import policy
from .models import CallLine, Payment, Ticket

# A call is counted once it has been due for a month (the reminders' rhythm).
OVERDUE_AFTER = timedelta(days=30)
# A repair counted as "staying undone" after two months.
UNDONE_AFTER = timedelta(days=60)


def charges_overdue(today: date, threshold_euros: int) -> dict[int, str]:
    called = dict(CallLine.objects.filter(due_on__lte=today - OVERDUE_AFTER).values("household_id")
                  .annotate(total=Sum("amount_cents")).values_list("household_id", "total"))
    paid = dict(Payment.objects.filter(paid_on__lte=today, household_id__in=list(called)).values("household_id")
                .annotate(total=Sum("amount_cents")).values_list("household_id", "total"))
    result = {}
    for household_id, total in called.items():
        cents = policy.arrears(called_cents=total or 0, paid_cents=paid.get(household_id) or 0)
        if cents and cents >= threshold_euros * 100:
            result[household_id] = _("%(amount)s of co-ownership charges overdue for more than a month") % {
                "amount": formatting.format_money(cents)}
    return result


def repairs_undone(today: date, threshold: int) -> dict[int, str]:
    late = dict(Ticket.objects.filter(created_at__date__lte=today - UNDONE_AFTER).exclude(
        status__in=[Ticket.Status.RESOLVED, Ticket.Status.CLOSED]).values("reporter_id")
        .annotate(n=Count("pk")).values_list("reporter_id", "n"))
    per_household: dict[int, int] = {}
    for household_id, user_id in HouseholdMember.objects.filter(user_id__in=list(late), until__isnull=True).values_list(
            "household_id", "user_id"):
        per_household[household_id] = per_household.get(household_id, 0) + late[user_id]
    return {household_id: _("%(count)d repairs asked for and still undone after two months") % {"count": count}
            for household_id, count in per_household.items() if count >= max(1, threshold)}


SIGNALS = [
    Signal(key="coownership_arrears", label=gettext_lazy("Co-ownership charges overdue"),
           threshold_label=gettext_lazy("euros overdue for more than a month, at least"), default_threshold=100,
           households=charges_overdue, order=10),
    Signal(key="repairs_undone", label=gettext_lazy("Repairs asked for and still undone"),
           threshold_label=gettext_lazy("repairs undone after two months, at least"), default_threshold=3,
           households=repairs_undone, order=40),
]
