"""Votes taken in the room: the chair or a secretary records the totals of a
show of hands, or of paper ballots counted by tellers (a secret vote keeps
totals only, as online), and the vote closes with them.

The totals join the online ballots in ``counting.compute_result``, so quorum,
majorities, the double majority per college and a feature's rules (the
co-owners' unanimity of all) decide them exactly as they decide ballots cast
in the portal. Each member is counted once: the totals may not exceed the
members present or represented who have not voted online
(``engine.room.check_room_totals``). Where votes are shares (co-owners), the
counters enter the shares voting each way; a majority owner's cap
(Civil Code art. 3.87 §6) cannot be applied to totals that name nobody, so
where it would change a vote the rule set's own ``counted_weights`` says so
and the count in the room is refused: that vote is held by name in the portal.

Recording closes the vote in the same transaction, under the question's row
lock (the casts in flight finish first, later ones are turned away): no online
ballot can arrive after the room was counted, and a second record of the same
vote (two secretaries at once) is refused, the database's unique question
being the last guard."""

from collections.abc import Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import College, User
from community.services.audit import record_audit

from ... import selectors
from ...engine.room import (
    RoomCountProblem,
    RoomLine,
    check_room_totals,
    room_capacity,
    weights_differ,
)
from ...errors import VoteRefusal
from ...models import Meeting, Question, RoomCount, RoomTotal
from .. import secret
from .closing import freeze_result, lock_open_question

# Each voter in the room gives one answer: motions and single choice. Multiple
# choice and elections, where a ballot ticks several names, are voted in the portal.
ROOM_KINDS = (Question.Kind.MOTION, Question.Kind.SINGLE)

PROBLEMS = {
    "empty": gettext_lazy("Enter how many voted for at least one answer."),
    "weight_mismatch": gettext_lazy(
        "Each answer's votes must be at least its number of voters, and zero when nobody voted that way."
    ),
    "too_many_voters": gettext_lazy(
        "These totals count %(counted)d voters in the room, but only %(possible)d members present or represented "
        "have not voted online. Nothing was recorded: check the count."
    ),
    "too_many_votes": gettext_lazy(
        "These totals count %(counted)d votes in the room, but the members present or represented who have not "
        "voted online hold only %(possible)d. Nothing was recorded: check the count."
    ),
    "too_many_voters_in_college": gettext_lazy(
        "These totals count %(counted)d voters of the college %(college)s in the room, but only %(possible)d of its "
        "members present or represented have not voted online. Nothing was recorded: check the count."
    ),
    "too_many_votes_in_college": gettext_lazy(
        "These totals count %(counted)d votes of the college %(college)s in the room, but its members present or "
        "represented who have not voted online hold only %(possible)d. Nothing was recorded: check the count."
    ),
}
ALREADY = gettext_lazy("A count in the room was already recorded for this vote.")


def needs_weights(question: Question, presence: selectors.Presence | None = None) -> bool:
    """Whether the form asks for votes besides voters: some member has more than one vote (shares)."""
    presence = presence if presence is not None else selectors.presence(question.meeting)
    return weights_differ(m.weight for m in presence.members.values())


def room_colleges(question: Question, presence: selectors.Presence) -> list:
    """The colleges counted apart (double majority per college), or [None]."""
    if not question.double_majority_per_college:
        return [None]
    ids = {m.college for m in presence.members.values()}
    return list(College.objects.filter(pk__in=[i for i in ids if i is not None]).order_by("pk")) + (
        [None] if None in ids else []
    )


def record_room_count(*, question: Question, acting_user: User, method: str, counted_by: str,
                      totals: Mapping[tuple, tuple], now: datetime | None = None) -> Question:
    """Record the totals of a vote taken in the room and close the vote.

    ``totals`` maps (choice id or None for blank, college id or None) to
    (voters, votes); votes may be None where every member has one vote (they
    are then the voters). Refused with a translated message, nothing stored,
    when the totals exceed who may still vote, when a secret vote would be a
    show of hands, or when the acting user does not run the meeting."""
    now = now or timezone.now()
    counted_by = (counted_by or "").strip()
    if not counted_by:
        raise VoteRefusal(_("Name who counted the votes."))
    if method not in RoomCount.Method.values:
        raise VoteRefusal(_("Choose how the room voted: a show of hands or paper ballots."))
    try:
        with transaction.atomic():
            question = lock_open_question(
                question, refusal=_("This vote is not open: a count in the room is recorded while it is open, and closes it.")
            )
            meeting = Meeting.objects.get(pk=question.meeting_id) if question.meeting_id else None
            _refuse_unless_possible(question, meeting, acting_user, method)
            presence = selectors.presence(meeting)
            if question.body.rule_set.caps_votes and _cap_would_change(question, presence):
                raise VoteRefusal(_(
                    "A member's votes are capped at those of all the others present or represented (Civil Code "
                    "art. 3.87 §6): totals counted in the room cannot apply the cap. Hold this vote by name in the portal."
                ))
            lines = _lines(question, presence, totals)
            _check(question, presence, lines)
            room = RoomCount.objects.create(
                question=question, method=method, counted_by=counted_by[:200], recorded_by=acting_user, recorded_at=now,
                voters=sum(line.voters for line in lines), weight=sum(line.weight for line in lines),
            )
            RoomTotal.objects.bulk_create(
                RoomTotal(room_count=room, choice_id=line.choice, college_id=line.college, voters=line.voters,
                          weight=line.weight)
                for line in lines
            )
            record_audit(actor=acting_user, action="governance.question.counted_in_room", target=question,
                         method=method, voters=room.voters, votes=room.weight, counted_by=room.counted_by)
            freeze_result(question, acting_user=acting_user, now=now)
            transaction.on_commit(lambda: _after_count(question.pk))
    except IntegrityError:
        # Another secretary recorded this vote's count a moment ago.
        raise VoteRefusal(str(ALREADY)) from None
    if question.is_secret:
        secret.finish_close(question.pk)
    return question


