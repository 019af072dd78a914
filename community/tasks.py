"""Background tasks of the community app, run by django-q2."""

import base64
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from socle_site.kernel.identity import site_identity
from socle_site.kernel.identity import subject as site_subject

from community.models import Notification, User
from community.services.notifications import daily_digest_pairs


@dataclass(frozen=True)
class AddressOnly:
    """The e-mails' reader when they have no account."""

    display_name: str
    language: str
    email: str
    has_account = False


def send_email_message(message: dict) -> None:
    """Send one e-mail already rendered by the web process (allauth's mails)."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=message["to"],
        headers=message.get("headers") or {},
    )
    for content, mimetype in message.get("alternatives", []):
        email.attach_alternative(content, mimetype)
    email.send()


def send_notification_emails(notification_ids: list[int]) -> int:
    notifications = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True, by_email=True)
        .select_related("recipient")
        .order_by("pk")
    )
    messages = []
    sent_ids = []
    for notification in notifications:
        recipient = notification.recipient
        if recipient is None:
            # Someone known only by their address (a visitor, issue 26): no
            # account, so no preferences to mention.
            recipient = AddressOnly(display_name=notification.email_name, language=notification.language,
                                    email=notification.email)
        elif not recipient.has_email:
            continue  # a member without e-mail reads Socle's messages on paper: nothing to send
        with translation.override(recipient.language):
            context = {
                "recipient": recipient,
                "notifications": [notification],
                "base_url": settings.WAGTAILADMIN_BASE_URL,
            }
            messages.append(
                _build_mail(notification.rendered().title, context, recipient.email, [notification])
            )
        sent_ids.append(notification.pk)
    if messages:
        get_connection().send_messages(messages)
        Notification.objects.filter(pk__in=sent_ids).update(emailed_at=timezone.now())
    return len(messages)


def send_daily_digests() -> int:
    """One e-mail per member gathering the day's notifications they asked to
    receive as a digest. Scheduled daily (see community.apps)."""
    since = timezone.now() - timedelta(days=2)
    pending = list(
        # An address alone is e-mailed at once, never in a digest.
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True, created_at__gte=since, by_email=True,
                                    recipient__isnull=False)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    # A member who never chose gets their category's default (e.g. "daily" for platforms).
    daily = daily_digest_pairs((n.recipient_id, n.category) for n in pending)
    by_user: dict[User, list[Notification]] = defaultdict(list)
    for notification in pending:
        if not notification.recipient.has_email:
            continue  # a member without e-mail: no digest to send
        if (notification.recipient_id, notification.category) in daily:
            by_user[notification.recipient].append(notification)
    messages = []
    for recipient, items in by_user.items():
        with translation.override(recipient.language):
            subject = _("Your digest: %(count)s new notifications") % {"count": len(items)}
            context = {
                "recipient": recipient,
                "notifications": items,
                "base_url": settings.WAGTAILADMIN_BASE_URL,
            }
            messages.append(_build_mail(subject, context, recipient.email, items))
    if messages:
        get_connection().send_messages(messages)
        Notification.objects.filter(
            pk__in=[n.pk for items in by_user.values() for n in items]
        ).update(emailed_at=timezone.now())
    return len(messages)


def _build_mail(
    subject: str, context: dict, to: str, notifications: list[Notification]
) -> EmailMultiAlternatives:
    context = {**context, "site": site_identity()}
    text = render_to_string("community/email/notifications.txt", context)
    html = render_to_string("community/email/notifications.html", context)
    message = EmailMultiAlternatives(
        subject=site_subject(subject), body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach_alternative(html, "text/html")
    for notification in notifications:
        for item in notification.attachments or []:
            content = base64.b64decode(item["base64"]) if "base64" in item else item["content"]
            message.attach(item["filename"], content, item["mimetype"])
    return message
