from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from community import signals  # noqa: F401
        from community.myspace import Panel, register_panel

        post_migrate.connect(signals.ensure_groups_and_schedules, sender=self)
        register_panel(
            Panel(
                key="assemblies",
                title=_("My assemblies"),
                template="community/panels/assemblies_placeholder.html",
                order=10,
            )
        )
