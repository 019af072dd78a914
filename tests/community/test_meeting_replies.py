"""The one reply mechanism of the meeting core (issue 17): assemblies and
platform meetings both record a member's reply through it, each offering its
own answers."""

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from community import selectors
from community.models import Convocation, MeetingReply
from community.services import meeting_replies
from community.services.meeting_replies import ReplyRefusal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ASSEMBLY = ("in_person", "online", "absent")
PLATFORM = ("in_person", "absent", "delegated")
STARTS = datetime(2030, 3, 12, 18, 30, tzinfo=timezone.get_default_timezone())


def convocation(title="Assemblée générale", starts_at=STARTS):
    return meeting_replies.convocation_for(kind="assembly", title=title, starts_at=starts_at)


def replies(convocation):
    return list(convocation.replies.order_by("pk").values_list("user__email", "answer", "lapsed_at"))


def test_a_second_reply_replaces_the_first_and_is_meant_again_after_a_lapse():
    meeting = convocation()
    ada = UserFactory(email="ada@example.org")
    meeting_replies.reply(acting_user=ada, convocation=meeting, answer="in_person", offered=ASSEMBLY)
    meeting_replies.reply(acting_user=ada, convocation=meeting, answer="online", offered=ASSEMBLY)
    assert replies(meeting) == [("ada@example.org", "online", None)]
    moved = timezone.now()
    assert meeting_replies.lapse(convocation=meeting, now=moved) == 1
    assert replies(meeting) == [("ada@example.org", "online", moved)]
    assert selectors.replies_to(meeting.pk) == []
    assert [r.answer for r in selectors.replies_to(meeting.pk, lapsed=True)] == ["online"]
    meeting_replies.reply(acting_user=ada, convocation=meeting, answer="absent", offered=ASSEMBLY)
    assert replies(meeting) == [("ada@example.org", "absent", None)]
    # Nothing to lapse without a row: a meeting nobody replied to.
    assert meeting_replies.lapse(convocation=None, now=moved) == 0


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Choose one of the answers."), ("fr", "Choisissez une des réponses."), ("nl", "Kies een van de antwoorden.")],
)
def test_an_answer_the_kind_does_not_offer_is_refused_and_changes_nothing(language, message):
    meeting = convocation()
    ada = UserFactory(email="ada@example.org")
    meeting_replies.reply(acting_user=ada, convocation=meeting, answer="in_person", offered=ASSEMBLY)
    before = replies(meeting)
    with translation.override(language):
        # A platform's "a colleague in my place" is not an assembly's answer (a proxy is).
        for answer in ("delegated", "maybe", ""):
            with pytest.raises(ReplyRefusal) as refused:
                meeting_replies.reply(acting_user=ada, convocation=meeting, answer=answer, offered=ASSEMBLY)
            assert refused.value.message == message
    assert replies(meeting) == before
    meeting_replies.reply(acting_user=ada, convocation=meeting, answer="delegated", offered=PLATFORM)
    assert replies(meeting) == [("ada@example.org", "delegated", None)]


def test_the_database_keeps_one_reply_per_person_and_a_known_answer():
    meeting = convocation()
    ada = UserFactory()
    MeetingReply.objects.create(convocation=meeting, user=ada, answer="absent")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingReply.objects.create(convocation=meeting, user=ada, answer="in_person")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingReply.objects.create(convocation=meeting, user=UserFactory(), answer="maybe")


def test_the_row_follows_its_meeting_and_the_selectors_read_it_once(django_assert_num_queries):
    meeting = convocation()
    moved = meeting_replies.convocation_for(
        kind="assembly", title="Assemblée générale (reportée)", starts_at=STARTS + timedelta(days=7), convocation=meeting
    )
    assert moved.pk == meeting.pk
    assert Convocation.objects.filter(pk=meeting.pk, title="Assemblée générale (reportée)").exists()
    ada, bea, cyr = (UserFactory(last_name=name) for name in ("Aubry", "Baert", "Claes"))
    for person, answer in ((cyr, "in_person"), (ada, "absent"), (bea, "in_person")):
        meeting_replies.reply(acting_user=person, convocation=meeting, answer=answer, offered=ASSEMBLY)
    with django_assert_num_queries(1):
        read = selectors.replies_to(meeting.pk)
        assert [r.user.last_name for r in read] == ["Aubry", "Baert", "Claes"]
    assert selectors.reply_counts(read) == {"in_person": 2, "absent": 1}
    with django_assert_num_queries(1):
        assert selectors.replies_of(ada, [meeting.pk, None])[meeting.pk].answer == "absent"
    with django_assert_num_queries(0):
        assert selectors.replies_to(None) == [] and selectors.reply_of(ada, None) is None
        assert selectors.replies_of(ada, [None]) == {}


