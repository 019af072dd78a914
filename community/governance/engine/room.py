"""Votes taken in the room (show of hands, paper ballots), as pure functions
(STYLE.md §1): what a recorded count may hold, given who is present or
represented and who already voted online. No database, values in, values out.

A recorded count is a list of ``RoomLine``: per answer (``choice``; None for
a blank ballot) and, where the double majority needs it, per college, how
many voted that way in the room (``voters``) and with how many votes
(``weight``). Where every voter has one vote the weight is the number of
voters; where votes are shares (a co-owners' meeting, Civil Code art. 3.87)
the counters add up the shares of the lots voting each way (read from the
attendance list for a show of hands, printed on each paper ballot). The
totals then go into the same deciding functions as online ballots
(``RuleSet.decide_motion``, ``engine.choices``): no second majority rule.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RoomLine:
    choice: object  # a choice id, or None for a blank ballot
    college: object  # None unless counted per college
    voters: int
    weight: int


@dataclass(frozen=True)
class RoomCapacity:
    """Who may still vote in the room: present or represented, with votes, not
    yet counted online. Per college when the count is per college (else the key None)."""

    voters: int
    weight: int


class RoomCountProblem(Exception):
    """Why recorded totals cannot be right; ``code`` picks the translated message,
    ``college`` names the college whose totals are wrong (or None)."""

    def __init__(self, code: str, college=None, capacity: RoomCapacity | None = None):
        super().__init__(code)
        self.code = code
        self.college = college
        self.capacity = capacity


def weights_differ(weights: Iterable[int]) -> bool:
    """Whether votes must be recorded besides voters: some member present has
    more (or fewer) than one vote, as co-owners with their shares do."""
    return any(w != 1 for w in weights)


def room_capacity(members: Mapping, present: set, voted_online: set, *, per_college: bool) -> dict:
    """``members`` maps id -> (college, weight) of the members with votes;
    ``present`` are the ids present or represented; ``voted_online`` those
    whose ballot is already in the count. A member is counted once: those who
    voted online may not vote again in the room. Returns college (or None) -> RoomCapacity."""
    out: dict = {}
    for member_id in present:
        if member_id in voted_online or member_id not in members:
            continue
        college, weight = members[member_id]
        key = college if per_college else None
        before = out.get(key, RoomCapacity(0, 0))
        out[key] = RoomCapacity(before.voters + 1, before.weight + weight)
    return out


def check_room_totals(lines: Iterable[RoomLine], capacity: Mapping) -> None:
    """Raise RoomCountProblem when the totals cannot be right:

    - ``empty``: nobody voted in the room;
    - ``weight_mismatch``: votes without voters, or fewer votes than voters
      (each voter in the room has at least one vote);
    - ``too_many_voters`` / ``too_many_votes``: more than the members present
      or represented who have not voted online (``capacity``), overall or in a college.

    Each voter gives one answer (a motion, a single choice): the lines'
    voters add up to the room's voters."""
    lines = list(lines)
    if not any(line.voters for line in lines):
        raise RoomCountProblem("empty")
    for line in lines:
        if line.voters < 0 or line.weight < 0 or (line.voters == 0) != (line.weight == 0) or line.weight < line.voters:
            raise RoomCountProblem("weight_mismatch", line.college)
    sums: dict = {}
    for line in lines:
        voters, weight = sums.get(line.college, (0, 0))
        sums[line.college] = (voters + line.voters, weight + line.weight)
    for college, (voters, weight) in sums.items():
        limit = capacity.get(college, RoomCapacity(0, 0))
        if voters > limit.voters:
            raise RoomCountProblem("too_many_voters", college, limit)
        if weight > limit.weight:
            raise RoomCountProblem("too_many_votes", college, limit)


def how_taken(*, online_ballots: int, room_method: str | None) -> str:
    """How a vote was taken, as the minutes say it: online, the room's method
    (show of hands, paper ballots), or mixed when both were counted."""
    if room_method is None:
        return "online"
    return "mixed" if online_ballots else room_method
