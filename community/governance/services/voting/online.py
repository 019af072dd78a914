"""Online votes (no meeting): opened, closed and reminded on schedule."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community.models import User
from community.notification_messages import text_of
from community.services.notifications import notify

from ... import selectors
from ...models import Question
from .. import secret
from .closing import close_question
from .notices import stamp, vote_url
from .opening import open_question

REMIND_BEFORE = timedelta(hours=48)


def run_online_votes(*, now: datetime | None = None) -> dict[str, int]:
    """Open online votes whose time has come, close those whose time is up,
    and remind members who have not voted two days before closing. Idempotent;
    scheduled every few minutes."""
    now = now or timezone.now()
    opened = closed = reminded = 0
    for question_id in secret.unfinished_closes():
        secret.finish_close(question_id)  # a close that stopped before forgetting the fingerprints
    online = Question.objects.filter(meeting__isnull=True)
    for question in online.filter(status=Question.Status.DRAFT, opens_at__lte=now, closes_at__gt=now):
        open_question(question=question, acting_user=None, now=now)
        opened += 1
    for question in online.filter(status=Question.Status.OPEN, closes_at__lte=now):
        close_question(question=question, acting_user=None, now=now)
        closed += 1
    due = online.filter(status=Question.Status.OPEN, reminded_at__isnull=True, closes_at__gt=now, closes_at__lte=now + REMIND_BEFORE)
    for question in due.select_related("body"):
        with transaction.atomic():
            if Question.objects.filter(pk=question.pk, reminded_at__isnull=True).update(reminded_at=now) != 1:
                continue
            voted = set(question.participations.values_list("member_id", flat=True))
            waiting = [m for m in selectors.members_of(question.body) if m not in voted]
            notify(
                User.objects.filter(pk__in=waiting), category="governance",
                title=gettext_lazy("Last days to vote: %(question)s"),
                body=gettext_lazy("The vote closes on %(when)s."),
                url=vote_url(question),
                params={"question": text_of(question, "title"), "when": stamp(question.closes_at)},
            )
            reminded += 1
    return {"opened": opened, "closed": closed, "reminded": reminded}
