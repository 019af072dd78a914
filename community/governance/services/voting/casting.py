"""Casting ballots: who may vote for whom now, and storing each ballot once
(named: who and what together; secret: the choice sealed apart from who voted).
On commit the live screens are told (``live.ballot_cast``)."""

from collections.abc import Mapping
from datetime import datetime
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import User

from ... import selectors
from ...engine.choices import SelectionProblem, check_selection
from ...errors import VoteRefusal
from ...models import Ballot, Body, Meeting, Participation, Question, Receipt
from .. import secret
from .counting import votes_present_or_represented
from .receipts import new_receipt_code, receipt_hash

SELECTION_MESSAGES = {
    "unknown": gettext_lazy("This answer is not one of the question's choices."),
    "repeated": gettext_lazy("Each choice can be ticked only once."),
    "empty": gettext_lazy("Choose an answer."),
    "too_many": gettext_lazy("You ticked too many choices: at most %(max)d."),
    "too_many_in_college": gettext_lazy("You ticked more candidates in a college than it has seats."),
}


def _voting_window_refusal(question: Question, now: datetime) -> str | None:
    if question.status == Question.Status.DRAFT:
        return _("This vote is not open yet.")
    if question.status != Question.Status.OPEN:
        return _("This vote is closed: no more ballots are accepted.")
    if question.meeting_id is None:
        if question.opens_at and now < question.opens_at:
            return _("This vote is not open yet.")
        if question.closes_at and now >= question.closes_at:
            return _("This vote is closed: no more ballots are accepted.")
    return None


def _voters_and_members(question: Question, user: User) -> tuple[list[int], dict]:
    """``voters_for`` and the body memberships of those voters (their weight and college)."""
    if question.meeting_id is None:
        members = selectors.voting_members(selectors.members_of(question.body, user_ids=[user.pk]))
        return ([user.pk] if user.pk in members else []), members
    meeting = Meeting.objects.select_related("body").get(pk=question.meeting_id)  # fresh status
    if meeting.status != Meeting.Status.IN_PROGRESS:
        return [], {}
    checked_in, principals = selectors.ballots_held(meeting, user.pk)
    if not checked_in:
        return [], {}
    # A member without votes (a co-ownership's syndic) casts no ballot, even a
    # ballot worth nothing: it would count among the ballots cast.
    members = selectors.voting_members(selectors.members_of(question.body, user_ids=[user.pk, *principals]))
    if user.pk not in members:
        # Like ``presence``: only a member's proxies count.
        return [], {}
    return [user.pk] + sorted(p for p in principals if p in members), members


def has_no_votes(body: Body, user: User) -> bool:
    """Whether ``user`` sits in ``body`` with no votes of their own (weight 0)."""
    member = selectors.members_of(body, user_ids=[user.pk]).get(user.pk)
    return member is not None and member.weight == 0


def voters_for(question: Question, user: User) -> list[int]:
    """Whose ballots ``user`` may cast on ``question`` now: themselves (when a
    member and, in a meeting, checked in) and the principals whose proxies
    count now. Their own id comes first. Reads only these people's rows."""
    return _voters_and_members(question, user)[0]


def cast_ballots(*, question: Question, acting_user: User, instructions: Mapping[int, list[int]],
                 now: datetime | None = None) -> dict[int, str]:
    """Record ballots: ``instructions`` maps each member the acting user votes
    for (themselves, and the principals they represent now) to the chosen
    choice ids (an empty list is a blank ballot; for a motion, one of yes, no,
    abstain). All or nothing. Returns member id -> receipt code, shown once."""
    now = now or timezone.now()
    question = Question.objects.select_related("meeting", "body").get(pk=question.pk)
    refusal = _voting_window_refusal(question, now)
    if refusal:
        raise VoteRefusal(refusal)
    if not instructions:
        raise VoteRefusal(_("Choose an answer."))
    allowed, members = _voters_and_members(question, acting_user)

    def names(ids) -> str:
        return ", ".join(sorted(str(u) for u in User.objects.filter(pk__in=list(ids)))) or "?"

    for member_id in instructions:
        if member_id not in allowed:
            if member_id == acting_user.pk:
                if has_no_votes(question.body, acting_user):
                    raise VoteRefusal(_("You sit in %(body)s without votes of your own: you may take part, not vote.")
                                      % {"body": question.body.name})
                if question.meeting_id is not None and question.body_id in _member_body_ids(acting_user):
                    raise VoteRefusal(_("Check in to the meeting (in person or online) before voting."))
                raise VoteRefusal(_("You are not a member of %(body)s: you cannot vote on this question.") % {"body": question.body.name})
            raise VoteRefusal(
                _("You cannot vote for %(name)s: you hold no proxy of theirs that counts now.") % {"name": names([member_id])}
            )
    choices = list(question.choices.all())
    options = [c.pk for c in choices]
    colleges = seats = None
    if question.kind == Question.Kind.ELECTION:
        colleges = {c.pk: c.college_id for c in choices}
        seats = {s.college_id: s.count for s in question.seats.all()}
    selections = {}
    for member_id, chosen in instructions.items():
        try:
            selections[member_id] = check_selection(
                chosen, options=options, max_choices=question.max_choices, colleges=colleges, seats=seats,
                allow_blank=question.kind != Question.Kind.MOTION,
            )
        except SelectionProblem as problem:
            raise VoteRefusal(str(SELECTION_MESSAGES[problem.code]) % {"max": question.max_choices}) from None
    receipts = {member_id: new_receipt_code() for member_id in instructions}
    if question.is_secret:
        _cast_secret(question, acting_user, allowed, members, selections, receipts, now, names)
    else:
        _cast_named(question, acting_user, members, selections, receipts, now, names)
    return receipts


