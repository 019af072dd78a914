from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoownershipConfig(AppConfig):
    name = "coownership"
    verbose_name = _("Co-ownership")

    def ready(self):
        from community.menus import MEMBER, MenuLink, register_link

        register_link(MEMBER, MenuLink("building", _("My building"), "coownership:buildings", order=50))
        # Early warning (issue 25): what the co-ownership knows of a household in difficulty.
        from community.warnings import register_signal

        from .warning_signals import SIGNALS

        for signal in SIGNALS:
            register_signal(signal)
        from . import household_steps

        household_steps.register()
        # One record per home: the lot follows the home's sale or resale (community.homefile).
        from community.homefile import register_owner_follower

        from .services.buildings import follow_home_owner

        register_owner_follower("coownership.lot", follow_home_owner)
        # What members find in the one search box (community.search).
        from . import search as member_search

        member_search.register()
        from socle_site.kernel.generated_names import register_generated_name
        from socle_site.kernel.jobs import JobKind, register_job_kind

        from community.access import AccessSource, register_access_source
        from community.demo import Stage, register_demo
        from community.governance.paper import register_paper_convocation
        from community.governance.rulesets import register_rule_set
        from community.myspace import NeedSource, Panel, register_need_source, register_panel
        from community.notifications import register_category

        from . import convocations, exports, jobs, needs, panels, predicates, ruleset
        from .services import buildings

        # The co-owners' meetings follow the Civil Code through the one voting engine.
        register_rule_set(ruleset.KIND, ruleset.RULES, label=ruleset.LABEL)
        # Art. 3.87 §3: registered letters for those who did not agree to e-mail, through the one paper mechanism.
        register_paper_convocation(ruleset.KIND, convocations.PAPER)

        register_demo("coownership.demo", Stage.FEATURES)
        # Staff import buildings, lots, owners and opening balances (issue 23).
        from socle_site.kernel.dataio.importers import register_importer

        from .importers import BALANCES, LOTS

        register_importer(LOTS)
        register_importer(BALANCES)
        exports.register()
        for name in buildings.GENERATED_NAMES:
            register_generated_name(name)

        # Read with the member's other access rows: one query per request.
        register_access_source(AccessSource(
            key="coownership.owned_buildings", queryset=predicates.owned_buildings_source, ints=("lot__building_id",)
        ))
        register_access_source(AccessSource(
            key="coownership.building_roles", queryset=predicates.building_roles_source, ints=("building_id",),
            text="kind",
        ))
        register_category("coownership", _("My building: charges, tickets and statements"))
        register_panel(
            Panel(key="building", title=_("My building"), template="coownership/panels/building.html", order=20,
                  get_context=panels.building_panel)
        )
        register_need_source(NeedSource(key="coownership", branches=needs.branches, needs=needs.needs))
        # The statement PDF shows its progress through the base's one mechanism (issue 26).
        register_job_kind(JobKind(code=jobs.KIND, progress=jobs.statement_progress))
