"""The live state of a meeting, and its push to the chair's console and the
room's projector over websockets (group per meeting).

``meeting_state`` reads presence, quorum and the current question's tally
(computed by ``services.voting.live_tally``, the same engine as the frozen
result: no second tally). It never carries a name: the console and the
projector show counts and weights only, and the names of those against and
abstaining on open votes go to the minutes, not to the room's screen.

``broadcast`` is called on commit by the services (``services.live`` and the
``after_cast_hooks`` of ``services.voting``); a page whose socket dropped polls
``meeting_state`` as JSON and stays correct. Importing this module registers
the hook and the perms of ``rules_live``.
"""

import asyncio
import logging
import math
import threading
import time
from fractions import Fraction

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.core.cache import cache
from django.db.models import Count

from . import (
    rules_live,  # noqa: F401  (registers the console's perms)
    selectors,
)
from .models import Attendance, Meeting, Question
from .rulesets import PlainRules
from .services import voting

logger = logging.getLogger(__name__)
LIVE_FIELDS_DROPPED = ("named",)  # names never leave for the screen


def group_name(meeting_id: int) -> str:
    return f"governance-meeting-{meeting_id}"


def current_question(questions: list[Question]) -> Question | None:
    """The open question; otherwise the one closed most recently (its result stays on screen)."""
    open_ones = [q for q in questions if q.status == Question.Status.OPEN]
    if open_ones:
        return open_ones[0]
    final = [q for q in questions if q.is_final and q.closed_at]
    return max(final, key=lambda q: q.closed_at) if final else None


def _required(total: int, share: Fraction) -> int:
    """The smallest weight that reaches ``share`` of ``total`` (engine.quorum: here >= total × share)."""
    return math.ceil(total * share) if total else 0


def quorum_summary(meeting: Meeting, presence: selectors.Presence) -> dict:
    """Counts behind the quorum indicator. The decision itself (``has_quorum``)
    comes from the body's rule set; ``required`` is shown for the plain rules
    (general assembly, board), whose threshold is a share of the weight."""
    body = meeting.body
    here = presence.present_or_represented
    represented = set().union(*presence.represented.values()) if presence.represented else set()
    modes = dict(
        Attendance.objects.filter(meeting=meeting, checked_out_at__isnull=True, member_id__in=list(presence.members))
        .values_list("mode").annotate(n=Count("pk")).values_list("mode", "n")
    )
    plain = type(body.rule_set) is PlainRules  # co-owners' double quorum has no single threshold
    share = Fraction(body.quorum_share)
    summary = {
        "has_quorum": presence.has_quorum,
        "members": len(presence.members),
        "in_person": modes.get(Attendance.Mode.IN_PERSON, 0),
        "online": modes.get(Attendance.Mode.ONLINE, 0),
        "represented": len(represented),
        "present_or_represented": len(here),
        "weight_present_or_represented": presence.weight_present_or_represented,
        "weight_total": presence.weight_total,
        "required": _required(presence.weight_total, share) if plain else None,
        "colleges": [],
    }
    if body.quorum_per_college:
        from community.models import College

        names = dict(College.objects.filter(pk__in={m.college for m in presence.members.values()}).values_list("pk", "name"))
        for college in sorted({m.college for m in presence.members.values()}, key=lambda c: (c is None, c or 0)):
            ids = [i for i, m in presence.members.items() if m.college == college]
            total = sum(presence.members[i].weight for i in ids)
            present = sum(presence.members[i].weight for i in ids if i in here)
            required = _required(total, share)
            summary["colleges"].append({
                "college": names.get(college, ""), "weight_present_or_represented": present,
                "weight_total": total, "required": required, "reached": total > 0 and present >= required,
            })
    return summary


def question_state(question: Question, presence: selectors.Presence | None) -> dict:
    tally = dict(voting.live_tally(question) or {})
    for key in LIVE_FIELDS_DROPPED:
        tally.pop(key, None)
    return {
        "id": question.pk,
        "title": question.title,
        "status": question.status,
        "kind": question.kind,
        "is_secret": question.is_secret,
        "tally": tally,
        "possible": len(presence.present_or_represented) if presence else None,
    }


