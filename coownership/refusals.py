"""Why a co-ownership perm refuses, in the words the person reads on the 403 page."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

# One reason per perm, true of every case the perm refuses (rules.py).
REASONS = {
    "coownership.view_building": _("This building's pages are for its co-owners, residents, committee and syndic."),
    "coownership.view_own_account": _("Only the co-owners of this building have an account here."),
    "coownership.view_accounts": _("Only the building's syndic and committee see its accounts."),
    "coownership.manage_building": _("Only the building's syndic and committee manage it."),
    "coownership.report_ticket": _("Only the co-owners, residents, committee and syndic of this building report a problem."),
    "coownership.handle_ticket": _("Only the building's syndic and committee handle its tickets."),
    "coownership.download_statement": _("A statement is only for the household it is about."),
    "coownership.create_building": _("Only staff add a building."),
    "coownership.manage_convocations": _("Only the building's syndic or staff convene its meetings."),
}

COMMENT_TICKET = _("Only who reported this problem, the committee and the syndic comment on it.")


def refusal(perm: str) -> PermissionDenied:
    """The PermissionDenied to raise when ``perm`` refuses: the 403 page says why."""
    return PermissionDenied(REASONS[perm])
