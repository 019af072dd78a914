from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

JOBS_SCHEDULE = "governance.jobs"


def ensure_schedule(sender, **kwargs):
    """After each migrate: online votes and reminders every five minutes. Idempotent."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name=JOBS_SCHEDULE,
        defaults={
            "func": "community.governance.tasks.run_governance_jobs",
            "schedule_type": Schedule.MINUTES,
            "minutes": 5,
        },
    )


class GovernanceConfig(AppConfig):
    name = "community.governance"
    label = "governance"
    verbose_name = _("Governance and votes")

    def ready(self):
        from community.access import AccessSource, register_access_source
        from community.demo import Stage, register_demo
        from community.myspace import Panel, register_panel
        from community.notifications import register_category

        from . import panels, predicates, rules_live  # noqa: F401  (rules_live: the console's and the minutes' perms)

        register_demo("community.governance.demo", Stage.BODIES)

        # Read with the member's other access rows: one query per request.
        register_access_source(AccessSource(key="governance.bodies", queryset=predicates.bodies_source, ints=("body_id",)))
        register_access_source(AccessSource(
            key="governance.secretaries", queryset=predicates.secretaries_source, ints=("body_id",)
        ))

        register_category("governance", _("Assemblies, meetings and votes"))
        register_panel(
            Panel(key="governance", title=_("My assemblies and votes"), template="governance/panels/governance.html",
                  order=20, get_context=panels.governance_panel)
        )
        post_migrate.connect(ensure_schedule, sender=self)