def _refuse_repeats(question: Question, member_ids, names) -> None:
    status = secret.lock_question_shared(question.pk)
    if status != Question.Status.OPEN:
        raise VoteRefusal(_("This vote is closed: no more ballots are accepted."))
    already = selectors.voted_member_ids(question, member_ids)
    if already:
        raise VoteRefusal(_("A ballot was already recorded for %(name)s on this question: it cannot be cast again.")
                          % {"name": names(already)})


REPEAT = gettext_lazy("A ballot was already recorded for this member on this question: it cannot be cast again.")


def _cast_named(question, acting_user, members, selections, receipts, now, names) -> None:
    """An open (named) question: who and what in one transaction, as the minutes name them."""
    try:
        with transaction.atomic():
            _refuse_repeats(question, selections.keys(), names)
            Participation.objects.bulk_create(
                Participation(question=question, member_id=m, cast_by=acting_user, cast_at=now) for m in selections
            )
            Ballot.objects.bulk_create(
                Ballot(question=question, member_id=m, college_id=members[m].college, weight=members[m].weight,
                       selections=sorted(selections[m]))
                for m in selections
            )
            Receipt.objects.bulk_create(Receipt(question=question, code_hash=receipt_hash(receipts[m])) for m in selections)
            transaction.on_commit(lambda: _after_cast(question.pk))
    except IntegrityError:
        # Another request recorded a ballot for one of these members a moment ago.
        raise VoteRefusal(str(REPEAT)) from None


def _secret_weights(question: Question, acting_user: User, allowed: list[int], members: dict) -> dict[int, Fraction]:
    """The weight each ballot counts with, fixed when it is cast: the totals
    keep no weight per voter to cap later. Under the co-owners' rules a holder
    votes, for themselves and as proxy together, with no more votes than all
    the other co-owners present or represented at that moment (art. 3.87 §6);
    for an online vote, than all the other co-owners. The rule set decides,
    as it does for a named vote at close."""
    rule_set = question.body.rule_set
    if not rule_set.caps_votes:
        return {m: Fraction(members[m].weight) for m in allowed}
    counted = rule_set.counted_weights(
        [acting_user.pk] * len(allowed), [members[m].weight for m in allowed],
        present_weight=votes_present_or_represented(question),
    )
    return {m: Fraction(w) for m, w in zip(allowed, counted, strict=True)}


def _cast_secret(question, acting_user, allowed, members, selections, receipts, now, names) -> None:
    """A secret question: the choices and the participations in separate
    transactions (``services.secret``), the choices first, so that a cast
    interrupted in between leaves an envelope nobody counts, never a
    participation without its choice."""
    weights = _secret_weights(question, acting_user, allowed, members)
    with transaction.atomic():
        _refuse_repeats(question, selections.keys(), names)
        tokens = secret.seal(question=question, choices={
            m: (sorted(selections[m]), weights[m], members[m].college) for m in selections
        })
    try:
        after_sealing()
        with transaction.atomic():
            _refuse_repeats(question, selections.keys(), names)
            Participation.objects.bulk_create(
                Participation(question=question, member_id=m, cast_by=acting_user, cast_at=now,
                              token_hash=secret.token_hash(tokens[m]))
                for m in secret.shuffled(selections)
            )
            Receipt.objects.bulk_create(
                Receipt(question=question, code_hash=receipt_hash(receipts[m])) for m in secret.shuffled(selections)
            )
            transaction.on_commit(lambda: _after_cast(question.pk))
    except IntegrityError:
        secret.discard(tokens.values())
        raise VoteRefusal(str(REPEAT)) from None
    except BaseException:
        secret.discard(tokens.values())
        raise
    secret.drain_quietly(question)


def after_sealing() -> None:
    """Between a secret cast's two writes; tests make it fail to show that a
    crash there neither loses nor duplicates a ballot."""


def _member_body_ids(user: User) -> set[int]:
    from ...predicates import _body_ids

    return set(_body_ids(user))


def _after_cast(question_id: int) -> None:
    """On commit of a cast: the live console and projector show the new tally."""
    # Imported here, not at the top: ``live`` reads its tally from this package (``counting``).
    from ... import live

    live.ballot_cast(question_id)
