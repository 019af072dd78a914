"""The one record of a home, shared by the features that look at it."""

from community import homefile
from community.models import Dwelling, Household, HousingProject


def dwelling_for(*, housing_project: HousingProject, label: str, floor: int | None = None) -> Dwelling:
    """The dwelling of this label in the project, made the first time a
    feature names it: the register's home and the co-ownership's lot of the
    same label are then the same dwelling."""
    dwelling, created = Dwelling.objects.get_or_create(
        housing_project=housing_project, label=label.strip(), defaults={"floor": floor}
    )
    if not created and floor is not None and dwelling.floor is None:
        dwelling.floor = floor
        dwelling.save(update_fields=["floor"])
    return dwelling


def record_owner(*, dwelling: Dwelling, household: Household | None, since=None) -> Dwelling:
    """The household that owns the dwelling from ``since`` (None: no owner
    household, the trust holds it again). The one writer of the dwelling's
    owner: the register's deed services call it on every sale and resale, and
    the features that follow the owner (the co-ownership's lot) are told here,
    in the same transaction (community.homefile.register_owner_follower)."""
    owner_id = household.pk if household is not None else None
    if (dwelling.owner_household_id, dwelling.owned_since) != (owner_id, since):
        dwelling.owner_household_id, dwelling.owned_since = owner_id, since
        dwelling.save(update_fields=["owner_household", "owned_since"])
    if household is not None and since is not None:
        homefile.owner_changed(dwelling, household, since)
    return dwelling


def dwelling_address(dwelling: Dwelling) -> str:
    """Where the household of this dwelling lives: the project's street
    address and the dwelling's label (its box, as the deed names it)."""
    return f"{dwelling.housing_project.address}, {dwelling.label}"


def move_household(
    *, household: Household, address: str, postal_code: str, municipality: str, housing_project: HousingProject | None,
    country: str = "",
) -> Household:
    """The household's address, and the CLT project it lives in (none once it
    has moved out). Saved only when something changes."""
    wanted = {"address": address, "postal_code": postal_code, "municipality": municipality, "country": country,
              "housing_project_id": housing_project.pk if housing_project else None}
    changed = [name for name, value in wanted.items() if getattr(household, name) != value]
    for name in changed:
        setattr(household, name, wanted[name])
    if changed:
        household.save(update_fields=[name.removesuffix("_id") for name in changed])
    return household


def move_in(*, household: Household, dwelling: Dwelling) -> Household:
    """The household lives in this dwelling: its address is the dwelling's
    and it is a resident household of the dwelling's project."""
    project = dwelling.housing_project
    return move_household(household=household, address=dwelling_address(dwelling), postal_code=project.postal_code,
                          municipality=project.municipality, housing_project=project)
