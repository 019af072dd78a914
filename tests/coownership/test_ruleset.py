"""The co-owners' rule set, registered with the voting engine when the app loads (STYLE.md §18)."""

from community.governance.models import Body
from community.governance.rulesets import PLAIN_RULES, Member, body_rules, quorum_of, rule_set_for
from coownership.ruleset import KIND, RULES


def test_coownership_registers_its_rule_set_and_kind():
    assert rule_set_for(Body(kind=KIND)) is RULES
    assert rule_set_for(Body(kind=Body.Kind.GENERAL_ASSEMBLY)) is PLAIN_RULES
    kinds = {kind: str(label) for kind, label in Body._meta.get_field("kind").choices}
    assert kinds[KIND] == "Co-owners' general meeting" and Body.Kind.BOARD in kinds


def test_the_rule_set_offers_what_callers_ask():
    assert (RULES.has_second_meeting, RULES.minutes_approved_by_signatures, RULES.caps_votes) == (True, True, True)
    assert (PLAIN_RULES.has_second_meeting, PLAIN_RULES.minutes_approved_by_signatures) == (False, False)


def test_quorum_of_a_coowners_meeting_has_no_single_threshold():
    body = Body(kind=KIND)
    members = {1: Member(None, 600), 2: Member(None, 200), 3: Member(None, 200), 9: Member(None, 0, False)}
    # Art. 3.87 §5: one co-owner of three with 600 of 1,000 shares: neither quorum (the syndic is no co-owner).
    assert not quorum_of(body, members, {1}).reached
    assert quorum_of(body, members, {1, 2}).reached  # 2 of 3 co-owners and 800 of 1,000 shares
    assert quorum_of(body, members, set(), second_meeting=True).reached  # decides whatever the attendance
    assert quorum_of(body, members, {1, 2}).required is None
    plain = Body(kind=Body.Kind.GENERAL_ASSEMBLY, quorum_share="0.5", quorum_per_college=False, max_proxies_per_holder=1)
    assert body_rules(plain).quorum_share == 0.5
    assert quorum_of(plain, members, {1}).required == 500


def test_unanimity_of_all_owners_holds_under_the_double_majority_too():
    """Art. 3.88 §2: the one decision on a motion applies the rule set's unanimity with or without colleges."""
    ballots = [("yes", 300, 1), ("yes", 200, 2)]
    for per_college in (False, True):
        decided = RULES.decide_motion(ballots, majority="unanimity", abstentions_count=False, per_college=per_college,
                                      colleges={1, 2}, total_weight=1000)
        assert not decided.adopted  # 500 of the 1,000 votes of all co-owners
        decided = RULES.decide_motion(ballots, majority="unanimity", abstentions_count=False, per_college=per_college,
                                      colleges={1, 2}, total_weight=500)
        assert decided.adopted
