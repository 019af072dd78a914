"""Secret ballots stay secret (README, "Secret ballots"): after a secret vote
nothing stored lets anyone tell who chose what, by any route; the tally is
exact; a crash between the two writes loses and duplicates nothing; screens
show the turnout, never a running result; receipts prove inclusion only."""

import logging
import random
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community.governance import live
from community.governance.errors import VoteRefusal
from community.governance.models import (
    Ballot,
    Body,
    Participation,
    Receipt,
    SecretEnvelope,
    SecretTotal,
)
from community.governance.services import bodies, meetings, secret, voting
from community.governance.services.voting import casting
from community.models import AuditEvent
from coownership.ruleset import KIND as COOWNERSHIP_KIND
from tests.factories import UserFactory, make_staff
from tests.governance.helpers import make_body, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    secret.set_random_source(random.Random(20261206))
    yield
    secret.set_random_source(None)


def choice_ids(question) -> dict:
    return {c.code or c.label: c.pk for c in question.choices.all()}


def big_assembly(time_machine, count: int, *, kind=Body.Kind.GENERAL_ASSEMBLY, shares=None):
    """A body of ``count`` members (weights ``shares`` for co-owners), a staff
    member and a meeting started with everyone checked in."""
    time_machine.move_to("2026-03-03 18:00:00+01:00", tick=False)
    body = make_body(kind=kind, max_proxies_per_holder=1)
    people = [UserFactory(language="en", first_name=f"Member{i}") for i in range(count)]
    for i, person in enumerate(people):
        bodies.add_member(body=body, user=person, acting_user=None, weight=shares[i] if shares else 1)
    staff = make_staff(language="en")
    meeting = meetings.create_meeting(
        body=body, acting_user=staff, title="Assembly", starts_at=timezone.now() + timedelta(days=20), place="Hall"
    )
    meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Accounts", kind="decision")
    meetings.convene_meeting(meeting=meeting, acting_user=staff)
    return body, people, staff, meeting


# --- storage: totals only, never a ballot ---------------------------------------------------


def test_a_secret_vote_keeps_totals_only_and_the_same_figures_as_a_named_one(ga, time_machine):
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe, ga.dan, ga.eva)
    answers = {"ana": "yes", "bob": "yes", "chloe": "no", "dan": "abstain", "eva": "yes"}
    results = {}
    for is_secret in (False, True):
        question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title=f"Budget {is_secret}",
                                       is_secret=is_secret, double_majority_per_college=True)
        c = choice_ids(question)
        voting.open_question(question=question, acting_user=ga.staff)
        for name, answer in answers.items():
            voting.cast_ballots(question=question, acting_user=getattr(ga, name), instructions={getattr(ga, name).pk: [c[answer]]})
        if is_secret:
            assert not Ballot.objects.filter(question=question).exists()
            assert not SecretEnvelope.objects.exists()
            # Per answer and per college (the double majority needs it), never per voter.
            keys = set(SecretTotal.objects.filter(question=question).values_list("key", flat=True))
            assert "ballots" in keys and len(keys) == 1 + 3 * 2
        results[is_secret] = voting.close_question(question=question, acting_user=ga.staff).result
    named, hidden = results[False], results[True]
    for key in ("yes", "no", "abstain", "base", "adopted", "ballots", "weight", "by_college"):
        assert hidden[key] == named[key], key
    assert "named" in named and "named" not in hidden
    assert hidden["reveals_every_choice"] is False
    # The totals are gone once the result is frozen.
    assert not SecretTotal.objects.exists() and not SecretEnvelope.objects.exists()
    assert set(Participation.objects.filter(question__is_secret=True).values_list("token_hash", flat=True)) == {None}


