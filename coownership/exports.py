"""What a building's syndic and committee export (registered in apps.ready):
each co-owner's account and arrears, as the dashboard shows them; with the
rest of the building's books when it is handed to a professional syndic."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.dataio.exporters import Column, Exporter, register_exporter

from . import selectors
from .models import Building


def _building(pk: int) -> Building:
    return get_object_or_404(Building, pk=pk)


def _euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def account_rows(_user, building, _params):
    # The same figures as the dashboard: calls due by today, payments made by today.
    return selectors.balances(building, timezone.localdate())


def account_subjects(rows):
    return get_user_model().objects.filter(
        household_memberships__household__in=[r["household_id"] for r in rows],
        household_memberships__until__isnull=True,
    ).distinct()


ACCOUNTS = Exporter(
    name="coownership.accounts",
    title=_("Co-owners' accounts and arrears"),
    description=_("Per co-owner: what was called (due by today), what was paid, the balance and the arrears, in euros."),
    perm="coownership.view_accounts",
    refusal=_("Only the building's syndic and committee see its accounts."),
    target=_building,
    rows=account_rows,
    personal_data=True,
    subjects=account_subjects,
    columns=(
        Column("coowner", _("Co-owner"), lambda r: r["name"]),
        Column("called", _("Called (EUR)"), lambda r: _euros(r["called_cents"])),
        Column("paid", _("Paid (EUR)"), lambda r: _euros(r["paid_cents"])),
        Column("balance", _("Balance (EUR)"), lambda r: _euros(r["balance_cents"])),
        Column("arrears", _("Arrears (EUR)"), lambda r: _euros(r["arrears_cents"])),
    ),
)


def register() -> None:
    register_exporter(ACCOUNTS)
