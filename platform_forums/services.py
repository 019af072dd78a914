"""Every write of platforms and forums: one function each, keyword-only,
acting_user passed in, one transaction, notifications after commit, refusals
as ForumRefusal with a translated message."""

import uuid

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import fanout
from socle_site.kernel.uploads import DOCUMENTS, UploadRefusal, prepare_upload

from community.models import Organisation, User
from community.services.audit import record_audit
from community.services.notifications import notify

from .errors import ForumRefusal
from .models import (
    Forum,
    Platform,
    PlatformMembership,
    PlatformRole,
    Post,
    PostAttachment,
    PostFlag,
    PostRevision,
    Thread,
    ThreadReadMark,
)
from .rules_opinions import MAX_ATTACHMENTS_PER_POST
from .selectors import forum_readers
from .text import mentioned_emails, mentioned_names, render_post, replace_email_mentions

TITLE_MAX = 200
BODY_MAX = 20_000

# A platform's forum, when its creator gave it no title: read in each reader's
# language (registered in apps.py).
FORUM_NAME = gettext_lazy("Forum of %(platform)s")


def thread_group_name(thread_id: int) -> str:
    return f"forum.thread.{thread_id}"


def _check_body(body: str) -> str:
    """The stored HTML of a body already given its names (``_with_names``)."""
    if not body.strip():
        raise ForumRefusal(_("Write a message first."))
    if len(body) > BODY_MAX:
        raise ForumRefusal(_("The message is too long (at most 20,000 characters)."))
    html = render_post(body)
    if not html.strip():
        raise ForumRefusal(_("The message has no text left once cleaned."))
    return html


def _check_files(files) -> list[tuple[object, str]]:
    """Each upload with its type read from its bytes (the shared check:
    PDF, PNG or JPEG, 5 MB); refused whole if one fails or there are too many."""
    files = [f for f in files or [] if f is not None and getattr(f, "name", "")]
    if len(files) > MAX_ATTACHMENTS_PER_POST:
        raise ForumRefusal(_("At most 3 files per message."))
    checked = []
    for upload in files:
        try:
            upload, checked_upload = prepare_upload(upload, allowed=DOCUMENTS)
            content_type = checked_upload.content_type
        except UploadRefusal as refusal:
            raise ForumRefusal(
                _("“%(name)s”: %(reason)s") % {"name": upload.name[-100:], "reason": refusal.message}
            ) from None
        checked.append((upload, content_type))
    return checked


def _attach(post: Post, checked: list[tuple[object, str]]) -> None:
    for upload, content_type in checked:
        filename = upload.name.replace("/", "_").replace("\\", "_")[-200:]
        attachment = PostAttachment(
            post=post, filename=filename, content_type=content_type, size=upload.size
        )
        # Stored under a random name: what the person called the file is only shown.
        attachment.file.save(uuid.uuid4().hex, upload, save=False)
        attachment.save()


def _with_names(forum: Forum, body: str) -> tuple[str, list[User]]:
    """The body with each "@address" of a reader replaced by "@Their Name"
    (other readers never see an address), and the readers it mentions.
    Only the forum's readers can be mentioned: a mention must not leak a
    members-only text."""
    if "@" not in body:
        return body, []
    readers = list(forum_readers(forum).only("pk", "email", "first_name", "last_name"))
    emails = mentioned_emails(body)
    body = replace_email_mentions(body, {r.email.lower(): r.display_name for r in readers if r.email and r.email.lower() in emails})
    names = mentioned_names(body, {r.display_name for r in readers})
    return body, [r for r in readers if r.display_name in names]


def _readers_mentioned(mentioned: list[User], author: User) -> list[User]:
    return [person for person in mentioned if person.pk != author.pk]


def _notify_mentions(post: Post, mentioned: list[User], acting_user: User) -> None:
    mentioned = _readers_mentioned(mentioned, acting_user)
    if mentioned:
        notify(
            mentioned,
            category="forum_mention",
            title=gettext_lazy("%(author)s mentioned you in “%(thread)s”"),
            body=gettext_lazy("Open the thread to read the message and answer."),
            url=lambda: (
                reverse("platform_forums:thread", args=[post.thread_id]) + f"#post-{post.pk}"
            ),
            params={"author": acting_user.display_name, "thread": post.thread.title},
        )


def _broadcast(post: Post) -> None:
    """Push the new post to the thread's open pages (channels); a page without
    a socket simply shows it on its next load."""
    fanout.send_to_group(thread_group_name(post.thread_id), {"post": post.pk})


