"""The co-owners' general meeting's rule set (Belgian Civil Code art. 3.87),
registered with the voting engine when the app loads (``apps.py``): the engine
itself knows no co-ownership (STYLE.md §18).

- the double quorum of art. 3.87 §5, and a second meeting that decides whatever the attendance;
- the proxy cap of art. 3.87 §7 (three, or more while the holder's and the
  principals' votes stay within 10 %; never the syndic, who sits without the right to hold proxies);
- the majority owner's cap of art. 3.87 §6, and unanimity of all the co-owners (art. 3.88 §2);
- minutes final once the chair and the secretary have signed them (art. 3.87 §10).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from fractions import Fraction

from django.utils.translation import gettext_lazy

from community.governance.engine.quorum import QuorumCount
from community.governance.rulesets import BodyRules, RuleSet

from . import law

# The kind of body of a building's co-owners' meeting, registered with the engine (``apps.py``).
KIND = "coownership"
LABEL = gettext_lazy("Co-owners' general meeting")


class CoownershipRules(RuleSet):
    """Co-owners' general meeting (Belgian Civil Code art. 3.87)."""

    caps_votes = True
    # Shares are nearly unique per co-owner: with few voters a secret result
    # names them, so the vote is held by name instead (engine.secrecy).
    refuses_small_secret_votes = True
    has_second_meeting = True
    minutes_approved_by_signatures = True
    legal_proxy_cap = law.PROXY_CAP

    def quorum(self, rules: BodyRules, members: Mapping, present: set, *, second_meeting: bool = False) -> QuorumCount:
        if second_meeting:
            # Art. 3.87 §5: the second meeting decides whatever the attendance.
            return QuorumCount(reached=True)
        # Co-owners are the members with shares (a syndic may sit with none).
        members = {i: m for i, m in members.items() if m.weight > 0}
        return QuorumCount(reached=law.has_quorum(
            owners_present=sum(1 for i in members if i in present),
            owners_total=len(members),
            shares_present=sum(m.weight for i, m in members.items() if i in present),
            shares_total=sum(m.weight for m in members.values()),
        ))

    def counted_weights(self, voters: Sequence, weights: Sequence[int], *, present_weight: int) -> list:
        # Art. 3.87 §6: nobody votes, for themselves and as proxy together, with more
        # votes than all the other co-owners present or represented. A capped voter's
        # ballots keep their proportions (each principal may have chosen differently).
        cast_by_voter: dict = defaultdict(int)
        for voter, weight in zip(voters, weights, strict=True):
            cast_by_voter[voter] += weight
        counted = []
        for voter, weight in zip(voters, weights, strict=True):
            own = cast_by_voter[voter]
            cap = law.capped_votes(own_and_proxy_votes=own, others_present_votes=max(present_weight - own, 0))
            counted.append(Fraction(weight * cap, own) if cap < own else weight)
        return counted

    def motion_adopted(self, overall, *, majority: str, total_weight: int) -> bool:
        if majority == "unanimity":
            # Art. 3.88 §2: unanimity of ALL the co-owners' votes, not only of those cast.
            return law.unanimity_of_all_owners(votes_for=overall.yes, votes_all_owners=total_weight)
        return overall.adopted


RULES = CoownershipRules()
