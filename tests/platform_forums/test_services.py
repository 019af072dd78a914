"""Each write and each refusal: clear message, nothing changed."""

import pytest

from community.models import AuditEvent, Notification
from platform_forums import services
from platform_forums.errors import ForumRefusal
from platform_forums.models import PlatformMembership, Post, PostRevision, Thread
from tests.factories import OrganisationFactory
from tests.platform_forums.conftest import person_of

pytestmark = pytest.mark.django_db


def test_start_thread_and_reply_with_mention_notifies_readers_only(
    space, django_capture_on_commit_callbacks
):
    thread = services.start_thread(
        acting_user=space.member, forum=space.forum, title="Transit", body="Hello"
    )
    body = f"Agreed @{space.pilot.email} and @{space.outsider.email}"
    with django_capture_on_commit_callbacks(execute=True):
        post = services.reply(acting_user=space.member, thread=thread, body=body)
    thread.refresh_from_db()
    assert thread.post_count == 2 and thread.last_post_at == post.created_at
    mentions = Notification.objects.filter(category="forum_mention")
    # The outsider may not read the forum: a mention must not leak it.
    assert [n.recipient for n in mentions] == [space.pilot]
    assert f"#post-{post.pk}" in mentions[0].url


@pytest.mark.parametrize("who", ["outsider", "removed", "other_platform"])
def test_non_members_cannot_post(space, who):
    thread = services.start_thread(acting_user=space.member, forum=space.forum, title="T", body="B")
    with pytest.raises(ForumRefusal, match="Only the members"):
        services.reply(acting_user=getattr(space, who), thread=thread, body="hi")
    with pytest.raises(ForumRefusal, match="Only the members"):
        services.start_thread(
            acting_user=getattr(space, who), forum=space.forum, title="T", body="B"
        )
    assert Post.objects.count() == 1 and Thread.objects.count() == 1


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "text", "title"),
        ("x" * 201, "text", "too long"),
        ("T", "  ", "Write a message"),
        ("T", "<script>alert(1)</script>", "no text left"),
        ("T", "x" * 20_001, "too long"),
    ],
)
def test_bad_input_is_refused(space, title, body, message):
    with pytest.raises(ForumRefusal, match=message):
        services.start_thread(acting_user=space.member, forum=space.forum, title=title, body=body)
    assert Thread.objects.count() == 0


def test_locked_thread_refuses_replies_and_edits(space):
    thread = services.start_thread(acting_user=space.member, forum=space.forum, title="T", body="B")
    with pytest.raises(ForumRefusal, match="Only the forum's moderators"):
        services.set_thread_state(acting_user=space.member, thread=thread, is_locked=True)
    services.set_thread_state(
        acting_user=space.secretariat, thread=thread, is_locked=True, is_pinned=True
    )
    with pytest.raises(ForumRefusal, match="locked"):
        services.reply(acting_user=space.member, thread=thread, body="late")
    with pytest.raises(ForumRefusal, match="locked"):
        services.edit_post(acting_user=space.member, post=thread.posts.get(), body="changed")
    assert AuditEvent.objects.filter(action="forum.thread_state", actor=space.secretariat).exists()


def test_edit_keeps_history_and_only_the_author_edits(space):
    thread = services.start_thread(
        acting_user=space.member, forum=space.forum, title="T", body="first"
    )
    post = thread.posts.get()
    with pytest.raises(ForumRefusal, match="Only the author"):
        services.edit_post(acting_user=space.pilot, post=post, body="hijack")
    services.edit_post(acting_user=space.member, post=post, body="second")
    post.refresh_from_db()
    assert post.body_html == "<p>second</p>" and post.edited_at
    assert list(PostRevision.objects.values_list("body_html", flat=True)) == ["<p>first</p>"]


def test_flag_hide_restore_is_audited(space):
    thread = services.start_thread(
        acting_user=space.member, forum=space.forum, title="T", body="rude words"
    )
    post = thread.posts.get()
    services.flag_post(acting_user=space.pilot, post=post, reason="rude")
    with pytest.raises(ForumRefusal, match="already flagged"):
        services.flag_post(acting_user=space.pilot, post=post)
    with pytest.raises(ForumRefusal, match="cannot flag"):
        services.flag_post(acting_user=space.outsider, post=post)
    with pytest.raises(ForumRefusal, match="moderators"):
        services.set_post_hidden(acting_user=space.member, post=post, hidden=True)
    services.set_post_hidden(acting_user=space.secretariat, post=post, hidden=True, reason="insult")
    post.refresh_from_db()
    assert post.is_hidden and post.flags.get().resolved_at
    event = AuditEvent.objects.get(action="forum.post_hidden")
    # Hidden content stays auditable: the text and the reason are in the log.
    assert event.data["body_html"] == "<p>rude words</p>" and event.data["reason"] == "insult"
    services.set_post_hidden(acting_user=space.secretariat, post=post, hidden=False)
    assert AuditEvent.objects.filter(action="forum.post_restored").exists()


def test_join_request_accepted_by_the_pilot_only(space):
    newcomer_org = OrganisationFactory()
    newcomer = person_of(newcomer_org)
    with pytest.raises(ForumRefusal, match="Only a member of the organisation"):
        services.request_to_join(
            acting_user=space.outsider, platform=space.platform, organisation=newcomer_org
        )
    seat = services.request_to_join(
        acting_user=newcomer, platform=space.platform, organisation=newcomer_org
    )
    assert Notification.objects.filter(recipient=space.pilot, category="platform").exists()
    with pytest.raises(ForumRefusal, match="already"):
        services.request_to_join(
            acting_user=newcomer, platform=space.platform, organisation=newcomer_org
        )
    assert not newcomer.has_perm("platform_forums.read_forum", space.forum)
    with pytest.raises(ForumRefusal, match="pilot"):
        services.accept_join_request(acting_user=space.secretariat, seat=seat)
    services.accept_join_request(acting_user=space.pilot, seat=seat)
    with pytest.raises(ForumRefusal, match="already been answered"):
        services.accept_join_request(acting_user=space.pilot, seat=seat)
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)
    assert newcomer.has_perm("platform_forums.read_forum", space.forum)
    assert PlatformMembership.objects.get(pk=seat.pk).joined_at is not None