def test_a_weighted_secret_vote_caps_the_majority_owner_when_cast(time_machine):
    """Civil Code art. 3.87 §6: 12 co-owners, one holding 600 of 1,700 shares
    and a proxy of 100. The others present weigh 1,000 - 0 = ..., the cap is
    fixed when the ballot is cast from the presence then; the secret totals
    give the same figures as the named vote of the same ballots."""
    shares = [600, 100] + [100] * 10
    body, people, staff, meeting = big_assembly(time_machine, 12, kind=COOWNERSHIP_KIND, shares=shares)
    meetings.give_proxy(meeting=meeting, principal=people[1], holder=people[0], acting_user=people[1])
    run(meeting, staff, time_machine, people[0], *people[2:])
    results = {}
    for is_secret in (False, True):
        question = voting.add_question(body=body, meeting=meeting, acting_user=staff, title=f"Works {is_secret}",
                                       is_secret=is_secret, majority="two_thirds")
        c = choice_ids(question)
        voting.open_question(question=question, acting_user=staff)
        voting.cast_ballots(question=question, acting_user=people[0],
                            instructions={people[0].pk: [c["yes"]], people[1].pk: [c["yes"]]})
        for person in people[2:9]:
            voting.cast_ballots(question=question, acting_user=person, instructions={person.pk: [c["no"]]})
        for person in people[9:]:
            voting.cast_ballots(question=question, acting_user=person, instructions={person.pk: [c["yes"]]})
        results[is_secret] = voting.close_question(question=question, acting_user=staff).result
    # 1,700 present or represented; the holder's 700 are capped at the other 1,000 present:
    # not capped here (700 < 1,000), so yes = 700 + 300 = 1,000, no = 700.
    assert results[True]["yes"] == results[False]["yes"] == 1000
    assert results[True]["no"] == results[False]["no"] == 700
    assert results[True]["adopted"] is results[False]["adopted"] is False


def test_the_cap_applies_to_secret_totals(time_machine):
    """A co-owner with 1,500 of 2,500 shares: capped at the 1,000 of the others present."""
    shares = [1500] + [100] * 10
    body, people, staff, meeting = big_assembly(time_machine, 11, kind=COOWNERSHIP_KIND, shares=shares)
    run(meeting, staff, time_machine, *people)
    question = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="Budget", is_secret=True)
    c = choice_ids(question)
    voting.open_question(question=question, acting_user=staff)
    voting.cast_ballots(question=question, acting_user=people[0], instructions={people[0].pk: [c["yes"]]})
    for person in people[1:]:
        voting.cast_ballots(question=question, acting_user=person, instructions={person.pk: [c["no"]]})
    result = voting.close_question(question=question, acting_user=staff).result
    assert (result["yes"], result["no"], result["adopted"]) == (1000, 1000, False)


@pytest.mark.parametrize("is_secret", [True, False])
def test_an_online_vote_caps_the_majority_owner_against_all_the_other_owners(time_machine, is_secret):
    """Art. 3.87 §6 in an online vote, where every co-owner may vote: the same basis
    (``counting.votes_present_or_represented``) whether the ballot is secret (capped
    when cast) or named (capped at count). 1,500 of 2,500 shares: capped at 1,000."""
    shares = [1500] + [100] * 10
    body, people, staff, _meeting = big_assembly(time_machine, 11, kind=COOWNERSHIP_KIND, shares=shares)
    question = voting.add_question(body=body, acting_user=staff, title="Budget", is_secret=is_secret,
                                   opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=3))
    c = choice_ids(question)
    voting.open_question(question=question, acting_user=staff)
    voting.cast_ballots(question=question, acting_user=people[0], instructions={people[0].pk: [c["yes"]]})
    voting.cast_ballots(question=question, acting_user=people[1], instructions={people[1].pk: [c["no"]]})
    result = voting.close_question(question=question, acting_user=staff).result
    assert (result["yes"], result["no"]) == (1000, 100)


def test_elections_keep_totals_per_candidate_never_per_combination(ga, time_machine):
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe, ga.dan, ga.eva)
    question = voting.add_question(
        body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Board", kind="election", is_secret=True,
        candidates=[("Ana", ga.ana, ga.residents), ("Bob", ga.bob, ga.residents), ("Dan", ga.dan, ga.civil)],
        seats={ga.residents: 1, ga.civil: 1},
    )
    c = choice_ids(question)
    voting.open_question(question=question, acting_user=ga.staff)
    ballots = {ga.ana: ["Ana", "Dan"], ga.bob: ["Bob", "Dan"], ga.chloe: ["Ana"], ga.dan: [], ga.eva: ["Ana", "Dan"]}
    for person, picks in ballots.items():
        voting.cast_ballots(question=question, acting_user=person, instructions={person.pk: [c[p] for p in picks]})
    keys = set(SecretTotal.objects.filter(question=question).values_list("key", flat=True))
    assert keys == {"ballots", "blank", *(f"{c[n]}:-" for n in ("Ana", "Bob", "Dan"))}
    result = voting.close_question(question=question, acting_user=ga.staff).result
    weights = {cand["label"]: cand["weight"] for college in result["colleges"] for cand in college["candidates"]}
    assert weights == {"Ana": 3, "Bob": 1, "Dan": 3} and result["ballots"] == 5


