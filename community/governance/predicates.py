"""Who may do what in governance: named predicates, written once (see rules.py).

Bodies are read with the member's other access rows (``community.access``),
so a page asking many perms costs one query in all."""

import rules

from community.access import access_of
from community.predicates import is_staff_member

from .models import Body, BodyMembership, Meeting, Question


def bodies_source(user):
    """The person's current body memberships (an access source)."""
    return BodyMembership.objects.active().filter(user=user)


def secretaries_source(user):
    """The bodies the person is a secretary of (an access source)."""
    return Body.secretaries.through.objects.filter(user=user)


def _body_ids(user) -> frozenset[int]:
    return access_of(user).ids("governance.bodies")


def _secretary_body_ids(user) -> frozenset[int]:
    return access_of(user).ids("governance.secretaries")


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
