"""What the co-ownership asks of a co-owner now, for the top of My space: a
payment due (a call for funds fallen due and unpaid, or one due within the
month)."""

from datetime import timedelta

from django.db.models import DateField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel import formatting
from socle_site.kernel.together import Branch

from community.myspace import Need

from . import policy
from .models import Building, CallLine, Payment
from .predicates import coowned_building_ids, current_household_ids

# A call is shown as soon as it falls due within this many days.
DUE_SOON_DAYS = 30


def branches(request) -> list:
    user = request.user
    buildings = coowned_building_ids(user)  # from the access rows: no query for whom owns nothing
    if not buildings:
        return []
    households = list(current_household_ids(user))
    today = timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)

    def total(model, **filters):
        rows = (model.objects.filter(building=OuterRef("pk"), household_id__in=households, **filters)
                .order_by().values("building").annotate(total=Sum("amount_cents")).values("total"))
        return Coalesce(Subquery(rows), 0)

    next_due = Subquery(
        CallLine.objects.filter(building=OuterRef("pk"), household_id__in=households, due_on__gt=today, due_on__lte=soon)
        .order_by("due_on").values("due_on")[:1], output_field=DateField())
    queryset = Building.objects.filter(pk__in=buildings).annotate(
        called_now_cents=total(CallLine, due_on__lte=today), called_soon_cents=total(CallLine, due_on__lte=soon),
        paid_cents=total(Payment), next_due_on=next_due,
    ).order_by("name", "pk")
    return [Branch(queryset, ("name", "slug", "called_now_cents", "called_soon_cents", "paid_cents", "next_due_on"))]


def needs(request, rows) -> list[Need]:
    today = timezone.localdate()
    result = []
    for building in rows[0]:
        # Payments clear the oldest call first (as on the account page).
        overdue = policy.arrears(called_cents=building.called_now_cents, paid_cents=building.paid_cents)
        due_soon = policy.arrears(called_cents=building.called_soon_cents, paid_cents=building.paid_cents)
        url = reverse("coownership:my_account", args=[building.slug])
        if overdue:
            result.append(Need(
                title=_("Pay %(amount)s to the co-ownership of %(building)s: overdue")
                % {"amount": formatting.format_money(overdue), "building": building.name},
                action=_("How to pay"), url=url, due=today, overdue=True))
        elif due_soon and building.next_due_on:
            result.append(Need(
                title=_("Pay %(amount)s to the co-ownership of %(building)s")
                % {"amount": formatting.format_money(due_soon), "building": building.name},
                action=_("How to pay"), url=url, due=building.next_due_on))
    return result