def test_a_unanimous_secret_result_says_it_reveals_every_choice(ga, time_machine, client):
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Thanks", is_secret=True)
    c = choice_ids(question)
    voting.open_question(question=question, acting_user=ga.staff)
    for person in (ga.ana, ga.bob, ga.chloe):
        voting.cast_ballots(question=question, acting_user=person, instructions={person.pk: [c["yes"]]})
    voting.close_question(question=question, acting_user=ga.staff)
    question = voting.publish_results(question=question, acting_user=ga.staff)
    assert question.result["reveals_every_choice"] is True
    client.force_login(ga.ana)
    text = client.get(f"/en/assemblies/questions/{question.pk}/").content.decode()
    assert "Every ballot made the same choice: this result therefore reveals how each voter voted." in text
    assert "Secret ballot: only the totals were kept" in text


# --- the minimum number of voters -------------------------------------------------------------


def test_a_coowners_meeting_refuses_a_secret_vote_with_too_few_voters(time_machine, client):
    body, people, staff, meeting = big_assembly(time_machine, 6, kind=COOWNERSHIP_KIND, shares=[100] * 6)
    run(meeting, staff, time_machine, *people)
    question = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="Syndic", is_secret=True)
    client.force_login(staff)
    page = client.get(f"/en/assemblies/questions/{question.pk}/").content.decode()
    assert "Only 6 voters are present or represented: a secret vote needs at least 10 here" in page
    with pytest.raises(VoteRefusal, match="needs at least 10 voters present or represented"):
        voting.open_question(question=question, acting_user=staff)
    question.refresh_from_db()
    assert question.status == "draft" and not SecretTotal.objects.exists()
    # A named vote of the same meeting opens.
    named = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="Syndic (named)")
    assert voting.open_question(question=named, acting_user=staff).status == "open"


def test_a_general_assembly_only_warns_before_opening(ga, time_machine, client):
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Budget", is_secret=True)
    question.refresh_from_db()  # the meeting has started since
    assert voting.secrecy_warning(question) == {"count": 2, "minimum": 10, "refused": False}
    client.force_login(ga.staff)
    console = client.get(f"/en/assemblies/meetings/{ga.meeting.pk}/console/").content.decode()
    assert "Only 2 voters are present or represented, fewer than 10" in console
    assert voting.open_question(question=question, acting_user=ga.staff).status == "open"


# --- screens during a secret vote ----------------------------------------------------------


def test_screens_show_the_turnout_of_a_secret_vote_never_a_running_result(ga, time_machine, client):
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Budget", is_secret=True)
    c = choice_ids(question)
    voting.open_question(question=question, acting_user=ga.staff)
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["no"]]})
    state = live.meeting_state(ga.meeting)["question"]
    assert state["tally"]["ballots"] == 1
    assert not {"yes", "no", "abstain", "options", "colleges", "adopted"} & set(state["tally"])
    client.force_login(ga.staff)
    for url in (f"/en/assemblies/meetings/{ga.meeting.pk}/console/", f"/en/assemblies/meetings/{ga.meeting.pk}/projector/"):
        text = client.get(url).content.decode()
        assert "Secret ballot: no running result is shown" in text
        assert 'data-live="yes"' not in text
    client.force_login(ga.bob)
    page = client.get(f"/en/assemblies/questions/{question.pk}/").content.decode()
    assert "Secret ballot: only the totals are kept." in page and "Named vote" not in page
    named = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Accounts")
    voting.open_question(question=named, acting_user=ga.staff)
    assert "Named vote: what each member chose is recorded" in client.get(f"/en/assemblies/questions/{named.pk}/").content.decode()


# --- a crash between the two writes ----------------------------------------------------------


class Crash(Exception):
    pass


