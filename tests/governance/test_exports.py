"""A meeting's attendance and results as CSV/.xlsx (issue 23): contents,
secrecy, the access log, and who may take them."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from community.governance.exports import (
    ABSENT,
    EXCUSED,
    ONLINE,
    PRESENT,
    REPRESENTED,
    attendance_status,
)
from community.governance.services import bodies, meetings, voting
from community.governance.services import live as live_services
from community.models import MeetingReply
from community.privacy.models import AccessLog
from tests.factories import UserFactory
from tests.governance.helpers import make_body, run
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db

RUN = "Only staff, a secretary of this body or the meeting's chair run this meeting."


def url(name, meeting):
    return f"/en/exports/governance.{name}/{meeting.pk}/"


def table(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def closed(ga, time_machine):
    """Ana gave her proxy to Bob; Eva replied she could not come. Bob and
    Chloe came in person, Dan online. An open motion (Chloe against, Dan
    abstains), a secret one, and one never opened; then the meeting closed."""
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    meetings.answer_rsvp(meeting=ga.meeting, acting_user=ga.eva, answer=MeetingReply.Answer.ABSENT)
    meeting = run(ga.meeting, ga.staff, time_machine, ga.bob, ga.chloe)
    meetings.check_in(meeting=meeting, member=ga.dan, acting_user=ga.staff, mode="online")
    item = meeting.agenda_items.first()
    open_vote = voting.add_question(
        body=ga.body,
        meeting=meeting,
        agenda_item=item,
        acting_user=ga.staff,
        title="Approve the accounts 2025",
    )
    secret = voting.add_question(
        body=ga.body,
        meeting=meeting,
        agenda_item=item,
        acting_user=ga.staff,
        title="Discharge the board",
        is_secret=True,
    )
    voting.add_question(
        body=ga.body,
        meeting=meeting,
        agenda_item=item,
        acting_user=ga.staff,
        title="Paint the hall",
    )
    for question in (open_vote, secret):
        live_services.open_vote(question=question, acting_user=ga.staff)
    code = {c.code: c.pk for c in open_vote.choices.all()}
    voting.cast_ballots(
        question=open_vote,
        acting_user=ga.bob,
        instructions={ga.bob.pk: [code["yes"]], ga.ana.pk: [code["yes"]]},
    )
    voting.cast_ballots(
        question=open_vote, acting_user=ga.chloe, instructions={ga.chloe.pk: [code["no"]]}
    )
    voting.cast_ballots(
        question=open_vote, acting_user=ga.dan, instructions={ga.dan.pk: [code["abstain"]]}
    )
    secret_code = {c.code: c.pk for c in secret.choices.all()}
    voting.cast_ballots(
        question=secret, acting_user=ga.chloe, instructions={ga.chloe.pk: [secret_code["no"]]}
    )
    voting.cast_ballots(
        question=secret, acting_user=ga.dan, instructions={ga.dan.pk: [secret_code["abstain"]]}
    )
    for question in (open_vote, secret):
        live_services.close_vote(question=question, acting_user=ga.staff)
    live_services.close(meeting=meeting, acting_user=ga.staff)
    meeting.refresh_from_db()
    return meeting


def test_the_status_is_decided_once():
    assert (
        attendance_status(modes={"in_person", "online"}, is_represented=True, excused=True)
        == PRESENT
    )
    assert attendance_status(modes={"online"}, is_represented=False, excused=False) == ONLINE
    assert attendance_status(modes=set(), is_represented=True, excused=True) == REPRESENTED
    assert attendance_status(modes=set(), is_represented=False, excused=True) == EXCUSED
    assert attendance_status(modes=set(), is_represented=False, excused=False) == ABSENT


def test_attendance_lists_every_member_and_is_logged(ga, closed, client_of):
    rows = table(client_of(ga.staff).get(url("attendance", closed), {"format": "csv"}))
    assert rows[0] == [
        "Member",
        "College",
        "Votes (shares)",
        "How they took part",
        "Proxy holder",
        "Arrived",
        "Left",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == [
        "Ana Test",
        "Bob Test",
        "Chloe Test",
        "Dan Test",
        "Eva Test",
    ]
    assert by_name["Ana Test"][1:5] == ["Residents", "1", "Represented by proxy", "Bob Test"]
    assert by_name["Bob Test"][3] == "Present in person" and by_name["Bob Test"][5].startswith(
        "2026-03-23"
    )
    assert by_name["Dan Test"][1:4] == ["Civil society", "1", "Present online"]
    assert by_name["Eva Test"][3:5] == ["Excused", ""]
    # Personal data: who took a copy of whose attendance.
    logged = AccessLog.objects.filter(viewer=ga.staff)
    assert {log.subject for log in logged} == {ga.ana, ga.bob, ga.chloe, ga.dan, ga.eva}
    assert all(log.what == "export: Attendance of a meeting" for log in logged)


def test_attendance_counts_shares_in_a_co_owners_meeting(ga, closed, client_of):
    membership = ga.body.memberships.get(user=ga.bob)
    membership.weight = 250
    membership.save(update_fields=["weight"])
    rows = table(
        client_of(ga.staff).get(
            url("attendance", closed), {"format": "csv", "columns": ["member", "weight", "reply"]}
        )
    )
    assert rows[0] == ["Member", "Votes (shares)", "Their reply to the convocation"]
    assert ["Bob Test", "250", ""] in rows and ["Eva Test", "1", "I cannot come"] in rows


def test_results_give_figures_and_outcomes_and_name_nobody(ga, closed, client_of):
    response = client_of(ga.staff).get(url("results", closed), {"format": "csv"})
    rows = table(response)
    assert rows[0] == [
        "Agenda item",
        "Question",
        "Kind",
        "Secret ballot",
        "Majority",
        "Status",
        "Ballots",
        "For",
        "Against",
        "Abstaining",
        "Outcome",
    ]
    assert rows[1] == [
        "Accounts 2025",
        "Approve the accounts 2025",
        "Motion (yes, no, abstain)",
        "no",
        "Simple majority",
        "Closed",
        "4",
        "2",
        "1",
        "1",
        "Adopted",
    ]
    assert rows[2] == [
        "Accounts 2025",
        "Discharge the board",
        "Motion (yes, no, abstain)",
        "yes",
        "Simple majority",
        "Closed",
        "2",
        "0",
        "1",
        "1",
        "Rejected",
    ]
    assert rows[3][1] == "Paint the hall" and rows[3][6:] == ["", "", "", "", ""]
    text = response.content.decode()
    for name in ("Ana", "Bob", "Chloe", "Dan", "Eva"):
        assert name not in text
    # No voter named: nobody's data, nothing to log.
    assert not AccessLog.objects.exists()


def test_an_open_vote_gives_no_running_count(ga, time_machine, client_of):
    meeting = run(ga.meeting, ga.staff, time_machine, ga.bob)
    question = voting.add_question(
        body=ga.body, meeting=meeting, acting_user=ga.staff, title="Secret now", is_secret=True
    )
    live_services.open_vote(question=question, acting_user=ga.staff)
    code = {c.code: c.pk for c in question.choices.all()}
    voting.cast_ballots(
        question=question, acting_user=ga.bob, instructions={ga.bob.pk: [code["yes"]]}
    )
    rows = table(client_of(ga.staff).get(url("results", meeting), {"format": "csv"}))
    assert rows[1][5:] == ["Open", "", "", "", "", "No result yet: the vote is not closed."]


def test_xlsx_keeps_numbers_and_dates(ga, closed, client_of):
    response = client_of(ga.staff).get(url("attendance", closed), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    bob = next(row for row in values if row[0] == "Bob Test")
    assert bob[2] == 1 and bob[5].date().isoformat() == "2026-03-23"


def test_the_meeting_page_links_the_exports_for_those_who_run_it(ga, closed, client_of):
    page = client_of(ga.staff).get(f"/en/assemblies/meetings/{closed.pk}/").content.decode()
    assert url("attendance", closed) in page and url("results", closed) in page
    member_page = client_of(ga.chloe).get(f"/en/assemblies/meetings/{closed.pk}/").content.decode()
    assert "governance.attendance" not in member_page and "governance.results" not in member_page


@pytest.mark.parametrize("name", ["attendance", "results"])
def test_a_member_who_does_not_run_the_meeting_is_refused(ga, closed, client_of, name):
    response = client_of(ga.chloe).get(url(name, closed), {"format": "csv"})
    assert_refused(response, RUN)
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("name", ["attendance", "results"])
def test_the_chair_exports_their_meeting_but_not_another(ga, closed, client_of, name):
    closed.chair = ga.dan
    closed.save(update_fields=["chair"])
    assert table(client_of(ga.dan).get(url(name, closed), {"format": "csv"}))[0]
    other_body = make_body(name="Co-owners of Arc-en-Ciel", slug="coowners-arc")
    bodies.add_member(body=other_body, user=ga.dan, acting_user=None)
    other = meetings.create_meeting(
        body=other_body,
        acting_user=ga.staff,
        title="Co-owners' meeting",
        place="Rue Vandenpeereboom 12",
        starts_at=timezone.now() + timedelta(days=30),
    )
    meetings.add_agenda_item(meeting=other, acting_user=ga.staff, title="Roof", kind="decision")
    meetings.convene_meeting(meeting=other, acting_user=ga.staff)
    other.chair = ga.eva
    other.save(update_fields=["chair"])
    before = AccessLog.objects.count()
    assert_refused(client_of(ga.dan).get(url(name, other), {"format": "csv"}), RUN)
    # Another meeting's chair is refused this one.
    assert_refused(client_of(ga.eva).get(url(name, closed), {"format": "csv"}), RUN)
    assert_refused(client_of(UserFactory()).get(url(name, closed), {"format": "csv"}), RUN)
    assert AccessLog.objects.count() == before


def test_the_export_page_is_translated(ga, closed, client_of):
    page = (
        client_of(ga.staff).get(f"/nl/exports/governance.attendance/{closed.pk}/").content.decode()
    )
    assert "Aanwezigheid op een vergadering" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client_of(ga.staff)
                .get(f"/fr/exports/governance.results/{closed.pk}/", {"format": "csv"})
                .content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0][-1] == "Résultat" and rows[1][-1] == "Adoptée"
