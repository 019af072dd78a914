from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from community.services.notifications import unread_count, user_group_name


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Pushes the member's unread count; the page polls if the socket drops."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = user_group_name(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"unread": await database_sync_to_async(unread_count)(user)})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notifications_unread(self, event):
        await self.send_json({"unread": event["unread"]})