def test_a_crash_between_the_choice_and_the_participation_loses_and_duplicates_nothing(ga, time_machine, monkeypatch):
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Budget", is_secret=True)
    c = choice_ids(question)
    voting.open_question(question=question, acting_user=ga.staff)

    def crash():
        raise Crash

    # The process dies after sealing: not even the clean-up runs.
    monkeypatch.setattr(casting, "after_sealing", crash)
    monkeypatch.setattr(secret, "discard", lambda tokens: None)
    with pytest.raises(Crash):
        voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["no"]]})
    assert SecretEnvelope.objects.count() == 1 and not Participation.objects.exists() and not Receipt.objects.exists()
    monkeypatch.undo()
    # Not accepted, so Ana votes again; her first envelope is never counted.
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["yes"]]})
    # Bob's cast dies after its participation, before the drain: counted at close, once.
    monkeypatch.setattr(secret, "drain_quietly", lambda q: None)
    voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.bob.pk: [c["yes"]]})
    assert SecretEnvelope.objects.count() == 2  # Ana's orphan and Bob's pending one
    result = voting.close_question(question=question, acting_user=ga.staff).result
    assert (result["ballots"], result["yes"], result["no"]) == (2, 2, 0)
    assert not SecretEnvelope.objects.exists()


def test_a_refused_repeat_leaves_no_envelope(ga, time_machine):
    run(ga.meeting, ga.staff, time_machine, ga.ana)
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Budget", is_secret=True)
    c = choice_ids(question)
    voting.open_question(question=question, acting_user=ga.staff)
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["no"]]})
    with pytest.raises(VoteRefusal, match="already recorded"):
        voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [c["yes"]]})
    assert not SecretEnvelope.objects.exists() and Participation.objects.count() == 1


# --- order, logs, audit, notifications, receipts --------------------------------------------


def test_rows_are_written_in_a_seeded_shuffle_not_in_the_order_of_casting(ga, time_machine, seeded, monkeypatch, django_db_blocker):
    """A holder of two proxies casts three ballots at once: the envelopes land
    in the table in the order drawn from the injected source."""
    from django.db import connection

    body, people, staff, meeting = big_assembly(time_machine, 12)
    body.max_proxies_per_holder = 3
    body.save()
    for principal in people[1:4]:
        meetings.give_proxy(meeting=meeting, principal=principal, holder=people[0], acting_user=principal)
    run(meeting, staff, time_machine, people[0], *people[4:])
    question = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="Budget", is_secret=True)
    c = choice_ids(question)
    voting.open_question(question=question, acting_user=staff)
    monkeypatch.setattr(secret, "drain_quietly", lambda q: None)
    order = [p.pk for p in people[:4]]
    expected = list(order)
    random.Random(20261206).shuffle(expected)
    assert expected != order
    voting.cast_ballots(question=question, acting_user=people[0], instructions={m: [c["yes"]] for m in order})
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM governance_secretenvelope ORDER BY {physical}")
        tokens = [row[0] for row in cursor.fetchall()]
    member_of = dict(Participation.objects.values_list("token_hash", "member_id"))
    assert [member_of[secret.token_hash(t)] for t in tokens] == expected


def test_nothing_said_about_a_secret_ballot_names_the_choice(ga, time_machine, caplog, client):
    caplog.set_level(logging.DEBUG)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Budget", is_secret=True)
    c = choice_ids(question)
    voting.open_question(question=question, acting_user=ga.staff)
    mail.outbox.clear()
    audits = AuditEvent.objects.count()
    client.force_login(ga.ana)
    url = f"/en/assemblies/questions/{question.pk}/"
    client.post(url + "vote/", {"voter": ga.ana.pk, f"choice_{ga.ana.pk}": c["no"]})
    code = client.get(url).content.decode().split('class="receipt-code">')[1].split("<")[0]
    assert AuditEvent.objects.count() == audits  # casting writes no audit row
    assert mail.outbox == []
    logged = " ".join(r.getMessage() for r in caplog.records)
    # Request lines name the route, never the form's fields or the receipt.
    assert code not in logged and "choice_" not in logged and "selections" not in logged
    assert any("governance:vote" in r.getMessage() for r in caplog.records)
    # Receipts: by POST only, in their own table with no choice.
    assert {f.name for f in Receipt._meta.concrete_fields} == {"id", "question", "code_hash"}
    assert "This ballot is recorded" not in client.get(f"/en/assemblies/receipt/?code={code}").content.decode()
    checked = client.post("/en/assemblies/receipt/", {"code": code}).content.decode()
    assert "This ballot is recorded for “Budget”." in checked
    assert "It does not show what you chose" in checked


def test_no_warning_before_the_meeting_starts(ga):
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Budget", is_secret=True)
    assert voting.secrecy_warning(question) is None
