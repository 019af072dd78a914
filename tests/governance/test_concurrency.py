"""One ballot per member per question, whatever the timing: 30 threads (30
connections) cast for the same member at the same moment → exactly one
counts, 29 clear refusals. The unique constraint on participations is the
last word; on PostgreSQL the shared row lock also keeps closing from racing
with ballots in flight."""


import pytest
from django.conf import settings
from django.db import connections

from community.governance.models import Ballot, Participation, Receipt, SecretEnvelope
from community.governance.services import voting
from tests.governance.helpers import fire, run

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

THREADS = 30


def _skip_on_in_memory_sqlite() -> None:
    if not settings.IS_POSTGRES and "memory" in str(connections["default"].settings_dict["NAME"]):
        pytest.skip("SQLite in-memory test database: threads share one cache and cannot queue")


def test_many_concurrent_ballots_for_one_member_exactly_one_counts(ga, time_machine):
    _skip_on_in_memory_sqlite()
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Budget 2026", is_secret=True)
    yes = question.choices.get(code="yes").pk
    run(ga.meeting, ga.staff, time_machine, ga.ana)
    voting.open_question(question=question, acting_user=ga.staff)
    outcomes, errors = fire([lambda: voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [yes]})] * THREADS)
    assert errors == []
    assert outcomes.count("counted") == 1
    assert all("already recorded" in o for o in outcomes if o != "counted")
    assert Participation.objects.filter(question=question).count() == 1
    assert Receipt.objects.filter(question=question).count() == 1
    assert not SecretEnvelope.objects.exists()  # the 29 refused left no sealed choice behind
    assert voting.close_question(question=question, acting_user=ga.staff).result["yes"] == 1


def test_closing_while_ballots_fly_counts_every_stored_ballot(ga, time_machine):
    _skip_on_in_memory_sqlite()
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Budget 2026")
    yes = question.choices.get(code="yes").pk
    people = [ga.ana, ga.bob, ga.chloe, ga.dan, ga.eva]
    run(ga.meeting, ga.staff, time_machine, *people)
    voting.open_question(question=question, acting_user=ga.staff)
    casts = [lambda p=p: voting.cast_ballots(question=question, acting_user=p, instructions={p.pk: [yes]}) for p in people]
    outcomes, errors = fire([*casts, lambda: voting.close_question(question=question, acting_user=ga.staff)])
    assert errors == []
    question.refresh_from_db()
    # Whatever the order, the frozen result counts exactly the ballots stored.
    assert question.result["ballots"] == Ballot.objects.filter(question=question).count()
    assert question.result["yes"] == Participation.objects.filter(question=question).count()


def test_first_replies_at_once_share_one_convocation_row(ga):
    """The meeting core's reply row is made at the first reply, under the
    meeting's lock: members replying at the same moment all land on it."""
    from community.governance.models import Meeting
    from community.governance.services import meetings
    from community.models import Convocation, MeetingReply

    _skip_on_in_memory_sqlite()
    people = [ga.ana, ga.bob, ga.chloe, ga.dan, ga.eva]
    replies = [lambda p=p: meetings.answer_rsvp(meeting=Meeting.objects.get(pk=ga.meeting.pk), acting_user=p, answer="in_person")
               for p in people]
    outcomes, errors = fire(replies)
    assert errors == [] and outcomes == ["counted"] * len(people)
    meeting = Meeting.objects.get(pk=ga.meeting.pk)
    assert Convocation.objects.count() == 1 and meeting.convocation_id is not None
    assert MeetingReply.objects.filter(convocation_id=meeting.convocation_id).count() == len(people)
