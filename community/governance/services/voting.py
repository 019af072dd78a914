"""Questions and ballots: the database side of the one voting engine.

The engine (``..engine``) decides; this module checks who may vote, stores
ballots once, and freezes the engine's result at close. WHO voted is a
``Participation`` with a ``Receipt``; WHAT was chosen is a named ``Ballot`` on
an open question, and on a secret question only running totals, reached
through sealed envelopes written in transactions of their own
(``services.secret``): no row, no transaction and no order links the two.
"""

import base64
import hashlib
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.sanitise import sanitise_html

from community.models import College, User
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import selectors
from ..engine.choices import (
    SelectionProblem,
    check_selection,
    count_options,
    elect,
    single_choice_winner,
    tally_by_college,
)
from ..engine.secrecy import too_few_for_secrecy
from ..engine.tally import Majority, tally
from ..errors import VoteRefusal
from ..models import (
    AgendaItem,
    Ballot,
    Body,
    Choice,
    Meeting,
    Participation,
    Question,
    Receipt,
    Seat,
)
from . import secret

BRUSSELS = timezone.get_default_timezone()
MOTION_CODES = ("yes", "no", "abstain")
REMIND_BEFORE = timedelta(hours=48)

# Called with the question id after each successful cast, on commit (the
# live console registers its websocket push here).
after_cast_hooks: list[Callable[[int], None]] = []

SELECTION_MESSAGES = {
    "unknown": gettext_lazy("This answer is not one of the question's choices."),
    "repeated": gettext_lazy("Each choice can be ticked only once."),
    "empty": gettext_lazy("Choose an answer."),
    "too_many": gettext_lazy("You ticked too many choices: at most %(max)d."),
    "too_many_in_college": gettext_lazy("You ticked more candidates in a college than it has seats."),
}


def _stamp(value: datetime):
    """In Brussels and the reader's language, formatted per recipient (``socle_site.kernel.formatting``)."""
    return formatting.moment(value)


def _vote_url(question: Question):
    return lambda: reverse("governance:question", args=[question.pk])


def _number(value: Fraction) -> int | str:
    value = Fraction(value)
    return int(value) if value.denominator == 1 else str(value)


def new_receipt_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def receipt_hash(code: str) -> str:
    normal = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


# --- preparing questions ---------------------------------------------------------------


def add_question(
    *, body: Body, acting_user: User, title: str, kind: str = Question.Kind.MOTION, meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None, description: str = "", options: list[str] | tuple = (),
    candidates: list[tuple[str, User | None, College | None]] | tuple = (), seats: Mapping | None = None,
    max_choices: int = 1, is_secret: bool = False, majority: str = Majority.SIMPLE.value,
    abstentions_count: bool = False, double_majority_per_college: bool = False,
    opens_at: datetime | None = None, closes_at: datetime | None = None,
) -> Question:
    """A question of a meeting, or an online vote (no meeting, with opening and closing times)."""
    title = (title or "").strip()
    if not title:
        raise VoteRefusal(_("Write the question."))
    if kind not in Question.Kind.values:
        raise VoteRefusal(_("Choose the kind of question."))
    if majority not in {m.value for m in Majority}:
        raise VoteRefusal(_("Choose the majority the question needs."))
    if meeting is not None and meeting.body_id != body.pk:
        raise VoteRefusal(_("The question belongs to the meeting's body."))
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        raise VoteRefusal(_("The agenda item belongs to another meeting."))
    if meeting is None:
        if opens_at is None or closes_at is None or closes_at <= opens_at:
            raise VoteRefusal(_("An online vote needs an opening time and a later closing time."))
        if closes_at <= timezone.now():
            raise VoteRefusal(_("An online vote must close in the future."))
    elif meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise VoteRefusal(_("This meeting has ended: add no more questions to it."))
    options = [o.strip() for o in options if o and o.strip()]
    candidates = [(label.strip(), user, college) for label, user, college in candidates if label and label.strip()]
    seats = dict(seats or {})
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(options) < 2:
        raise VoteRefusal(_("A choice question needs at least two options."))
    if kind == Question.Kind.MULTIPLE and not 1 <= max_choices <= len(options):
        raise VoteRefusal(_("The number of choices per ballot must be between 1 and the number of options."))
    if kind == Question.Kind.ELECTION:
        if not candidates:
            raise VoteRefusal(_("An election needs candidates."))
        if not seats or any(n < 1 for n in seats.values()):
            raise VoteRefusal(_("Say how many seats each college fills."))
        if any(college not in seats for _label, _user, college in candidates):
            raise VoteRefusal(_("Each candidate stands in a college that has seats."))
        max_choices = sum(seats.values())
    elif kind != Question.Kind.MULTIPLE:
        max_choices = 1
    with transaction.atomic():
        question = Question.objects.create(
            body=body, meeting=meeting, agenda_item=agenda_item, title=title, kind=kind,
            description=sanitise_html(description or ""), max_choices=max_choices, is_secret=is_secret,
            majority=majority, abstentions_count=abstentions_count,
            double_majority_per_college=double_majority_per_college and kind == Question.Kind.MOTION,
            opens_at=opens_at if meeting is None else None, closes_at=closes_at if meeting is None else None,
            order=(meeting.questions.count() + 1) if meeting else 0,
        )
        if kind == Question.Kind.MOTION:
            Choice.objects.bulk_create(
                Choice(question=question, order=i, code=code, label=code) for i, code in enumerate(MOTION_CODES)
            )
        elif kind == Question.Kind.ELECTION:
            Choice.objects.bulk_create(
                Choice(question=question, order=i, label=label, candidate=user, college=college)
                for i, (label, user, college) in enumerate(candidates)
            )
            Seat.objects.bulk_create(Seat(question=question, college=college, count=n) for college, n in seats.items())
        else:
            Choice.objects.bulk_create(Choice(question=question, order=i, label=label) for i, label in enumerate(options))
        record_audit(actor=acting_user, action="governance.question.created", target=question, kind=kind)
    return question


