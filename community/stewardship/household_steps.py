"""Stewardship's step of a household change (community.household_changes):
the yearly checks, the ground-lease fee, and a sale if nobody is left."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.household_changes import Step, register_step
from community.models import Dwelling


def _home(change) -> Dwelling | None:
    return Dwelling.objects.filter(owner_household_id=change.household_id).first()


def _guidance(change) -> str:
    if change.household_left_empty:
        return _("Nobody lives in the home any more: the yearly occupancy check cannot be met. Record the heirs' "
                 "notice of sale on the home's file (the trust's right of first refusal starts); the ground-lease fee "
                 "stays due until the sale.")
    return _("The household's next occupancy check lists its members as they are now; the ground-lease fee does not "
             "change. Check the home's file for a request (a sublet, a loan) the change affects.")


def register() -> None:
    register_step(Step(
        key="stewardship", title=gettext_lazy("The home's yearly checks and fee"), guidance=_guidance, order=60,
        applies=lambda change: _home(change) is not None,
        link=lambda change: reverse("stewardship:home_file", args=[_home(change).pk]) if _home(change) else "",
    ))
