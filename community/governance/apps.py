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
        from community.menus import MEMBER, MenuLink, register_link

        register_link(MEMBER, MenuLink("assemblies", _("Assemblies and votes"), "governance:home", order=40))
        # What members find in the one search box (community.search).
        from . import search as member_search

        member_search.register()
        from community.access import AccessSource, register_access_source
        from community.demo import Stage, register_demo
        from community.myspace import NeedSource, Panel, register_need_source, register_panel
        from community.notifications import register_category

        from . import exports, needs, panels, predicates, rules_live  # noqa: F401  (rules_live: the console's and the minutes' perms)

        # The meeting's attendance and results, for those who run it (community.exports serves them).
        exports.register()

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
        register_need_source(NeedSource(key="governance", branches=needs.branches, needs=needs.needs))
        post_migrate.connect(ensure_schedule, sender=self)
        _register_translatable()


def _register_translatable() -> None:
    """Meetings, agenda items and motions are written by whoever runs the
    meeting, who translates them too (the perm that prepares them)."""
    from django.urls import reverse

    from community.content_translation.registry import TranslatableKind, register_translatable

    from .models import AgendaItem, Meeting, Question

    meeting_url = lambda meeting: reverse("governance:meeting", args=[meeting.pk])  # noqa: E731
    register_translatable(TranslatableKind(
        code="governance.meeting", model=Meeting, fields=("title", "description"), label=_("Meeting"),
        edit_perm="governance.run_meeting", page_url=meeting_url, html_fields=("description",),
    ))
    register_translatable(TranslatableKind(
        code="governance.agendaitem", model=AgendaItem, fields=("title", "description"), label=_("Agenda item"),
        edit_perm="governance.run_meeting", perm_object=lambda item: item.meeting,
        page_url=lambda item: meeting_url(item.meeting), html_fields=("description",),
    ))
    register_translatable(TranslatableKind(
        code="governance.question", model=Question, fields=("title", "description"), label=_("Question"),
        edit_perm="governance.run_question", page_url=lambda question: reverse("governance:question", args=[question.pk]),
        html_fields=("description",),
    ))
