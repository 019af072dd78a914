import importlib

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

RETENTION_SCHEDULE = "privacy.retention"


def ensure_schedule(sender, **kwargs):
    """After each migrate: retention runs every day. Idempotent."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name=RETENTION_SCHEDULE,
        defaults={"func": "community.privacy.tasks.run_retention", "schedule_type": Schedule.DAILY},
    )


def autodiscover() -> None:
    """Import ``<app>.privacy`` of every installed app: each declares its own
    models there. The community app's declarations (and those of the
    third-party apps Socle installs) live in this package's ``records``."""
    importlib.import_module("community.privacy.records")
    for config in apps.get_app_configs():
        if config.name.startswith("community.privacy") or config.name == "community":
            continue
        if module_has_submodule(config.module, "privacy"):
            importlib.import_module(f"{config.name}.privacy")


class PrivacyConfig(AppConfig):
    name = "community.privacy"
    label = "privacy"
    verbose_name = _("Personal data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from socle_site.kernel.jobs import JobKind, register_job_kind

        from community.demo import Stage, register_demo
        from community.myspace import Panel, register_panel
        from community.notifications import register_category

        from . import jobs, panels

        register_demo("community.privacy.demo", Stage.RECORDS)

        autodiscover()
        register_category("privacy", _("My personal data requests"))
        register_panel(
            Panel(key="privacy", title=_("My personal data"), template="privacy/panels/my_data.html", order=90, get_context=panels.my_data_panel)
        )
        # The copy of my data shows its progress through the base's one mechanism (issue 26).
        register_job_kind(JobKind(code=jobs.KIND, progress=jobs.export_progress))
        post_migrate.connect(ensure_schedule, sender=self)