def start_thread(
    *, acting_user: User, forum: Forum, title: str, body: str, files=()
) -> Thread:
    if not acting_user.has_perm("platform_forums.post_in_forum", forum):
        raise ForumRefusal(_("Only the members of this forum may start a thread."))
    title = title.strip()
    if not title:
        raise ForumRefusal(_("Give the thread a title."))
    if len(title) > TITLE_MAX:
        raise ForumRefusal(_("The title is too long (at most 200 characters)."))
    body, mentioned = _with_names(forum, body)
    html = _check_body(body)
    checked = _check_files(files)
    with transaction.atomic():
        now = timezone.now()
        thread = Thread.objects.create(
            forum=forum,
            title=title,
            author=acting_user,
            created_at=now,
            last_post_at=now,
            post_count=1,
        )
        post = Post.objects.create(
            thread=thread, author=acting_user, body_html=html, created_at=now
        )
        _attach(post, checked)
        ThreadReadMark.objects.update_or_create(
            user=acting_user, thread=thread, defaults={"read_at": now}
        )
        _notify_mentions(post, mentioned, acting_user)
    return thread


def reply(*, acting_user: User, thread: Thread, body: str, files=()) -> Post:
    if not acting_user.has_perm("platform_forums.post_in_forum", thread.forum):
        raise ForumRefusal(_("Only the members of this forum may reply."))
    body, mentioned = _with_names(thread.forum, body)
    html = _check_body(body)
    checked = _check_files(files)
    with transaction.atomic():
        # Locked under a row lock: a moderator locking the thread wins over a reply in flight.
        thread = Thread.objects.select_for_update().select_related("forum").get(pk=thread.pk)
        if thread.is_locked:
            raise ForumRefusal(_("This thread is locked: no more replies."))
        now = timezone.now()
        post = Post.objects.create(
            thread=thread, author=acting_user, body_html=html, created_at=now
        )
        _attach(post, checked)
        Thread.objects.filter(pk=thread.pk).update(last_post_at=now, post_count=F("post_count") + 1)
        ThreadReadMark.objects.update_or_create(
            user=acting_user, thread=thread, defaults={"read_at": now}
        )
        post.thread = thread
        _notify_mentions(post, mentioned, acting_user)
        transaction.on_commit(lambda: _broadcast(post))
    return post


def edit_post(*, acting_user: User, post: Post, body: str) -> Post:
    if not acting_user.has_perm("platform_forums.edit_post", post):
        raise ForumRefusal(_("Only the author may edit this message."))
    if post.thread.is_locked:
        raise ForumRefusal(_("This thread is locked: messages can no longer be edited."))
    body, _mentioned = _with_names(post.thread.forum, body)
    html = _check_body(body)
    with transaction.atomic():
        PostRevision.objects.create(post=post, body_html=post.body_html)
        post.body_html = html
        post.edited_at = timezone.now()
        post.save(update_fields=["body_html", "edited_at"])
    return post


def flag_post(*, acting_user: User, post: Post, reason: str = "") -> PostFlag:
    if not acting_user.has_perm("platform_forums.flag_post", post):
        raise ForumRefusal(_("You cannot flag this message."))
    with transaction.atomic():
        flag, created = PostFlag.objects.get_or_create(
            post=post, flagged_by=acting_user, defaults={"reason": reason.strip()[:300]}
        )
        if not created and flag.resolved_at is None:
            raise ForumRefusal(_("You have already flagged this message."))
        if not created:
            flag.reason, flag.resolved_at, flag.created_at = (
                reason.strip()[:300],
                None,
                timezone.now(),
            )
            flag.save(update_fields=["reason", "resolved_at", "created_at"])
    return flag


def set_post_hidden(*, acting_user: User, post: Post, hidden: bool, reason: str = "") -> Post:
    """Hide or restore a post. Hidden posts are kept, shown to moderators and
    recorded in the audit log (who, when, why): moderation stays accountable."""
    if not acting_user.has_perm("platform_forums.moderate_post", post):
        raise ForumRefusal(_("Only the forum's moderators may hide or restore messages."))
    with transaction.atomic():
        post.is_hidden = hidden
        post.save(update_fields=["is_hidden"])
        PostFlag.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
        record_audit(
            actor=acting_user,
            action="forum.post_hidden" if hidden else "forum.post_restored",
            target=post,
            reason=reason.strip()[:300],
            body_html=post.body_html,
        )
    return post


def set_thread_state(
    *,
    acting_user: User,
    thread: Thread,
    is_locked: bool | None = None,
    is_pinned: bool | None = None,
) -> Thread:
    if not acting_user.has_perm("platform_forums.moderate_forum", thread.forum):
        raise ForumRefusal(_("Only the forum's moderators may lock or pin threads."))
    with transaction.atomic():
        changed = {}
        if is_locked is not None:
            thread.is_locked = changed["is_locked"] = is_locked
        if is_pinned is not None:
            thread.is_pinned = changed["is_pinned"] = is_pinned
        thread.save(update_fields=list(changed) or None)
        record_audit(actor=acting_user, action="forum.thread_state", target=thread, **changed)
    return thread


