"""The Redis cache's errors are misses: every operation on a Redis that does
not answer returns what a miss returns, without raising, with one warning
for the outage, not one per call."""

import logging

import pytest
from socle_site.kernel import cache as tolerant_cache
from socle_site.kernel.cache import TolerantRedisCache

from tests.conftest import free_port


@pytest.fixture
def dead_cache():
    # A test before this one may have left an outage on record (this process's view).
    tolerant_cache.outage.down_since = None
    tolerant_cache.try_again_now()
    backend = TolerantRedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "RETRY_AFTER": 3600}},
    )
    yield backend
    tolerant_cache.outage.down_since = None
    tolerant_cache.try_again_now()


def test_every_operation_on_a_dead_redis_is_a_miss_or_a_no_op(dead_cache, caplog):
    caplog.set_level(logging.WARNING, logger="socle_site.kernel.cache")
    for _ in range(3):
        tolerant_cache.try_again_now()  # each round really tries Redis
        assert dead_cache.get("k", "default") == "default"
        assert dead_cache.add("k", 1) is False
        assert dead_cache.set("k", 1) is None
        assert dead_cache.get_many(["a", "b"]) == {}
        assert dead_cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert dead_cache.has_key("k") is False
        assert dead_cache.touch("k") is False
        assert dead_cache.delete("k") is False
        dead_cache.delete_many(["a"])
        assert dead_cache.get_or_set("k", "computed") == "computed"
        assert dead_cache.is_reachable() is False
        with pytest.raises(ValueError):
            dead_cache.incr("k")
    warnings = [r for r in caplog.records if r.name == "socle_site.kernel.cache"]
    assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()


def test_a_known_outage_costs_no_connection_attempt(dead_cache, monkeypatch):
    assert dead_cache.get("k") is None  # the outage starts
    attempts = []
    monkeypatch.setattr(dead_cache._cache, "get_client", lambda *a, **k: attempts.append(1))
    assert dead_cache.get("k", "miss") == "miss" and dead_cache.is_reachable() is False
    assert attempts == []


def test_the_configured_cache_is_reachable_in_the_test_run():
    assert tolerant_cache.is_reachable() is True
