"""Secret ballots against a reader of the database itself (PostgreSQL): 30
members cast a secret vote at the same moment; then nothing links a choice
to its voter through PostgreSQL's bookkeeping (transaction ids of live and
dead row versions), a dump, a sequence or a timestamp. And closing while 50
ballots are in flight counts exactly the ballots accepted."""

import os
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from community.governance.models import Participation, Receipt, SecretEnvelope, SecretTotal
from community.governance.services import bodies, meetings, voting
from tests.factories import UserFactory, make_staff
from tests.governance.helpers import fire, make_body, run

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own bookkeeping (xmin, dead row versions, pg_dump) is what this checks")


def _assembly(time_machine, count):
    time_machine.move_to("2026-03-03 18:00:00+01:00", tick=False)
    body = make_body()
    people = [UserFactory(language="en") for _ in range(count)]
    for person in people:
        bodies.add_member(body=body, user=person, acting_user=None)
    staff = make_staff(language="en")
    meeting = meetings.create_meeting(body=body, acting_user=staff, title="AG", starts_at=timezone.now() + timedelta(days=20), place="Hall")
    run(meeting, staff, time_machine, *people)
    return body, people, staff, meeting


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _all_versions(table):
    """Every row version PostgreSQL keeps in ``table``'s pages, live or dead:
    (xmin, data) of each item a line pointer still points to."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    blocks = _rows("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])[0][0]
    versions = []
    for block in range(blocks):
        versions += _rows(
            "SELECT t_xmin::text, t_data FROM heap_page_items(get_raw_page(%s, %s)) WHERE lp_flags = 1", [table, block]
        )
    return [(xmin, bytes(data or b"")) for xmin, data in versions]


def _dump() -> str:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = ["pg_dump", "--data-only", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),
               "-U", db["USER"] or "postgres", db["NAME"]]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=120).stdout


def _copy_lines(dump: str, table: str) -> list[str]:
    start = dump.index(f"COPY public.{table} ")
    lines = dump[start:].split("\n")[1:]
    return lines[: lines.index("\\.")]


def test_after_a_secret_vote_nothing_stored_links_a_choice_to_its_voter(time_machine):
    body, people, staff, meeting = _assembly(time_machine, 30)
    question = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="Budget", is_secret=True)
    c = {ch.code: ch.pk for ch in question.choices.all()}
    voting.open_question(question=question, acting_user=staff)
    answers = ["yes", "yes", "no"] * 10
    outcomes, errors = fire(success="ok", targets=[
        lambda p=p, a=a: voting.cast_ballots(question=question, acting_user=p, instructions={p.pk: [c[a]]})
        for p, a in zip(people, answers, strict=True)
    ])
    assert errors == [] and outcomes == ["ok"] * 30

    # During the vote: no version of a total or an envelope, live or dead, was
    # written by a transaction that wrote a participation.
    participation_xids = {x for x, _d in _all_versions("governance_participation")}
    assert len(participation_xids) == 30
    for table in ("governance_secrettotal", "governance_secretenvelope"):
        assert not {x for x, _d in _all_versions(table)} & participation_xids, table
    # No sequence on the choice side: nothing numbers the ballots as they come.
    assert _rows(
        "SELECT count(*) FROM pg_class WHERE relkind = 'S' AND relname IN "
        "('governance_secrettotal_id_seq', 'governance_secretenvelope_id_seq', 'governance_receipt_id_seq')"
    )[0][0] == 0
    hashes = [h.encode() for h in Participation.objects.values_list("token_hash", flat=True)]
    assert len(hashes) == 30 and all(hashes)

    result = voting.close_question(question=question, acting_user=staff).result
    assert (result["ballots"], result["yes"], result["no"]) == (30, 20, 10)

    # After the close: no total, no envelope, no fingerprint, in any version.
    assert not SecretTotal.objects.exists() and not SecretEnvelope.objects.exists()
    assert _all_versions("governance_secrettotal") == [] and _all_versions("governance_secretenvelope") == []
    for _xmin, data in _all_versions("governance_participation"):
        assert not any(h in data for h in hashes)
    # The participations were rewritten together: their transaction ids no longer tell when each voted.
    assert len({x for x, _d in _all_versions("governance_participation")}) == 1
    # No timestamp on the choice side.
    for model in (Receipt, SecretEnvelope, SecretTotal):
        assert not [f for f in model._meta.concrete_fields if f.get_internal_type() in ("DateTimeField", "DateField")]

    dump = _dump()
    assert _copy_lines(dump, "governance_secretenvelope") == []
    assert _copy_lines(dump, "governance_secrettotal") == []
    assert _copy_lines(dump, "governance_ballot") == []
    assert len(_copy_lines(dump, "governance_receipt")) == 30
    assert not any(h.decode() in dump for h in hashes)


def test_closing_while_50_secret_ballots_fly_counts_exactly_the_accepted_ones(time_machine):
    body, people, staff, meeting = _assembly(time_machine, 50)
    question = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="Budget", is_secret=True)
    yes = question.choices.get(code="yes").pk
    voting.open_question(question=question, acting_user=staff)
    casts = [lambda p=p: voting.cast_ballots(question=question, acting_user=p, instructions={p.pk: [yes]}) for p in people]
    outcomes, errors = fire(success="ok", targets=[*casts, lambda: voting.close_question(question=question, acting_user=staff)])
    assert errors == []
    assert all(o == "ok" or "closed" in o for o in outcomes)
    question.refresh_from_db()
    accepted = Participation.objects.filter(question=question).count()
    assert question.result["ballots"] == question.result["yes"] == accepted == Receipt.objects.filter(question=question).count()
    assert outcomes.count("ok") == accepted + 1  # the close too
    assert not SecretEnvelope.objects.exists() and not SecretTotal.objects.exists()


def test_a_weighted_secret_vote_leaves_no_weight_behind(time_machine):
    """Co-owners with nearly unique shares: a total's history would name them
    (the first drain's version holds one co-owner's shares). After the close
    no version of a total, and no line of a dump, carries a weight."""
    time_machine.move_to("2026-03-03 18:00:00+01:00", tick=False)
    body = make_body(kind="coownership")
    shares = [37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83]
    people = [UserFactory(language="en") for _ in shares]
    for person, weight in zip(people, shares, strict=True):
        bodies.add_member(body=body, user=person, acting_user=None, weight=weight)
    staff = make_staff(language="en")
    meeting = meetings.create_meeting(body=body, acting_user=staff, title="AG", starts_at=timezone.now() + timedelta(days=20), place="Hall")
    run(meeting, staff, time_machine, *people)
    question = voting.add_question(body=body, meeting=meeting, acting_user=staff, title="Works", is_secret=True)
    c = {ch.code: ch.pk for ch in question.choices.all()}
    voting.open_question(question=question, acting_user=staff)
    outcomes, errors = fire(success="ok", targets=[
        lambda p=p, i=i: voting.cast_ballots(question=question, acting_user=p, instructions={p.pk: [c["yes" if i % 2 else "no"]]})
        for i, p in enumerate(people)
    ])
    assert errors == [] and outcomes == ["ok"] * len(people)
    assert set(SecretTotal.objects.filter(question=question).values_list("key", flat=True)) == {"ballots", *(f"{v}:-" for v in c.values())}
    result = voting.close_question(question=question, acting_user=staff).result
    assert result["yes"] == sum(shares[1::2]) and result["no"] == sum(shares[0::2])
    assert _all_versions("governance_secrettotal") == [] and _all_versions("governance_secretenvelope") == []
    dump = _dump()
    assert _copy_lines(dump, "governance_secrettotal") == [] and _copy_lines(dump, "governance_ballot") == []
