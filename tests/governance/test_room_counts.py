"""Votes taken in the room (show of hands, paper ballots): the recorded totals
go through the same engine as online ballots (quorum, majorities, double
majority by college, the co-owners' rules with shares), each member is
counted once, and every refusal leaves nothing stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.governance.engine.room import (
    RoomCapacity,
    RoomCountProblem,
    RoomLine,
    check_room_totals,
    how_taken,
    room_capacity,
)
from community.governance.errors import VoteRefusal
from community.governance.models import Question, RoomCount, RoomTotal
from community.governance.services import bodies, meetings, voting
from community.models import AuditEvent
from coownership.ruleset import KIND as COOWNERSHIP_KIND
from tests.factories import UserFactory, make_staff
from tests.governance.helpers import make_body, run

pytestmark = pytest.mark.django_db

HANDS, PAPER = RoomCount.Method.SHOW_OF_HANDS, RoomCount.Method.PAPER_BALLOTS


def motion(ga, **kwargs):
    return voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Approve the 2025 accounts", **kwargs)


def codes(question):
    return {c.code: c.pk for c in question.choices.all()}


def record(question, by, method=HANDS, counted_by="Ana and Dan", **answers):
    """``answers``: code -> voters, or (voters, votes), or {college id: voters}."""
    c = codes(question)
    totals = {}
    for code, value in answers.items():
        if isinstance(value, dict):
            for college, n in value.items():
                totals[(c[code], college)] = (n, None)
        elif isinstance(value, tuple):
            totals[(c[code], None)] = value
        else:
            totals[(c[code], None)] = (value, None)
    return voting.record_room_count(question=question, acting_user=by, method=method, counted_by=counted_by, totals=totals)


# --- the pure rule ------------------------------------------------------------------------------


def test_capacity_leaves_out_those_who_voted_online_and_those_absent():
    members = {1: ("a", 1), 2: ("a", 1), 3: ("b", 300), 4: ("b", 200)}
    assert room_capacity(members, {1, 2, 3}, {2}, per_college=False) == {None: RoomCapacity(2, 301)}
    assert room_capacity(members, {1, 2, 3}, {2}, per_college=True) == {"a": RoomCapacity(1, 1), "b": RoomCapacity(1, 300)}
    capacity = {None: RoomCapacity(2, 301)}
    check_room_totals([RoomLine(1, None, 1, 1), RoomLine(2, None, 1, 300)], capacity)
    for lines, code in [
        ([RoomLine(1, None, 0, 0)], "empty"),
        ([RoomLine(1, None, 2, 1)], "weight_mismatch"),
        ([RoomLine(1, None, 0, 5), RoomLine(2, None, 1, 1)], "weight_mismatch"),
        ([RoomLine(1, None, 2, 2), RoomLine(2, None, 1, 1)], "too_many_voters"),
        ([RoomLine(1, None, 2, 302)], "too_many_votes"),
    ]:
        with pytest.raises(RoomCountProblem) as problem:
            check_room_totals(lines, capacity)
        assert problem.value.code == code
    assert [how_taken(online_ballots=n, room_method=m) for n, m in [(3, None), (0, HANDS), (0, PAPER), (2, HANDS)]] == [
        "online", "show_of_hands", "paper_ballots", "mixed"]


# --- through the engine -------------------------------------------------------------------------


def test_show_of_hands_decides_like_ballots_and_closes_the_vote(ga, time_machine):
    question = motion(ga, majority="two_thirds")
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe, ga.dan)
    voting.open_question(question=question, acting_user=ga.staff)
    question = record(question, ga.staff, yes=2, no=1, abstain=1)
    result = question.result
    assert question.status == Question.Status.CLOSED
    # Abstentions are not in the base: 2 of 3 is two thirds.
    assert (result["yes"], result["no"], result["abstain"], result["base"], result["adopted"]) == (2, 1, 1, 3, True)
    assert result["ballots"] == 4 and result["taken"] == "show_of_hands"
    assert result["room"]["counted_by"] == "Ana and Dan" and result["room"]["recorded_by"] == str(ga.staff)
    assert result["presence"]["has_quorum"]  # 4 of 5 present: the same quorum_of as online
    assert AuditEvent.objects.filter(action="governance.question.counted_in_room").count() == 1


def test_simple_majority_and_no_quorum_from_recorded_totals(ga, time_machine):
    question = motion(ga, majority="simple")
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    voting.open_question(question=question, acting_user=ga.staff)
    result = record(question, ga.staff, yes=1, no=1).result
    assert not result["adopted"]  # a tie is no simple majority
    assert not result["presence"]["has_quorum"]  # 2 of 5: below half


def test_double_majority_by_college_from_recorded_totals(ga, time_machine):
    question = motion(ga, majority="absolute", double_majority_per_college=True)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe, ga.dan, ga.eva)
    voting.open_question(question=question, acting_user=ga.staff)
    r, s = ga.residents.pk, ga.civil.pk
    result = record(question, ga.staff, yes={r: 3, s: 0}, no={r: 0, s: 2}).result
    assert result["yes"] == 3 and not result["adopted"]
    assert [(row["college"], row["adopted"]) for row in result["by_college"]] == [("Residents", True), ("Civil society", False)]


def test_mixed_meeting_counts_each_member_once(ga, time_machine):
    question = motion(ga, majority="absolute")
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    meetings.check_in(meeting=meeting, member=ga.dan, acting_user=ga.staff, mode="online")
    voting.open_question(question=question, acting_user=ga.staff)
    c = codes(question)
    voting.cast_ballots(question=question, acting_user=ga.dan, instructions={ga.dan.pk: [c["no"]]})
    # Four present, Dan voted online: three may still vote in the room.
    with pytest.raises(VoteRefusal, match="count 4 voters in the room, but only 3 members present or represented have not voted online"):
        record(question, ga.staff, yes=3, no=1)
    assert not RoomCount.objects.exists() and not RoomTotal.objects.exists()
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    result = record(question, ga.staff, yes=2, no=1).result
    assert (result["yes"], result["no"], result["ballots"], result["taken"]) == (2, 2, 4, "mixed")
    assert result["room"]["online_ballots"] == 1 and result["room"]["voters"] == 3
    assert not result["adopted"]  # 2 of 4 is not more than half
    assert result["named"] == {"no": ["Dan Test"], "abstain": []}  # only online ballots carry a name


def test_paper_secret_ballot_keeps_totals_only(ga, time_machine):
    question = motion(ga, majority="absolute", is_secret=True)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    voting.open_question(question=question, acting_user=ga.staff)
    with pytest.raises(VoteRefusal, match="never by a show of hands"):
        record(question, ga.staff, method=HANDS, yes=2, no=1)
    result = record(question, ga.staff, method=PAPER, yes=2, no=1).result
    assert (result["yes"], result["no"], result["adopted"], result["taken"]) == (2, 1, True, "paper_ballots")
    assert "named" not in result and result["is_secret"]
    assert not any(f.name in ("member", "voter", "user") for f in RoomTotal._meta.get_fields())


def test_refusals_leave_nothing_stored(ga, time_machine):
    question = motion(ga)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    voting.open_question(question=question, acting_user=ga.staff)
    for kwargs, message in [
        (dict(by=ga.ana, yes=1), "Only the chair, the secretary or staff record the votes taken in the room."),
        (dict(by=ga.staff, yes=3), "count 3 voters in the room, but only 2 members present or represented"),
        (dict(by=ga.staff, yes=0), "Enter how many voted for at least one answer."),
        (dict(by=ga.staff, counted_by="  ", yes=1), "Name who counted the votes."),
    ]:
        by = kwargs.pop("by")
        with pytest.raises(VoteRefusal) as refusal:
            record(question, by, **kwargs)
        assert message in refusal.value.message
    assert not RoomCount.objects.exists()
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    record(question, ga.staff, yes=2)
    with pytest.raises(VoteRefusal, match="This vote is not open"):
        record(question, ga.staff, yes=1)
    assert RoomCount.objects.count() == 1


def test_the_meeting_secretary_may_record(ga, time_machine):
    ga.meeting.secretary = ga.eva
    ga.meeting.save(update_fields=["secretary"])
    question = motion(ga)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    voting.open_question(question=question, acting_user=ga.staff)
    assert record(question, ga.eva, yes=2).result["room"]["recorded_by"] == str(ga.eva)


# --- co-owners: shares are what counts ----------------------------------------------------------


@pytest.fixture
def owners(db, time_machine):
    time_machine.move_to("2026-03-03 18:00:00+01:00", tick=False)
    body = make_body(kind=COOWNERSHIP_KIND, name="Co-owners of Rue Vandenpeereboom 12", notice_days=15)
    staff = make_staff(email="staff-owners@example.org")
    people = {}
    for name, shares in [("ana", 300), ("bob", 250), ("chloe", 250), ("dan", 200)]:
        people[name] = UserFactory(email=f"{name}@example.org", first_name=name.title(), last_name="Owner")
        bodies.add_member(body=body, user=people[name], acting_user=None, weight=shares)
    meeting = meetings.create_meeting(body=body, acting_user=staff, title="Annual meeting", place="Ground floor",
                                      starts_at=timezone.now() + timedelta(days=20))
    return body, meeting, staff, people


def test_coowners_totals_carry_shares_and_their_majorities(owners, time_machine):
    body, meeting, staff, p = owners
    meeting = run(meeting, staff, time_machine, p["ana"], p["bob"], p["chloe"], p["dan"])
    works = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="Roof works", majority="two_thirds")
    voting.open_question(question=works, acting_user=staff)
    # Shares are asked, not guessed: voters alone are refused.
    with pytest.raises(VoteRefusal, match="Enter the votes"):
        record(works, staff, yes=3, no=1)
    with pytest.raises(VoteRefusal, match="count 1001 votes in the room, but the members present or represented"):
        record(works, staff, yes=(3, 801), no=(1, 200))
    # Three owners for (800 shares), one against (200): 80 % ≥ two thirds.
    result = record(works, staff, yes=(3, 800), no=(1, 200)).result
    assert (result["yes"], result["no"], result["adopted"], result["weight"]) == (800, 200, True, 1000)
    # Unanimity of all co-owners (art. 3.88 §2): all present, one abstains → not adopted.
    shares = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="New shares", majority="unanimity")
    voting.open_question(question=shares, acting_user=staff)
    assert not record(shares, staff, yes=(3, 750), abstain=(1, 250)).result["adopted"]


def test_coowners_room_count_refused_where_the_majority_owners_cap_bites(owners, time_machine):
    body, meeting, staff, p = owners
    meeting = run(meeting, staff, time_machine, p["ana"], p["dan"])  # 300 against 200: Ana is capped at 200
    question = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="Budget", majority="absolute")
    voting.open_question(question=question, acting_user=staff)
    with pytest.raises(VoteRefusal, match="art. 3.87 §6"):
        record(question, staff, yes=(1, 300), no=(1, 200))
    assert not RoomCount.objects.exists()


def test_demo_past_assembly_has_a_show_of_hands_recorded_once(db):
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    room = RoomCount.objects.select_related("question__meeting").get()
    assert room.method == HANDS and room.question.status == Question.Status.PUBLISHED
    assert room.question.meeting.status == "closed" and room.question.result["taken"] == "show_of_hands"
    assert room.question.result["adopted"] and room.counted_by == "Fatima El Amrani, Jan Peeters"


def test_single_choice_with_blank_ballots_and_refused_kinds(ga, time_machine):
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe, ga.dan)
    single = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, kind="single", majority="absolute",
                                 title="Where do we meet?", options=["Anderlecht", "Forest"])
    multiple = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, kind="multiple", max_choices=2,
                                   title="Which activities?", options=["Kitchen", "Bicycles", "Homework"])
    for question in (single, multiple):
        voting.open_question(question=question, acting_user=ga.staff)
    anderlecht, forest = single.choices.values_list("pk", flat=True)
    result = voting.record_room_count(question=single, acting_user=ga.staff, method=PAPER, counted_by="Eva",
                                      totals={(anderlecht, None): (3, None), (None, None): (1, None)}).result
    assert [o["weight"] for o in result["options"]] == [3, 0] and result["blank"] == 1 and result["winner"] == anderlecht
    assert result["ballots"] == 4
    with pytest.raises(VoteRefusal, match="voted in the portal, one ballot per member"):
        voting.record_room_count(question=multiple, acting_user=ga.staff, method=HANDS, counted_by="Eva",
                                 totals={(forest, None): (1, None)})
    with pytest.raises(VoteRefusal, match="do not match the question's answers"):
        other = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Another motion")
        voting.open_question(question=other, acting_user=ga.staff)
        voting.record_room_count(question=other, acting_user=ga.staff, method=HANDS, counted_by="Eva",
                                 totals={(forest, None): (1, None)})
    assert RoomCount.objects.count() == 1
