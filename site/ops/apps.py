from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_schedules(sender, **kwargs) -> None:
    """After each migrate: the alert check runs every 15 minutes. Idempotent."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name="ops.check_alerts",
        defaults={
            "func": "socle_site.ops.tasks.check_alerts",
            "schedule_type": Schedule.MINUTES,
            "minutes": 15,
        },
    )


class OpsConfig(AppConfig):
    name = "socle_site.ops"
    label = "ops"
    verbose_name = _("Operations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from socle_site.kernel import metrics

        from community.services.invitations import register_bounce_source

        from . import bounces, queue_metrics, request_log

        request_log.connect_task_signals()
        register_bounce_source(bounces.bounced)
        metrics.register_collector(queue_metrics.QueueCollector)
        post_migrate.connect(ensure_schedules, sender=self)
