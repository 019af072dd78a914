from channels.db import database_sync_to_async
from socle_site.kernel.fanout import FollowerConsumer

from community.services.notifications import unread_count, user_group_name


class NotificationConsumer(FollowerConsumer):
    """Pushes the member's unread count; the page polls if the socket drops."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        await self.follow(user_group_name(user.pk))
        await self.accept()
        await self.send_json({"unread": await database_sync_to_async(unread_count)(user)})
