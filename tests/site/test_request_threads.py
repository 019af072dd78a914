"""The ASGI handler serves requests on a fixed pool of threads
(socle_site.kernel.request_threads): never more at once than the pool, each request
on one thread from start to end, the same threads again and again."""

import threading
import time

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator
from django.http import HttpResponse
from django.urls import path
from socle_site.kernel.request_threads import PooledThreadsASGIHandler

seen: list[tuple[str, str]] = []
running = {"now": 0, "most": 0}
lock = threading.Lock()


def thread_view(request):
    with lock:
        running["now"] += 1
        running["most"] = max(running["most"], running["now"])
    started_on = threading.current_thread().name
    time.sleep(0.05)
    with lock:
        running["now"] -= 1
    seen.append((started_on, threading.current_thread().name))
    return HttpResponse(started_on)


urlpatterns = [path("thread/", thread_view)]


@pytest.mark.urls("tests.site.test_request_threads")
@pytest.mark.django_db(transaction=True)
def test_requests_share_a_fixed_pool_of_threads():
    import asyncio

    seen.clear()
    running.update(now=0, most=0)
    handler = PooledThreadsASGIHandler(threads=2)

    async def scenario():
        communicators = [HttpCommunicator(handler, "GET", "/thread/", headers=[(b"host", b"testserver")]) for _ in range(8)]
        return await asyncio.gather(*(c.get_response(timeout=10) for c in communicators))

    responses = async_to_sync(scenario)()
    assert [r["status"] for r in responses] == [200] * 8
    assert running["most"] == 2
    assert {name for name, _ in seen} <= {"request-0_0", "request-1_0"}
    assert all(start == end for start, end in seen)


@pytest.mark.urls("tests.site.test_request_threads")
def test_websockets_and_other_scopes_are_refused_as_django_does():
    handler = PooledThreadsASGIHandler(threads=1)

    async def scenario():
        await handler({"type": "websocket"}, None, None)

    with pytest.raises(ValueError, match="Django can only handle ASGI/HTTP"):
        async_to_sync(scenario)()
