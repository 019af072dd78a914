from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_schedule_and_permissions(sender, **kwargs):
    """After each migrate: the daily renewal reminders are scheduled, and the
    staff group may enter the yearly thresholds, price and priority rules,
    activation steps and operators in the administration. Idempotent."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django_q.models import Schedule

    from community.services.roles import STAFF_GROUP

    create_permissions(sender, verbosity=0)
    staff, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="candidates",
            content_type__model__in=["incomecategory", "incomethreshold", "priorityrulesetting", "operatorpricerule", "activationstep", "operator",
                                      "indexvalue", "appraisal"],
        )
    )

    Schedule.objects.get_or_create(
        name="candidates.renewal_reminders",
        defaults={"func": "community.candidates.tasks.send_renewal_reminders", "schedule_type": Schedule.DAILY},
    )
    Schedule.objects.get_or_create(
        name="candidates.offer_expiry",
        defaults={"func": "community.candidates.tasks.expire_offers", "schedule_type": Schedule.DAILY},
    )


class CandidatesConfig(AppConfig):
    name = "community.candidates"
    label = "candidates"
    verbose_name = _("Candidate owners")

    def ready(self):
        from community.menus import MAIN, MEMBER, MenuLink, register_link

        # The register's staff reach the register; everyone else their own candidacy.
        def may_view_register(user) -> bool:
            return user.has_perm("candidates.view_register")

        register_link(MEMBER, MenuLink("register", _("Register of candidates"), "candidates:register", order=20,
                                       shown=may_view_register))
        register_link(MEMBER, MenuLink("my_candidacy", _("My candidacy"), "candidates:my_candidacy", order=20,
                                       shown=lambda user: not may_view_register(user)))
        register_link(MAIN, MenuLink("become_owner", _("Become an owner"), "candidates:ownership_calculator", order=80))
        register_link(MAIN, MenuLink("affordable_rent", _("Affordable rent"), "candidates:rent_calculator", order=90))
        from socle_site.kernel.dataio.importers import register_importer
        from socle_site.kernel.generated_names import register_generated_name

        from community.access import AccessSource, register_access_source
        from community.demo import Stage, register_demo
        from community.homefile import (
            FilePanel,
            register_file_panel,
            register_formula_price,
            register_index_values,
            register_leases,
            register_timeline,
        )
        from community.myspace import NeedSource, Panel, register_need_source, register_panel
        from community.notifications import register_category
        from community.showcase import KeyFigure, register_key_figure

        from . import api, exports, file_panels, needs, panels, selectors, stats
        from .importers import DEEDS, REGISTER
        from .services import candidacies

        register_demo("community.candidates.demo", Stage.FEATURES)
        exports.register()
        api.register()
        register_importer(REGISTER)
        register_importer(DEEDS)
        register_generated_name(candidacies.HOUSEHOLD_NAME)

        # The operators a person staffs: the member menu asks on every page.
        register_access_source(AccessSource(
            key="candidates.operators", queryset=selectors.operators_staffed_by, ints=("pk",)
        ))
        register_category("candidacy", _("My candidacy for a CLT home"))
        register_category("candidacy_staff", _("Register of candidate owners (staff)"))
        register_panel(
            Panel(key="candidacy", title=_("My candidacy"), template="candidates/panel.html", order=30, get_context=panels.candidacy_panel)
        )
        register_need_source(NeedSource(key="candidacy", branches=needs.branches, needs=needs.needs))
        # The home's owner file (issue 25): the deed, its formula and lease; purchases and resales.
        register_file_panel(FilePanel(key="deed", title=_("The deed"), template="candidates/file_deed.html", order=10,
                                      get_context=file_panels.deed_panel))
        register_file_panel(FilePanel(key="ledger", title=_("Affordability ledger"), template="candidates/file_ledger.html",
                                      order=90, wide=True, get_context=file_panels.ledger_panel))
        register_timeline("deeds", file_panels.events)
        register_formula_price(file_panels.formula_price)
        # A household change: what happens to the deed.
        from . import household_steps

        household_steps.register()
        # The deeds' land leases and the index values, which stewardship turns into fees.
        register_leases(file_panels.leases)
        register_index_values(file_panels.index_values)
        register_key_figure(KeyFigure(
            key="registered_candidates", label=_("registered candidate owners"), order=20, count=stats.registered_candidate_count,
        ))
        post_migrate.connect(ensure_schedule_and_permissions, sender=self)
