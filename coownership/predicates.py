"""Who may see and do what in a building: named predicates, written once.

A co-owner is a current member of a household that owns a lot of the building
today; a resident lives in the building's housing project; the building
committee (art. 3.90) and the syndic (art. 3.89) are roles of one building.
Nobody reads another building's data through their role elsewhere."""

from datetime import date

import rules
from django.db.models import Q
from django.utils import timezone

from community.access import access_of
from community.predicates import current_household_ids, resident_project_ids


def owned_now(today: date) -> Q:
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gt=today))


def owned_buildings_source(user):
    """The lots of the person's current households owned today (an access source)."""
    from .models import Ownership

    return Ownership.objects.filter(
        owned_now(timezone.localdate()), household__members__user=user, household__members__until__isnull=True
    )


def building_roles_source(user):
    """The person's roles in buildings today: committee, syndic (an access source)."""
    from .models import BuildingRole

    return BuildingRole.objects.filter(owned_now(timezone.localdate()), user=user)


def coowned_building_ids(user) -> frozenset[int]:
    """Buildings the person co-owns today: read with the request's access rows."""
    return access_of(user).ids("coownership.owned_buildings")


def managed_building_ids(user) -> frozenset[int]:
    """Buildings the person manages today (committee or syndic)."""
    return access_of(user).ids("coownership.building_roles")


@rules.predicate
def is_building_coowner(user, building) -> bool:
    return building is not None and building.pk in coowned_building_ids(user)


@rules.predicate
def is_building_resident(user, building) -> bool:
    return building is not None and building.housing_project_id in resident_project_ids(user)


@rules.predicate
def is_building_manager(user, building) -> bool:
    return building is not None and building.pk in managed_building_ids(user)


@rules.predicate
def is_building_syndic(user, building) -> bool:
    if building is None:
        return False
    from .models import BuildingRole

    return (building.pk, BuildingRole.Kind.SYNDIC) in access_of(user).rows("coownership.building_roles")


@rules.predicate
def is_statement_household_member(user, statement) -> bool:
    # Statements are personal: only the members of the household they are about.
    return statement is not None and statement.household_id in current_household_ids(user)


@rules.predicate
def is_ticket_reporter(user, ticket) -> bool:
    return ticket is not None and ticket.reporter_id == getattr(user, "pk", None)
