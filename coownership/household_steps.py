"""The co-ownership's step of a household change (community.household_changes):
the lot, and who represents the household at the co-owners' meeting."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.household_changes import Step, register_step

from .models import Ownership


def _ownership(change) -> Ownership | None:
    return Ownership.objects.filter(household_id=change.household_id, ends_on__isnull=True).select_related(
        "lot__building").first()


def _guidance(change) -> str:
    if change.household_left_empty:
        return _("The lot stays the household's until the home is sold: the syndic writes to the heirs or the notary "
                 "for the calls and the notices of meeting, and the lot's ownership changes only with the sale.")
    return _("The lot stays with the household. If the member who left represented it at the co-owners' general "
             "meeting, the household names another member: co-owners of one lot vote through one representative "
             "(Civil Code art. 3.87 §1). The syndic updates the address for calls and notices if needed.")


def register() -> None:
    register_step(Step(
        key="lot", title=gettext_lazy("The lot and the co-owners' meeting"), guidance=_guidance, order=50,
        applies=lambda change: _ownership(change) is not None,
        link=lambda change: reverse("coownership:building", args=[_ownership(change).lot.building.slug])
        if _ownership(change) else "",
    ))
