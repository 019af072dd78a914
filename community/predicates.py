"""Who may do what: named predicates, written once (see rules.py)."""

import rules

from community.models import HouseholdMember, Role


def _active_roles(user) -> frozenset[str]:
    # Cached on the user object for the request: many perms ask about roles.
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_socle_active_roles", None)
    if cached is None:
        cached = frozenset(
            user.role_assignments.filter(ended_at__isnull=True).values_list("role", flat=True)
        )
        user._socle_active_roles = cached
    return cached


def resident_project_ids(user) -> frozenset[int]:
    """The housing projects a person lives in now: a current member of a
    household housed in the project. One query, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_socle_resident_projects", None)
    if cached is None:
        cached = frozenset(
            HouseholdMember.objects.filter(
                user=user, until__isnull=True, household__housing_project__isnull=False
            ).values_list("household__housing_project_id", flat=True)
        )
        user._socle_resident_projects = cached
    return cached


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


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or Role.STAFF in _active_roles(user)


@rules.predicate
def is_notification_recipient(user, notification) -> bool:
    return notification is not None and notification.recipient_id == getattr(user, "pk", None)
