"""What the database knows about the task queue, read at scrape time."""

from prometheus_client.core import GaugeMetricFamily


class QueueCollector:
    """django-q2's ORM tables, read at scrape time."""

    def collect(self):
        from . import status

        queue = status.task_queue()
        length = GaugeMetricFamily("socle_task_queue_length", "Tasks waiting in the queue")
        length.add_metric([], queue.length)
        yield length
        age = GaugeMetricFamily("socle_task_queue_oldest_seconds", "Age of the oldest task waiting (0 when none)")
        age.add_metric([], queue.oldest_age.total_seconds() if queue.oldest_age else 0)
        yield age
        failed = GaugeMetricFamily("socle_tasks_failed_recent", "Failed tasks in the last 24 hours (django-q2's results)")
        failed.add_metric([], status.failed_tasks().count)
        yield failed
