from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformForumsConfig(AppConfig):
    name = "platform_forums"
    verbose_name = _("Housing platforms and forums")

    def ready(self):
        from community.myspace import Panel, register_panel
        from community.notifications import register_category

        from .panels import platforms_panel

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
