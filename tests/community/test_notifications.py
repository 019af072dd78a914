import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.utils.translation import gettext_lazy

from community.models import Notification, NotificationPreference
from community.services.notifications import mark_read, notify, set_email_frequency, unread_count
from community.tasks import send_daily_digests
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(recipients):
    from django.utils.translation import gettext_lazy as _

    return notify(
        recipients,
        category="account",
        title=_("Welcome, %(name)s."),
        params={"name": "Fatima"},
        url="/fr/my/",
    )


def test_each_recipient_reads_the_notification_in_their_language(django_capture_on_commit_callbacks):
    french = UserFactory(language="fr")
    dutch = UserFactory(language="nl")
    english = UserFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        _notify([french, dutch, english])

    titles = dict(Notification.objects.values_list("recipient__language", "title"))
    assert titles == {"fr": "Bienvenue, Fatima.", "nl": "Welkom, Fatima.", "en": "Welcome, Fatima."}
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[dutch.email] == "[Socle] Welkom, Fatima."
    assert "Bonjour" in next(m.body for m in mail.outbox if m.to == [french.email])


def test_no_email_when_the_member_chose_the_portal_only(django_capture_on_commit_callbacks):
    member = UserFactory()
    set_email_frequency(user=member, category="account", frequency=NotificationPreference.Frequency.NEVER)

    with django_capture_on_commit_callbacks(execute=True):
        _notify([member])

    assert unread_count(member) == 1
    assert mail.outbox == []


def test_daily_digest_gathers_the_days_notifications_in_one_email(django_capture_on_commit_callbacks):
    member = UserFactory(language="nl")
    set_email_frequency(user=member, category="account", frequency=NotificationPreference.Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([member])
        _notify([member])
    assert mail.outbox == []

    assert send_daily_digests() == 1
    assert len(mail.outbox) == 1
    assert "2 nieuwe meldingen" in mail.outbox[0].subject
    # Sent once only.
    assert send_daily_digests() == 0


def test_mark_read_only_touches_the_members_own_notifications():
    member, other = UserFactory(), UserFactory()
    _notify([member, other])
    theirs = Notification.objects.get(recipient=other)

    assert mark_read(user=member, notification_ids=[theirs.pk]) == 0
    assert unread_count(other) == 1
    assert mark_read(user=member) == 1
    assert unread_count(member) == 0


@pytest.mark.django_db(transaction=True)
def test_the_unread_count_is_pushed_over_the_websocket():
    from community.consumers import NotificationConsumer

    member = UserFactory()

    async def scenario():
        communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
        communicator.scope["user"] = member
        connected, _ = await communicator.connect()
        assert connected
        assert await communicator.receive_json_from() == {"unread": 0}
        from channels.db import database_sync_to_async

        await database_sync_to_async(_notify)([member])
        assert await communicator.receive_json_from(timeout=3) == {"unread": 1}
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_anonymous_websocket_is_closed():
    from django.contrib.auth.models import AnonymousUser

    from community.consumers import NotificationConsumer

    async def scenario():
        communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
        communicator.scope["user"] = AnonymousUser()
        connected, code = await communicator.connect()
        assert not connected
        assert code == 4401

    async_to_sync(scenario)()


def test_attachments_go_with_the_immediate_email(django_capture_on_commit_callbacks):
    member = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [member],
            category="account",
            title=gettext_lazy("Convocation"),
            attachments=[("meeting.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"), ("a.bin", b"\x00\x01", "application/octet-stream")],
        )

    (message,) = mail.outbox
    assert [(name, mimetype) for name, _content, mimetype in message.attachments] == [
        ("meeting.ics", "text/calendar"),
        ("a.bin", "application/octet-stream"),
    ]
    assert "BEGIN:VCALENDAR" in message.attachments[0][1]
    assert message.attachments[1][1] == b"\x00\x01"


def test_the_daily_digest_follows_the_category_default_and_keeps_attachments(
    django_capture_on_commit_callbacks,
):
    from community.notifications import register_category

    register_category("test_daily", "Daily by default", default_frequency="daily")
    member = UserFactory(language="en")  # never chose: the category's default applies
    with django_capture_on_commit_callbacks(execute=True):
        notify([member], category="test_daily", title=gettext_lazy("One"), attachments=[("one.ics", "X", "text/calendar")])
        notify([member], category="test_daily", title=gettext_lazy("Two"))
    assert mail.outbox == []

    assert send_daily_digests() == 1
    assert [a[0] for a in mail.outbox[0].attachments] == ["one.ics"]


def test_a_title_written_out_already_is_refused_and_nothing_is_stored():
    """Plain text would stay in the sender's language for every reader."""
    member = UserFactory(language="nl")
    with pytest.raises(TypeError, match="lazily translated message"):
        notify([member], category="account", title="Bienvenue")
    with pytest.raises(TypeError, match="lazily translated message"):
        notify([member], category="account", title=gettext_lazy("Hello"), body=str(gettext_lazy("Open it")))
    assert not Notification.objects.filter(recipient=member).exists()
