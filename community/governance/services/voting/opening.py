"""Opening a vote, and the check that a secret vote can stay secret."""

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
from ...engine.secrecy import too_few_for_secrecy
from ...errors import VoteRefusal
from ...models import Meeting, Question
from .. import secret
from .notices import stamp, vote_url


def open_question(*, question: Question, acting_user: User | None, now: datetime | None = None) -> Question:
    now = now or timezone.now()
    with transaction.atomic():
        question = Question.objects.select_for_update(of=("self",)).select_related("meeting", "body").get(pk=question.pk)
        if question.status != Question.Status.DRAFT:
            raise VoteRefusal(_("This vote has already been opened."))
        if question.meeting_id is not None and question.meeting.status == Meeting.Status.CANCELLED:
            raise VoteRefusal(_("This meeting was cancelled: its votes will not take place."))
        if question.meeting_id is not None and question.meeting.status != Meeting.Status.IN_PROGRESS:
            raise VoteRefusal(_("Start the meeting before opening its votes."))
        if question.meeting_id is None and question.closes_at <= now:
            raise VoteRefusal(_("This online vote's closing time has passed."))
        if question.is_secret:
            voters = secret_voter_count(question)
            if question.body.rule_set.refuses_small_secret_votes and too_few_for_secrecy(
                voters, question.body.secret_ballot_minimum
            ):
                raise VoteRefusal(
                    _("A secret vote needs at least %(minimum)d voters present or represented, so that nobody's "
                      "choice can be worked out from the result; there are %(count)d. Hold a named vote instead.")
                    % {"minimum": question.body.secret_ballot_minimum, "count": voters}
                )
            secret.create_totals(question)
        question.status = Question.Status.OPEN
        question.opened_at = now
        question.save(update_fields=["status", "opened_at"])
        record_audit(actor=acting_user, action="governance.question.opened", target=question)
        if question.meeting_id is None:
            notify(
                User.objects.filter(pk__in=list(selectors.members_of(question.body).keys())),
                category="governance",
                title=gettext_lazy("Online vote open until %(when)s: %(question)s"),
                url=vote_url(question),
                params={"question": text_of(question, "title"), "when": stamp(question.closes_at)},
            )
    return question


def secret_voter_count(question: Question) -> int:
    """How many members could cast a ballot now: those with votes present or
    represented in the meeting, or every member with votes for an online vote."""
    if question.meeting_id is not None:
        return len(selectors.presence(question.meeting).present_or_represented)
    return len(selectors.voting_members(selectors.members_of(question.body)))


def secrecy_warning(question: Question, *, voters: int | None = None) -> dict | None:
    """For the chair before opening a secret vote: the voters and the body's
    minimum when there are too few to keep choices secret, else None.
    ``voters`` when the caller already counted them (the console's presence)."""
    if not question.is_secret or question.status != Question.Status.DRAFT:
        return None
    if question.meeting_id is not None and question.meeting.status != Meeting.Status.IN_PROGRESS:
        return None  # nobody is checked in yet: the count means nothing before the meeting starts
    if voters is None:
        voters = secret_voter_count(question)
    minimum = question.body.secret_ballot_minimum
    if not too_few_for_secrecy(voters, minimum):
        return None
    return {"count": voters, "minimum": minimum, "refused": question.body.rule_set.refuses_small_secret_votes}
