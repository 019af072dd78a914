"""Quorum rules of the one voting engine, as pure functions (STYLE.md §1).

Quorum is the share of members' weight present or represented (a proxy
counts only while its holder is checked in: DOMAIN.md §8 — the caller passes
only such represented members). Optionally every college must reach it too.
A feature's own quorum (co-owners' double quorum, Civil Code art. 3.87 §5)
comes from its rule set and is reported in the same ``QuorumCount``.
"""

import math
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class CollegeQuorum:
    college: object
    weight_present_or_represented: int
    weight_total: int
    required: int
    reached: bool


@dataclass(frozen=True)
class QuorumCount:
    """Whether the quorum is reached, and the figures behind it that screens show.
    ``required`` is the weight needed when the rule has one threshold (a share
    of the weight), None when it has none (the co-owners' double quorum)."""

    reached: bool
    required: int | None = None
    colleges: tuple[CollegeQuorum, ...] = ()


def required_weight(total: int, share) -> int:
    """The smallest whole weight that reaches ``share`` of ``total`` (present >= total × share)."""
    return math.ceil(total * Fraction(share)) if total else 0


def share_quorum(members, present, *, share, per_college=False) -> QuorumCount:
    """``members`` maps member id -> (college, weight); ``present`` is the set
    of ids present or represented; ``share`` a Fraction such as 1/2.
    Reached when present weight >= share of total weight (and, with
    ``per_college``, within every college that has members). An empty body
    never has a quorum."""
    share = Fraction(share)

    def count(ids) -> tuple[int, int, int, bool]:
        # Weights are whole numbers (one per member, or shares): summed as ints.
        total = sum(members[i][1] for i in ids)
        here = sum(members[i][1] for i in ids if i in present)
        required = required_weight(total, share)
        return here, total, required, total > 0 and here >= required

    _here, _total, required, reached = count(members.keys())
    colleges: list[CollegeQuorum] = []
    if per_college:
        for college in dict.fromkeys(c for c, _ in members.values()):
            here, total, needed, ok = count([i for i, (c, _) in members.items() if c == college])
            colleges.append(CollegeQuorum(college, here, total, needed, ok))
        reached = reached and all(c.reached for c in colleges)
    return QuorumCount(reached=reached, required=required, colleges=tuple(colleges))
