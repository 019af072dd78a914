"""The cache is a help, never a dependency: a Redis cache whose failures are
misses.

``TolerantRedisCache`` is Django's ``RedisCache`` except that an error
talking to Redis (refused, reset, timed out) makes a read a miss and a write a
no-op, so every page is still served from the database while Redis is down.
A warning is logged once when an outage starts and once when it ends, never
per request. While Redis is known to be down the cache does not try it again
for ``RETRY_AFTER`` seconds (an option), so a dead Redis costs requests no
connect attempt each; with short connect and socket timeouts (set in the
settings) a Redis that hangs stalls a request for a fraction of a second once.

What only makes sense with a working cache asks ``is_reachable()`` first:
the rate limits count in the database instead, allauth's login limits refuse
with a 503 (``socle_site.middleware``), ``/readyz`` reports "degraded".

When Redis answers again, the callbacks registered with ``on_reconnect`` run
once in the process that saw the outage: the page cache drops every page
then, since a publish during the outage could not tell Redis so.
"""

import logging
import threading
import time
from collections.abc import Callable

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError
from socle_site.kernel import metrics

logger = logging.getLogger(__name__)

_MISSING = object()
_UNREACHABLE = object()

# Errors that mean "Redis cannot answer now": redis-py's own, and the socket's.
CACHE_ERRORS = (RedisError, OSError)


class _Outage:
    """This process's view of Redis (shared by the cache's per-thread instances)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.reconnect_callbacks: list[Callable[[], None]] = []

    def skipping(self) -> bool:
        """Whether Redis is known to be down and not yet due another try."""
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error: Exception, retry_after: float) -> None:
        with self.lock:
            first = self.down_since is None
            if first:
                self.down_since = time.monotonic()
            self.retry_at = time.monotonic() + retry_after
        if first:
            logger.warning(
                "Redis cache unreachable (%s): pages are served without the cache until it answers again",
                error.__class__.__name__,
            )

    def succeeded(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is None:
                return
            lasted = time.monotonic() - self.down_since
            self.down_since = None
            callbacks = list(self.reconnect_callbacks)
        logger.warning("Redis cache reachable again after %.0f s", lasted)
        for callback in callbacks:
            try:
                callback()
            except Exception:
                logger.exception("a callback after the cache's reconnection failed")


outage = _Outage()


def on_reconnect(callback: Callable[[], None]) -> None:
    """Run ``callback`` (no arguments) each time Redis answers after an outage."""
    if callback not in outage.reconnect_callbacks:
        outage.reconnect_callbacks.append(callback)


def is_reachable() -> bool:
    """Whether the default cache can be relied on now (always, for a local cache)."""
    check = getattr(cache, "is_reachable", None)
    return True if check is None else check()


def try_again_now() -> None:
    """Forget the pause between two tries: the next cache call tries Redis.
    For tests and the readiness check (which probes it every call)."""
    outage.retry_at = 0.0


class OneClientPerPool(RedisCacheClient):
    """Django's Redis cache makes a new ``redis.Redis`` for every call, which copies
    its table of ~170 response callbacks: 0.19 ms of CPU each, measured here, so a
    page with four cache calls spends 0.8 ms before reaching Redis (issue 18 allows
    a cached page 0.7 ms in all). A client holds no connection of its own and is
    safe to share between threads over its pool, so one is kept per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:  # as Django's _get_connection_pool, for this index
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = OneClientPerPool

    def _guard(self, default, operation: Callable, *args, **kwargs):
        if outage.down_since is not None:
            if outage.skipping():
                return default
            # Back? Ask first, so that the reconnection's callbacks (dropping
            # the pages cached before a publish) run before this operation
            # reads what they replace.
            try:
                self._cache.get_client(write=True).ping()
            except CACHE_ERRORS as error:
                outage.failed(error, self.retry_after)
                return default
            outage.succeeded()
        try:
            result = operation(*args, **kwargs)
        except CACHE_ERRORS as error:
            outage.failed(error, self.retry_after)
            return default
        return result

    def is_reachable(self) -> bool:
        return self._guard(False, lambda: bool(self._cache.get_client(write=True).ping()))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        # Counted for the operators' metrics: a hit, a miss, or an error (Redis down).
        value = self._guard(_UNREACHABLE, super().get, key, _MISSING, version)
        if value is _UNREACHABLE:
            metrics.CACHE.labels("error").inc()
            return default
        if value is _MISSING:
            metrics.CACHE.labels("miss").inc()
            return default
        metrics.CACHE.labels("hit").inc()
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guard({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guard(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError, as Django's contract says;
        # Redis being down makes it look missing too.
        result = self._guard(None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Nothing was stored: every key "failed", as Django's contract says.
        return self._guard(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard(None, super().delete_many, keys, version)

    def clear(self):
        return self._guard(False, super().clear)
