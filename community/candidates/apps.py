from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_schedule(sender, **kwargs):
    """After each migrate: the daily renewal reminders are scheduled. Idempotent."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name="candidates.renewal_reminders",
        defaults={"func": "community.candidates.tasks.send_renewal_reminders", "schedule_type": Schedule.DAILY},
    )


class CandidatesConfig(AppConfig):
    name = "community.candidates"
    label = "candidates"
    verbose_name = _("Candidate owners")

    def ready(self):
        from community.myspace import Panel, register_panel
        from community.notifications import register_category

        from . import panels

        register_category("candidacy", _("My candidacy for a CLT home"))
        register_category("candidacy_staff", _("Register of candidate owners (staff)"))
        register_panel(
            Panel(key="candidacy", title=_("My candidacy"), template="candidates/panel.html", order=30, get_context=panels.candidacy_panel)
        )
        post_migrate.connect(ensure_schedule, sender=self)