def meeting_state(meeting: Meeting) -> dict:
    """Everything the console and the projector show live, as plain JSON values."""
    presence = selectors.presence(meeting)
    questions = list(meeting.questions.order_by("order", "pk"))
    current = current_question(questions)
    return {
        "meeting": meeting.pk,
        "status": meeting.status,
        # Later states win: pushes computed in two processes may arrive out of order.
        "version": time.time_ns(),
        "quorum": quorum_summary(meeting, presence),
        "questions": [{"id": q.pk, "status": q.status} for q in questions],
        "question": question_state(current, presence) if current else None,
    }


STATE_CACHE_SECONDS = 2


def _cache_key(meeting_id: int) -> str:
    return f"governance-live-state-{meeting_id}"


def recent_state(meeting: Meeting) -> dict:
    """The state for a socket that just connected: the last one pushed (or
    computed) in the past STATE_CACHE_SECONDS, else a fresh one. When 200
    screens connect at once, the state is computed a few times, not 200;
    any later change reaches them by the next push."""
    state = cache.get(_cache_key(meeting.pk))
    if state is None:
        state = meeting_state(meeting)
        cache.set(_cache_key(meeting.pk), state, STATE_CACHE_SECONDS)
    return state


def _state_message(meeting_id: int) -> dict | None:
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    state = meeting_state(meeting)
    cache.set(_cache_key(meeting_id), state, STATE_CACHE_SECONDS)
    return {"type": "meeting.state", "state": state}


class _Pusher:
    """Coalesces the pushes of one process with a shared channel layer (Redis).

    Under a burst of ballots, computing and sending the state after each one
    would make every ballot wait for the others' pushes. Here each commit only
    marks its meeting dirty; one task per meeting, on a long-lived event loop
    of its own, computes the state AFTER the mark and sends it, and goes again
    while new marks arrived meanwhile. So every ballot is followed by a push
    that counts it, and a burst costs a few pushes, not one per ballot."""

    def __init__(self):
        self.lock = threading.Lock()
        self.loop = None
        self.dirty: set[int] = set()
        self.running: set[int] = set()

    def _ensure_loop(self):
        with self.lock:
            if self.loop is None:
                self.loop = asyncio.new_event_loop()
                threading.Thread(target=self.loop.run_forever, name="governance-live-push", daemon=True).start()
            return self.loop

    def mark(self, meeting_id: int) -> None:
        loop = self._ensure_loop()
        with self.lock:
            self.dirty.add(meeting_id)
            if meeting_id in self.running:
                return
            self.running.add(meeting_id)
        asyncio.run_coroutine_threadsafe(self._drain(meeting_id), loop)

    async def _drain(self, meeting_id: int) -> None:
        layer = get_channel_layer()
        compute = database_sync_to_async(_state_message, thread_sensitive=False)
        try:
            while True:
                with self.lock:
                    if meeting_id not in self.dirty:
                        self.running.discard(meeting_id)
                        return
                    self.dirty.discard(meeting_id)
                message = await compute(meeting_id)
                if message is not None:
                    await layer.group_send(group_name(meeting_id), message)
        except Exception:
            with self.lock:
                self.running.discard(meeting_id)
            logger.exception("live push of meeting %s failed", meeting_id)


_pusher = _Pusher()


def broadcast(meeting_id: int) -> None:
    """Push the meeting's state to its open consoles and projectors.

    With the in-memory layer (one process: development, tests) the state is
    sent at once; with a shared layer the process's pusher coalesces bursts."""
    layer = get_channel_layer()
    if layer is None:
        return
    if isinstance(layer, InMemoryChannelLayer):
        message = _state_message(meeting_id)
        if message is not None:
            async_to_sync(layer.group_send)(group_name(meeting_id), message)
        return
    _pusher.mark(meeting_id)


def _after_cast(question_id: int) -> None:
    meeting_id = Question.objects.filter(pk=question_id).values_list("meeting_id", flat=True).first()
    if meeting_id:
        broadcast(meeting_id)


if _after_cast not in voting.after_cast_hooks:
    voting.after_cast_hooks.append(_after_cast)
