"""Alerts by e-mail: each problem at most once a day, on a fixed clock."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django_q.models import Schedule, Task
from socle_site.ops import alerts, status
from socle_site.ops.apps import ensure_schedules

LIMITS = alerts.Thresholds(disk_free_percent=10, failed_tasks=3, queue_age=timedelta(minutes=30))
ROOMY = status.Disk(path=Path("/var/socle"), free_bytes=50, total_bytes=100)
QUIET = status.TaskQueue(length=0, oldest_age=None)
NO_FAILURE = status.FailedTasks(count=0, last=[])


def keys(**state):
    found = alerts.problems(**{"disk": ROOMY, "failed": NO_FAILURE, "queue": QUIET, "backup": None, "limits": LIMITS, **state})
    return [p.key for p in found]


def test_problems_at_their_edges():
    assert keys() == []
    assert keys(disk=status.Disk(Path("/v"), 10, 100)) == []
    assert keys(disk=status.Disk(Path("/v"), 9, 100)) == ["disk"]
    assert keys(failed=status.FailedTasks(2, [])) == []
    assert keys(failed=status.FailedTasks(3, [])) == ["tasks_failing"]
    assert keys(queue=status.TaskQueue(4, timedelta(minutes=29, seconds=59))) == []
    assert keys(queue=status.TaskQueue(4, timedelta(minutes=30))) == ["queue_old"]
    ok = status.BackupStatus(finished_at=datetime(2026, 12, 6, tzinfo=UTC), ok=True)
    assert keys(backup=ok) == []
    assert keys(backup=status.BackupStatus(finished_at=ok.finished_at, ok=False, detail="no space")) == ["backup_failed"]


@pytest.mark.django_db
def test_each_problem_is_emailed_once_a_day(settings):
    settings.ADMINS = [("Admin", "admin@socle.test")]
    settings.SOCLE_ALERT_FAILED_TASKS = 3
    settings.SOCLE_BACKUP_STATUS_FILE = ""
    first = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    for n in range(3):
        Task.objects.create(id=f"t{n}", name=f"t{n}", func="x.y", started=first - timedelta(hours=1), stopped=first - timedelta(hours=1), success=False)
    with mock.patch.object(status, "disk", return_value=ROOMY):
        with time_machine.travel(first, tick=False):
            assert alerts.send_alerts() == ["tasks_failing"]
        with time_machine.travel(first + timedelta(hours=10), tick=False):
            assert alerts.send_alerts() == []  # same day (Brussels), already told
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["admin@socle.test"]
        assert "3" in mail.outbox[0].body
        # The next day the failures (older than 24 h) no longer count...
        with time_machine.travel(first + timedelta(days=1), tick=False):
            assert alerts.send_alerts() == []
        # ...but a new failure the next day is told again.
        Task.objects.filter(id__in=["t0", "t1", "t2"]).update(stopped=first + timedelta(days=1))
        with time_machine.travel(first + timedelta(days=1, hours=1), tick=False):
            assert alerts.send_alerts() == ["tasks_failing"]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_check_is_scheduled_once():
    ensure_schedules(sender=None)
    ensure_schedules(sender=None)
    schedule = Schedule.objects.get(name="ops.check_alerts")
    assert (schedule.func, schedule.schedule_type, schedule.minutes) == ("socle_site.ops.tasks.check_alerts", Schedule.MINUTES, 15)
