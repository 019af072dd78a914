"""Two secretaries record the count of the same vote at the same moment:
exactly one record, the other reads why. On PostgreSQL the question's row
lock orders them; the unique question of ``RoomCount`` is the last word."""

import pytest
from django.conf import settings
from django.db import connections

from community.governance.models import RoomCount, RoomTotal
from community.governance.services import voting
from tests.factories import UserFactory
from tests.governance.helpers import fire, run

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_secretaries_recording_at_once_leave_one_record(ga, time_machine):
    if not settings.IS_POSTGRES and "memory" in str(connections["default"].settings_dict["NAME"]):
        pytest.skip("SQLite in-memory test database: threads share one cache and cannot queue")
    first, second = UserFactory(email="sec1@example.org"), UserFactory(email="sec2@example.org")
    ga.body.secretaries.add(first, second)
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Budget 2026")
    codes = {c.code: c.pk for c in question.choices.all()}
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)

    voting.open_question(question=question, acting_user=ga.staff)

    def record(by, yes):
        return lambda: voting.record_room_count(question=question, acting_user=by, method="show_of_hands",
                                                counted_by=str(by), totals={(codes["yes"], None): (yes, None)})

    outcomes, errors = fire([record(first, 3), record(second, 2)])
    assert errors == []
    assert outcomes.count("counted") == 1
    refused = [o for o in outcomes if o != "counted"]
    assert refused and ("This vote is not open" in refused[0] or "already recorded" in refused[0])
    assert RoomCount.objects.filter(question=question).count() == 1
    room = RoomCount.objects.get(question=question)
    assert RoomTotal.objects.filter(room_count=room).count() == 3
    question.refresh_from_db()
    assert question.result["yes"] == room.voters
