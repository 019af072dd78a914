"""Who may see and do what in a building: named predicates, written once.

A co-owner is a current member of a household that owns a lot of the building
today; a resident lives in the building's housing project; the building
committee (art. 3.90) and the syndic (art. 3.89) are roles of one building.
Nobody reads another building's data through their role elsewhere."""

from datetime import date

import rules
from django.db.models import Q
from django.utils import timezone

from community.models import HouseholdMember
from community.predicates import resident_project_ids


def current_household_ids(user) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_coown_households", None)
    if cached is None:
        cached = frozenset(
            HouseholdMember.objects.filter(user=user, until__isnull=True).values_list("household_id", flat=True)
        )
        user._coown_households = cached
    return cached


def owned_now(today: date) -> Q:
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gt=today))


def _access(user) -> tuple[frozenset[int], frozenset[int]]:
    """(buildings the person co-owns today, buildings they manage). Two
    queries per request, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset(), frozenset()
    cached = getattr(user, "_coown_access", None)
    if cached is None:
        from .models import BuildingRole, Ownership

        today = timezone.localdate()
        households = current_household_ids(user)
        owned = frozenset(
            Ownership.objects.filter(owned_now(today), household_id__in=households).values_list(
                "lot__building_id", flat=True
            )
        ) if households else frozenset()
        managed = frozenset(
            BuildingRole.objects.filter(owned_now(today), user=user).values_list("building_id", flat=True)
        )
        cached = user._coown_access = (owned, managed)
    return cached


def coowned_building_ids(user) -> frozenset[int]:
    return _access(user)[0]


def managed_building_ids(user) -> frozenset[int]:
    return _access(user)[1]


@rules.predicate
def is_building_coowner(user, building) -> bool:
    return building is not None and building.pk in coowned_building_ids(user)


@rules.predicate
def is_building_resident(user, building) -> bool:
    return building is not None and building.project_id in resident_project_ids(user)


@rules.predicate
def is_building_manager(user, building) -> bool:
    return building is not None and building.pk in managed_building_ids(user)


@rules.predicate
def is_building_syndic(user, building) -> bool:
    if building is None or not getattr(user, "is_authenticated", False):
        return False
    from .models import BuildingRole

    return BuildingRole.objects.filter(
        owned_now(timezone.localdate()), building=building, user=user, kind=BuildingRole.Kind.SYNDIC
    ).exists()


@rules.predicate
def is_statement_household_member(user, statement) -> bool:
    # Statements are personal: only the members of the household they are about.
    return statement is not None and statement.household_id in current_household_ids(user)


@rules.predicate
def is_ticket_reporter(user, ticket) -> bool:
    return ticket is not None and ticket.reporter_id == getattr(user, "pk", None)
