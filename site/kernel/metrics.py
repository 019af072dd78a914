"""Metrics in Prometheus' text format, for operators.

prometheus-client's multi-process mode: each process (app workers, the task
cluster) writes its counters to memory-mapped files in
``PROMETHEUS_MULTIPROC_DIR`` (``$SOCLE_VAR_DIR/metrics`` by default, set by
the settings before this module is imported), and a scrape of ``/metrics``
from any process adds them up. The directory is emptied when the service
starts (``manage.py metrics_reset``, or ``socle_site.gunicorn_conf``), never
by a worker, which would wipe its siblings' counts.

What the database knows (the task queue, failed tasks) is read at scrape time
by collectors that apps register (``register_collector``; the operations
app's task queue), so no process has to keep it up to date.

``/metrics`` is answered by ``socle_site.ops.middleware`` only to a client in
``SOCLE_METRICS_ALLOWED_NETWORKS`` (loopback by default) whose request did not
come through the proxy; everyone else gets a 404.
"""

import ipaddress
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

# Latency buckets (seconds): a page in a few ms to a slow PDF.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
QUERY_BUCKETS = (0, 1, 2, 5, 10, 20, 50, 100, 200)

REQUESTS = Counter("socle_requests", "Requests answered, by route name, method and status", ["view", "method", "status"])
LATENCY = Histogram("socle_request_duration_seconds", "Time to answer a request, by route name", ["view"], buckets=LATENCY_BUCKETS)
DB_QUERIES = Histogram("socle_request_db_queries", "Database queries per request, by route name", ["view"], buckets=QUERY_BUCKETS)
DB_TIME = Histogram("socle_request_db_seconds", "Time spent in the database per request, by route name", ["view"], buckets=LATENCY_BUCKETS)
CACHE = Counter("socle_cache_reads", "Reads of the shared cache: hit, miss, or error (Redis down)", ["result"])
WEBSOCKETS = Gauge("socle_websocket_connections", "Open websocket connections", multiprocess_mode="livesum")
WEBSOCKETS_OPENED = Counter("socle_websocket_connections_opened", "Websocket connections accepted")
EMAILS = Counter("socle_emails", "E-mails handed to the mail server: sent or failed", ["result"])
TASKS = Counter("socle_tasks", "Background tasks run by this cluster: succeeded or failed", ["result"])


def unresolved() -> str:
    """The label of a request no route matched (a 404, a language redirect)."""
    return "<unresolved>"


_collectors: list[Callable[[], object]] = []


def register_collector(make: Callable[[], object]) -> None:
    """A part that knows something only at scrape time (the task queue, read
    by the operations app) adds its collector here when its app loads."""
    _collectors.append(make)


def directory() -> Path | None:
    value = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(value) if value else None


def reset_directory() -> None:
    """Empty the multi-process directory: at service start only."""
    path = directory()
    if path is None:
        return
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)


def mark_process_dead(pid: int) -> None:
    """A worker ended: its live gauges (websocket connections) stop counting."""
    if directory() is not None:
        multiprocess.mark_process_dead(pid)


def exposition() -> tuple[bytes, str]:
    """Every process's metrics added up, and what registered collectors read now."""
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    for make in _collectors:
        registry.register(make())
    return generate_latest(registry), CONTENT_TYPE_LATEST


def is_allowed_client(remote_addr: str, networks: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)
