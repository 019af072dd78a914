from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import live
from .models import Meeting


def _state_for(user, meeting_id: int) -> dict | None:
    """The meeting's state if ``user`` may follow it live (console or projector), else None."""
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None or not user.has_perm("governance.view_projector", meeting):
        return None
    return live.recent_state(meeting)


class MeetingConsumer(AsyncJsonWebsocketConsumer):
    """Pushes a meeting's live state (quorum, current question, tally) to the
    chair's console and the projector. Thin: the state is computed by
    ``live.meeting_state`` and sent by ``live.broadcast`` on commit; the pages
    poll the same state as JSON when the socket drops."""

    async def connect(self):
        user = self.scope.get("user")
        meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        state = await database_sync_to_async(_state_for)(user, meeting_id)
        if state is None:
            await self.close(code=4403)
            return
        self.group = live.group_name(meeting_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(state)

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def meeting_state(self, event):
        await self.send(text_data=event["text"])
