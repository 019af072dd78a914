"""Who may do what in governance: named predicates, written once (see rules.py).

Bodies are cached per user object for the request, so a page asking many
perms costs one query."""

import rules

from community.predicates import is_staff_member

from .models import Body, BodyMembership, Meeting, Question


def _body_ids(user) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_governance_bodies", None)
    if cached is None:
        cached = frozenset(BodyMembership.objects.active().filter(user=user).values_list("body_id", flat=True))
        user._governance_bodies = cached
    return cached


def _secretary_body_ids(user) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_governance_secretary_of", None)
    if cached is None:
        cached = frozenset(Body.secretaries.through.objects.filter(user=user).values_list("body_id", flat=True))
        user._governance_secretary_of = cached
    return cached


def _body_id(obj) -> int | None:
    if isinstance(obj, Body):
        return obj.pk
    if isinstance(obj, Meeting | Question):
        return obj.body_id
    return getattr(obj, "body_id", None)


@rules.predicate
def is_governance_staff(user) -> bool:
    return bool(is_staff_member(user))


@rules.predicate
def sits_in_body(user, obj) -> bool:
    """A current member of the body of ``obj`` (a body, meeting or question)."""
    return obj is not None and _body_id(obj) in _body_ids(user)


@rules.predicate
def is_body_secretary(user, obj) -> bool:
    return obj is not None and _body_id(obj) in _secretary_body_ids(user)


@rules.predicate
def chairs_meeting(user, obj) -> bool:
    """The chair or secretary of the meeting (or of a question's meeting)."""
    meeting = obj.meeting if isinstance(obj, Question) else obj
    return isinstance(meeting, Meeting) and user.pk in (meeting.chair_id, meeting.secretary_id)


@rules.predicate
def is_meeting_secretary(user, obj) -> bool:
    """The secretary named on the meeting (not its chair)."""
    return isinstance(obj, Meeting) and obj.secretary_id is not None and user.pk == obj.secretary_id


@rules.predicate
def is_secretary_anywhere(user) -> bool:
    return bool(_secretary_body_ids(user))


@rules.predicate
def meeting_is_visible(user, meeting) -> bool:
    """Convened at some point: a draft, or a draft cancelled before its convocation, stays with those who prepare it."""
    if not isinstance(meeting, Meeting) or meeting.status == Meeting.Status.DRAFT:
        return False
    return not (meeting.status == Meeting.Status.CANCELLED and meeting.convened_at is None)


@rules.predicate
def question_is_visible(user, question) -> bool:
    return isinstance(question, Question) and question.status != Question.Status.DRAFT


@rules.predicate
def results_are_published(user, question) -> bool:
    return isinstance(question, Question) and question.status == Question.Status.PUBLISHED
