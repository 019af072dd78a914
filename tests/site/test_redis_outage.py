"""Fault injection: Redis stops in the middle of traffic and comes back.

The test starts a Redis of its own on a free port (never the machine's
shared one), points the cache and the channel layer at it, and drives
anonymous pages, a member's pages and form posts through Django's test
client before, during and after the outage. It asserts no 500, the right
503s, limits still counted, one warning per outage, and full recovery,
including a publish made during the outage that shows once Redis is back
(the page cache is dropped on reconnect: Redis comes back with its data, so
the stale pages would otherwise be served).

Deterministic: the cache does not try a down Redis again until the test
says so (``try_again_now``; in production after RETRY_AFTER seconds), and
readiness is polled in bounded loops, never by sleeping a fixed time.
"""

import json
import logging
import shutil
import subprocess
import time
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import Client
from socle_site.kernel import cache as tolerant_cache

from tests.conftest import free_port
from tests.site import factories as f

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class OwnRedis:
    """A redis-server in a temporary directory, stopped and restarted with its data."""

    def __init__(self, directory, port: int):
        self.directory, self.port = directory, port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1, socket_timeout=2)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            client = self._client()
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
            finally:
                client.close()
        raise RuntimeError("the test's redis-server did not start")

    def stop(self) -> None:
        """Saves its data then stops, as a restart does."""
        client = self._client()
        try:
            client.shutdown(save=True)
        except redis.ConnectionError:
            pass
        finally:
            client.close()
        self.process.wait(timeout=20)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path, free_port())
    server.start()
    yield server
    server.kill()


@pytest.fixture
def on_own_redis(own_redis, settings):
    prefix = f"outage-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "socle_site.kernel.cache.TolerantRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": f"{prefix}:cache",
            # Never tried again by the clock during the test: only when it says so.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "RETRY_AFTER": 3600},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": own_redis.url, "socket_connect_timeout": 0.5}], "prefix": f"{prefix}:channels"},
        }
    }
    yield own_redis
    backend = caches["default"]
    for pool in getattr(backend._cache, "_pools", {}).values():
        pool.disconnect()
    tolerant_cache.outage.down_since = None
    tolerant_cache.try_again_now()


def outage_warnings(caplog, text: str) -> int:
    return sum(1 for r in caplog.records if r.name == "socle_site.kernel.cache" and text in r.getMessage())


def test_pages_forms_and_limits_survive_a_redis_outage_and_recover(on_own_redis, public_site, user, caplog):
    caplog.set_level(logging.WARNING, logger="socle_site.kernel.cache")
    from community.services.notifications import notify  # noqa: F401  (the app is loaded)

    visitor = Client(raise_request_exception=False)
    member = Client(raise_request_exception=False)
    member.force_login(user)
    served: list[int] = []

    def get(client, url):
        response = client.get(url)
        served.append(response.status_code)
        return response

    # Before: the cache works.
    assert get(visitor, "/fr/")["X-Page-Cache"] == "miss"
    assert get(visitor, "/fr/")["X-Page-Cache"] == "hit"
    assert get(member, "/fr/my/").status_code == 200

    on_own_redis.stop()

    # During: every page is served from the database.
    for _ in range(3):
        for url in ("/fr/", "/fr/projets/", "/nl/", "/en/"):
            assert get(visitor, url).status_code == 200
        for url in ("/fr/my/", "/fr/my/notifications/", "/fr/my/notifications/unread.json"):
            assert get(member, url).status_code == 200
    # An action whose live update cannot reach the channel layer still succeeds.
    response = member.post("/fr/my/notifications/read-all/")
    served.append(response.status_code)
    assert response.status_code == 302
    # Our limits are counted in the database: the sixth export request is refused.
    exports = [member.post("/fr/my/data/export/").status_code for _ in range(6)]
    assert 429 not in exports[:5] and exports[5] == 429
    # allauth's are not counted: logins pause, with a 503.
    login = visitor.post("/fr/accounts/login/", {"login": user.email, "password": "wrong"})
    assert login.status_code == 503 and "Retry-After" in login
    ready = get(visitor, "/readyz")
    assert json.loads(ready.content)["status"] == "degraded"
    # A publish during the outage cannot tell the page cache.
    home = public_site["home"]
    home.title = "Accueil renouvelé"
    f.publish(home)
    assert 500 not in served
    assert outage_warnings(caplog, "unreachable") == 1

    on_own_redis.start()  # with the data it saved: the stale pages are back in Redis
    tolerant_cache.try_again_now()

    # After: the publish shows, the cache works again, logins go through.
    response = get(visitor, "/fr/")
    assert response["X-Page-Cache"] == "miss" and "Accueil renouvelé" in response.content.decode()
    assert get(visitor, "/fr/")["X-Page-Cache"] == "hit"
    assert visitor.post("/fr/accounts/login/", {"login": user.email, "password": "wrong"}).status_code == 200
    assert json.loads(get(visitor, "/readyz").content)["status"] == "ready"
    assert get(member, "/fr/my/").status_code == 200
    assert 500 not in served
    assert outage_warnings(caplog, "unreachable") == 1
    assert outage_warnings(caplog, "reachable again") == 1
