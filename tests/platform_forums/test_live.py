"""New replies reach open thread pages over websockets; only readers connect."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from platform_forums import services
from platform_forums.models import Thread
from platform_forums.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True)


def _connect(user, thread_id):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/forums/threads/{thread_id}/"
    )
    communicator.scope["user"] = user
    return communicator


def test_member_sees_a_new_reply_live(space):
    thread = services.start_thread(
        acting_user=space.member, forum=space.forum, title="Live", body="first"
    )

    async def scenario():
        communicator = _connect(space.pilot, thread.pk)
        connected, _ = await communicator.connect()
        assert connected
        post = await database_sync_to_async(services.reply)(
            acting_user=space.member,
            thread=await database_sync_to_async(Thread.objects.get)(pk=thread.pk),
            body="second",
        )
        assert await communicator.receive_json_from(timeout=3) == {"post": post.pk}
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.parametrize("who", ["outsider", "removed", "other_platform"])
def test_non_members_cannot_listen(space, who):
    thread = services.start_thread(
        acting_user=space.member, forum=space.forum, title="Live", body="first"
    )

    async def scenario():
        connected, code = await _connect(getattr(space, who), thread.pk).connect()
        assert not connected and code == 4403

    async_to_sync(scenario)()
