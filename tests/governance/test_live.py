"""The chair's console, the projector, the live state (JSON and websockets)."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from community.governance import live
from community.governance.models import Attendance, Question
from community.governance.routing import websocket_urlpatterns
from community.governance.services import bodies, meetings, voting
from community.governance.services import live as live_services
from community.models import AuditEvent, Notification
from tests.factories import UserFactory
from tests.governance.helpers import run
from tests.refusals import assert_redirected_to_login, assert_refused

RUNS = "Only staff, a secretary of this body or the meeting's chair run its console."
SHOWS = "Only staff, a secretary of this body or the meeting's chair show its projector."
REFUSED = {"console": RUNS, "state": SHOWS, "projector": SHOWS}

pytestmark = pytest.mark.django_db


def motion(ga, meeting, *, secret=False, title="Approve the accounts 2025"):
    return voting.add_question(body=ga.body, meeting=meeting, acting_user=ga.staff, title=title, is_secret=secret)


def choice(question, code):
    return question.choices.get(code=code).pk


def console_url(meeting):
    return reverse("governance_live:console", args=[meeting.pk])


# --- who may run the console -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["console", "projector", "state"])
def test_only_those_who_run_the_meeting_see_the_console_projector_and_state(ga, client_of, client, name):
    url = reverse(f"governance_live:{name}", args=[ga.meeting.pk])
    secretary = UserFactory(language="en")
    ga.body.secretaries.add(secretary)
    chair = ga.eva
    ga.meeting.chair = chair
    ga.meeting.save()
    for person in (ga.staff, secretary, chair):
        assert client_of(person).get(url).status_code == 200, person
    for person in (ga.ana, ga.outsider):
        assert_refused(client_of(person).get(url), REFUSED[name])
    assert_redirected_to_login(client.get(url), url)


@pytest.mark.parametrize(
    ("name", "args"),
    [("check_in", None), ("check_out", None), ("meeting_step", "start"), ("question_step", "open")],
)
def test_members_cannot_post_to_the_console(ga, client_of, time_machine, name, args):
    question = motion(ga, ga.meeting)
    target = question.pk if name == "question_step" else ga.meeting.pk
    url = reverse(f"governance_live:{name}", args=[target, args] if args else [target])
    response = client_of(ga.ana).post(url, {"member": ga.ana.pk, "mode": "in_person"})
    assert_refused(response, "Only staff, a secretary of this body or the meeting's chair run its console.")
    assert not Attendance.objects.exists()
    assert Question.objects.get(pk=question.pk).status == "draft"


# --- attendance and quorum -------------------------------------------------------------------


def test_check_in_by_search_and_quorum_follows_proxies(ga, client_of, time_machine):
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    meeting = run(ga.meeting, ga.staff, time_machine)
    chair = client_of(ga.staff)
    page = chair.get(console_url(meeting), {"q": "bob"})
    assert "Check Bob Test in, in person" in page.content.decode()
    response = chair.post(reverse("governance_live:check_in", args=[meeting.pk]), {"member": ga.bob.pk, "mode": "in_person", "q": "bob"})
    assert response.status_code == 302 and "q=bob" in response["Location"]
    quorum = live.meeting_state(meeting)["quorum"]
    # Bob in person with Ana's proxy: 2 of 5, 2 votes of the 3 needed.
    assert (quorum["present_or_represented"], quorum["represented"], quorum["required"], quorum["has_quorum"]) == (2, 1, 3, False)
    chair.post(reverse("governance_live:check_in", args=[meeting.pk]), {"member": ga.dan.pk, "mode": "online"})
    quorum = live.meeting_state(meeting)["quorum"]
    assert (quorum["in_person"], quorum["online"], quorum["present_or_represented"], quorum["has_quorum"]) == (1, 1, 3, True)
    # Ana arrives: her vote comes back to her, the count stays 3.
    chair.post(reverse("governance_live:check_in", args=[meeting.pk]), {"member": ga.ana.pk, "mode": "in_person"})
    quorum = live.meeting_state(meeting)["quorum"]
    assert (quorum["present_or_represented"], quorum["represented"]) == (3, 0)
    # Bob leaves, then Ana: her proxy no longer counts either (its holder is out).
    chair.post(reverse("governance_live:check_out", args=[meeting.pk]), {"member": ga.bob.pk})
    chair.post(reverse("governance_live:check_out", args=[meeting.pk]), {"member": ga.ana.pk})
    quorum = live.meeting_state(meeting)["quorum"]
    assert (quorum["present_or_represented"], quorum["has_quorum"]) == (1, False)
    assert AuditEvent.objects.filter(action="governance.attendance.checked_out").count() == 2
    page = chair.get(console_url(meeting)).content.decode()
    assert "1 member checked in" in page and "Quorum not reached" in page


def test_quorum_per_college(ga, time_machine):
    ga.body.quorum_per_college = True
    ga.body.save()
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    quorum = live.meeting_state(meeting)["quorum"]
    # 3 of 5 overall, but nobody from civil society.
    assert quorum["has_quorum"] is False
    assert [(c["college"], c["weight_present_or_represented"], c["required"], c["reached"]) for c in quorum["colleges"]] == [
        ("Residents", 3, 2, True), ("Civil society", 0, 1, False)]
    live_services.check_in_member(meeting=meeting, member=ga.eva, acting_user=ga.staff)
    assert live.meeting_state(meeting)["quorum"]["has_quorum"] is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"member": "abc", "mode": "in_person"}, "Choose a member of the body"),
        ({"member": "999999", "mode": "in_person"}, "Choose a member of the body"),
        ({"mode": "in_person"}, "Choose a member of the body"),
        ({"member": "OUTSIDER", "mode": "in_person"}, "is not a member of"),
        ({"member": "ANA", "mode": "by pigeon"}, "Choose a member of the body"),
    ],
)
def test_bad_check_in_says_why_and_changes_nothing(ga, client_of, time_machine, data, message):
    meeting = run(ga.meeting, ga.staff, time_machine)
    data = {k: {"OUTSIDER": str(ga.outsider.pk), "ANA": str(ga.ana.pk)}.get(v, v) for k, v in data.items()}
    response = client_of(ga.staff).post(reverse("governance_live:check_in", args=[meeting.pk]), data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_double_check_in_and_check_out_of_someone_absent(ga, client_of, time_machine):
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana)
    chair = client_of(ga.staff)
    page = chair.post(reverse("governance_live:check_in", args=[meeting.pk]), {"member": ga.ana.pk, "mode": "online"}, follow=True)
    assert "already checked in" in page.content.decode()
    page = chair.post(reverse("governance_live:check_out", args=[meeting.pk]), {"member": ga.bob.pk}, follow=True)
    assert "is not checked in" in page.content.decode()
    page = chair.post(reverse("governance_live:check_out", args=[meeting.pk]), {"member": "x"}, follow=True)
    assert "Choose a member of the body" in page.content.decode()
    assert Attendance.objects.filter(checked_out_at__isnull=True).count() == 1


# --- votes from the console ------------------------------------------------------------------


def test_open_close_publish_from_the_console(ga, client_of, time_machine):
    question = motion(ga, ga.meeting)

    def step(name):
        return chair.post(reverse("governance_live:question_step", args=[question.pk, name]), follow=True)

    chair = client_of(ga.staff)
    assert "Start the meeting before opening its votes" in step("open").content.decode()
    time_machine.move_to(ga.meeting.starts_at, tick=False)
    chair = client_of(ga.staff)  # a fresh session on the day
    chair.post(reverse("governance_live:meeting_step", args=[ga.meeting.pk, "start"]))
    for person in (ga.ana, ga.bob, ga.chloe):
        chair.post(reverse("governance_live:check_in", args=[ga.meeting.pk]), {"member": person.pk, "mode": "in_person"})
    assert "The vote is open" in step("open").content.decode()
    question.refresh_from_db()
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [choice(question, "yes")]})
    voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.bob.pk: [choice(question, "no")]})
    state = json.loads(chair.get(reverse("governance_live:state", args=[ga.meeting.pk])).content)
    assert state["question"]["tally"]["ballots"] == 2 and state["question"]["possible"] == 3
    assert (state["question"]["tally"]["yes"], state["question"]["tally"]["no"]) == (1, 1)
    assert "named" not in state["question"]["tally"]  # no names on the screen, even for an open vote
    assert "Results published" not in step("close").content.decode()
    assert not Notification.objects.filter(title__startswith="Results published").exists()
    step("publish")
    assert Question.objects.get(pk=question.pk).status == "published"
    assert Notification.objects.filter(title__startswith="Results published").count() == 5
    assert "only once" in step("publish").content.decode()
    assert "Unknown action" in step("delete").content.decode()
    actions = set(AuditEvent.objects.filter(action__startswith="governance.question").values_list("action", flat=True))
    assert {"governance.question.opened", "governance.question.closed", "governance.question.published"} <= actions


def test_projector_shows_no_names_for_a_secret_ballot(ga, client_of, time_machine):
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    question = motion(ga, meeting, secret=True, title="Elect the auditors")
    live_services.open_vote(question=question, acting_user=ga.staff)
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [choice(question, "no")]})
    page = client_of(ga.staff).get(reverse("governance_live:projector", args=[meeting.pk])).content.decode()
    assert "Elect the auditors" in page and "Secret ballot" in page
    main = page.split('<main', 1)[1]
    assert "Ana" not in main and "Bob" not in main


def test_console_query_count_does_not_grow_with_members(ga, client_of, time_machine):
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    motion(ga, meeting)
    chair = client_of(ga.staff)
    chair.get(console_url(meeting), {"q": "test"})

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert chair.get(console_url(meeting), {"q": "test"}).status_code == 200
    for i in range(20):
        person = UserFactory(first_name=f"Extra{i}", last_name="Test", language="en")
        bodies.add_member(body=ga.body, user=person, acting_user=None, college=ga.residents)
        meetings.check_in(meeting=meeting, member=person, acting_user=ga.staff)
        motion(ga, meeting, title=f"Question {i}")
    chair.get(console_url(meeting), {"q": "test"})
    with CaptureQueriesContext(connection) as big:
        page = chair.get(console_url(meeting), {"q": "test"})
    # The console's own reads (governance tables) stay the same in number; the
    # layout's queries (session, notifications, menus) are pinned by their apps.
    sql = lambda ctx: [q["sql"][:120] for q in ctx.captured_queries if "governance_" in q["sql"]]  # noqa: E731
    assert len(sql(big)) == len(sql(small)), (sql(small), sql(big))
    assert len(small) <= 25
    assert "22 members checked in" in page.content.decode()


def test_a_ballot_and_its_push_do_not_read_the_whole_assembly(ga, time_machine, monkeypatch):
    """1,500 members voting must not mean 1,500 × 1,500 rows: a ballot reads its
    voters' rows only, and the push after it reuses the presence read once."""
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    question = motion(ga, meeting)
    voting.open_question(question=question, acting_user=ga.staff)
    live.meeting_state(meeting)  # the console was open: presence read once

    from community.governance import selectors

    def whole_assembly(*args, **kwargs):
        raise AssertionError("read the whole assembly")

    real_members_of = selectors.members_of
    monkeypatch.setattr(selectors, "presence", whole_assembly)
    monkeypatch.setattr(selectors, "members_of", lambda body, on=None, *, user_ids=None: (
        whole_assembly() if user_ids is None else real_members_of(body, on, user_ids=user_ids)))
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [choice(question, "yes")]})
    state = live.meeting_state(meeting)
    assert state["question"]["tally"]["ballots"] == 1 and state["question"]["possible"] == 3
    assert state["quorum"]["present_or_represented"] == 3


