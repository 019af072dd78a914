from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformForumsConfig(AppConfig):
    name = "platform_forums"
    verbose_name = _("Housing platforms and forums")

    def ready(self):
        from community.menus import MAIN, MEMBER, MenuLink, register_link

        register_link(MAIN, MenuLink("platforms", _("Housing platforms"), "platform_forums:platforms", order=70))
        register_link(MEMBER, MenuLink("forums", _("Forums"), "platform_forums:forums", order=60))
        # What members find in the one search box (community.search).
        from . import search as member_search

        member_search.register()
        from django.db.models import Case, CharField, Value, When
        from django.db.models.signals import post_migrate

        from community.access import AccessSource, register_access_source
        from community.demo import Stage, register_demo
        from community.myspace import Panel, register_panel
        from community.notifications import register_category

        from . import predicates
        from .panels import platforms_panel

        register_demo("platform_forums.demo", Stage.FEATURES)
        from . import api, exports

        exports.register()
        api.register()

        # Read with the member's other access rows: one query per request.
        register_access_source(AccessSource(
            key="platform_forums.platform_roles", queryset=predicates.platform_roles_source, ints=("platform_id",),
            text="role",
        ))
        register_access_source(AccessSource(
            key="platform_forums.sub_commissions", queryset=predicates.sub_commissions_source,
            ints=("sub_commission_id", "sub_commission__platform_id"),
            text=Case(When(is_coordinator=True, then=Value("1")), default=Value("0"), output_field=CharField()),
        ))

        post_migrate.connect(ensure_schedules, sender=self)
        _register_translatable()
        from socle_site.kernel.generated_names import register_generated_name

        from .services import FORUM_NAME

        register_generated_name(FORUM_NAME)
        register_category("forum_mention", _("Mentions in forums"))
        register_category("platform", _("My housing platforms"), default_frequency="daily")
        register_panel(
            Panel(
                key="platforms",
                title=_("My platforms"),
                template="platform_forums/panels/platforms.html",
                order=40,
                get_context=platforms_panel,
            )
        )


def _register_translatable() -> None:
    """Meeting titles and agendas, opinions and the catalogue are written by
    the members; who may edit them translates them."""
    from django.urls import reverse

    from community.content_translation.registry import TranslatableKind, register_translatable

    from .models import AgendaItem, Meeting, Opinion, Practice

    meeting_url = lambda meeting: reverse("platform_forums:meeting", args=[meeting.pk])  # noqa: E731
    register_translatable(TranslatableKind(
        code="platform_forums.meeting", model=Meeting, fields=("title",), label=_("Meeting"),
        edit_perm="platform_forums.lead_meeting", page_url=meeting_url,
    ))
    register_translatable(TranslatableKind(
        code="platform_forums.agendaitem", model=AgendaItem, fields=("title",), label=_("Agenda item"),
        edit_perm="platform_forums.lead_meeting", perm_object=lambda item: item.meeting,
        page_url=lambda item: meeting_url(item.meeting),
    ))
    register_translatable(TranslatableKind(
        code="platform_forums.opinion", model=Opinion, fields=("title", "body_html"), label=_("Opinion"),
        edit_perm="platform_forums.translate_opinion", html_fields=("body_html",),
        page_url=lambda opinion: reverse("platform_forums:opinion", args=[opinion.pk]),
    ))
    register_translatable(TranslatableKind(
        code="platform_forums.practice", model=Practice, fields=("title", "summary", "body_html"),
        label=_("Good practice or project"), edit_perm="platform_forums.edit_practice", html_fields=("body_html",),
        page_url=lambda practice: reverse("platform_forums:practice", args=[practice.pk]),
    ))


def ensure_schedules(sender, **kwargs) -> None:
    """The daily reminder of overdue actions, created once (get_or_create)."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name="platform_forums.overdue_actions",
        defaults={
            "func": "platform_forums.tasks.remind_overdue_actions",
            "schedule_type": Schedule.DAILY,
        },
    )
