"""The one notification service: an in-app notification in the recipient's
language, a live unread count over websockets, and e-mail through django-q2
according to the recipient's preference (each time, daily digest, never)."""

import base64
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django_q.tasks import async_task
from socle_site.kernel import fanout

from community.access import forget_access
from community.models import Notification, NotificationPreference, User
from community.notification_messages import freeze_message, freeze_text
from community.notifications import get_category

Text = str | Promise
UrlFor = str | Callable[[], str]
# (file name, content, MIME type): text is stored as is, bytes in base64.
Attachment = tuple[str, str | bytes, str]


def stored_attachments(attachments: Sequence[Attachment]) -> list[dict[str, str]]:
    """Attachments as JSON the notification keeps until its e-mail is sent."""
    stored = []
    for filename, content, mimetype in attachments:
        item = {"filename": filename, "mimetype": mimetype}
        if isinstance(content, bytes):
            item["base64"] = base64.b64encode(content).decode("ascii")
        else:
            item["content"] = content
        stored.append(item)
    return stored


@dataclass(frozen=True)
class EmailRecipient:
    """A recipient who is only an e-mail address: a visitor without an
    account (issue 26). No in-app list, no preferences: told by e-mail at
    once, in ``language`` (the page they came from)."""

    email: str
    name: str
    language: str


def user_group_name(user_id: int) -> str:
    return f"user.{user_id}"


def notify(
    recipients: Iterable[User | EmailRecipient],
    *,
    category: str,
    title: Text,
    body: Text = "",
    url: UrlFor = "",
    params: dict[str, Any] | None = None,
    attachments: Sequence[Attachment] = (),
    not_by_email: Iterable[int] = (),
) -> list[Notification]:
    """Notify each recipient: kept as the message, read in the reader's language.

    Those whose id is in ``not_by_email`` read it in the portal only (they are
    told by post: a letter is their convocation).

    ``title`` and ``body`` are lazy translatable strings with %(name)s
    fields filled from ``params``; ``url`` may be a callable so that
    ``reverse()`` runs in the recipient's language and gets its prefix.
    ``attachments`` go with the e-mail, whether sent at once or in the daily digest.
    An ``EmailRecipient`` (someone known only by an address) gets the same
    message, by e-mail at once, in their language.
    """
    _require_message(title, "title")
    if body:
        _require_message(body, "body")
    params = params or {}
    files = stored_attachments(attachments)
    by_post = set(not_by_email)
    recipients = list(recipients)
    members = [r for r in recipients if not isinstance(r, EmailRecipient)]
    by_address = {r.email.lower(): r for r in recipients if isinstance(r, EmailRecipient)}
    notifications = []

    def written(reader_language: str, **who) -> Notification:
        with translation.override(reader_language):
            link = url() if callable(url) else url
            return Notification(
                category=category,
                # The text as first written, for the administration and as a fallback;
                # pages and e-mails write the message out in the reader's language.
                title=(str(title) % params)[:250] if params else str(title)[:250],
                body=str(body) % params if params else str(body),
                url=link,
                attachments=files,
                message=freeze_message(title=title, body=body, params=params, url=link),
                **who,
            )

    for recipient in {r.pk: r for r in members if r.is_active}.values():
        notifications.append(written(recipient.language, recipient=recipient, by_email=recipient.pk not in by_post))
    for recipient in by_address.values():
        notifications.append(written(recipient.language, email=recipient.email, email_name=recipient.name[:120],
                                     language=recipient.language))
    created = Notification.objects.bulk_create(notifications)
    frequencies = email_frequencies([n.recipient_id for n in created if n.recipient_id], category)
    immediate = [
        n.pk for n in created
        if n.by_email and (n.recipient_id is None
                           or frequencies[n.recipient_id] == NotificationPreference.Frequency.IMMEDIATELY)
    ]
    recipient_ids = [n.recipient_id for n in created if n.recipient_id]
    transaction.on_commit(lambda: push_unread_counts(recipient_ids))
    if immediate:
        transaction.on_commit(
            lambda: async_task("community.tasks.send_notification_emails", immediate)
        )
    return created


def _require_message(text: Text, name: str) -> None:
    """A title or body is a message id (``gettext_lazy``), never text already
    written out: that would stay frozen in the sender's language for every
    reader. Member-written texts go in ``params`` (``text_of`` for translatable content)."""
    if "msgid" not in freeze_text(text):
        raise TypeError(
            f"notify(): the {name} must be a lazily translated message (gettext_lazy), not {type(text).__name__} {str(text)[:60]!r}"
        )


def email_frequencies(user_ids: Iterable[int], category: str) -> dict[int, str]:
    """Each user's e-mail frequency for a category, in one query."""
    user_ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, category=category).values_list(
            "user_id", "email_frequency"
        )
    )
    default = get_category(category).default_frequency
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def daily_digest_pairs(pairs: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which (user, category) pairs get the daily digest: the member's choice,
    or else the category's default (one query per category)."""
    by_category: dict[str, set[int]] = {}
    for user_id, category in pairs:
        by_category.setdefault(category, set()).add(user_id)
    return {
        (user_id, category)
        for category, user_ids in by_category.items()
        for user_id, frequency in email_frequencies(user_ids, category).items()
        if frequency == NotificationPreference.Frequency.DAILY
    }


def set_email_frequency(*, user: User, category: str, frequency: str) -> None:
    NotificationPreference.objects.update_or_create(
        user=user, category=category, defaults={"email_frequency": frequency}
    )


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    changed = unread.update(read_at=timezone.now())
    if changed:
        forget_access(user)  # the header's count comes with the access rows: read again
        transaction.on_commit(lambda: push_unread_counts([user.pk]))
    return changed


def push_unread_counts(user_ids: Iterable[int]) -> None:
    if get_channel_layer() is None:
        return
    counts = (
        User.objects.filter(pk__in=set(user_ids))
        .annotate(unread=Count("notifications", filter=Q(notifications__read_at__isnull=True)))
        .values_list("pk", "unread")
    )
    fanout.send_to_groups((user_group_name(user_id), {"unread": count}) for user_id, count in counts)
