"""/metrics: the operators' numbers, for loopback only, by route name."""

from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.exceptions import StopConsumer
from django.core import mail
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.utils import timezone
from django_q.models import OrmQ, Task
from socle_site.kernel import cache as tolerant_cache
from socle_site.kernel import metrics
from socle_site.kernel.cache import TolerantRedisCache
from socle_site.kernel.fanout import FollowerConsumer

from .helpers import sample


@pytest.mark.django_db
def test_metrics_answer_loopback_in_prometheus_format(client):
    client.get("/robots.txt?secret=1")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert 'socle_requests_total{method="GET",status="200",view="robots_txt"}' in body
    assert "socle_request_duration_seconds_bucket" in body
    # Route names, never a path or its query string.
    assert "robots.txt" not in body and "secret" not in body


@pytest.mark.parametrize(
    "meta",
    [
        {"REMOTE_ADDR": "203.0.113.5"},
        # Through the proxy on the same machine: loopback, but forwarded.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.5"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=203.0.113.5"},
    ],
)
def test_metrics_are_a_404_for_anyone_else(client, meta):
    response = client.get("/metrics", **meta)
    assert response.status_code == 404
    assert b"socle_" not in response.content


@pytest.mark.django_db
@override_settings(SOCLE_METRICS_ALLOWED_NETWORKS=["10.1.0.0/16"])
def test_allowed_networks_come_from_the_settings(client):
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    refused = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert refused.status_code == 404 and b"socle_" not in refused.content  # for Prometheus only: no figure shown elsewhere


@pytest.mark.django_db
def test_an_unmatched_path_is_one_label_not_its_path(client):
    before = sample("socle_requests_total", view="<unresolved>", status="404")
    client.get("/fr/no-such-page-a1b2c3/")
    assert sample("socle_requests_total", view="<unresolved>", status="404") >= before  # the catch-all may match
    assert "a1b2c3" not in client.get("/metrics").content.decode()


@pytest.mark.django_db
def test_database_queries_per_request_are_counted(client, user):
    client.force_login(user)
    before = sample("socle_request_db_queries_count", view="community:my_space")
    before_sum = sample("socle_request_db_queries_sum", view="community:my_space")
    assert client.get("/fr/my/").status_code == 200
    assert sample("socle_request_db_queries_count", view="community:my_space") == before + 1
    assert sample("socle_request_db_queries_sum", view="community:my_space") > before_sum


@pytest.mark.django_db
def test_task_queue_and_failures_are_read_at_scrape_time():
    now = timezone.now()
    OrmQ.objects.create(key="socle-tasks", payload="x", lock=now - timezone.timedelta(minutes=10))
    OrmQ.objects.create(key="socle-tasks", payload="y", lock=now - timezone.timedelta(minutes=1))
    Task.objects.create(id="f1", name="one", func="x.y", started=now, stopped=now, success=False)
    Task.objects.create(id="f2", name="two", func="x.y", started=now, stopped=now, success=True)
    assert sample("socle_task_queue_length", with_queue=True) == 2
    assert 600 <= sample("socle_task_queue_oldest_seconds", with_queue=True) < 700
    assert sample("socle_tasks_failed_recent", with_queue=True) == 1


@pytest.fixture
def no_outage():
    # The outage state is the process's: an earlier test may have left Redis "down".
    tolerant_cache.outage.down_since = None
    tolerant_cache.try_again_now()
    yield
    tolerant_cache.outage.down_since = None
    tolerant_cache.try_again_now()


def test_cache_reads_count_hits_misses_and_errors(no_outage):
    cache = TolerantRedisCache("redis://127.0.0.1:1/0", {})
    counts = {r: sample("socle_cache_reads_total", result=r) for r in ("hit", "miss", "error")}
    stored = {"present": "value"}
    with mock.patch.object(RedisCache, "get", lambda self, key, default=None, version=None: stored.get(key, default)):
        assert cache.get("present") == "value"
        assert cache.get("absent", "fallback") == "fallback"
    with mock.patch.object(RedisCache, "get", side_effect=ConnectionRefusedError):
        assert cache.get("present", "fallback") == "fallback"
    assert {r: sample("socle_cache_reads_total", result=r) - counts[r] for r in counts} == {"hit": 1, "miss": 1, "error": 1}


class _Screen(FollowerConsumer):
    async def connect(self):
        await self.accept()


def test_open_websockets_are_counted_until_they_close():
    # The consumer driven directly: channels' dispatcher would open database
    # connections on threads of its own, and this needs none.
    async def scenario():
        consumer = _Screen()
        sent = []

        async def base_send(message):
            sent.append(message)

        consumer.base_send = base_send
        consumer.groups = []
        before = sample("socle_websocket_connections")
        await consumer.accept()
        assert sample("socle_websocket_connections") == before + 1
        with mock.patch("channels.generic.websocket.aclose_old_connections", mock.AsyncMock()):
            with pytest.raises(StopConsumer):
                await consumer.websocket_disconnect({"code": 1000})
        assert sample("socle_websocket_connections") == before
        assert sample("socle_websocket_connections_opened_total") >= 1
        assert sent[0]["type"] == "websocket.accept"

    async_to_sync(scenario)()


@override_settings(
    EMAIL_BACKEND="socle_site.ops.mail.MeasuredEmailBackend",
    SOCLE_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def test_emails_sent_are_counted_and_still_delivered():
    before = sample("socle_emails_total", result="sent")
    mail.send_mail("Subject", "Body", "from@socle.test", ["a@socle.test", "b@socle.test"])
    assert len(mail.outbox) == 1
    assert sample("socle_emails_total", result="sent") == before + 1


def test_the_directory_is_emptied_at_start_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "m"))
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "counter_123.db").write_bytes(b"old")
    metrics.reset_directory()
    assert list((tmp_path / "m").iterdir()) == []