def test_live_tally_sums_identical_ballots_yet_matches_the_frozen_result(ga, time_machine):
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe, ga.dan, ga.eva)
    question = motion(ga, meeting)
    voting.open_question(question=question, acting_user=ga.staff)
    for person, code in [(ga.ana, "yes"), (ga.bob, "yes"), (ga.chloe, "no"), (ga.dan, "abstain"), (ga.eva, "yes")]:
        voting.cast_ballots(question=question, acting_user=person, instructions={person.pk: [choice(question, code)]})
    running = voting.live_tally(question)
    assert "named" not in running  # names go to the minutes, never to the screen
    voting.close_question(question=question, acting_user=ga.staff)
    question.refresh_from_db()
    frozen = question.result
    assert frozen["named"] == {"no": ["Chloe Test"], "abstain": ["Dan Test"]}
    for key in ("ballots", "weight", "yes", "no", "abstain", "base", "adopted", "presence"):
        assert running[key] == frozen[key], key


# --- websockets --------------------------------------------------------------------------------


async def until(communicator, wanted, attempts=10):
    for _ in range(attempts):
        state = await communicator.receive_json_from(timeout=5)
        if wanted(state):
            return state
    raise AssertionError("the expected state never came")


def _connect(user, meeting_id):
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/assemblies/meetings/{meeting_id}/")
    communicator.scope["user"] = user
    return communicator


