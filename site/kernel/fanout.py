"""Live updates to open pages: one subscription per process, not one per socket.

Channels hands each group message to every consumer in the group through the
consumer's ``dispatch``, which first runs ``close_old_connections`` through
``sync_to_async`` (channels 4.3, ``AsyncConsumer.dispatch``), i.e. on the one
thread-sensitive executor thread of the process, with the GIL shared by the
threads serving requests. With 200 screens following an assembly, each push
queued 100 thread hops per process behind the running views: during a vote of
1,500 members the screens fell 12 to 25 seconds behind the ballots
(``bench/assembly_votes.py``), although the state that counts a ballot was
ready within 30 ms.

Here a process follows a group once, with one channel of its own, and writes
the text of each message (serialised once, by the sender) straight to the
sockets of that process that follow the group. A socket that cannot take more
(its client reads slowly) is sent only the latest text once it can: updates
are states, not events, so a newer one replaces a waiting one and no backlog
grows. Pages that lose their socket poll the same state, so a message lost
here (a full channel, a Redis hiccup) delays a screen, it never misleads it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from socle_site.kernel import metrics

logger = logging.getLogger(__name__)

MESSAGE_TYPE = "fanout.text"


class _Screen:
    """One socket: sends the latest text, one send at a time, once accepted."""

    __slots__ = ("consumer", "pending", "sending", "task")

    def __init__(self, consumer: AsyncJsonWebsocketConsumer):
        self.consumer = consumer
        self.pending: str | None = None
        # Held until the consumer accepts the socket (``opened``).
        self.sending = True
        self.task: asyncio.Task | None = None  # kept: the loop holds tasks only weakly

    def offer(self, text: str) -> None:
        if self.sending:
            self.pending = text  # replaces any older text still waiting
            return
        self.sending = True
        self.task = asyncio.get_running_loop().create_task(self._send(text))

    def opened(self) -> None:
        self.sending = False
        text, self.pending = self.pending, None
        if text is not None:
            self.offer(text)

    async def _send(self, text: str) -> None:
        try:
            while text is not None:
                await self.consumer.send(text_data=text)
                text, self.pending = self.pending, None
        except Exception:  # the socket closed meanwhile: its consumer leaves the group
            self.pending = None
        finally:
            self.sending = False


class _Process:
    """The followed groups of one event loop (one per server process)."""

    def __init__(self, layer):
        self.layer = layer
        self.channel: str | None = None
        self.screens: dict[str, dict[int, _Screen]] = {}
        self.lock = asyncio.Lock()
        self.reader: asyncio.Task | None = None

    async def join(self, group: str, consumer) -> _Screen:
        async with self.lock:
            if self.channel is None:
                self.channel = await self.layer.new_channel()
                self.reader = asyncio.get_running_loop().create_task(self._read())
            # Every join refreshes the membership, which the Redis layer expires after a day.
            await self.layer.group_add(group, self.channel)
            screen = self.screens.setdefault(group, {})[id(consumer)] = _Screen(consumer)
            return screen

    async def leave(self, group: str, consumer) -> None:
        async with self.lock:
            screens = self.screens.get(group)
            if screens is None or screens.pop(id(consumer), None) is None:
                return
            if not screens:
                del self.screens[group]
                await self.layer.group_discard(group, self.channel)

    async def _read(self) -> None:
        failing = False
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # Once per outage (Redis down), not every second.
                if not failing:
                    logger.exception("live updates: reading the process's channel failed; retrying every second")
                failing = True
                await asyncio.sleep(1)
                continue
            if failing:
                logger.warning("live updates: reading the process's channel works again")
                failing = False
            for screen in list(self.screens.get(message.get("group"), {}).values()):
                screen.offer(message["text"])


_processes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Process] = weakref.WeakKeyDictionary()


def _process() -> _Process:
    loop = asyncio.get_running_loop()
    process = _processes.get(loop)
    if process is None:
        process = _processes[loop] = _Process(get_channel_layer())
    return process


def _message(group: str, data: dict | str) -> dict:
    text = data if isinstance(data, str) else json.dumps(data)
    return {"type": MESSAGE_TYPE, "group": group, "text": text}


async def asend_to_group(group: str, data: dict | str) -> None:
    """Send ``data`` (a dict, or JSON already serialised) to every page following ``group``.
    A channel layer that cannot be reached (Redis down) loses the update, never
    the action that sent it: the screens poll meanwhile."""
    layer = get_channel_layer()
    if layer is not None:
        try:
            await layer.group_send(group, _message(group, data))
        except Exception as error:
            _send_failed(error)


def send_to_group(group: str, data: dict | str) -> None:
    """``asend_to_group`` for synchronous code (services, after commit)."""
    send_to_groups([(group, data)])


def send_to_groups(updates: Iterable[tuple[str, dict | str]]) -> None:
    """Several groups' updates from synchronous code, in one trip to the event loop."""
    layer = get_channel_layer()
    updates = list(updates)
    if layer is None or not updates:
        return

    async def send_all():
        for group, data in updates:
            await layer.group_send(group, _message(group, data))

    try:
        async_to_sync(send_all)()
    except Exception as error:
        _send_failed(error)


def _send_failed(error: Exception) -> None:
    # Once per process and outage would need to know when it ends; a live
    # update is rare enough (it follows an action) to be logged each time.
    logger.warning("live update not sent, the channel layer failed (%s); screens fall back to polling", error.__class__.__name__)


class FollowerConsumer(AsyncJsonWebsocketConsumer):
    """A websocket showing one group's updates, delivered by its process
    (see the module's docstring). Subclasses check who connects, call
    ``follow(group)`` then ``accept()``, then send the current state if any:
    an update sent in between waits for the accept, none is missed."""

    followed: str | None = None
    _screen: _Screen | None = None

    async def follow(self, group: str) -> None:
        self.followed = group
        self._screen = await _process().join(group, self)

    _counted = False

    async def accept(self, subprotocol=None, headers=None):
        await super().accept(subprotocol, headers)
        if not self._counted:
            self._counted = True
            metrics.WEBSOCKETS.inc()
            metrics.WEBSOCKETS_OPENED.inc()
        if self._screen is not None:
            self._screen.opened()

    async def websocket_disconnect(self, message):
        if self._counted:
            self._counted = False
            metrics.WEBSOCKETS.dec()
        if self.followed is not None:
            await _process().leave(self.followed, self)
            self.followed = None
        await super().websocket_disconnect(message)
