"""Closing a vote (its result frozen) and publishing the result."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import User
from community.notification_messages import text_of
from community.services.audit import record_audit
from community.services.notifications import notify

from ... import selectors
from ...errors import VoteRefusal
from ...models import Question
from .. import secret
from .counting import compute_result
from .notices import vote_url


def close_question(*, question: Question, acting_user: User | None, now: datetime | None = None) -> Question:
    """Close the vote and freeze its result: final and immutable from now on.

    The exclusive lock waits for the casts in flight (they hold a shared one)
    and turns away those after it. A secret question's choices still sealed
    are added to its totals first (those whose cast never completed are
    discarded), the result is frozen from the totals, and the totals go: the
    result keeps the figures. Then ``secret.finish_close``, in a transaction
    of its own, forgets the participations' fingerprints and vacuums."""
    now = now or timezone.now()
    with transaction.atomic():
        question = lock_open_question(question)
        freeze_result(question, acting_user=acting_user, now=now)
    if question.is_secret:
        secret.finish_close(question.pk)
    return question


def lock_open_question(question: Question, *, refusal: str | None = None) -> Question:
    """The question under its row lock (waiting for the casts in flight), refused
    (with ``refusal``, or the closing's message) unless open. A secret
    question's sealed choices are added to its totals."""
    question = Question.objects.select_for_update(of=("self",)).select_related("meeting", "body").get(pk=question.pk)
    if question.status != Question.Status.OPEN:
        raise VoteRefusal(refusal or _("Only an open vote can be closed."))
    if question.is_secret:
        secret.drain(question, everything=True)
    return question


def freeze_result(question: Question, *, acting_user: User | None, now: datetime) -> None:
    """Inside the caller's transaction, with ``lock_open_question``'s lock:
    the result frozen from the ballots (and a count in the room), the vote closed.
    The caller runs ``secret.finish_close`` after its commit for a secret question."""
    question.result = compute_result(question)
    question.status = Question.Status.CLOSED
    question.closed_at = now
    question.save(update_fields=["result", "status", "closed_at"])
    if question.is_secret:
        secret.delete_totals(question)
    record_audit(actor=acting_user, action="governance.question.closed", target=question,
                 ballots=question.result["ballots"])


def publish_results(*, question: Question, acting_user: User | None) -> Question:
    with transaction.atomic():
        question = Question.objects.select_for_update().select_related("body").get(pk=question.pk)
        if question.status != Question.Status.CLOSED:
            raise VoteRefusal(_("Results are published once the vote is closed, and only once."))
        question.status = Question.Status.PUBLISHED
        question.published_at = timezone.now()
        question.save(update_fields=["status", "published_at"])
        record_audit(actor=acting_user, action="governance.question.published", target=question)
        notify(
            User.objects.filter(pk__in=list(selectors.members_of(question.body).keys())),
            category="governance",
            title=gettext_lazy("Results published: %(question)s"),
            url=vote_url(question),
            params={"question": text_of(question, "title")},
        )
    return question
