"""One log line per request and per task, each with a request id.

The request id comes from the proxy's ``X-Request-ID`` header when it looks
like one (letters, digits, ``-``, ``_``, ``.``; at most 64), else it is made
here; it is returned in the response and put on every log record written
while the request (or the task it queued) runs, so an operator follows one
request from the proxy's access log to the task's e-mail.

A line carries the method, the route *name* (never the path: paths hold
confirmation, reset and receipt keys), the status, the duration and the
member's id only: never the query string, an e-mail address or a name.
JSON in production (``JsonFormatter``), readable text in development.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

request_logger = logging.getLogger("socle.requests")
task_logger = logging.getLogger("socle.tasks")

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("socle_request_id", default="-")

# The fields a request or task line may carry, in this order.
FIELDS = ("method", "view", "status", "duration_ms", "member", "task", "task_id", "success")


def request_id_from(header: str | None) -> str:
    if header and _VALID_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and
    the request's or task's fields. Errors keep their type and traceback."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for field in FIELDS:
            if hasattr(record, field):
                data[field] = getattr(record, field)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return super().format(record)


def log_request(*, method: str, view: str, status: int, duration: float, member: int | None) -> None:
    request_logger.info(
        "%s %s %s %.1f ms member=%s", method, view, status, duration * 1000, member if member is not None else "-",
        extra={"method": method, "view": view, "status": status, "duration_ms": round(duration * 1000, 1), "member": member},
    )


# --- Tasks (django-q2's signals) ---------------------------------------------
# The request id travels with the task: pre_enqueue adds it to the task's
# dictionary (signed and stored by django-q2, which ignores keys it does not know).
TASK_REQUEST_ID = "socle_request_id"
_task_started: dict[str, tuple[float, contextvars.Token]] = {}


def _on_enqueue(sender, task, **kwargs) -> None:
    request_id = current_request_id.get()
    task[TASK_REQUEST_ID] = request_id if request_id != "-" else uuid.uuid4().hex


def _on_execute(sender, func, task, **kwargs) -> None:
    token = current_request_id.set(task.get(TASK_REQUEST_ID) or task.get("id") or "-")
    _task_started[task.get("id")] = (time.perf_counter(), token)


def _on_executed(sender, task, func=None, **kwargs) -> None:
    from socle_site.kernel import metrics

    started = _task_started.pop(task.get("id"), None)
    duration = time.perf_counter() - started[0] if started else 0.0
    success = bool(task.get("success"))
    metrics.TASKS.labels("succeeded" if success else "failed").inc()
    func = task.get("func") or func
    name = func if isinstance(func, str) else getattr(func, "__qualname__", str(func))
    # The task's name and id only: never its arguments (they may name people).
    task_logger.log(
        logging.INFO if success else logging.WARNING,
        "task %s %s %.1f ms", name, "ok" if success else "failed", duration * 1000,
        extra={"task": name, "task_id": task.get("id"), "success": success, "duration_ms": round(duration * 1000, 1)},
    )
    if started:
        try:
            current_request_id.reset(started[1])
        except ValueError:  # set in another context (a worker thread)
            current_request_id.set("-")


def connect_task_signals() -> None:
    # post_execute_in_worker: in the worker's process, after the task ran
    # (post_execute is sent by the monitor, another process).
    from django_q.signals import post_execute_in_worker, pre_enqueue, pre_execute

    pre_enqueue.connect(_on_enqueue, dispatch_uid="socle_ops_task_enqueue")
    pre_execute.connect(_on_execute, dispatch_uid="socle_ops_task_execute")
    post_execute_in_worker.connect(_on_executed, dispatch_uid="socle_ops_task_executed")
