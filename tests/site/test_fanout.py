"""Live updates reach a process's sockets through one subscription per group
(socle_site.kernel.fanout): one membership per process, the latest text for a slow
socket, nothing sent before the socket is accepted, nothing lost meanwhile."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from socle_site.kernel import fanout


class Socket:
    """Stands for a consumer: records what it is sent; can be made to hang."""

    def __init__(self, *, fails=False):
        self.sent: list[str] = []
        self.fails = fails
        self.gate: asyncio.Event | None = None

    async def send(self, text_data=None):
        if self.gate is not None:
            await self.gate.wait()
        if self.fails:
            raise OSError("the client went away")
        self.sent.append(text_data)


async def settle(condition, attempts=1000):
    # Returns as soon as the condition holds; the bound is generous (ten seconds) because the
    # process's reader retries every second after a failed read (a busy Redis under CI): one
    # second once failed a stop on PostgreSQL + Redis.
    for _ in range(attempts):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the update never arrived")


async def join_open(group, socket):
    screen = await fanout._process().join(group, socket)
    screen.opened()
    return screen


def members_of(group):
    layer = get_channel_layer()
    if hasattr(layer, "groups"):  # in-memory layer
        return set(layer.groups.get(group, {}))
    return None  # Redis: the layer keeps them server-side


def test_a_process_follows_a_group_once_and_every_socket_gets_each_update():
    async def scenario():
        sockets = [Socket() for _ in range(3)]
        for socket in sockets:
            await join_open("fanout-test-a", socket)
        members = members_of("fanout-test-a")
        assert members is None or len(members) == 1
        await fanout.asend_to_group("fanout-test-a", {"n": 1})
        await settle(lambda: all(s.sent for s in sockets))
        assert [s.sent for s in sockets] == [['{"n": 1}']] * 3
        for socket in sockets:
            await fanout._process().leave("fanout-test-a", socket)
        assert not members_of("fanout-test-a")

    async_to_sync(scenario)()


def test_a_slow_socket_gets_the_latest_state_and_no_backlog():
    async def scenario():
        slow, quick = Socket(), Socket()
        slow.gate = asyncio.Event()
        screen = await join_open("fanout-test-b", slow)
        await join_open("fanout-test-b", quick)
        for n in range(1, 6):
            await fanout.asend_to_group("fanout-test-b", {"n": n})
        await settle(lambda: quick.sent[-1:] == ['{"n": 5}'])
        assert quick.sent == sorted(quick.sent) and quick.sent[0] == '{"n": 1}'
        slow.gate.set()
        await settle(lambda: not screen.sending)
        # The first was on its way when the socket stalled; of the others, only the newest.
        assert slow.sent == ['{"n": 1}', '{"n": 5}']
        for socket in (slow, quick):
            await fanout._process().leave("fanout-test-b", socket)

    async_to_sync(scenario)()


def test_an_update_before_the_accept_waits_for_it_and_a_closed_socket_harms_no_other():
    async def scenario():
        waiting, broken, fine = Socket(), Socket(fails=True), Socket()
        screen = await fanout._process().join("fanout-test-c", waiting)
        await join_open("fanout-test-c", broken)
        await join_open("fanout-test-c", fine)
        await fanout.asend_to_group("fanout-test-c", "{}")
        await settle(lambda: fine.sent)
        assert waiting.sent == []
        screen.opened()
        await settle(lambda: waiting.sent)
        assert waiting.sent == ["{}"] and broken.sent == []
        await fanout.asend_to_group("fanout-test-c", "[]")
        await settle(lambda: len(fine.sent) == 2 and len(waiting.sent) == 2)
        for socket in (waiting, broken, fine):
            await fanout._process().leave("fanout-test-c", socket)

    async_to_sync(scenario)()


# database_sync_to_async closes stale connections before and after the call:
# allowed to, whatever test left the thread's connection open before this one.
@pytest.mark.django_db
def test_synchronous_code_sends_several_groups_at_once():
    async def scenario():
        one, two = Socket(), Socket()
        await join_open("fanout-test-d1", one)
        await join_open("fanout-test-d2", two)
        from asgiref.sync import sync_to_async

        # Plain sync_to_async: channels' database wrapper closes old database
        # connections, refused outside a database test (this one needs none).
        await sync_to_async(fanout.send_to_groups, thread_sensitive=False)([("fanout-test-d1", {"a": 1}), ("fanout-test-d2", {"b": 2})])
        await settle(lambda: one.sent and two.sent)
        assert (one.sent, two.sent) == (['{"a": 1}'], ['{"b": 2}'])
        await fanout._process().leave("fanout-test-d1", one)
        await fanout._process().leave("fanout-test-d2", two)

    async_to_sync(scenario)()
