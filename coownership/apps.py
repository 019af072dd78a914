from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoownershipConfig(AppConfig):
    name = "coownership"
    verbose_name = _("Co-ownership")

    def ready(self):
        from community.myspace import Panel, register_panel

        register_panel(
            Panel(key="building", title=_("My building"), template="coownership/panels/building_placeholder.html", order=20)
        )
