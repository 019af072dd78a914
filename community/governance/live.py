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
import json
import logging
import math
import threading
import time
from fractions import Fraction

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from socle_site.kernel import fanout

from . import (
    rules_live,  # noqa: F401  (registers the console's perms)
    selectors,
)
from .models import Attendance, Body, BodyMembership, Meeting, Proxy, Question
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
    tally = dict(voting.live_tally(question, presence=presence) or {})
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


# --- presence, read once per change rather than once per ballot ---------------------------
#
# A burst of ballots changes the tally, not who is in the room. Reading the
# whole assembly (members, check-ins, proxies: thousands of rows) for every
# push made each push cost more than the ballot itself; so the presence and
# its quorum summary are kept in the shared cache under a version that every
# change of attendance, proxies, memberships or the body's rules moves on
# (after commit). A push computed before a change can only fill the old
# version's slot, which nobody reads any more; the expiry is a safety net.
PRESENCE_CACHE_SECONDS = 30


def _presence_version_key(meeting_id: int) -> str:
    return f"governance-live-presence-version-{meeting_id}"


def presence_changed(meeting_id: int) -> None:
    """Who counts in the meeting may have changed: the next state reads it afresh."""
    key = _presence_version_key(meeting_id)
    if not cache.add(key, 1, None):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, None)


def presence_and_quorum(meeting: Meeting) -> tuple[selectors.Presence, dict]:
    if meeting.status != Meeting.Status.IN_PROGRESS:
        # Before and after the meeting nothing is cast: no burst to spare.
        presence = selectors.presence(meeting)
        return presence, quorum_summary(meeting, presence)
    version = cache.get(_presence_version_key(meeting.pk), 0)
    key = f"governance-live-presence-{meeting.pk}-{version}"
    cached = cache.get(key)
    if cached is None:
        presence = selectors.presence(meeting)
        cached = (presence, quorum_summary(meeting, presence))
        cache.set(key, cached, PRESENCE_CACHE_SECONDS)
    return cached


def meeting_state(meeting: Meeting, questions: list | None = None) -> dict:
    """Everything the console and the projector show live, as plain JSON values.
    ``questions``: the meeting's questions in order, when the caller has read them."""
    presence, quorum = presence_and_quorum(meeting)
    if questions is None:
        questions = list(meeting.questions.order_by("order", "pk"))
    current = current_question(questions)
    return {
        "meeting": meeting.pk,
        "status": meeting.status,
        # Later states win: pushes computed in two processes may arrive out of order.
        "version": time.time_ns(),
        "quorum": quorum,
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


def _state_text(meeting_id: int) -> str | None:
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    state = meeting_state(meeting)
    cache.set(_cache_key(meeting_id), state, STATE_CACHE_SECONDS)
    # Serialised once here, not once per screen.
    return json.dumps(state)


# Each process pushes a meeting's state at most once per PUSH_INTERVAL.
# Without this bound, a cheap state let each process push back to back during
# a burst of ballots: 200 screens then received thousands of messages a second,
# queued up, and the count they showed fell tens of seconds behind. A quarter
# of a second is below what a person in the room notices. (The processes do
# not share one rhythm: that would need one clock for all of them, and a state
# computed by another process before this one's commit would not count it.)
PUSH_INTERVAL = 0.25


class _Pusher:
    """Coalesces the pushes of one process with a shared channel layer (Redis).

    Each commit only marks its meeting dirty. One task per meeting, on a
    long-lived event loop of its own, computes the state AFTER the mark and
    sends it, then waits out the rest of PUSH_INTERVAL and goes again while
    new marks arrived meanwhile. So every ballot is followed by a push that
    counts it within one interval plus the time to compute and send, and a
    burst costs one push per interval, not one per ballot."""

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
        compute = database_sync_to_async(_state_text, thread_sensitive=False)
        try:
            while True:
                with self.lock:
                    if meeting_id not in self.dirty:
                        self.running.discard(meeting_id)
                        return
                    self.dirty.discard(meeting_id)
                started = time.monotonic()  # not frozen by tests' time machines
                text = await compute(meeting_id)
                if text is not None:
                    await fanout.asend_to_group(group_name(meeting_id), text)
                await asyncio.sleep(max(0.0, started + PUSH_INTERVAL - time.monotonic()))
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
        text = _state_text(meeting_id)
        if text is not None:
            fanout.send_to_group(group_name(meeting_id), text)
        return
    _pusher.mark(meeting_id)


def _after_cast(question_id: int) -> None:
    meeting_id = Question.objects.filter(pk=question_id).values_list("meeting_id", flat=True).first()
    if meeting_id:
        broadcast(meeting_id)


def _meetings_touched(sender, instance, **kwargs) -> None:
    if sender is Body:
        ids = list(Meeting.objects.filter(body_id=instance.pk, status=Meeting.Status.IN_PROGRESS).values_list("pk", flat=True))
    elif sender is BodyMembership:
        ids = list(Meeting.objects.filter(body_id=instance.body_id, status=Meeting.Status.IN_PROGRESS).values_list("pk", flat=True))
    else:  # Attendance, Proxy
        ids = [instance.meeting_id]
    # Now, so that this transaction's own next read sees the change; and again
    # on commit, so that a state computed by another request meanwhile (from
    # the data before the commit) is not the one kept.
    for meeting_id in ids:
        presence_changed(meeting_id)
    if ids:
        transaction.on_commit(lambda: [presence_changed(i) for i in ids])


for _model in (Attendance, Proxy, BodyMembership, Body):
    for _signal in (post_save, post_delete):
        _signal.connect(_meetings_touched, sender=_model, dispatch_uid=f"governance-live-presence-{_model.__name__}-{_signal}")


if _after_cast not in voting.after_cast_hooks:
    voting.after_cast_hooks.append(_after_cast)
