"""Scheduled work of platforms (django-q2)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel import formatting

from community.models import User
from community.services.notifications import notify

from .models import ActionItem


def remind_overdue_actions() -> int:
    """Remind each overdue action's organisation once a day at most.
    Idempotent: reminded_on records the day, so a second run (or a retried
    task) the same day sends nothing."""
    today = timezone.localdate()
    sent = 0
    overdue = (
        ActionItem.objects.filter(done_at__isnull=True, due_on__lt=today)
        .exclude(reminded_on=today)
        .select_related("owner")
    )
    for action in overdue:
        with transaction.atomic():
            # Claim the reminder first: a concurrent run updates 0 rows and skips.
            if (
                not ActionItem.objects.filter(pk=action.pk)
                .exclude(reminded_on=today)
                .update(reminded_on=today)
            ):
                continue
            notify(
                User.objects.filter(organisation_memberships__organisation=action.owner),
                category="platform",
                title=_("Overdue action for %(organisation)s: %(action)s"),
                body=_(
                    "It was due on %(due)s. Update it, or tell the secretariat where it stands."
                ),
                url=lambda action=action: (
                    reverse("platform_forums:meeting", args=[action.meeting_id])
                    + f"#action-{action.pk}"
                ),
                params={
                    "organisation": action.owner.name,
                    "action": action.description,
                    "due": formatting.day(action.due_on),
                },
            )
            sent += 1
    return sent
