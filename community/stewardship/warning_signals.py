"""Stewardship's early-warning signals (community.warnings, issue 25): the
ground-lease fee in arrears, and a yearly check left unanswered past its
deadline. A fixed number of queries, whatever the number of homes."""

from datetime import date

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting

from community.warnings import Signal

from . import selectors
from .models import FeeSetting, YearlyCheck


def fees_overdue(today: date, threshold_euros: int) -> dict[int, str]:
    setting = FeeSetting.objects.first()
    grace = setting.grace_days if setting else FeeSetting._meta.get_field("grace_days").default
    per_household: dict[int, int] = {}
    for (_dwelling, household_id), balance in selectors.fee_balances(today, grace).items():
        per_household[household_id] = per_household.get(household_id, 0) + balance.arrears_cents
    return {household_id: _("%(amount)s of ground-lease fee overdue") % {"amount": formatting.format_money(cents)}
            for household_id, cents in per_household.items() if cents > 0 and cents >= threshold_euros * 100}


def checks_unanswered(today: date, threshold: int) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for household_id, kind, year in YearlyCheck.objects.filter(
            status=YearlyCheck.Status.OPEN, due_on__lt=today,
            dwelling__owner_household_id=F("household_id")).values_list("household_id", "kind", "year"):
        found.setdefault(household_id, []).append(f"{YearlyCheck(kind=kind).get_kind_display()} ({year})")
    return {household_id: _("Yearly check unanswered past its deadline: %(checks)s") % {"checks": ", ".join(checks)}
            for household_id, checks in found.items() if len(checks) >= max(1, threshold)}


SIGNALS = [
    Signal(key="fee_arrears", label=gettext_lazy("Ground-lease fee in arrears"),
           threshold_label=gettext_lazy("euros overdue, at least"), default_threshold=30, households=fees_overdue, order=20),
    Signal(key="check_unanswered", label=gettext_lazy("Yearly check left unanswered"),
           threshold_label=gettext_lazy("checks past their deadline, at least"), default_threshold=1,
           households=checks_unanswered, order=30),
]
