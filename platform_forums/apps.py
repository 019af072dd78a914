from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformForumsConfig(AppConfig):
    name = "platform_forums"
    verbose_name = _("Housing platforms and forums")

    def ready(self):
        from community.myspace import Panel, register_panel

        register_panel(
            Panel(key="platforms", title=_("My platforms"), template="platform_forums/panels/platforms_placeholder.html", order=40)
        )
