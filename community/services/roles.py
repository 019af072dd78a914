"""Granting and ending roles. Roles that open an administration (staff,
editor) also carry the Django groups that hold the matching permissions."""

from datetime import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.exceptions import CommunityError
from community.models import Organisation, Role, RoleAssignment, User
from community.services.audit import record_audit

STAFF_GROUP = "Staff"
# Wagtail's own groups: editors draft and submit, moderators (staff) publish.
EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"

GROUPS_BY_ROLE = {
    Role.STAFF: [STAFF_GROUP, MODERATORS_GROUP],
    Role.EDITOR: [EDITORS_GROUP],
}


def assign_role(
    *,
    user: User,
    role: str,
    acting_user: User | None,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    if role not in Role.values:
        raise CommunityError(_("This role does not exist."))
    if role == Role.ASSOCIATION_PARTNER and organisation is None:
        raise CommunityError(_("An association partner acts on behalf of an organisation: choose it."))
    with transaction.atomic():
        existing = (
            RoleAssignment.objects.select_for_update()
            .filter(user=user, role=role, ended_at__isnull=True)
            .first()
        )
        if existing:
            return existing
        assignment = RoleAssignment.objects.create(
            user=user, role=role, organisation=organisation, granted_by=acting_user
        )
        _sync_access(user)
        record_audit(actor=acting_user, action="role.granted", target=user, role=role)
    return assignment


def end_role(
    *, assignment: RoleAssignment, acting_user: User | None, ended_at: datetime | None = None
) -> RoleAssignment:
    with transaction.atomic():
        if assignment.ended_at is None:
            assignment.ended_at = ended_at or timezone.now()
            assignment.save(update_fields=["ended_at"])
            _sync_access(assignment.user)
            record_audit(
                actor=acting_user, action="role.ended", target=assignment.user, role=assignment.role
            )
    return assignment


def _sync_access(user: User) -> None:
    """Make the user's groups and staff flag follow their active roles."""
    from community.access import forget_access

    forget_access(user)  # what this object knew of the person's roles is stale
    active = set(
        RoleAssignment.objects.filter(user=user, ended_at__isnull=True).values_list("role", flat=True)
    )
    wanted = {name for role in active for name in GROUPS_BY_ROLE.get(role, [])}
    managed = {name for names in GROUPS_BY_ROLE.values() for name in names}
    for name in managed:
        group, _created = Group.objects.get_or_create(name=name)
        if name in wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    is_staff = Role.STAFF in active or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
