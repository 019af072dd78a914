"""Alerts by e-mail to the administrators (``ADMINS``, from ``SOCLE_ADMINS``):
a volunteer administrator will not watch a dashboard.

``problems()`` is a pure function of what the status selectors read;
``send_alerts()`` (scheduled every 15 minutes, ``socle_site.ops.tasks``)
e-mails each problem at most once a day, remembered in ``AlertSent``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import status
from .models import AlertSent

# Problem keys (stored in AlertSent).
DISK = "disk"
TASKS_FAILING = "tasks_failing"
QUEUE_OLD = "queue_old"
BACKUP_FAILED = "backup_failed"


@dataclass(frozen=True)
class Thresholds:
    disk_free_percent: float
    failed_tasks: int  # in the last 24 hours
    queue_age: timedelta

    @classmethod
    def from_settings(cls) -> "Thresholds":
        return cls(
            disk_free_percent=settings.SOCLE_ALERT_DISK_FREE_PERCENT,
            failed_tasks=settings.SOCLE_ALERT_FAILED_TASKS,
            queue_age=timedelta(minutes=settings.SOCLE_ALERT_QUEUE_AGE_MINUTES),
        )


@dataclass(frozen=True)
class Problem:
    key: str
    message: str


def problems(
    *, disk: status.Disk, failed: status.FailedTasks, queue: status.TaskQueue,
    backup: status.BackupStatus | None, limits: Thresholds,
) -> list[Problem]:
    found = []
    if disk.free_percent < limits.disk_free_percent:
        found.append(Problem(DISK, _("The disk holding %(path)s is nearly full: %(percent).1f %% free.") % {
            "path": disk.path, "percent": disk.free_percent}))
    if failed.count >= limits.failed_tasks:
        found.append(Problem(TASKS_FAILING, _("%(count)d background tasks failed in the last 24 hours.") % {"count": failed.count}))
    if queue.oldest_age is not None and queue.oldest_age >= limits.queue_age:
        found.append(Problem(QUEUE_OLD, _(
            "The oldest of %(count)d waiting tasks has waited %(minutes)d minutes: is the task cluster (manage.py qcluster) running?"
        ) % {"count": queue.length, "minutes": queue.oldest_age.total_seconds() // 60}))
    if backup is not None and not backup.ok:
        found.append(Problem(BACKUP_FAILED, _("The last backup failed: %(detail)s") % {"detail": backup.detail or "-"}))
    return found


def send_alerts(now: datetime | None = None) -> list[str]:
    """E-mail the administrators each current problem not yet e-mailed today.
    Returns the keys e-mailed."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        found = problems(
            disk=status.disk(), failed=status.failed_tasks(now), queue=status.task_queue(now),
            backup=status.last_backup(), limits=Thresholds.from_settings(),
        )
        sent = []
        today = timezone.localdate(now)
        for problem in found:
            try:
                with transaction.atomic():
                    AlertSent.objects.create(problem=problem.key, day=today, sent_at=now)
            except IntegrityError:
                continue  # already e-mailed today
            mail_admins(_("Socle needs attention"), problem.message + "\n\n" + _(
                "Details on the status page: %(url)s") % {"url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/status/"})
            sent.append(problem.key)
    return sent
