"""Which rules a body follows, chosen once by its kind (no ``if`` chains
spread around the services). Pure: members and presence come in as values.

The base offers the plain rules (general assembly, board): a quorum share of
the weight present or represented (optionally per college), proxies limited
by the body's stored ``max_proxies_per_holder`` and ``proxy_holders``, the
majorities of ``engine.tally``. A feature whose bodies follow other rules
registers its rule set when its app loads (``register_rule_set`` in its
``AppConfig.ready()``; STYLE.md §18): the engine knows no feature.

Callers ask the rule set for what they need (``quorum``, ``check_proxy``,
``counted_weights``, ``decide_motion`` and the flags below); nobody switches
on the type of a rule set or on the body's kind (STYLE.md §19).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .engine.choices import tally_by_college
from .engine.proxies import LegalProxyCap, ProxyProblem, check_new_proxy, proxy_limit_reached
from .engine.quorum import QuorumCount, share_quorum
from .engine.tally import Result


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


@dataclass(frozen=True)
class MotionDecision:
    overall: Result
    by_college: dict  # college -> Result, with the double majority per college
    adopted: bool


class RuleSet:
    """The plain rules of the engine (general assembly, board). A feature's
    rule set subclasses it and changes what its law changes."""

    # Whether a voter's votes are capped (their ballots then count one by one).
    caps_votes = False
    # Too few voters for a secret vote: refused, or only a warning to the chair (engine.secrecy).
    refuses_small_secret_votes = False
    # Whether a meeting without quorum is followed by a second meeting that decides whatever the attendance.
    has_second_meeting = False
    # Whether the minutes become final by the chair's and the secretary's signatures (else approved by staff).
    minutes_approved_by_signatures = False
    # A law's cap on the proxies one holder accepts, read with the body's stored limit.
    legal_proxy_cap: LegalProxyCap | None = None

    def quorum(self, rules: BodyRules, members: Mapping, present: set, *, second_meeting: bool = False) -> QuorumCount:
        """Whether ``present`` (ids present or represented) reach the quorum, with the figures behind it."""
        as_pairs = {i: (m.college, m.weight) for i, m in members.items()}
        return share_quorum(as_pairs, present, share=rules.quorum_share, per_college=rules.quorum_per_college)

    def check_proxy(self, rules: BodyRules, members: Mapping, *, principal, holder, held: set, started: bool) -> None:
        """Raise ProxyProblem when ``principal`` may not give their proxy to ``holder``,
        who already holds the proxies of ``held``."""
        if rules.proxy_holders == "nobody":
            raise ProxyProblem("none")
        check_new_proxy(principal=principal, holder=holder, members=members.keys(), started=started)
        if not members[holder].may_hold_proxies:
            raise ProxyProblem("cannot_hold")
        if rules.proxy_holders == "same_college" and members[principal].college != members[holder].college:
            raise ProxyProblem("college")
        limit = proxy_limit_reached(
            stored_limit=rules.max_proxies_per_holder, legal_cap=self.legal_proxy_cap, held=len(held),
            holder_votes=members[holder].weight,
            principals_votes=sum(members[p].weight for p in held | {principal} if p in members),
            total_votes=sum(m.weight for m in members.values()),
        )
        if limit is not None:
            raise ProxyProblem("limit", limit)

    def counted_weights(self, voters: Sequence, weights: Sequence[int], *, present_weight: int) -> list:
        """The weight each ballot counts with; ``voters[i]`` is who cast ballot i
        (themselves or as proxy holder). One member, one weight: unchanged."""
        return list(weights)

    def motion_adopted(self, overall: Result, *, majority: str, total_weight: int) -> bool:
        """Whether the motion passes overall; ``total_weight`` is every member's votes."""
        return overall.adopted

    def decide_motion(self, ballots: Iterable, *, majority: str, abstentions_count: bool, per_college: bool,
                      colleges: Iterable = (), total_weight: int) -> MotionDecision:
        """The one decision on a motion: ``ballots`` are ``(choice, weight, college)``.
        With the double majority, it must also pass in every college of ``colleges``."""
        decided = tally_by_college(ballots, majority=majority, abstentions_count=abstentions_count,
                                   colleges=colleges if per_college else ())
        adopted = self.motion_adopted(decided.overall, majority=majority, total_weight=total_weight)
        if per_college:
            adopted = adopted and all(r.adopted for r in decided.by_college.values())
        return MotionDecision(overall=decided.overall, by_college=decided.by_college if per_college else {},
                              adopted=adopted)


PLAIN_RULES = RuleSet()
# The base's kinds (general assembly, board) follow the plain rules; a feature adds its own.
_RULE_SETS: dict[str, RuleSet] = {}
_KIND_LABELS: dict[str, str] = {}


def register_rule_set(kind: str, rule_set: RuleSet, *, label: str) -> None:
    """A feature's bodies of ``kind`` (shown as ``label``) follow ``rule_set``;
    called from its AppConfig.ready()."""
    _RULE_SETS[kind] = rule_set
    _KIND_LABELS[kind] = label


def registered_kinds() -> list[tuple[str, str]]:
    """The kinds of body the features added, with their labels (``Body.kind``'s choices)."""
    return list(_KIND_LABELS.items())


def rule_set_for(body) -> RuleSet:
    """The rule set of ``body``'s kind; the plain rules for a kind nobody registered."""
    return _RULE_SETS.get(body.kind, PLAIN_RULES)


def body_rules(body) -> BodyRules:
    return BodyRules(
        quorum_share=Fraction(body.quorum_share),
        quorum_per_college=body.quorum_per_college,
        max_proxies_per_holder=body.max_proxies_per_holder,
        proxy_holders=body.proxy_holders,
    )


def quorum_of(body, members: Mapping, present: set, *, second_meeting: bool = False) -> QuorumCount:
    """THE quorum decision for a body (STYLE.md §19): the selectors' presence,
    hence the live screen, the views, the minutes and their PDF, all read it."""
    return rule_set_for(body).quorum(body_rules(body), members, present, second_meeting=second_meeting)
