"""Casting, counting and freezing votes through the services: every refusal a
member could meet, the proxy holder's single screen, secret ballots that the
database cannot link to their voter, receipts."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from community.governance.errors import VoteRefusal
from community.governance.models import (
    Ballot,
    Participation,
    Question,
    Receipt,
    SecretEnvelope,
    SecretTotal,
)
from community.governance.services import meetings, voting
from community.models import AuditEvent, Notification
from tests.governance.helpers import run

pytestmark = pytest.mark.django_db


def motion(ga, **kwargs):
    return voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Approve the 2025 accounts", **kwargs)


def codes(question):
    return {c.code: c.pk for c in question.choices.all()}


def test_open_motion_counted_and_frozen(ga, time_machine):
    question = motion(ga, majority="absolute")
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    voting.open_question(question=question, acting_user=ga.staff)
    c = codes(question)
    for person, choice in [(ga.ana, "yes"), (ga.bob, "yes"), (ga.chloe, "no")]:
        receipts = voting.cast_ballots(question=question, acting_user=person, instructions={person.pk: [c[choice]]})
        assert list(receipts) == [person.pk]
    assert voting.live_tally(question)["yes"] == 2
    question = voting.close_question(question=question, acting_user=ga.staff)
    result = question.result
    assert (result["yes"], result["no"], result["abstain"], result["adopted"]) == (2, 1, 0, True)
    # Open ballot: the minutes name those against.
    assert result["named"] == {"no": ["Chloe Test"], "abstain": []}
    assert result["presence"]["present_or_represented"] == 3 and result["presence"]["has_quorum"]
    assert Ballot.objects.filter(member=ga.ana).count() == 1
    # Final: no change through the model either.
    question.result = {"yes": 99}
    with pytest.raises(ValueError):
        question.save()
    with pytest.raises(VoteRefusal, match="Only an open vote can be closed"):
        voting.close_question(question=question, acting_user=ga.staff)
    assert {e.action for e in AuditEvent.objects.filter(action__startswith="governance.question")} == {
        "governance.question.created", "governance.question.opened", "governance.question.closed"}
    assert meeting.pk == question.meeting_id


def test_vote_refusals(ga, time_machine):
    question = motion(ga)
    c = codes(question)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    with pytest.raises(VoteRefusal, match="not open yet"):
        voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["yes"]]})
    voting.open_question(question=question, acting_user=ga.staff)
    refusals = [
        (ga.outsider, {ga.outsider.pk: [c["yes"]]}, "not a member"),
        (ga.chloe, {ga.chloe.pk: [c["yes"]]}, "Check in to the meeting"),
        (ga.ana, {ga.bob.pk: [c["yes"]]}, "no proxy of theirs"),
        (ga.ana, {ga.ana.pk: []}, "Choose an answer"),
        (ga.ana, {ga.ana.pk: [c["yes"], c["no"]]}, "too many"),
        (ga.ana, {ga.ana.pk: [123456]}, "not one of the question's choices"),
        (ga.ana, {}, "Choose an answer"),
    ]
    for person, instructions, message in refusals:
        with pytest.raises(VoteRefusal, match=message):
            voting.cast_ballots(question=question, acting_user=person, instructions=instructions)
    assert not Ballot.objects.exists() and not Participation.objects.exists()
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["yes"]]})
    with pytest.raises(VoteRefusal, match="already recorded for Ana Test"):
        voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["no"]]})
    voting.close_question(question=question, acting_user=ga.staff)
    with pytest.raises(VoteRefusal, match="closed"):
        voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.bob.pk: [c["yes"]]})
    assert Ballot.objects.count() == 1 and Participation.objects.count() == 1


def test_proxy_holder_votes_for_each_principal_on_one_screen(ga, time_machine):
    ga.body.max_proxies_per_holder = 2
    ga.body.save()
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    meetings.give_proxy(meeting=ga.meeting, principal=ga.dan, holder=ga.bob, acting_user=ga.dan)
    question = motion(ga, is_secret=True)
    c = codes(question)
    run(ga.meeting, ga.staff, time_machine, ga.bob, ga.eva)
    voting.open_question(question=question, acting_user=ga.staff)
    assert voting.voters_for(question, ga.bob) == [ga.bob.pk, ga.ana.pk, ga.dan.pk]
    # Beyond his proxies: Chloe gave him none.
    with pytest.raises(VoteRefusal, match="no proxy of theirs"):
        voting.cast_ballots(question=question, acting_user=ga.bob,
                            instructions={ga.bob.pk: [c["yes"]], ga.chloe.pk: [c["yes"]]})
    assert not Ballot.objects.exists()
    receipts = voting.cast_ballots(
        question=question, acting_user=ga.bob,
        instructions={ga.bob.pk: [c["yes"]], ga.ana.pk: [c["no"]], ga.dan.pk: [c["abstain"]]},
    )
    assert len(set(receipts.values())) == 3
    rows = Participation.objects.filter(question=question)
    assert {(p.member_id, p.cast_by_id) for p in rows} == {(ga.bob.pk, ga.bob.pk), (ga.ana.pk, ga.bob.pk), (ga.dan.pk, ga.bob.pk)}
    # Each principal's ballot counted once, in the totals only (a secret question keeps no ballot).
    assert not Ballot.objects.exists() and Receipt.objects.filter(question=question).count() == 3
    assert SecretTotal.objects.get(question=question, key="ballots").ballots == 3
    with pytest.raises(VoteRefusal, match="already recorded"):
        voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.ana.pk: [c["yes"]]})
    result = voting.close_question(question=question, acting_user=ga.staff).result
    assert (result["yes"], result["no"], result["abstain"]) == (1, 1, 1)
    assert "named" not in result


def test_principal_arriving_takes_the_vote_back(ga, time_machine):
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    question = motion(ga)
    c = codes(question)
    meeting = run(ga.meeting, ga.staff, time_machine, ga.bob)
    meetings.check_in(meeting=meeting, member=ga.ana, acting_user=ga.staff)
    voting.open_question(question=question, acting_user=ga.staff)
    with pytest.raises(VoteRefusal, match="no proxy of theirs"):
        voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.ana.pk: [c["yes"]]})
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["no"]]})


def test_secret_ballots_hold_no_link_to_the_voter(ga, time_machine):
    question = motion(ga, is_secret=True)
    c = codes(question)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    voting.open_question(question=question, acting_user=ga.staff)
    receipt = voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["no"]]})[ga.ana.pk]
    voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.bob.pk: [c["yes"]]})
    # No ballot row at all: totals per answer, each with no member, no weight per voter, no time.
    assert not Ballot.objects.exists() and not SecretEnvelope.objects.exists()
    for model in (SecretTotal, SecretEnvelope, Receipt):
        fields = [f for f in model._meta.get_fields() if f.concrete]
        assert not [f for f in fields if isinstance(f, models.DateField | models.DateTimeField)]
        assert not [f for f in fields if f.is_relation and f.related_model is not None and f.related_model._meta.label == "community.User"]
    # And the participation table says who, never what.
    participation_fields = {f.name for f in Participation._meta.get_fields() if f.concrete}
    assert participation_fields == {"id", "question", "member", "cast_by", "cast_at", "token_hash"}
    # The receipt is found (and only its hash is stored); it carries no choice.
    found = voting.verify_receipt(code=receipt.lower())
    assert found is not None and found.question_id == question.pk
    assert receipt not in str(list(Receipt.objects.values_list("code_hash", flat=True)))
    assert voting.verify_receipt(code="AAAA-BBBB-CCCC-DDDD") is None
    voting.close_question(question=question, acting_user=ga.staff)
    assert not SecretTotal.objects.exists()
    assert set(Participation.objects.values_list("token_hash", flat=True)) == {None}


def test_receipt_codes_are_unguessable_and_distinct():
    seen = {voting.new_receipt_code() for _ in range(200)}
    assert len(seen) == 200 and all(len(code) == 19 for code in seen)


def test_double_majority_per_college_stored(ga, time_machine):
    question = motion(ga, majority="absolute", double_majority_per_college=True)
    c = codes(question)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe, ga.dan, ga.eva)
    voting.open_question(question=question, acting_user=ga.staff)
    for person, choice in [(ga.ana, "yes"), (ga.bob, "yes"), (ga.chloe, "yes"), (ga.dan, "no"), (ga.eva, "no")]:
        voting.cast_ballots(question=question, acting_user=person, instructions={person.pk: [c[choice]]})
    result = voting.close_question(question=question, acting_user=ga.staff).result
    # 3 of 5 overall, but civil society said no: rejected.
    assert result["yes"] == 3 and not result["adopted"]
    assert [(r["college"], r["adopted"]) for r in result["by_college"]] == [("Residents", True), ("Civil society", False)]


def test_election_with_seats_per_college(ga, time_machine):
    question = voting.add_question(
        body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Board election", kind="election",
        candidates=[("Ana Test", ga.ana, ga.residents), ("Bob Test", ga.bob, ga.residents),
                    ("Dan Test", ga.dan, ga.civil), ("Eva Test", ga.eva, ga.civil)],
        seats={ga.residents: 1, ga.civil: 1}, is_secret=True,
    )
    assert question.max_choices == 2
    cand = {c.label: c.pk for c in question.choices.all()}
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    voting.open_question(question=question, acting_user=ga.staff)
    with pytest.raises(VoteRefusal, match="more candidates in a college than it has seats"):
        voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [cand["Ana Test"], cand["Bob Test"]]})
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [cand["Ana Test"], cand["Dan Test"]]})
    voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.bob.pk: [cand["Ana Test"]]})
    voting.cast_ballots(question=question, acting_user=ga.chloe, instructions={ga.chloe.pk: []})  # blank
    result = voting.close_question(question=question, acting_user=ga.staff).result
    elected = {c["label"] for college in result["colleges"] for c in college["candidates"] if c["elected"]}
    assert elected == {"Ana Test", "Dan Test"} and result["ballots"] == 3


def test_multiple_choice(ga, time_machine):
    question = voting.add_question(
        body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Which activities next year?", kind="multiple",
        options=["Neighbourhood kitchen", "Bicycle lessons", "Homework club"], max_choices=2,
    )
    opts = [c.pk for c in question.choices.all()]
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    voting.open_question(question=question, acting_user=ga.staff)
    with pytest.raises(VoteRefusal, match="at most 2"):
        voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: opts})
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: opts[:2]})
    voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.bob.pk: [opts[0]]})
    result = voting.close_question(question=question, acting_user=ga.staff).result
    assert [o["weight"] for o in result["options"]] == [2, 1, 0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": " "}, "Write the question"),
        ({"kind": "single", "options": ["Only one"]}, "at least two options"),
        ({"kind": "multiple", "options": ["a", "b"], "max_choices": 3}, "between 1 and the number of options"),
        ({"kind": "election"}, "needs candidates"),
        ({"majority": "most"}, "majority"),
    ],
)
def test_question_refusals(ga, kwargs, message):
    params = {"title": "Q"} | kwargs
    with pytest.raises(VoteRefusal, match=message):
        voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, **params)
    assert not Question.objects.exists()


def test_open_needs_a_started_meeting_and_publish_needs_close(ga, time_machine):
    question = motion(ga)
    with pytest.raises(VoteRefusal, match="Start the meeting"):
        voting.open_question(question=question, acting_user=ga.staff)
    run(ga.meeting, ga.staff, time_machine, ga.ana)
    voting.open_question(question=question, acting_user=ga.staff)
    with pytest.raises(VoteRefusal, match="published once the vote is closed"):
        voting.publish_results(question=question, acting_user=ga.staff)
    voting.close_question(question=question, acting_user=ga.staff)
    voting.publish_results(question=question, acting_user=ga.staff)
    assert Question.objects.get(pk=question.pk).status == "published"
    assert Notification.objects.filter(title__startswith="Results published").count() == 5


def test_amend_only_before_opening(ga, time_machine):
    question = motion(ga)
    voting.amend_question(question=question, acting_user=ga.staff, title="Approve the 2025 accounts and budget")
    assert AuditEvent.objects.filter(action="governance.question.amended").exists()
    run(ga.meeting, ga.staff, time_machine, ga.ana)
    voting.open_question(question=question, acting_user=ga.staff)
    with pytest.raises(VoteRefusal, match="only before its vote opens"):
        voting.amend_question(question=question, acting_user=ga.staff, title="Something else")


def test_online_vote_window_and_scheduled_jobs(ga, time_machine):
    now = timezone.now()
    question = voting.add_question(
        body=ga.body, acting_user=ga.staff, title="Adopt the house rules of the community room?",
        opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=8),
    )
    c = codes(question)
    assert voting.run_online_votes() == {"opened": 0, "closed": 0, "reminded": 0}
    time_machine.move_to(now + timedelta(days=1), tick=False)
    assert voting.run_online_votes()["opened"] == 1
    assert Notification.objects.filter(title__startswith="Online vote open").count() == 5
    # No check-in for an online vote: every member votes for themselves.
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["yes"]]})
    time_machine.move_to(now + timedelta(days=6, hours=1), tick=False)
    assert voting.run_online_votes()["reminded"] == 1
    assert voting.run_online_votes()["reminded"] == 0
    # Ana voted: she is not reminded.
    reminded = Notification.objects.filter(title__startswith="Last days")
    assert reminded.count() == 4 and not reminded.filter(recipient=ga.ana).exists()
    # Closing time passed, the job not yet run: refused all the same.
    time_machine.move_to(now + timedelta(days=8), tick=False)
    with pytest.raises(VoteRefusal, match="closed"):
        voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.bob.pk: [c["yes"]]})
    assert voting.run_online_votes()["closed"] == 1
    assert Question.objects.get(pk=question.pk).result["yes"] == 1


def test_database_refuses_a_second_participation(ga, time_machine):
    question = motion(ga)
    run(ga.meeting, ga.staff, time_machine, ga.ana)
    Participation.objects.create(question=question, member=ga.ana, cast_by=ga.ana)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(question=question, member=ga.ana, cast_by=ga.ana)


def _has_guard_triggers() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'governance_question_final'")
        else:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'governance_question_final'")
        return cursor.fetchone() is not None


def test_database_keeps_a_closed_result_final(ga, time_machine):
    if not _has_guard_triggers():
        pytest.skip("test database built without migrations (--nomigrations): no triggers")
    question = motion(ga)
    c = codes(question)
    run(ga.meeting, ga.staff, time_machine, ga.ana)
    voting.open_question(question=question, acting_user=ga.staff)
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["yes"]]})
    voting.close_question(question=question, acting_user=ga.staff)
    # Bypassing the services and the model: the database itself refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(result={"yes": 99})
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(status="open")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(question=question, member=ga.bob, weight=1, selections=[c["no"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        Receipt.objects.create(question=question, code_hash="x" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.filter(question=question).update(weight=50)
    # Publishing (status closed -> published, result unchanged) is still allowed.
    voting.publish_results(question=question, acting_user=ga.staff)
