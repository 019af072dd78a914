"""The base's own steps of a household change (community.household_changes):
done when the change is recorded, shown so the staff know what happened."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting

from community.household_changes import Step, register_step


def _facts(change, key: str) -> dict:
    return next((s.get("facts") or {} for s in change.steps if s["key"] == key), {})


def _membership(change) -> str:
    return _("%(member)s no longer counts in the household from %(date)s: not in its composition, nor in its yearly "
             "certification or its income when the register or the trust asks.") % {
        "member": change.member, "date": formatting.format_day(change.happened_on)}


def _votes(change) -> str:
    facts = _facts(change, "votes")
    return _("Proxies given or held for meetings to come ended (%(proxies)d), and %(roles)d role(s) ended with the "
             "membership. Votes already cast stay as they were cast; minutes are not changed.") % {
        "proxies": facts.get("proxies", 0), "roles": facts.get("roles", 0)}


def _account(change) -> str:
    return _("The account is closed: no one can log in with it any more. What it did (votes, messages) stays, as the "
             "record of processing says; the family may ask for the personal data to be erased.")


def register() -> None:
    register_step(Step(key="membership", title=gettext_lazy("The household's composition"), guidance=_membership,
                       order=10, automatic=True))
    register_step(Step(key="votes", title=gettext_lazy("Votes, proxies and roles"), guidance=_votes, order=20,
                       automatic=True))
    register_step(Step(key="account", title=gettext_lazy("The member's account"), guidance=_account, order=30,
                       automatic=True, applies=lambda change: change.kind == "death" and change.member.user_id is not None))
