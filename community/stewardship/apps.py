from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_schedule_and_rules(sender, **kwargs):
    """After each migrate: a rule per yearly check, the daily run scheduled,
    and the staff group may set the rules in the administration. Idempotent."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django_q.models import Schedule

    from community.services.roles import STAFF_GROUP

    from .models import FeeSetting, ResaleSetting
    from .services import ensure_decision_rules, ensure_rules

    create_permissions(sender, verbosity=0)
    staff, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.add(*Permission.objects.filter(content_type__app_label="stewardship",
                                                     codename__in=["view_checkrule", "change_checkrule", "view_yearlycheck",
                                                                   "view_decisionrule", "change_decisionrule",
                                                                   "view_ownerrequest", "view_resalesetting",
                                                                   "change_resalesetting", "view_salenotice",
                                                                   "view_feesetting", "change_feesetting", "view_feecharge"]))
    ensure_rules()
    ensure_decision_rules()
    ResaleSetting.objects.get_or_create(pk=1)
    FeeSetting.objects.get_or_create(pk=1)
    Schedule.objects.get_or_create(
        name="stewardship.daily",
        defaults={"func": "community.stewardship.tasks.run_daily", "schedule_type": Schedule.DAILY},
    )


class StewardshipConfig(AppConfig):
    name = "community.stewardship"
    label = "stewardship"
    verbose_name = _("Stewardship after the sale")

    def ready(self):
        from community.demo import Stage, register_demo
        from community.homefile import (
            FilePanel,
            register_file_panel,
            register_improvements,
            register_timeline,
        )
        from community.menus import MEMBER, MenuLink, register_link
        from community.myspace import NeedSource, register_need_source
        from community.notifications import register_category
        from community.predicates import owned_dwelling_ids
        from community.warnings import register_signal

        from . import (
            fee_panel,
            household_steps,
            needs,
            predicates,
            selectors,
            timeline,
            warning_signals,
        )

        register_link(MEMBER, MenuLink("my_home", _("My home"), "stewardship:my_home", order=15,
                                       shown=lambda user: bool(owned_dwelling_ids(user))))
        register_link(MEMBER, MenuLink("stewardship", _("Homes after the sale"), "stewardship:dashboard", order=22,
                                       shown=predicates.is_steward))
        register_category("stewardship", _("My home: the yearly checks"))
        register_category("stewardship_staff", _("Homes after the sale (stewardship officers)"))
        register_need_source(NeedSource(key="stewardship", branches=needs.branches, needs=needs.needs))
        register_timeline("stewardship", timeline.events)
        # Early warning: the fee in arrears, a yearly check left unanswered.
        for signal in warning_signals.SIGNALS:
            register_signal(signal)
        household_steps.register()
        # The ground-lease fee: what the owner owes and how to pay it.
        register_file_panel(FilePanel(key="fees", title=_("Ground-lease fee"), template="stewardship/file_fee.html",
                                      order=20, get_context=fee_panel.fee_panel))
        # Approved works whose invoices are in count in the formula price (the register reads them).
        register_improvements(selectors.improvements_counted_cents)
        register_demo("community.stewardship.demo", Stage.FEATURES)
        post_migrate.connect(ensure_schedule_and_rules, sender=self)
