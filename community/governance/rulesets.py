"""Which rules a body follows, chosen once by its kind (no ``if`` chains
spread around the services). Pure: members and presence come in as values.

- The general assembly and the board use the plain engine: a quorum share of
  the weight present or represented (optionally per college), and proxies
  limited by the body's ``max_proxies_per_holder`` and ``proxy_holders``.
- A co-owners' meeting uses ``coownership.law``: the double quorum of
  Civil Code art. 3.87 §5 (a second meeting decides whatever the attendance)
  and the proxy limits of art. 3.87 §7 (three, or more while the holder's and
  principals' votes stay within 10 %; never the syndic).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from coownership import law

from .engine.proxies import ProxyProblem, check_new_proxy
from .engine.quorum import quorum_reached


@dataclass(frozen=True)
class Member:
    college: object
    weight: int
    may_hold_proxies: bool = True


@dataclass(frozen=True)
class BodyRules:
    quorum_share: Fraction
    quorum_per_college: bool
    max_proxies_per_holder: int
    proxy_holders: str  # any_member, same_college, nobody


class PlainRules:
    """General assembly and board."""

    caps_votes = False
    # Too few voters for a secret vote: the chair is warned (engine.secrecy).
    refuses_small_secret_votes = False

    def has_quorum(self, rules: BodyRules, members: Mapping, present: set, *, second_meeting: bool = False) -> bool:
        as_pairs = {i: (m.college, m.weight) for i, m in members.items()}
        return quorum_reached(as_pairs, present, share=rules.quorum_share, per_college=rules.quorum_per_college)

    def check_proxy(self, rules: BodyRules, members: Mapping, *, principal, holder, held: set, started: bool) -> None:
        if rules.proxy_holders == "nobody":
            raise ProxyProblem("none")
        check_new_proxy(
            principal=principal, holder=holder, members=members.keys(), held_by_holder=len(held),
            max_per_holder=rules.max_proxies_per_holder, started=started,
        )
        if not members[holder].may_hold_proxies:
            raise ProxyProblem("cannot_hold")
        if rules.proxy_holders == "same_college" and members[principal].college != members[holder].college:
            raise ProxyProblem("college")

    def counted_weights(self, voters: Sequence, weights: Sequence[int], *, present_weight: int) -> list:
        """The weight each ballot counts with; ``voters[i]`` is who cast ballot i
        (themselves or as proxy holder). One member, one weight: unchanged."""
        return list(weights)

    def motion_adopted(self, overall, *, majority: str, total_weight: int) -> bool:
        return overall.adopted


class CoownershipRules(PlainRules):
    """Co-owners' general meeting (Belgian Civil Code art. 3.87)."""

    caps_votes = True
    # Shares are nearly unique per co-owner: with few voters a secret result
    # names them, so the vote is held by name instead (engine.secrecy).
    refuses_small_secret_votes = True

    def has_quorum(self, rules: BodyRules, members: Mapping, present: set, *, second_meeting: bool = False) -> bool:
        if second_meeting:
            # Art. 3.87 §5: the second meeting decides whatever the attendance.
            return True
        # Co-owners are the members with shares (a syndic may sit with none).
        members = {i: m for i, m in members.items() if m.weight > 0}
        return law.has_quorum(
            owners_present=sum(1 for i in members if i in present),
            owners_total=len(members),
            shares_present=sum(m.weight for i, m in members.items() if i in present),
            shares_total=sum(m.weight for m in members.values()),
        )

    def check_proxy(self, rules: BodyRules, members: Mapping, *, principal, holder, held: set, started: bool) -> None:
        check_new_proxy(
            principal=principal, holder=holder, members=members.keys(), held_by_holder=0,
            max_per_holder=1, started=started,
        )
        refusal = law.proxy_refusal(
            holder_is_syndic=not members[holder].may_hold_proxies,
            proxies_held=len(held),
            holder_votes=members[holder].weight,
            principals_votes=sum(members[p].weight for p in held | {principal}),
            building_votes=sum(m.weight for m in members.values()),
        )
        if refusal is law.ProxyRefusal.SYNDIC:
            raise ProxyProblem("cannot_hold")
        if refusal is law.ProxyRefusal.TOO_MANY:
            raise ProxyProblem("limit")

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


RULE_SETS = {"general_assembly": PlainRules(), "board": PlainRules(), "coownership": CoownershipRules()}


def rule_set_for(body) -> PlainRules:
    return RULE_SETS[body.kind]


def body_rules(body) -> BodyRules:
    return BodyRules(
        quorum_share=Fraction(body.quorum_share),
        quorum_per_college=body.quorum_per_college,
        max_proxies_per_holder=body.max_proxies_per_holder,
        proxy_holders=body.proxy_holders,
    )
