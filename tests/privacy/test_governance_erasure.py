"""Erasure keeps votes, tallies and minutes whole: ballots and results of a
closed question are final (in the database too), so the ballot stays
counted, linked to the anonymised account; the frozen result of an open vote
keeps the names the minutes print (a record kept by legal obligation)."""

import pytest

from community.governance.models import Ballot, Participation
from community.governance.services import voting
from community.privacy import services
from community.privacy.models import DataRequest
from tests.governance.conftest import ga  # noqa: F401  (the general-assembly fixture)
from tests.governance.helpers import run
from tests.privacy.test_my_data import assert_nothing_holds

pytestmark = pytest.mark.django_db


def test_erased_voter_leaves_the_tally_whole(ga, time_machine):  # noqa: F811
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Approve the 2025 accounts")
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    voting.open_question(question=question, acting_user=ga.staff)
    codes = {c.code: c.pk for c in question.choices.all()}
    for person, choice in [(ga.ana, "yes"), (ga.bob, "yes"), (ga.chloe, "no")]:
        voting.cast_ballots(question=question, acting_user=person, instructions={person.pk: [codes[choice]]})
    question = voting.close_question(question=question, acting_user=ga.staff)
    assert question.result["named"]["no"] == ["Chloe Test"]

    request = services.request_erasure(acting_user=ga.chloe, confirm=True)

    assert request.status == DataRequest.Status.DONE
    question.refresh_from_db()
    assert (question.result["yes"], question.result["no"], question.result["adopted"]) == (2, 1, True)
    assert question.result["named"]["no"] == ["Chloe Test"]  # the minutes' legal record
    assert Ballot.objects.filter(question=question).count() == 3
    assert Ballot.objects.get(question=question, member=ga.chloe).member.email.endswith("@erased.invalid")
    assert Participation.objects.filter(question=question).count() == 3
    assert voting.compute_result(question)["no"] == 1  # recounting gives the same
    assert_nothing_holds("chloe@example.org", "Chloe Test", except_in={"governance.Question"})