@pytest.mark.django_db(transaction=True)
def test_the_tally_reaches_the_console_live(ga, time_machine):
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    question = motion(ga, meeting)
    live_services.open_vote(question=question, acting_user=ga.staff)
    yes = choice(question, "yes")

    async def scenario():
        communicator = _connect(ga.staff, meeting.pk)
        connected, _ = await communicator.connect()
        assert connected
        first = await communicator.receive_json_from(timeout=3)
        assert first["question"]["tally"]["ballots"] == 0
        await database_sync_to_async(voting.cast_ballots)(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [yes]})
        # With Redis a push of an earlier step may still arrive first: wait for the one that counts the ballot.
        pushed = await until(communicator, lambda s: s["question"]["tally"]["ballots"] == 1)
        assert pushed["question"]["tally"]["yes"] == 1
        assert pushed["version"] >= first["version"]  # time is frozen here; later pushes never go back
        await database_sync_to_async(live_services.check_in_member)(meeting=meeting, member=ga.chloe, acting_user=ga.staff)
        await until(communicator, lambda s: s["quorum"]["present_or_represented"] == 3)
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("who", "code"), [("ana", 4403), ("outsider", 4403), ("anonymous", 4401)])
def test_members_and_strangers_cannot_listen(ga, who, code):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else getattr(ga, who)

    async def scenario():
        connected, closed_with = await _connect(user, ga.meeting.pk).connect()
        assert not connected and closed_with == code

    async_to_sync(scenario)()


def test_meeting_page_leads_those_who_run_it_to_the_console(ga, client_of, time_machine):
    meeting = run(ga.meeting, ga.staff, time_machine)
    url = reverse("governance:meeting", args=[meeting.pk])
    console = reverse("governance_live:console", args=[meeting.pk])
    assert console in client_of(ga.staff).get(url).content.decode()
    assert console not in client_of(ga.ana).get(url).content.decode()
