from channels.db import database_sync_to_async
from socle_site.kernel.fanout import FollowerConsumer

from . import live
from .models import Meeting


def _may_follow(user, meeting_id: int) -> bool:
    """Whether ``user`` may follow the meeting live (console or projector)."""
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    return meeting is not None and user.has_perm("governance.view_projector", meeting)


def _state_of(meeting_id: int) -> dict | None:
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    return live.recent_state(meeting) if meeting else None


class MeetingConsumer(FollowerConsumer):
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
        if not await database_sync_to_async(_may_follow)(user, meeting_id):
            await self.close(code=4403)
            return
        # Followed before the state is read: a change in between is pushed too.
        await self.follow(live.group_name(meeting_id))
        await self.accept()
        state = await database_sync_to_async(_state_of)(meeting_id)
        if state is not None:
            await self.send_json(state)
