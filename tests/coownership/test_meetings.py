"""Co-owners' general meetings through the one voting engine, with worked examples
of the Civil Code rules (art. 3.87 and 3.88) on the building of the shared setup:
Ann owns L1+L2 (500 shares), Bob L3 (300), Carl L4 (200)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community.governance.errors import GovernanceRefusal
from community.governance.models import BodyMembership, Meeting, Proxy, Question
from community.governance.services import meetings as meeting_services
from community.governance.services import voting
from coownership import meetings, services
from coownership.ruleset import KIND as COOWNERSHIP_KIND
from tests.factories import HouseholdFactory
from tests.refusals import assert_refused

from .conftest import person


@pytest.fixture
def owners(setup):
    carl_home = HouseholdFactory(name="Carl's household", housing_project=setup.building.housing_project)
    setup.carl = person("carl@example.org", carl_home)
    setup.carl_home = carl_home
    services.transfer_lot(acting_user=None, lot=setup.lots["L4"], household=carl_home, on_date=date(2026, 4, 1))
    return setup


def weights(body):
    return {
        m.user.email: (m.weight, m.may_hold_proxies)
        for m in BodyMembership.objects.active().filter(body=body).select_related("user")
    }


def test_the_body_seats_each_household_once_with_its_shares_and_the_syndic_without_votes(owners):
    body = meetings.sync_coownership_body(building=owners.building, acting_user=None)
    assert body.kind == COOWNERSHIP_KIND and owners.building.body == body
    assert weights(body) == {
        "ann@example.org": (500, True),
        "bob@example.org": (300, True),
        "carl@example.org": (200, True),
        # Art. 3.87 §7: the syndic holds no proxy.
        "syndic@example.org": (0, False),
    }
    assert set(body.secretaries.values_list("email", flat=True)) == {"committee@example.org", "syndic@example.org"}


def test_a_resale_moves_the_votes_from_the_day_of_the_deed(owners):
    body = meetings.sync_coownership_body(building=owners.building, acting_user=None)
    services.transfer_lot(acting_user=None, lot=owners.lots["L3"], household=owners.ann_home, on_date=date(2026, 5, 1))
    meetings.sync_coownership_body(building=owners.building, acting_user=None)
    current = weights(body)
    assert current["ann@example.org"] == (800, True)
    assert "bob@example.org" not in current


def held_meeting(setup, *, present, title="Annual meeting"):
    """A convened meeting that starts now, with the given co-owners checked in."""
    body = meetings.sync_coownership_body(building=setup.building, acting_user=None)
    now = timezone.now()
    meeting = meeting_services.create_meeting(
        body=body, acting_user=setup.syndic, title=title, starts_at=now + timedelta(days=16), place="Community room"
    )
    item = meeting_services.add_agenda_item(meeting=meeting, acting_user=setup.syndic, title="Decisions", kind="decision")
    meetings.convene_coowners_meeting(meeting=meeting, building=setup.building, acting_user=setup.syndic)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=now)
    meeting.refresh_from_db()
    for user in present:
        meeting_services.check_in(meeting=meeting, member=user, acting_user=setup.syndic)
    meeting_services.start_meeting(meeting=meeting, acting_user=setup.syndic)
    return meeting, item


def vote(setup, meeting, item, majority, answers):
    question = voting.add_question(
        body=meeting.body, acting_user=setup.syndic, meeting=meeting, agenda_item=item,
        title=f"Motion ({majority})", majority=majority,
    )
    voting.open_question(question=question, acting_user=setup.syndic)
    codes = {c.code: c.pk for c in question.choices.all()}
    for user, answer in answers:
        voting.cast_ballots(question=question, acting_user=user, instructions={user.pk: [codes[answer]]})
    return voting.close_question(question=question, acting_user=setup.syndic)


def test_four_fifths_is_reached_with_the_shares_not_the_heads(owners):
    meeting, item = held_meeting(owners, present=[owners.ann, owners.bob, owners.carl])
    # Two people of three is not 4/5, but 800 of 1000 shares is (art. 3.88 §1, 2°).
    question = vote(owners, meeting, item, "four_fifths", [(owners.ann, "yes"), (owners.bob, "yes"), (owners.carl, "no")])
    assert question.result["yes"] == 800 and question.result["no"] == 200
    assert question.result["adopted"] is True


def test_abstentions_are_not_votes_cast(owners):
    meeting, item = held_meeting(owners, present=[owners.ann, owners.bob, owners.carl])
    # Art. 3.87 §8: 500 for, 300 abstaining, 200 against: 500 of 700 cast is over 2/3.
    question = vote(owners, meeting, item, "two_thirds", [(owners.ann, "yes"), (owners.bob, "abstain"), (owners.carl, "no")])
    assert question.result["base"] == 700 and question.result["adopted"] is True


def test_unanimity_is_of_all_the_co_owners_not_of_the_votes_cast(owners):
    meeting, item = held_meeting(owners, present=[owners.ann, owners.bob, owners.carl])
    # Art. 3.88 §2: Carl's abstention keeps the shares from changing.
    question = vote(owners, meeting, item, "unanimity", [(owners.ann, "yes"), (owners.bob, "yes"), (owners.carl, "abstain")])
    assert question.result["yes"] == 800 and question.result["adopted"] is False
    question = vote(owners, meeting, item, "unanimity", [(owners.ann, "yes"), (owners.bob, "yes"), (owners.carl, "yes")])
    assert question.result["adopted"] is True


def test_a_majority_owner_votes_with_no_more_than_the_others_present(owners):
    services.transfer_lot(acting_user=None, lot=owners.lots["L3"], household=owners.ann_home, on_date=date(2026, 4, 15))
    meeting, item = held_meeting(owners, present=[owners.ann, owners.carl])
    # Ann holds 800 shares but votes with at most Carl's 200 (art. 3.87 §6): 200 against 200.
    question = vote(owners, meeting, item, "absolute", [(owners.ann, "yes"), (owners.carl, "no")])
    assert question.result["yes"] == 200 and question.result["no"] == 200
    assert question.result["adopted"] is False


def test_the_syndic_may_not_hold_a_proxy(owners):
    body = meetings.sync_coownership_body(building=owners.building, acting_user=None)
    meeting = meeting_services.create_meeting(
        body=body, acting_user=owners.syndic, title="AGM", starts_at=timezone.now() + timedelta(days=20), place="Room"
    )
    meeting_services.add_agenda_item(meeting=meeting, acting_user=owners.syndic, title="Accounts")
    meetings.convene_coowners_meeting(meeting=meeting, building=owners.building, acting_user=owners.syndic)
    with pytest.raises(GovernanceRefusal):
        meeting_services.give_proxy(meeting=meeting, principal=owners.bob, holder=owners.syndic, acting_user=owners.bob)
    assert not Proxy.objects.filter(meeting=meeting).exists()


def test_convening_less_than_fifteen_days_ahead_is_refused(owners):
    body = meetings.sync_coownership_body(building=owners.building, acting_user=None)
    meeting = meeting_services.create_meeting(
        body=body, acting_user=owners.syndic, title="AGM", starts_at=timezone.now() + timedelta(days=10), place="Room"
    )
    meeting_services.add_agenda_item(meeting=meeting, acting_user=owners.syndic, title="Accounts")
    with pytest.raises(GovernanceRefusal, match="at least 15 days"):
        meetings.convene_coowners_meeting(meeting=meeting, building=owners.building, acting_user=owners.syndic)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_without_quorum_a_second_meeting_decides_whatever_the_attendance(owners):
    # Carl alone: one co-owner of three, 200 shares of 1000: no quorum (art. 3.87 §5).
    meeting, item = held_meeting(owners, present=[owners.carl])
    Proxy.objects.create(meeting=meeting, principal=owners.bob, holder=owners.ann)
    voting.add_question(body=meeting.body, acting_user=owners.syndic, meeting=meeting, agenda_item=item,
                        title="New boiler", majority="two_thirds")
    meeting_services.close_meeting(meeting=meeting, acting_user=owners.syndic)

    with pytest.raises(GovernanceRefusal, match="at least 15 days"):
        meetings.call_second_meeting(meeting=meeting, acting_user=owners.syndic, starts_at=meeting.starts_at + timedelta(days=10))
    second = meetings.call_second_meeting(
        meeting=meeting, acting_user=owners.syndic, starts_at=meeting.starts_at + timedelta(days=16)
    )
    assert second.second_meeting_of == meeting and second.status == Meeting.Status.CONVENED
    assert list(second.questions.values_list("title", "majority")) == [("New boiler", "two_thirds")]
    assert Proxy.objects.filter(meeting=second, principal=owners.bob, holder=owners.ann, withdrawn_at__isnull=True).exists()
    with pytest.raises(GovernanceRefusal, match="already been called"):
        meetings.call_second_meeting(meeting=meeting, acting_user=owners.syndic, starts_at=meeting.starts_at + timedelta(days=20))

    # The second meeting decides with Carl alone.
    Meeting.objects.filter(pk=second.pk).update(starts_at=timezone.now())
    second.refresh_from_db()
    meeting_services.check_in(meeting=second, member=owners.carl, acting_user=owners.syndic)
    meeting_services.start_meeting(meeting=second, acting_user=owners.syndic)
    from community.governance import selectors

    assert selectors.presence(second).has_quorum is True


def test_a_meeting_with_quorum_gets_no_second_meeting(owners):
    meeting, _item = held_meeting(owners, present=[owners.ann, owners.bob])
    meeting_services.close_meeting(meeting=meeting, acting_user=owners.syndic)
    with pytest.raises(GovernanceRefusal, match="has its quorum"):
        meetings.call_second_meeting(meeting=meeting, acting_user=owners.syndic, starts_at=meeting.starts_at + timedelta(days=20))
    assert not Meeting.objects.filter(second_meeting_of=meeting).exists()
    assert Question.objects.count() == 0


def test_the_building_page_lists_its_meetings_and_the_committee_calls_the_second_one(owners, client_of):
    meeting, _item = held_meeting(owners, present=[owners.carl], title="Spring meeting")
    meeting_services.close_meeting(meeting=meeting, acting_user=owners.syndic)
    page = client_of(owners.committee).get(f"/en/buildings/{owners.building.slug}/")
    assert page.status_code == 200
    assert "Spring meeting" in page.content.decode() and "Call the second meeting" in page.content.decode()

    url = f"/en/buildings/{owners.building.slug}/meetings/{meeting.pk}/second/"
    # Bad input and other buildings' people change nothing.
    response = client_of(owners.committee).post(url, {"starts_at": "not a date"}, follow=True)
    assert "Give the date and time" in response.content.decode()
    assert_refused(client_of(owners.olga).post(url, {"starts_at": "2026-06-20T18:00"}), "Only the building's syndic and committee manage it.")
    assert_refused(client_of(owners.bob).post(url, {"starts_at": "2026-06-20T18:00"}), "Only the building's syndic and committee manage it.")
    assert not Meeting.objects.filter(second_meeting_of=meeting).exists()
    # The service's refusal reaches the committee as its message (``carried_out``), and nothing is called.
    too_soon = timezone.localtime(meeting.starts_at + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client_of(owners.committee).post(url, {"starts_at": too_soon}, follow=True)
    assert "The second meeting must be held at least 15 days after the first." in response.content.decode()
    assert not Meeting.objects.filter(second_meeting_of=meeting).exists()

    starts = timezone.localtime(meeting.starts_at + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    response = client_of(owners.committee).post(url, {"starts_at": starts})
    second = Meeting.objects.get(second_meeting_of=meeting)
    assert response.status_code == 302 and response["Location"].endswith(f"/assemblies/meetings/{second.pk}/")


def test_the_syndic_sits_and_is_checked_in_but_casts_no_ballot(owners, client_of):
    meeting, item = held_meeting(owners, present=[owners.ann, owners.syndic])
    question = voting.add_question(body=meeting.body, acting_user=owners.syndic, meeting=meeting, agenda_item=item, title="Works")
    voting.open_question(question=question, acting_user=owners.syndic)
    yes = question.choices.get(code="yes").pk
    with pytest.raises(GovernanceRefusal, match="without votes of your own"):
        voting.cast_ballots(question=question, acting_user=owners.syndic, instructions={owners.syndic.pk: [yes]})
    assert not question.ballots.exists()
    with translation.override("en"):
        url = reverse("governance:question", args=[question.pk])
    page = client_of(owners.syndic).get(url).content.decode()
    assert "without votes of your own" in page and "vote-submit" not in page
