"""The live state of a meeting, and its push to the chair's console and the
room's projector over websockets (group per meeting).

``meeting_state`` reads presence, quorum and the current question's tally
(computed by ``services.voting.counting.live_tally``, the same engine as the
frozen result: no second tally). It never carries a name: the console and the
projector show counts and weights only, and the names of those against and
abstaining on open votes go to the minutes, not to the room's screen.

Explicit calls, on commit, from the one service of each write: the chair's
console (``services.live``) calls ``broadcast``; casting a ballot
(``services.voting.casting``) calls ``ballot_cast``; check-ins, check-outs and
memberships (``services.meetings``, ``services.bodies``, the admin) call
``presence_changed_in``/``body_changed``. A page whose socket dropped polls
``meeting_state`` as JSON and stays correct.
"""

import asyncio
import json
import logging
import threading
import time

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from socle_site.kernel import fanout

from . import selectors
from .models import Attendance, Meeting, Question
from .services.voting.counting import live_tally

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


def quorum_summary(meeting: Meeting, presence: selectors.Presence) -> dict:
    """Counts behind the quorum indicator. The decision and its threshold come
    from ``presence.quorum`` (``rulesets.quorum_of``: the same for the minutes);
    ``required`` is None when the rule has no single threshold."""
    here = presence.present_or_represented
    represented = set().union(*presence.represented.values()) if presence.represented else set()
    modes = dict(
        Attendance.objects.filter(meeting=meeting, checked_out_at__isnull=True, member_id__in=list(presence.members))
        .values_list("mode").annotate(n=Count("pk")).values_list("mode", "n")
    )
    quorum = presence.quorum
    summary = {
        "has_quorum": quorum.reached,
        "members": len(presence.members),
        "in_person": modes.get(Attendance.Mode.IN_PERSON, 0),
        "online": modes.get(Attendance.Mode.ONLINE, 0),
        "represented": len(represented),
        "present_or_represented": len(here),
        "weight_present_or_represented": presence.weight_present_or_represented,
        "weight_total": presence.weight_total,
        "required": quorum.required,
        "colleges": [],
    }
    if quorum.colleges:
        from community.models import College

        names = dict(College.objects.filter(pk__in={c.college for c in quorum.colleges}).values_list("pk", "name"))
        for college in sorted(quorum.colleges, key=lambda c: (c.college is None, c.college or 0)):
            summary["colleges"].append({
                "college": names.get(college.college, ""),
                "weight_present_or_represented": college.weight_present_or_represented,
                "weight_total": college.weight_total, "required": college.required, "reached": college.reached,
            })
    return summary


def question_state(question: Question, presence: selectors.Presence | None) -> dict:
    tally = dict(live_tally(question, presence=presence) or {})
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


def ballot_cast(question_id: int) -> None:
    """Called on commit by ``services.voting.casting`` after each cast: the screens show the new tally."""
    meeting_id = Question.objects.filter(pk=question_id).values_list("meeting_id", flat=True).first()
    if meeting_id:
        broadcast(meeting_id)


def presence_changed_in(meeting_ids) -> None:
    """Who counts in these meetings changed (a check-in, a check-out, a
    membership, the body's rules): called by the services that write it.
    Now, so that the same transaction's next read sees the change; and again
    on commit, so that a state computed by another request meanwhile (from
    the data before the commit) is not the one kept. Proxies change only
    before a meeting starts, when nothing is cached."""
    ids = list(meeting_ids)
    for meeting_id in ids:
        presence_changed(meeting_id)
    if ids:
        transaction.on_commit(lambda: [presence_changed(i) for i in ids])


def body_changed(body_id: int) -> None:
    """A body's members or rules changed: its meetings in progress count afresh."""
    presence_changed_in(
        Meeting.objects.filter(body_id=body_id, status=Meeting.Status.IN_PROGRESS).values_list("pk", flat=True)
    )