def _refuse_unless_possible(question: Question, meeting: Meeting | None, acting_user: User, method: str) -> None:
    if meeting is None or meeting.status != Meeting.Status.IN_PROGRESS:
        raise VoteRefusal(_("A count in the room is recorded during the meeting, while it is in progress."))
    if not acting_user.has_perm("governance.record_room_count", meeting):
        raise VoteRefusal(_("Only the chair, the secretary or staff record the votes taken in the room."))
    if question.kind not in ROOM_KINDS:
        raise VoteRefusal(_("Multiple choice questions and elections are voted in the portal, one ballot per member."))
    if question.is_secret and method == RoomCount.Method.SHOW_OF_HANDS:
        raise VoteRefusal(_("A secret vote is counted from paper ballots, never by a show of hands."))


def _cap_would_change(question: Question, presence: selectors.Presence) -> bool:
    """Whether the rule set's cap changes anyone's votes now: each present
    member votes for themselves and the principals they represent."""
    holder_of = {p: holder for holder, principals in presence.represented.items() for p in principals}
    ids = sorted(presence.present_or_represented)
    weights = [presence.members[i].weight for i in ids]
    counted = question.body.rule_set.counted_weights(
        [holder_of.get(i, i) for i in ids], weights, present_weight=presence.weight_present_or_represented,
    )
    return list(counted) != weights


def _lines(question: Question, presence: selectors.Presence, totals: Mapping[tuple, tuple]) -> list[RoomLine]:
    """The totals as lines of the question's answers (and colleges): unknown keys refused, missing ones zero."""
    weighed = needs_weights(question, presence)
    answers = [c.pk for c in question.choices.all()] + ([] if question.kind == Question.Kind.MOTION else [None])
    colleges = [getattr(c, "pk", None) for c in room_colleges(question, presence)]
    keys = {(a, k) for a in answers for k in colleges}
    if set(totals) - keys:
        raise VoteRefusal(_("These totals do not match the question's answers: reload the page and count again."))
    lines = []
    for answer in answers:
        for college in colleges:
            voters, weight = totals.get((answer, college), (0, None))
            voters = int(voters or 0)
            if weighed and weight is None and voters:
                raise VoteRefusal(_("Enter the votes (shares) of each answer as well as its voters."))
            weight = int(weight or 0) if weighed else voters
            lines.append(RoomLine(choice=answer, college=college, voters=voters, weight=weight))
    return lines


def capacity_of(question: Question, presence: selectors.Presence) -> dict:
    """Who may still vote in the room now (``engine.room.room_capacity``): the
    form shows it, the service checks the totals against it."""
    voted_online = set(question.participations.values_list("member_id", flat=True))
    return room_capacity(
        {i: (m.college, m.weight) for i, m in presence.members.items()}, presence.present_or_represented, voted_online,
        per_college=question.double_majority_per_college,
    )


def _check(question: Question, presence: selectors.Presence, lines: list[RoomLine]) -> None:
    capacity = capacity_of(question, presence)
    try:
        check_room_totals(lines, capacity)
    except RoomCountProblem as problem:
        counted = sum((line.weight if problem.code == "too_many_votes" else line.voters)
                      for line in lines if line.college == problem.college)
        possible = 0
        if problem.capacity is not None:
            possible = problem.capacity.weight if problem.code == "too_many_votes" else problem.capacity.voters
        code, college = problem.code, ""
        if problem.college is not None:
            code += "_in_college"
            college = College.objects.filter(pk=problem.college).values_list("name", flat=True).first() or ""
        raise VoteRefusal(
            str(PROBLEMS[code]) % {"counted": counted, "possible": possible, "college": college}
        ) from None


def _after_count(question_id: int) -> None:
    """On commit: the console and the projector show the recorded result."""
    from ... import live

    live.ballot_cast(question_id)
