"""Meetings, convocations, attendance and proxies through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.governance import selectors
from community.governance.errors import GovernanceRefusal
from community.governance.models import Body, Meeting, Proxy
from community.governance.services import bodies, meetings
from community.models import AuditEvent, Notification
from community.services.meeting_replies import ReplyRefusal
from coownership.ruleset import KIND as COOWNERSHIP_KIND
from tests.factories import UserFactory
from tests.governance.helpers import make_body, run

pytestmark = pytest.mark.django_db


def draft(ga, days=30):
    return meetings.create_meeting(body=ga.body, acting_user=ga.staff, title="Autumn general assembly",
                                   starts_at=timezone.now() + timedelta(days=days), online_url="https://meet.example.org/ga")


def test_convene_respects_the_notice_period(ga, time_machine):
    meeting = draft(ga)
    meetings.add_agenda_item(meeting=meeting, acting_user=ga.staff, title="Accounts 2025", kind="decision")
    time_machine.move_to(meeting.starts_at - timedelta(days=14, hours=23), tick=False)
    with pytest.raises(GovernanceRefusal, match="at least 15 days before"):
        meetings.convene_meeting(meeting=meeting, acting_user=ga.staff)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT
    assert not Notification.objects.exists()
    # Exactly at the edge: 15 days before is in time.
    time_machine.move_to(meeting.starts_at - timedelta(days=15), tick=False)
    meetings.convene_meeting(meeting=meeting, acting_user=ga.staff)
    sent = Notification.objects.filter(category="governance")
    assert sorted(n.recipient.email for n in sent) == [f"{p}@example.org" for p in ["ana", "bob", "chloe", "dan", "eva"]]
    assert "Accounts 2025" in sent.first().body
    assert AuditEvent.objects.filter(action="governance.meeting.convened").count() == 2


def test_convocation_in_each_members_language(ga):
    ga.ana.language = "fr"
    ga.ana.save()
    meeting = draft(ga)
    meetings.add_agenda_item(meeting=meeting, acting_user=ga.staff, title="Comptes", kind="decision")
    meetings.convene_meeting(meeting=meeting, acting_user=ga.staff)
    assert Notification.objects.get(recipient=ga.ana).title.startswith("Convocation")
    assert Notification.objects.get(recipient=ga.bob).url.startswith("/en/")
    assert Notification.objects.get(recipient=ga.ana).url.startswith("/fr/")


def test_the_convocation_invites_with_a_calendar_file(ga):
    """The meeting core sends every convocation with its .ics: an invitation
    (METHOD:REQUEST) in Brussels time, the agenda in its description."""
    meeting = draft(ga)
    meetings.add_agenda_item(meeting=meeting, acting_user=ga.staff, title="Accounts 2025", kind="decision")
    meetings.convene_meeting(meeting=meeting, acting_user=ga.staff)
    [ics] = Notification.objects.get(recipient=ga.bob).attachments
    assert ics["mimetype"] == "text/calendar" and ics["filename"] == f"meeting-{meeting.pk}.ics"
    content = ics["content"]
    assert "METHOD:REQUEST" in content and "STATUS:CONFIRMED" in content and "SEQUENCE:0" in content
    assert f"UID:governance-meeting-{meeting.pk}@socle" in content and "DTSTART;TZID=Europe/Brussels:" in content
    assert "1. Accounts 2025" in content and "LOCATION:https://meet.example.org/ga" in content


def test_convene_needs_an_agenda_and_only_once(ga):
    meeting = draft(ga)
    with pytest.raises(GovernanceRefusal, match="agenda"):
        meetings.convene_meeting(meeting=meeting, acting_user=ga.staff)
    with pytest.raises(GovernanceRefusal, match="already been convened"):
        meetings.convene_meeting(meeting=ga.meeting, acting_user=ga.staff)


def test_a_meeting_needs_a_place_or_a_link(ga):
    with pytest.raises(GovernanceRefusal, match="where the meeting takes place"):
        meetings.create_meeting(body=ga.body, acting_user=ga.staff, title="X", starts_at=timezone.now() + timedelta(days=30))


def test_proxy_given_and_withdrawn(ga):
    proxy = meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    assert Notification.objects.filter(recipient=ga.bob, title__contains="gives you their proxy").exists()
    meetings.withdraw_proxy(proxy=proxy, acting_user=ga.ana)
    assert Proxy.objects.get(pk=proxy.pk).withdrawn_at is not None
    # Withdrawn: she may give it again, to someone else.
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.chloe, acting_user=ga.ana)
    actions = list(AuditEvent.objects.filter(action__startswith="governance.proxy").values_list("action", flat=True))
    assert sorted(actions) == ["governance.proxy.given", "governance.proxy.given", "governance.proxy.withdrawn"]


@pytest.mark.parametrize(
    ("principal", "holder", "acting", "message"),
    [
        ("ana", "ana", "ana", "to yourself"),
        ("ana", "outsider", "ana", "another member of the same body"),
        ("outsider", "ana", "outsider", "another member of the same body"),
        ("ana", "bob", "bob", "Only the member themself"),
    ],
)
def test_proxy_refusals(ga, principal, holder, acting, message):
    with pytest.raises(GovernanceRefusal, match=message):
        meetings.give_proxy(meeting=ga.meeting, principal=getattr(ga, principal), holder=getattr(ga, holder),
                            acting_user=getattr(ga, acting))
    assert not Proxy.objects.exists()


def test_proxy_over_the_limit_and_twice(ga):
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    with pytest.raises(GovernanceRefusal, match="already holds as many proxies"):
        meetings.give_proxy(meeting=ga.meeting, principal=ga.chloe, holder=ga.bob, acting_user=ga.chloe)
    with pytest.raises(GovernanceRefusal, match="withdraw it first"):
        meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.dan, acting_user=ga.ana)
    with pytest.raises(GovernanceRefusal, match="given their own proxy"):
        meetings.give_proxy(meeting=ga.meeting, principal=ga.eva, holder=ga.ana, acting_user=ga.eva)
    assert Proxy.objects.count() == 1


def test_proxy_same_college_rule(ga):
    ga.body.proxy_holders = Body.ProxyHolders.SAME_COLLEGE
    ga.body.save()
    with pytest.raises(GovernanceRefusal, match="your own college"):
        meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.dan, acting_user=ga.ana)
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)


def test_proxy_refused_and_not_withdrawn_after_the_start(ga, time_machine):
    proxy = meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    time_machine.move_to(ga.meeting.starts_at, tick=False)
    with pytest.raises(GovernanceRefusal, match="before the meeting starts"):
        meetings.give_proxy(meeting=ga.meeting, principal=ga.chloe, holder=ga.dan, acting_user=ga.chloe)
    with pytest.raises(GovernanceRefusal, match="come in person"):
        meetings.withdraw_proxy(proxy=proxy, acting_user=ga.ana)
    assert Proxy.objects.get().withdrawn_at is None


def test_proxies_follow_presence_and_quorum(ga, time_machine):
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    meeting = run(ga.meeting, ga.staff, time_machine)
    state = selectors.presence(meeting)
    assert state.present_or_represented == set() and not state.has_quorum
    meetings.check_in(meeting=meeting, member=ga.bob, acting_user=ga.staff)
    meetings.check_in(meeting=meeting, member=ga.dan, acting_user=ga.staff, mode="online")
    state = selectors.presence(meeting)
    # Bob in, holding Ana's proxy; Dan online: 3 of 5 >= half.
    assert state.present_or_represented == {ga.ana.pk, ga.bob.pk, ga.dan.pk} and state.has_quorum
    # Ana arrives: she takes her vote back; still 3 of 5.
    meetings.check_in(meeting=meeting, member=ga.ana, acting_user=ga.staff)
    assert selectors.presence(meeting).represented == {}
    # Bob leaves: Ana and Dan remain, 2 of 5: no quorum.
    meetings.check_out(meeting=meeting, member=ga.bob, acting_user=ga.staff)
    assert not selectors.presence(meeting).has_quorum
    assert AuditEvent.objects.filter(action="governance.attendance.checked_in").count() == 3


def test_quorum_per_college(ga, time_machine):
    ga.body.quorum_per_college = True
    ga.body.save()
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe)
    # Three of five overall, but nobody from civil society.
    assert not selectors.presence(meeting).has_quorum
    meetings.check_in(meeting=meeting, member=ga.dan, acting_user=ga.staff)
    assert selectors.presence(meeting).has_quorum


def test_check_in_refusals(ga, time_machine):
    with pytest.raises(GovernanceRefusal, match="convened meeting"):
        meetings.check_in(meeting=draft(ga), member=ga.ana, acting_user=ga.staff)
    with pytest.raises(GovernanceRefusal, match="two hours before"):
        meetings.check_in(meeting=ga.meeting, member=ga.ana, acting_user=ga.staff)
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana)
    with pytest.raises(GovernanceRefusal, match="already checked in"):
        meetings.check_in(meeting=meeting, member=ga.ana, acting_user=ga.staff)
    with pytest.raises(GovernanceRefusal, match="not a member"):
        meetings.check_in(meeting=meeting, member=ga.outsider, acting_user=ga.staff)


def test_rsvp(ga, time_machine):
    with pytest.raises(GovernanceRefusal, match="until the meeting starts"):
        meetings.answer_rsvp(meeting=draft(ga), acting_user=ga.ana, answer="in_person")
    meetings.answer_rsvp(meeting=ga.meeting, acting_user=ga.ana, answer="in_person")
    assert meetings.answer_rsvp(meeting=ga.meeting, acting_user=ga.ana, answer="absent").answer == "absent"
    with pytest.raises(GovernanceRefusal, match="Only members"):
        meetings.answer_rsvp(meeting=ga.meeting, acting_user=ga.outsider, answer="in_person")
    # An answer assemblies do not offer (a colleague in one's place is a proxy): the meeting core refuses it.
    with pytest.raises(ReplyRefusal, match="Choose one"):
        meetings.answer_rsvp(meeting=ga.meeting, acting_user=ga.ana, answer="delegated")


def test_reminders_once(ga, time_machine):
    assert meetings.send_reminders() == 0
    time_machine.move_to(ga.meeting.starts_at - timedelta(hours=47), tick=False)
    assert meetings.send_reminders() == 1
    assert meetings.send_reminders() == 0
    assert Notification.objects.filter(title__startswith="Reminder").count() == 5


def test_coownership_body_uses_the_law(db, time_machine):
    """Civil Code art. 3.87: double quorum, proxies three or within 10 %, never the syndic."""
    time_machine.move_to("2026-03-03 18:00:00+01:00", tick=False)
    body = make_body(kind=COOWNERSHIP_KIND, name="Co-owners Arc-en-Ciel", max_proxies_per_holder=3)
    owners = [UserFactory(language="en") for _ in range(8)]
    for owner, shares in zip(owners, [100, 100, 100, 100, 100, 100, 100, 300], strict=True):
        bodies.add_member(body=body, user=owner, acting_user=None, weight=shares)
    syndic = UserFactory(language="en")
    bodies.add_member(body=body, user=syndic, acting_user=None, weight=0, may_hold_proxies=False)
    staff = UserFactory(language="en")
    meeting = meetings.create_meeting(body=body, acting_user=staff, title="AG", starts_at=timezone.now() + timedelta(days=20), place="Hall")
    meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Budget", kind="decision")
    meetings.convene_meeting(meeting=meeting, acting_user=staff)
    with pytest.raises(GovernanceRefusal, match="may not hold proxies"):
        meetings.give_proxy(meeting=meeting, principal=owners[0], holder=syndic, acting_user=owners[0])
    # Three proxies allowed for the holder (the law's cap, and the body's stored limit).
    for principal in owners[1:4]:
        meetings.give_proxy(meeting=meeting, principal=principal, holder=owners[0], acting_user=principal)
    # A fourth: 100 + 400 = 500 of 1,000 votes is over 10 %.
    with pytest.raises(GovernanceRefusal, match=r"already holds three proxies, the most the law allows .*art\. 3\.87 §7"):
        meetings.give_proxy(meeting=meeting, principal=owners[4], holder=owners[0], acting_user=owners[4])
    assert Proxy.objects.filter(meeting=meeting, holder=owners[0]).count() == 3
    meeting = run(meeting, staff, time_machine, owners[0])
    # 4 co-owners of 8 and 400 of 1,000 shares: no quorum (art. 3.87 §5).
    assert not selectors.presence(meeting).has_quorum
    meetings.check_in(meeting=meeting, member=owners[7], acting_user=staff)
    # 5 of 8 co-owners and 700 of 1,000 shares: double quorum reached.
    assert selectors.presence(meeting).has_quorum


def test_sync_general_assembly_follows_roles(db):
    from community.models import Role
    from community.services.roles import end_role
    from tests.factories import CollegeFactory, OrganisationFactory, OrganisationMembershipFactory

    residents = CollegeFactory(code="residents")
    civil = CollegeFactory(code="civil_society")
    body = make_body()
    resident = UserFactory(roles=[Role.RESIDENT])
    candidate = UserFactory(roles=[Role.CANDIDATE])
    partner = UserFactory()
    OrganisationMembershipFactory(user=partner, organisation=OrganisationFactory(college=civil))
    from community.services.roles import assign_role

    assign_role(user=partner, role=Role.ASSOCIATION_PARTNER, acting_user=None, organisation=partner.organisations.get())
    UserFactory(roles=[Role.EDITOR])
    assert bodies.sync_general_assembly(body=body, acting_user=None) == (3, 0)
    assert bodies.sync_general_assembly(body=body, acting_user=None) == (0, 0)
    members = selectors.members_of(body)
    assert members[resident.pk].college == residents.pk and members[candidate.pk].college == residents.pk
    assert members[partner.pk].college == civil.pk
    end_role(assignment=candidate.role_assignments.get(), acting_user=None)
    assert bodies.sync_general_assembly(body=body, acting_user=None) == (0, 1)
    assert candidate.pk not in selectors.members_of(body)


def test_the_stored_proxy_limit_is_read_with_the_laws_cap(db, client_of, time_machine):
    """``engine.proxies.proxy_limit_reached``: staff's stored limit applies when it is the
    stricter; above the law's three (Civil Code art. 3.87 §7) the law's cap applies."""
    time_machine.move_to("2026-03-03 18:00:00+01:00", tick=False)
    body = make_body(kind=COOWNERSHIP_KIND, name="Co-owners Calico", max_proxies_per_holder=3)
    owners = [UserFactory(language="en") for _ in range(6)]
    for owner, shares in zip(owners, [100, 100, 100, 100, 100, 500], strict=True):
        bodies.add_member(body=body, user=owner, acting_user=None, weight=shares)
    staff = UserFactory(language="en")
    meeting = meetings.create_meeting(body=body, acting_user=staff, title="AG", starts_at=timezone.now() + timedelta(days=20), place="Hall")
    meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Budget", kind="decision")
    meetings.convene_meeting(meeting=meeting, acting_user=staff)
    holder = owners[0]
    for principal in owners[1:3]:
        meetings.give_proxy(meeting=meeting, principal=principal, holder=holder, acting_user=principal)
    # Staff lower the stored limit to two: it is enforced, and the principal reads why.
    body.max_proxies_per_holder = 2
    body.save()
    response = client_of(owners[3]).post(f"/en/assemblies/meetings/{meeting.pk}/proxy/", {"holder": holder.pk}, follow=True)
    assert "already holds as many proxies as this body allows: 2." in response.content.decode()
    assert Proxy.objects.filter(meeting=meeting, holder=holder).count() == 2
    # Raised above the law's three, the law's cap applies: a third, then no fourth (400 of 1,000 votes > 10 %).
    body.max_proxies_per_holder = 10
    body.save()
    meetings.give_proxy(meeting=meeting, principal=owners[3], holder=holder, acting_user=owners[3])
    response = client_of(owners[4]).post(f"/en/assemblies/meetings/{meeting.pk}/proxy/", {"holder": holder.pk}, follow=True)
    assert "already holds three proxies, the most the law allows" in response.content.decode()
    assert Proxy.objects.filter(meeting=meeting, holder=holder).count() == 3


def test_the_stored_proxy_limit_of_a_general_assembly(ga):
    ga.body.max_proxies_per_holder = 2
    ga.body.save()
    meetings.give_proxy(meeting=ga.meeting, principal=ga.ana, holder=ga.bob, acting_user=ga.ana)
    meetings.give_proxy(meeting=ga.meeting, principal=ga.chloe, holder=ga.bob, acting_user=ga.chloe)
    with pytest.raises(GovernanceRefusal, match="already holds as many proxies as this body allows: 2."):
        meetings.give_proxy(meeting=ga.meeting, principal=ga.dan, holder=ga.bob, acting_user=ga.dan)
    assert Proxy.objects.filter(holder=ga.bob).count() == 2
