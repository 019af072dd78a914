"""The test suite's Redis cache: ``TolerantRedisCache`` whose ``clear()`` drops
this test process's keys only.

Django's ``RedisCache.clear()`` is ``FLUSHDB``. With pytest-xdist the workers
share one Redis database, and a worker clearing the cache between two tests
(``tests/conftest.py``) would flush the other worker's cache, rate limits and
channel layer in the middle of its test. Every key of a worker starts with
its ``SOCLE_REDIS_PREFIX`` (made per worker in ``settings_test.py``): the
cache's ``<prefix>:cache:…`` and the channel layer's ``<prefix>:channels…``,
which ``FLUSHDB`` dropped too, so both go here as well.
"""

from django.conf import settings
from socle_site.kernel.cache import TolerantRedisCache


def _glob_escape(text: str) -> str:
    return "".join("\\" + char if char in "*?[]\\" else char for char in text)


class RunScopedRedisCache(TolerantRedisCache):
    def clear(self):
        def drop_own_keys() -> bool:
            client = self._cache.get_client(None, write=True)
            pattern = _glob_escape(settings.REDIS_PREFIX) + ":*"
            batch = []
            for key in client.scan_iter(match=pattern, count=1000):
                batch.append(key)
                if len(batch) >= 1000:
                    client.delete(*batch)
                    batch.clear()
            if batch:
                client.delete(*batch)
            return True

        return self._guard(False, drop_own_keys)