def amend_question(*, question: Question, acting_user: User, title: str, description: str = "") -> Question:
    title = (title or "").strip()
    if not title:
        raise VoteRefusal(_("Write the question."))
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.status != Question.Status.DRAFT:
            raise VoteRefusal(_("A question can be amended only before its vote opens."))
        before = question.title
        question.title, question.description = title, sanitise_html(description or "")
        question.save(update_fields=["title", "description"])
        record_audit(actor=acting_user, action="governance.question.amended", target=question, before=before, after=title)
    return question


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
                url=_vote_url(question),
                params={"question": question.title, "when": _stamp(question.closes_at)},
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


# --- casting ---------------------------------------------------------------------------


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
    if question.meeting_id is not None:
        present_weight = selectors.presence(question.meeting).weight_present_or_represented
    else:
        present_weight = sum(m.weight for m in selectors.voting_members(selectors.members_of(question.body)).values())
    counted = rule_set.counted_weights(
        [acting_user.pk] * len(allowed), [members[m].weight for m in allowed], present_weight=present_weight
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
    from ..predicates import _body_ids

    return set(_body_ids(user))


def _after_cast(question_id: int) -> None:
    for hook in list(after_cast_hooks):
        hook(question_id)


def verify_receipt(*, code: str) -> Receipt | None:
    """The receipt of a code, or None. It says only that a ballot is in the
    count of its question: never who cast it nor what it chose."""
    return Receipt.objects.select_related("question").filter(code_hash=receipt_hash(code)).first()


# --- counting ----------------------------------------------------------------------------


def _counted_weights(question: Question, ballots: list, presence) -> list:
    """The weight each ballot counts with under its body's rule set (a co-owner's
    votes are capped, art. 3.87 §6); unchanged for one-member-one-vote bodies."""
    rule_set = question.body.rule_set
    weights = [w for _s, w, _k, _m in ballots]
    if not rule_set.caps_votes:
        return weights
    # Named ballots are grouped by who cast them (holder with their proxies);
    # a secret ballot has no voter on record, so it stands alone.
    cast_by = dict(Participation.objects.filter(question=question).values_list("member_id", "cast_by_id"))
    voters = [cast_by.get(m, m) if m else ("ballot", i) for i, (_s, _w, _k, m) in enumerate(ballots)]
    present_weight = presence.weight_present_or_represented if presence is not None else sum(weights)
    return rule_set.counted_weights(voters, weights, present_weight=present_weight)


def _ballot_rows(question: Question, *, one_per_ballot: bool) -> tuple[list, int]:
    """The named ballots as (selections, weight, college, member) rows, and how many there are.

    Where each ballot counts on its own (capped votes, names for the minutes)
    one row per ballot; otherwise identical ballots are summed by the database,
    a handful of rows however many voted: the engine only adds weights, so the
    result is the same, and a live tally of 1,500 ballots stays cheap."""
    if one_per_ballot:
        rows = list(question.ballots.values_list("selections", "weight", "college_id", "member_id"))
        return rows, len(rows)
    grouped = list(
        question.ballots.order_by().values("selections", "college_id")
        .annotate(total=Sum("weight"), ballots=Count("pk")).values_list("selections", "total", "college_id", "ballots")
    )
    return [(s, w, k, None) for s, w, k, _n in grouped], sum(n for *_r, n in grouped)


def _secret_rows(question: Question) -> tuple[list, int, Fraction, bool]:
    """A secret question's totals as rows the engine adds up like ballots: one
    row per answer (and college), the weights already counted (capped when
    cast); the number of ballots, their weight, and whether they all chose alike."""
    by_answer, (count, weight) = secret.totals(question)
    rows = [([choice] if choice is not None else [], w, college, None) for choice, college, _n, w in by_answer]
    return rows, count, weight, secret.reveals_every_choice(by_answer, count)


def _turnout(question: Question, presence) -> dict:
    """What screens show of an open secret vote: how many voted, never a running
    result (a figure that moves when one person votes names their choice)."""
    result = {"kind": question.kind, "is_secret": True, "ballots": question.participations.count(), "running": False}
    if presence is not None:
        result["presence"] = {
            "present_or_represented": len(presence.present_or_represented), "members": len(presence.members),
        }
    return result


def compute_result(question: Question, *, presence: selectors.Presence | None = None, live: bool = False) -> dict:
    """The question's result from its ballots (or a secret question's totals),
    with the pure engine. The same function gives the live tally and the frozen
    result. A live tally leaves out the names of those against and abstaining
    (they go to the minutes, never to the room's screen), gives only the
    turnout of an open secret vote, and may be given the meeting's
    ``presence`` already read."""
    if live and question.is_secret and not question.is_final:
        if question.meeting_id is not None and presence is None:
            presence = selectors.presence(question.meeting)
        return _turnout(question, presence)
    choices = list(question.choices.all())
    by_id = {c.pk: c for c in choices}
    named = question.kind == Question.Kind.MOTION and not question.is_secret and not live
    if question.is_secret:
        ballots, ballot_count, total_weight, alike = _secret_rows(question)
    else:
        ballots, ballot_count = _ballot_rows(question, one_per_ballot=named or question.body.rule_set.caps_votes)
    if question.meeting_id is not None and presence is None:
        presence = selectors.presence(question.meeting)
    body_members = presence.members if presence is not None else selectors.members_of(question.body)
    result: dict = {
        "kind": question.kind,
        "ballots": ballot_count,
        "weight": _number(total_weight) if question.is_secret else sum(b[1] for b in ballots),
        "is_secret": question.is_secret,
    }
    if question.is_secret:
        result["reveals_every_choice"] = alike
    college_names = {c.pk: c.name for c in College.objects.all()}
    if question.kind == Question.Kind.MOTION:
        code_of = {c.pk: c.code for c in choices}
        # Secret totals were counted (capped) when cast; named ballots are capped here.
        weights = [w for _s, w, _k, _m in ballots] if question.is_secret else _counted_weights(question, ballots, presence)
        coded = [(code_of[b[0][0]] if b[0] else "abstain", w, b[2]) for b, w in zip(ballots, weights, strict=True)]
        colleges = {m.college for m in body_members.values()} if question.double_majority_per_college else set()
        decided = tally_by_college(coded, majority=question.majority, abstentions_count=question.abstentions_count, colleges=colleges)
        overall = decided.overall if question.double_majority_per_college else tally(
            ((c, w) for c, w, _k in coded), majority=question.majority, abstentions_count=question.abstentions_count
        )
        adopted = question.body.rule_set.motion_adopted(
            overall, majority=question.majority, total_weight=sum(m.weight for m in body_members.values())
        )
        result.update(
            majority=question.majority, abstentions_count=question.abstentions_count,
            yes=_number(overall.yes), no=_number(overall.no), abstain=_number(overall.abstain),
            base=_number(overall.base),
            adopted=decided.adopted if question.double_majority_per_college else adopted,
        )
        if question.double_majority_per_college:
            result["by_college"] = [
                {"college": college_names.get(k, ""), "yes": _number(r.yes), "no": _number(r.no),
                 "abstain": _number(r.abstain), "adopted": r.adopted}
                for k, r in sorted(decided.by_college.items(), key=lambda kr: (kr[0] is None, kr[0] or 0))
            ]
        if named:
            # Minutes name those against and abstaining (DOMAIN.md §3).
            people = {u.pk: str(u) for u in User.objects.filter(pk__in=[m for *_r, m in ballots if m])}
            result["named"] = {
                code: sorted(people[m] for (s, _w, _k, m), (c, _w2, _k2) in zip(ballots, coded, strict=True) if c == code and m)
                for code in ("no", "abstain")
            }
    elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        count = count_options([(s, w) for s, w, _k, _m in ballots], by_id.keys())
        winner = None
        if question.kind == Question.Kind.SINGLE:
            winner = single_choice_winner(count, majority=question.majority, abstentions_count=question.abstentions_count)
        result.update(
            majority=question.majority,
            options=[{"id": c.pk, "label": c.label, "weight": _number(count.totals[c.pk])} for c in choices],
            blank=_number(count.blank), winner=winner,
        )
    else:
        colleges = {c.pk: c.college_id for c in choices}
        seats = {s.college_id: s.count for s in question.seats.all()}
        election = elect([(s, w) for s, w, _k, _m in ballots], colleges=colleges, seats=seats)
        result.update(
            colleges=[
                {
                    "college": college_names.get(k, ""), "seats": n,
                    "candidates": [
                        {"id": c.pk, "label": c.label, "weight": _number(election.totals[c.pk]),
                         "elected": c.pk in election.elected.get(k, []), "tied": c.pk in election.tied.get(k, [])}
                        for c in sorted((c for c in choices if c.college_id == k), key=lambda c: -election.totals[c.pk])
                    ],
                }
                for k, n in sorted(seats.items(), key=lambda kn: (kn[0] is None, kn[0] or 0))
            ]
        )
    if presence is not None:
        result["presence"] = {
            "present_or_represented": len(presence.present_or_represented),
            "members": len(presence.members),
            "weight_present_or_represented": presence.weight_present_or_represented,
            "weight_total": presence.weight_total,
            "has_quorum": presence.has_quorum,
        }
    else:
        result["presence"] = {"members": len(body_members), "weight_total": sum(m.weight for m in body_members.values())}
    return result


def live_tally(question: Question, *, presence: selectors.Presence | None = None) -> dict:
    """The running count of an open question (or the frozen one once closed)."""
    if question.is_final:
        return question.result
    return compute_result(question, presence=presence, live=True)


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
        question = Question.objects.select_for_update(of=("self",)).select_related("meeting", "body").get(pk=question.pk)
        if question.status != Question.Status.OPEN:
            raise VoteRefusal(_("Only an open vote can be closed."))
        if question.is_secret:
            secret.drain(question, everything=True)
        question.result = compute_result(question)
        question.status = Question.Status.CLOSED
        question.closed_at = now
        question.save(update_fields=["result", "status", "closed_at"])
        if question.is_secret:
            secret.delete_totals(question)
        record_audit(actor=acting_user, action="governance.question.closed", target=question,
                     ballots=question.result["ballots"])
    if question.is_secret:
        secret.finish_close(question.pk)
    return question


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
            url=_vote_url(question),
            params={"question": question.title},
        )
    return question


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
                url=_vote_url(question),
                params={"question": question.title, "when": _stamp(question.closes_at)},
            )
            reminded += 1
    return {"opened": opened, "closed": closed, "reminded": reminded}

