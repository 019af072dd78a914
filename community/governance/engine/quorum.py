"""Quorum rules of the one voting engine, as pure functions (STYLE.md §1).

Quorum is the share of members' weight present or represented (a proxy
counts only while its holder is checked in: DOMAIN.md §8 — the caller passes
only such represented members). Optionally every college must reach it too.
Co-ownership's double quorum (art. 3.87 §5) plugs in as another function.
"""

from fractions import Fraction


def quorum_reached(members, present, *, share, per_college=False):
    """``members`` maps member id -> (college, weight); ``present`` is the set
    of ids present or represented; ``share`` a Fraction such as 1/2.
    Reached when present weight >= share of total weight (and, with
    ``per_college``, within every college that has members). An empty body
    never has a quorum."""
    share = Fraction(share)

    def reached(ids):
        # Weights are whole numbers (one per member, or shares): summed as ints,
        # compared exactly with the Fraction share (1,500 Fractions per check were slow).
        total = sum(members[i][1] for i in ids)
        here = sum(members[i][1] for i in ids if i in present)
        return total > 0 and here >= total * share

    if not reached(members.keys()):
        return False
    if per_college:
        colleges = {college for college, _ in members.values()}
        return all(
            reached([i for i, (c, _) in members.items() if c == college]) for college in colleges
        )
    return True