def mark_thread_read(*, acting_user: User, thread: Thread) -> None:
    if acting_user.is_authenticated:
        ThreadReadMark.objects.update_or_create(
            user=acting_user, thread=thread, defaults={"read_at": timezone.now()}
        )


def create_platform(
    *,
    acting_user: User | None,
    name: str,
    slug: str,
    municipalities: str,
    purpose: str,
    themes: str = "",
    since=None,
    forum_title: str = "",
) -> Platform:
    with transaction.atomic():
        platform = Platform.objects.create(
            name=name,
            slug=slug,
            municipalities=municipalities,
            purpose=purpose,
            themes=themes,
            since=since,
        )
        Forum.objects.create(
            platform=platform,
            # Forum titles are content, written once in the platform's language.
            title=forum_title or str(FORUM_NAME) % {"platform": name},
            slug=f"platform-{slug}",
        )
        record_audit(actor=acting_user, action="platform.created", target=platform)
    return platform


def request_to_join(
    *, acting_user: User, platform: Platform, organisation: Organisation
) -> PlatformMembership:
    """An organisation asks for a seat; the pilot accepts (accept_join_request)."""
    if not organisation.memberships.filter(user=acting_user).exists():
        raise ForumRefusal(_("Only a member of the organisation may ask to join on its behalf."))
    with transaction.atomic():
        if PlatformMembership.objects.filter(
            platform=platform, organisation=organisation, left_at__isnull=True
        ).exists():
            raise ForumRefusal(
                _(
                    "This organisation is already a member of the platform or has already asked to join."
                )
            )
        seat = PlatformMembership.objects.create(
            platform=platform, organisation=organisation, role=PlatformRole.MEMBER
        )
        record_audit(actor=acting_user, action="platform.join_requested", target=seat)
        leaders = User.objects.filter(
            organisation_memberships__organisation__platform_memberships__platform=platform,
            organisation_memberships__organisation__platform_memberships__role=PlatformRole.PILOT,
            organisation_memberships__organisation__platform_memberships__left_at__isnull=True,
        ).distinct()
        notify(
            leaders,
            category="platform",
            title=gettext_lazy("%(organisation)s asks to join %(platform)s"),
            url=lambda: reverse("platform_forums:members", args=[platform.slug]),
            params={"organisation": organisation.name, "platform": platform.name},
        )
    return seat


def accept_join_request(*, acting_user: User, seat: PlatformMembership) -> PlatformMembership:
    if not acting_user.has_perm("platform_forums.accept_member", seat.platform):
        raise ForumRefusal(_("Only the platform's pilot may accept a new member."))
    with transaction.atomic():
        seat = PlatformMembership.objects.select_for_update().get(pk=seat.pk)
        if seat.joined_at is not None or seat.left_at is not None:
            raise ForumRefusal(_("This request has already been answered."))
        seat.joined_at = timezone.localdate()
        seat.save(update_fields=["joined_at"])
        record_audit(actor=acting_user, action="platform.join_accepted", target=seat)
        people = User.objects.filter(organisation_memberships__organisation=seat.organisation)
        notify(
            people,
            category="platform",
            title=gettext_lazy("%(organisation)s is now a member of %(platform)s"),
            url=lambda: reverse("platform_forums:members", args=[seat.platform.slug]),
            params={"organisation": seat.organisation.name, "platform": seat.platform.name},
        )
    return seat


def seat_organisation(
    *,
    acting_user: User | None,
    platform: Platform,
    organisation: Organisation,
    role: str,
    joined_at=None,
) -> PlatformMembership:
    """Give an organisation a seat directly (founding members, set up by the
    CLT staff or the demo); others ask to join and the pilot accepts."""
    if acting_user is not None and not acting_user.has_perm("platform_forums.moderate_all"):
        raise ForumRefusal(_("Only the CLT staff may seat an organisation directly."))
    if role not in PlatformRole.values:
        raise ForumRefusal(_("Unknown platform role."))
    with transaction.atomic():
        seat = PlatformMembership.objects.select_for_update().filter(
            platform=platform, organisation=organisation, left_at=None
        ).first()
        if seat is not None and seat.role == role:
            # Already seated in this role: nothing is done, so nothing is logged
            # (the demo and staff may give the same seat twice).
            return seat
        seat, _created = PlatformMembership.objects.update_or_create(
            platform=platform,
            organisation=organisation,
            left_at=None,
            defaults={"role": role, "joined_at": joined_at or timezone.localdate()},
        )
        record_audit(actor=acting_user, action="platform.seat_given", target=seat, role=role)
    return seat


def open_residents_forum(*, acting_user: User | None, housing_project, title: str) -> Forum:
    with transaction.atomic():
        forum, created = Forum.objects.get_or_create(
            slug=f"residents-{housing_project.slug}",
            defaults={"housing_project": housing_project, "title": title},
        )
        if created:
            record_audit(actor=acting_user, action="forum.opened", target=forum)
    return forum
