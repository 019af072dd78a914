from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from community.menus import MEMBER, MEMBER_TOOLS, MenuLink, register_link

        # The base's own links in base.html's member menu (community.menus).
        register_link(MEMBER, MenuLink("my_space", _("My space"), "community:my_space", order=10))
        register_link(MEMBER, MenuLink("search", _("Search my spaces"), "community:search", order=90))
        register_link(MEMBER_TOOLS, MenuLink(
            "members", _("Members without e-mail"), "community:members", order=10,
            shown=lambda user: user.has_perm("community.manage_people"),
        ))
        register_link(MEMBER_TOOLS, MenuLink(
            "household_changes", _("Household changes"), "community:household_changes", order=12,
            shown=lambda user: user.has_perm("community.manage_people"),
        ))
        from community import household_steps, signals  # noqa: F401

        household_steps.register()
        from community.demo import Stage, register_demo

        register_demo("community.demo", Stage.PEOPLE)
        # The demo partner organisation's API key, once the organisations and platforms exist.
        register_demo("community.api.demo", Stage.RECORDS)
        from community import exporters, importers, opendata

        exporters.register()
        importers.register()
        opendata.register()

        post_migrate.connect(signals.ensure_groups_and_schedules, sender=self)
        # The member search's GIN indexes, made from the kinds the features registered.
        from community.search.indexes import ensure_indexes_after_migrate

        post_migrate.connect(ensure_indexes_after_migrate, sender=self)
        _register_access_sources()
        _register_key_figures()


def _register_key_figures() -> None:
    """The home page's figures that are counts are counted here, from the
    projects and households, so they never contradict each other; only what no
    record holds (a survey's result, the financing's shares) is typed by the
    editors on the home page."""
    from django.db.models import Q, Sum

    from community.models import Household, HousingProject
    from community.showcase import KeyFigure, register_key_figure

    def total(field: str, *, delivered: bool) -> int:
        # A project is delivered once its residents live there; its numbers of
        # homes and community spaces are its own, typed once on the project.
        inhabited = Q(status=HousingProject.Status.INHABITED)
        projects = HousingProject.objects.filter(inhabited if delivered else ~inhabited)
        return projects.aggregate(total=Sum(field))["total"] or 0

    register_key_figure(KeyFigure(
        key="homes_delivered", label=_("homes delivered"), order=1,
        count=lambda: total("homes_count", delivered=True),
    ))
    register_key_figure(KeyFigure(
        key="homes_in_preparation", label=_("homes in preparation"), order=2,
        count=lambda: total("homes_count", delivered=False),
    ))
    register_key_figure(KeyFigure(
        key="community_spaces", label=_("community spaces in our projects"), order=3,
        count=lambda: total("community_spaces_count", delivered=True),
    ))
    register_key_figure(KeyFigure(
        key="resident_households", label=_("households live in our projects"), order=10,
        # A household that lives in a CLT project is a resident household.
        count=lambda: Household.objects.filter(housing_project__isnull=False).count(),
    ))


def _register_access_sources() -> None:
    """What every perm asks about a person, read in the request's one access
    query (``community.access``)."""
    from django.contrib.auth.models import Permission
    from django.db.models import Count, Q

    from community.access import AccessSource, permission_codename, register_access_source
    from community.models import (
        Dwelling,
        HouseholdMember,
        Notification,
        OrganisationMembership,
        RoleAssignment,
    )
    from community.selectors import UNREAD_SOURCE

    register_access_source(AccessSource(
        key="roles", queryset=lambda user: RoleAssignment.objects.filter(user=user, ended_at__isnull=True), text="role",
    ))
    register_access_source(AccessSource(
        key="households",
        queryset=lambda user: HouseholdMember.objects.filter(user=user, until__isnull=True),
        ints=("household_id", "household__housing_project_id"),
    ))
    register_access_source(AccessSource(
        # The homes a person's household owns now (issue 25: the owner's file).
        key="homes.owned",
        queryset=lambda user: Dwelling.objects.filter(
            owner_household__members__user=user, owner_household__members__until__isnull=True),
        ints=("pk",),
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
    register_access_source(AccessSource(
        # The header's unread count, on every member page: one row (none for
        # nothing unread) in the request's one access query rather than a query
        # of its own (issue 18). It decides nothing a person may see.
        key=UNREAD_SOURCE,
        queryset=lambda user: Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .values("recipient_id").annotate(unread=Count("pk")),
        ints=("unread",),
        decides_access=False,
    ))
