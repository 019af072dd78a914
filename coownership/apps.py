from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoownershipConfig(AppConfig):
    name = "coownership"
    verbose_name = _("Co-ownership")

    def ready(self):
        from community.myspace import Panel, register_panel
        from community.notifications import register_category

        from . import panels

        register_category("coownership", _("My building: charges, tickets and statements"))
        register_panel(
            Panel(key="building", title=_("My building"), template="coownership/panels/building.html", order=20,
                  get_context=panels.building_panel)
        )
