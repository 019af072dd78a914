"""Who may do what: named predicates, written once (see rules.py)."""

import rules

from community.access import access_of
from community.models import Role


def _active_roles(user) -> frozenset[str]:
    # Many perms ask about roles: read with the request's access rows.
    return frozenset(role for (role,) in access_of(user).rows("roles"))


def current_household_ids(user) -> frozenset[int]:
    """The households a person is a current member of."""
    return frozenset(household for household, _ in access_of(user).rows("households"))


def resident_project_ids(user) -> frozenset[int]:
    """The housing projects a person lives in now: a current member of a
    household housed in the project."""
    return frozenset(project for _, project in access_of(user).rows("households") if project is not None)


def owned_dwelling_ids(user) -> frozenset[int]:
    """The dwellings a person's household owns now (community.Dwelling.owner_household)."""
    return access_of(user).ids("homes.owned")


def organisation_ids(user) -> frozenset[int]:
    """The organisations a person belongs to."""
    return access_of(user).ids("organisations")


def has_role(role: str) -> rules.Predicate:
    @rules.predicate(name=f"has_role:{role}")
    def predicate(user) -> bool:
        return role in _active_roles(user)

    return predicate


is_resident = has_role(Role.RESIDENT)
is_candidate = has_role(Role.CANDIDATE)
is_association_partner = has_role(Role.ASSOCIATION_PARTNER)
is_platform_member = has_role(Role.PLATFORM_MEMBER)
is_coowner = has_role(Role.COOWNER)
is_editor = has_role(Role.EDITOR)
is_steward = has_role(Role.STEWARD)
is_support_worker = has_role(Role.SUPPORT)


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or Role.STAFF in _active_roles(user)


@rules.predicate
def is_notification_recipient(user, notification) -> bool:
    return notification is not None and notification.recipient_id == getattr(user, "pk", None)