def test_replies_are_kept_one_year_after_the_meeting():
    from community.privacy.registry import declaration_for

    old = convocation(starts_at=timezone.now() - timedelta(days=400))
    recent = convocation(starts_at=timezone.now() - timedelta(days=300))
    for meeting in (old, recent):
        meeting_replies.reply(acting_user=UserFactory(), convocation=meeting, answer="absent", offered=ASSEMBLY)
    expired = declaration_for(MeetingReply).retention.expired(timezone.now())
    assert list(expired.values_list("convocation_id", flat=True)) == [old.pk]


@pytest.mark.django_db(transaction=True)
def test_migrations_move_both_kinds_of_reply_into_the_one_model(back_to_latest_migrations):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("community", "0007_member_without_email"), ("governance", "0010_translatable_text"),
              ("platform_forums", "0005_translatable_text")]
    after = [("governance", "0011_meeting_convocation_delete_rsvp"),
             ("platform_forums", "0006_meeting_convocation_delete_attendance")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("community", "User")
    ada, bea, cyr = (User.objects.create(email=f"{n}@example.org") for n in ("ada", "bea", "cyr"))
    when = timezone.now()
    body = old.get_model("governance", "Body").objects.create(name="AG", slug="ag-m")
    Assembly = old.get_model("governance", "Meeting")
    general, quiet = (Assembly.objects.create(body=body, title=t, starts_at=when, status="convened") for t in ("AG 2030", "AG calme"))
    Rsvp = old.get_model("governance", "Rsvp")
    Rsvp.objects.create(meeting=general, member=ada, answer="online", answered_at=when)
    Rsvp.objects.create(meeting=general, member=bea, answer="absent", answered_at=when, lapsed_at=when)
    platform = old.get_model("platform_forums", "Platform").objects.create(name="Plateforme", slug="plateforme-m")
    plenary = old.get_model("platform_forums", "Meeting").objects.create(
        platform=platform, title="Plénière", starts_at=when, place="Forest")
    Attendance = old.get_model("platform_forums", "Attendance")
    Attendance.objects.create(meeting=plenary, user=ada, answer="present", answered_at=when)
    Attendance.objects.create(meeting=plenary, user=cyr, answer="delegated", answered_at=when)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Reply = new.get_model("community", "MeetingReply")
    general = new.get_model("governance", "Meeting").objects.get(pk=general.pk)
    plenary = new.get_model("platform_forums", "Meeting").objects.get(pk=plenary.pk)
    assert new.get_model("governance", "Meeting").objects.get(pk=quiet.pk).convocation_id is None  # nobody replied
    assert (general.convocation.kind, general.convocation.title) == ("assembly", "AG 2030")
    assert (plenary.convocation.kind, plenary.convocation.starts_at) == ("platform_meeting", when)
    assert list(Reply.objects.filter(convocation=general.convocation).order_by("pk").values_list(
        "user_id", "answer", "lapsed_at")) == [(ada.pk, "online", None), (bea.pk, "absent", when)]
    # "present" is the meeting core's "I will come".
    assert list(Reply.objects.filter(convocation=plenary.convocation).order_by("pk").values_list(
        "user_id", "answer")) == [(ada.pk, "in_person"), (cyr.pk, "delegated")]

    # And back: the replies go home again.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps
    assert list(back.get_model("governance", "Rsvp").objects.order_by("pk").values_list("member_id", "answer")) == [
        (ada.pk, "online"), (bea.pk, "absent")]
    assert list(back.get_model("platform_forums", "Attendance").objects.order_by("pk").values_list("user_id", "answer")) == [
        (ada.pk, "present"), (cyr.pk, "delegated")]
