from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from community import signals  # noqa: F401

        post_migrate.connect(signals.ensure_groups_and_schedules, sender=self)
        _register_access_sources()


def _register_access_sources() -> None:
    """What every perm asks about a person, read in the request's one access
    query (``community.access``)."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    from community.access import AccessSource, permission_codename, register_access_source
    from community.models import HouseholdMember, OrganisationMembership, RoleAssignment

    register_access_source(AccessSource(
        key="roles", queryset=lambda user: RoleAssignment.objects.filter(user=user, ended_at__isnull=True), text="role",
    ))
    register_access_source(AccessSource(
        key="households",
        queryset=lambda user: HouseholdMember.objects.filter(user=user, until__isnull=True),
        ints=("household_id", "household__housing_project_id"),
    ))
    register_access_source(AccessSource(
        key="organisations", queryset=lambda user: OrganisationMembership.objects.filter(user=user),
        ints=("organisation_id",),
    ))
    register_access_source(AccessSource(
        key="permissions",
        queryset=lambda user: Permission.objects.filter(Q(user=user) | Q(group__user=user)),
        text=permission_codename(),
    ))
