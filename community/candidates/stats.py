"""Figures about candidate owners that other parts of Socle show (the home
page's "registered candidate owners")."""

from community.models import Role, RoleAssignment


def registered_candidate_count() -> int:
    # Until the register exists, a candidate is a member holding the role.
    return RoleAssignment.objects.filter(role=Role.CANDIDATE, ended_at__isnull=True).count()
