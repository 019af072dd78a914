"""Django's ASGI handler, serving each request on a thread of a fixed pool.

Django's own handler enters a new ``ThreadSensitiveContext`` per request: a
new executor whose worker thread is started for that request, and one more
thread started to join it at the end. ``Thread.start()`` waits, on the event
loop, until the new thread has run, which under load (the GIL held by the
threads serving other requests) stopped the loop, and with it every
websocket update of the process, for about 7% of its time during an
assembly's vote (``bench/assembly_votes.py``).

Here each request borrows one of ``REQUEST_THREADS`` long-lived
single-thread executors, through asgiref's own
``ThreadSensitiveContext(executor=...)``, and hands it back when answered.
Requests beyond that number wait on the loop, without a thread, as gunicorn's
threaded worker queues those beyond ``--threads``: fewer threads compete for
the GIL, and a request's sync code still runs on one thread from start to
end (database connection, translations, thread-locals).
"""

import asyncio
import weakref
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler


class PooledThreadsASGIHandler(ASGIHandler):
    def __init__(self, threads: int | None = None):
        super().__init__()
        self.threads = threads or settings.REQUEST_THREADS
        self._idle: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Queue] = weakref.WeakKeyDictionary()

    def _idle_executors(self) -> asyncio.Queue:
        loop = asyncio.get_running_loop()
        idle = self._idle.get(loop)
        if idle is None:
            idle = self._idle[loop] = asyncio.Queue()
            for number in range(self.threads):
                idle.put_nowait(ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"request-{number}"))
        return idle

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)  # Django's own refusal
        idle = self._idle_executors()
        executor = await idle.get()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            idle.put_nowait(executor)
