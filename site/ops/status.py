"""What the administrator's status page, the metrics and the alerts read:
Redis, the task queue, failed tasks, the last backup, free disk space.

The last backup comes from whoever makes backups: a provider registered with
``register_backup_status`` (the backup command registers one), else the JSON
file named by ``SOCLE_BACKUP_STATUS_FILE`` (``{"finished_at": ISO 8601,
"ok": true|false, "detail": "..."}``), else it is unknown.
"""

import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)

FAILED_TASKS_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class TaskQueue:
    length: int
    oldest_age: timedelta | None


@dataclass(frozen=True)
class FailedTasks:
    count: int  # in the last FAILED_TASKS_WINDOW
    last: list  # the latest few: name, when


@dataclass(frozen=True)
class Disk:
    path: Path
    free_bytes: int
    total_bytes: int

    @property
    def free_percent(self) -> float:
        return 100.0 * self.free_bytes / self.total_bytes if self.total_bytes else 0.0


@dataclass(frozen=True)
class BackupStatus:
    finished_at: datetime
    ok: bool
    detail: str = ""


def task_queue(now: datetime | None = None) -> TaskQueue:
    from django_q.models import OrmQ

    now = now or timezone.now()
    queued = OrmQ.objects.all()
    oldest = queued.order_by("lock", "id").values_list("lock", flat=True).first()
    # django-q2's ORM broker stamps each queued task with its enqueue time in
    # ``lock`` (moved forward only while a worker holds it).
    return TaskQueue(length=queued.count(), oldest_age=(now - oldest) if oldest else None)


def failed_tasks(now: datetime | None = None) -> FailedTasks:
    from django_q.models import Failure

    now = now or timezone.now()
    recent = Failure.objects.filter(stopped__gte=now - FAILED_TASKS_WINDOW)
    return FailedTasks(count=recent.count(), last=list(recent.order_by("-stopped").values("name", "func", "stopped")[:5]))


def disk() -> Disk:
    usage = shutil.disk_usage(settings.VAR_DIR)
    return Disk(path=settings.VAR_DIR, free_bytes=usage.free, total_bytes=usage.total)


def redis_state() -> str:
    """"ok", "down", or "none" (no Redis configured: a local cache)."""
    from socle_site.kernel import cache as tolerant_cache

    if not settings.REDIS_URL:
        return "none"
    tolerant_cache.try_again_now()
    return "ok" if tolerant_cache.is_reachable() else "down"


_backup_providers: list[Callable[[], BackupStatus | None]] = []


def register_backup_status(provider: Callable[[], BackupStatus | None]) -> None:
    """For the backup command: ``provider()`` returns the last backup's outcome, or None."""
    if provider not in _backup_providers:
        _backup_providers.append(provider)


def _backup_from_file() -> BackupStatus | None:
    path = getattr(settings, "SOCLE_BACKUP_STATUS_FILE", None)
    if not path or not Path(path).exists():
        return None
    try:
        data = json.loads(Path(path).read_text())
        finished_at = parse_datetime(data["finished_at"])
        if finished_at is None:
            return None
        return BackupStatus(finished_at=finished_at, ok=bool(data.get("ok")), detail=str(data.get("detail", ""))[:300])
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.warning("the backup status file cannot be read (%s)", error.__class__.__name__)
        return None


def last_backup() -> BackupStatus | None:
    for provider in [*_backup_providers, _backup_from_file]:
        status = provider()
        if status is not None:
            return status
    return None
