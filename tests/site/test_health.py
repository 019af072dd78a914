"""/healthz and /readyz: cheap (no session, no query for /healthz), outside
the language prefixes, no personal data or error text, and what each says
when the database or Redis is down."""

import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from socle_site import health
from socle_site.kernel import cache as tolerant_cache

from tests.conftest import free_port

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database_a_session_or_a_known_host(django_assert_num_queries):
    client = Client(HTTP_HOST="10.0.0.7")  # a load balancer's probe, not in ALLOWED_HOSTS
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "alive"}
    assert not response.cookies and response["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ready", "database": "ok", "migrations": "ok", "cache": "ok"}
    assert not response.cookies


def test_readyz_is_unavailable_without_the_database_and_shows_no_error_text(client):
    with mock.patch.object(health, "_database_answers", return_value=False):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] == "unavailable"


def test_readyz_tells_no_error_text_when_the_database_fails(client):
    error = OperationalError('connection to server at "10.0.0.3" failed: password authentication failed for user "socle"')
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert b"10.0.0.3" not in response.content and b"socle" not in response.content


def test_redis_down_makes_readyz_degraded_but_still_ready(client):
    dead = {
        "default": {
            "BACKEND": "socle_site.kernel.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=dead):
        response = client.get("/readyz")
        # Forget this outage: it was the dead test cache's, not the run's Redis.
        tolerant_cache.outage.down_since = None
        tolerant_cache.try_again_now()
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "degraded", "database": "ok", "migrations": "ok", "cache": "down"}


def test_probes_are_not_rate_limited_nor_language_prefixed(client):
    assert {client.get("/readyz").status_code for _ in range(30)} == {200}
    assert b'"alive"' not in client.get("/fr/healthz/", follow=True).content
