from channels.db import database_sync_to_async
from socle_site.kernel.fanout import FollowerConsumer

from .models import Thread
from .services import thread_group_name


def _may_read(user, thread_id: int) -> bool:
    thread = Thread.objects.select_related("forum").filter(pk=thread_id).first()
    return thread is not None and user.has_perm("platform_forums.read_forum", thread.forum)


class ThreadConsumer(FollowerConsumer):
    """Tells an open thread page that a reply arrived (its id); the page
    fetches the post through the permission-checked view. Without a socket
    the page still shows new replies on its next load."""

    async def connect(self):
        user = self.scope.get("user")
        thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        if (
            user is None
            or not user.is_authenticated
            or not await database_sync_to_async(_may_read)(user, thread_id)
        ):
            await self.close(code=4403)
            return
        await self.follow(thread_group_name(thread_id))
        await self.accept()
