"""Preparing questions: a meeting's motions, choices and elections, or an online vote."""

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.sanitise import sanitise_html

from community.models import College, User
from community.services.audit import record_audit

from ...engine.tally import Majority
from ...errors import VoteRefusal
from ...models import AgendaItem, Body, Choice, Meeting, Question, Seat

MOTION_CODES = ("yes", "no", "abstain")


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
