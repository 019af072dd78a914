"""Buildings, their lots and shares, owners and roles."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Household, User
from community.services.audit import record_audit
from community.services.dwellings import dwelling_for

from ..errors import CoownershipRefusal
from ..meetings import sync_coownership_body
from ..models import (
    Building,
    BuildingRole,
    DistributionKey,
    KeyWeight,
    Lot,
    Ownership,
)
from ._common import _require
from .bank import ensure_payment_reference

# --- Buildings, lots, owners, roles --------------------------------------------------------

# The keys every building starts with: kept as written by whoever created the
# building, read in each reader's language (registered in apps.py).
GENERAL_KEY_NAME = gettext_lazy("General (shares)")
EQUAL_KEY_NAME = gettext_lazy("Equal parts")
GENERATED_NAMES = (GENERAL_KEY_NAME, EQUAL_KEY_NAME)


def check_lot_shares(total_shares: int, lots: list[dict]) -> None:
    """The shares of the lots add up exactly to the building's total (art. 3.85 §1:
    the deed gives each lot its share of the common parts)."""
    if not lots:
        raise CoownershipRefusal(_("A building needs at least one lot."))
    references = [str(lot["reference"]).strip() for lot in lots]
    if any(not ref for ref in references) or len(set(references)) != len(references):
        raise CoownershipRefusal(_("Each lot needs its own reference."))
    if any(int(lot["shares"]) <= 0 for lot in lots):
        raise CoownershipRefusal(_("Each lot needs a positive number of shares."))
    total = sum(int(lot["shares"]) for lot in lots)
    if total != total_shares:
        raise CoownershipRefusal(
            _("The lots' shares add up to %(sum)d, not to the building's %(total)d: correct them so they match exactly.")
            % {"sum": total, "total": total_shares}
        )


@transaction.atomic
def create_building(
    *, acting_user: User | None, housing_project, name: str, slug: str, address: str = "", total_shares: int = 1000,
    lots: list[dict],
) -> Building:
    """A building with all its lots at once, so the shares always add up; it
    gets a general key by shares and a key of equal parts."""
    if acting_user is not None:
        _require(acting_user, "coownership.create_building", None)
    check_lot_shares(total_shares, lots)
    if Building.objects.filter(slug=slug).exists():
        raise CoownershipRefusal(_("Another building already has this short name."))
    building = Building.objects.create(
        housing_project=housing_project, name=name, slug=slug, address=address, total_shares=total_shares
    )
    new_lots = [
        Lot(building=building, reference=str(lot["reference"]).strip(), kind=lot.get("kind", Lot.Kind.FLAT),
            shares=int(lot["shares"]), description=lot.get("description", ""))
        for lot in lots
    ]
    for lot in new_lots:
        if lot.kind == Lot.Kind.FLAT:
            # A flat is a home: the one record of it, shared with the register's
            # home of the same label in the project (candidates.Home).
            lot.dwelling = dwelling_for(housing_project=housing_project, label=lot.reference)
            if Lot.objects.filter(dwelling=lot.dwelling).exists():
                raise CoownershipRefusal(
                    _("Another building of this housing project already has the flat %(reference)s.")
                    % {"reference": lot.reference}
                )
    Lot.objects.bulk_create(new_lots)
    all_lots = list(building.lots.all())
    general = DistributionKey.objects.create(building=building, name=str(GENERAL_KEY_NAME), kind=DistributionKey.Kind.GENERAL)
    equal = DistributionKey.objects.create(building=building, name=str(EQUAL_KEY_NAME), kind=DistributionKey.Kind.EQUAL)
    KeyWeight.objects.bulk_create(
        [KeyWeight(key=general, lot=lot, weight=lot.shares) for lot in all_lots]
        + [KeyWeight(key=equal, lot=lot, weight=1) for lot in all_lots]
    )
    record_audit(actor=acting_user, action="coownership.create_building", target=building, lots=len(all_lots))
    return building


@transaction.atomic
def change_lot_shares(*, acting_user: User | None, building: Building, shares: dict[str, int]) -> None:
    """New shares for every lot (decided unanimously, art. 3.88 §2); they must
    still add up to the total. The general key follows."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    lots = {lot.reference: lot for lot in Lot.objects.select_for_update().filter(building=building)}
    if set(shares) != set(lots):
        raise CoownershipRefusal(_("Give new shares for every lot of the building."))
    check_lot_shares(building.total_shares, [{"reference": ref, "shares": value} for ref, value in shares.items()])
    for ref, lot in lots.items():
        lot.shares = int(shares[ref])
    Lot.objects.bulk_update(lots.values(), ["shares"])
    for key in building.keys.filter(kind=DistributionKey.Kind.GENERAL):
        KeyWeight.objects.filter(key=key).delete()
        KeyWeight.objects.bulk_create([KeyWeight(key=key, lot=lot, weight=lot.shares) for lot in lots.values()])
    record_audit(actor=acting_user, action="coownership.change_lot_shares", target=building, shares=shares)


