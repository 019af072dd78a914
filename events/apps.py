from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Rooms and activities")

    def ready(self):
        from community.myspace import Panel, register_panel

        register_panel(
            Panel(key="bookings", title=_("My bookings"), template="events/panels/bookings_placeholder.html", order=30)
        )
