"""The register's step of a household change (community.household_changes):
what happens to the deed."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.household_changes import Step

from .models import Deed


def _deed(change) -> Deed | None:
    return Deed.objects.filter(household_id=change.household_id, ended_on__isnull=True).select_related("home").first()


def _guidance(change) -> str:
    if change.kind == "death" and change.household_left_empty:
        return _("No one is left in the household: the heirs inherit the home with its deed. They may live in it only "
                 "if they meet the register's conditions; otherwise they sell it, at the deed's formula price, to the "
                 "next household of the register, after the trust's right of first refusal. Ask the notary for the "
                 "certificate of inheritance and record the notice of sale.")
    if change.kind == "death":
        return _("The deed stays with the household: the surviving members keep the home under the same clauses. "
                 "If the notary changes who owns it (the deceased's share), record the new deed in the register; "
                 "the resale formula and the lease do not change.")
    if change.kind == "separation":
        return _("The member who keeps the home may take over the other's share: the share is valued with the deed's "
                 "formula (never above it), the trust agrees to it, and the notary's deed is recorded in the register. "
                 "If neither keeps it, the home is sold to the next household of the register.")
    return _("The deed does not change while other members of the household live in the home. If the member who "
             "leaves is one of the owners in the deed, the notary records the transfer of their share at the deed's "
             "formula price: record the new deed in the register.")


def register() -> None:
    from community.household_changes import register_step

    register_step(Step(
        key="deed", title=gettext_lazy("The deed"), guidance=_guidance, order=40,
        applies=lambda change: _deed(change) is not None,
        link=lambda change: reverse("candidates:home_ranking", args=[_deed(change).home_id]) if _deed(change) else "",
    ))