@transaction.atomic
def transfer_lot(*, acting_user: User | None, lot: Lot, household: Household, on_date: date) -> Ownership:
    """The lot belongs to ``household`` from ``on_date`` (first owner, or a
    resale): the previous owner's row ends that day, history kept."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", lot.building)
    current = Ownership.objects.select_for_update().filter(lot=lot, ends_on__isnull=True).first()
    if current is not None:
        if current.household_id == household.pk:
            raise CoownershipRefusal(_("This household already owns the lot."))
        if on_date <= current.starts_on:
            raise CoownershipRefusal(_("The new owner's date must come after the current owner's."))
        current.ends_on = on_date
        current.save(update_fields=["ends_on"])
    elif Ownership.objects.filter(lot=lot, ends_on__gt=on_date).exists():
        raise CoownershipRefusal(_("The new owner's date must come after the current owner's."))
    ownership = Ownership.objects.create(lot=lot, household=household, starts_on=on_date)
    ensure_payment_reference(lot.building, household)
    record_audit(
        actor=acting_user, action="coownership.transfer_lot", target=lot, household=household.pk,
        on=on_date.isoformat(), previous=current.household_id if current else None,
    )
    _sync_meeting_body(lot.building, acting_user)
    return ownership


def _sync_meeting_body(building: Building, acting_user: User | None) -> None:
    # The co-owners' meeting body follows owners and roles.
    sync_coownership_body(building=building, acting_user=acting_user)


@transaction.atomic
def assign_building_role(*, acting_user: User | None, building: Building, user: User, kind: str) -> BuildingRole:
    if acting_user is not None:
        _require(acting_user, "coownership.create_building", None)
    if kind not in BuildingRole.Kind.values:
        raise CoownershipRefusal(_("Choose a role of the building."))
    role, created = BuildingRole.objects.get_or_create(
        building=building, user=user, kind=kind, ends_on__isnull=True,
        defaults={"starts_on": timezone.localdate()},
    )
    if created:
        record_audit(actor=acting_user, action="coownership.assign_role", target=building, user=user.pk, kind=kind)
        _sync_meeting_body(building, acting_user)
    return role


@transaction.atomic
def end_building_role(*, acting_user: User | None, role: BuildingRole) -> BuildingRole:
    if acting_user is not None:
        _require(acting_user, "coownership.create_building", None)
    role.ends_on = timezone.localdate()
    role.save(update_fields=["ends_on"])
    record_audit(actor=acting_user, action="coownership.end_role", target=role.building, user=role.user_id, kind=role.kind)
    _sync_meeting_body(role.building, acting_user)
    return role


def follow_home_owner(dwelling, household: Household, since: date) -> None:
    """The home's lot follows its sale or resale (community.homefile, issue 25:
    one record per home). A lot that already knows this owner, or a later one
    (its history was entered first), is left as it is."""
    lot = Lot.objects.filter(dwelling=dwelling).select_related("building").first()
    if lot is None:
        return
    current = Ownership.objects.filter(lot=lot, ends_on__isnull=True).first()
    if current is not None and (current.household_id == household.pk or current.starts_on >= since):
        return
    if current is None and Ownership.objects.filter(lot=lot, ends_on__gt=since).exists():
        return
    transfer_lot(acting_user=None, lot=lot, household=household, on_date=since)
