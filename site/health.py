"""``/healthz`` and ``/readyz`` for a load balancer or a process supervisor.

Answered by the first middleware, before anything else runs: no host check,
no session, no language, no page cache, no rate limit, so a probe every
second costs next to nothing, and it works on plain HTTP behind the proxy.
They say nothing about people and never show an error's text.

- ``/healthz``: the process is alive and answers requests (no database).
- ``/readyz``: the process can serve: PostgreSQL answers ``SELECT 1`` and no
  migration is pending (checked once per process, until it passes). Redis
  down is reported as ``"degraded"`` and stays 200: pages are still served
  without it (socle_site.kernel.cache). Each call tries Redis again, so a process
  probed by a load balancer notices at once when Redis is back (and drops
  the pages cached before a publish during the outage).
"""

import json
import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from socle_site.kernel import cache as tolerant_cache

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"

_migrations_applied = False


def _json(http_status: int, data: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(data), status=http_status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def _database_answers() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception as error:
        logger.warning("readiness: the database does not answer (%s)", error.__class__.__name__)
        return False


def _migrations_are_applied() -> bool:
    global _migrations_applied
    if not _migrations_applied:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_applied


def readiness() -> tuple[int, dict]:
    database = _database_answers()
    migrations = database and _migrations_are_applied()
    tolerant_cache.try_again_now()
    cache_ok = tolerant_cache.is_reachable()
    checks = {
        "database": "ok" if database else "down",
        "migrations": ("ok" if migrations else "pending") if database else "unknown",
        "cache": "ok" if cache_ok else "down",
    }
    if not (database and migrations):
        return 503, {"status": "unavailable", **checks}
    return 200, {"status": "ready" if cache_ok else "degraded", **checks}


class HealthMiddleware:
    """First in MIDDLEWARE: answers the two probes and lets everything else through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return _json(200, {"status": "alive"})
        if path == READY_PATH and request.method in ("GET", "HEAD"):
            return _json(*readiness())
        return self.get_response(request)
