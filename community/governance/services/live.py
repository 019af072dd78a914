"""Writes of the chair's console. Each calls the one service of
``meetings``/``voting`` that does the write (no second implementation) inside
its own ``transaction.atomic`` and pushes the meeting's new state to the
console and the projector on commit (``live.broadcast``)."""

from django.db import transaction

from community.models import User

from .. import live
from ..models import Attendance, Meeting, Question
from . import meetings, voting


def _push_on_commit(meeting_id: int) -> None:
    transaction.on_commit(lambda: live.broadcast(meeting_id))


def check_in_member(*, meeting: Meeting, member: User, acting_user: User, mode: str = Attendance.Mode.IN_PERSON) -> Attendance:
    """The chair records an arrival (in person or online): a proxy the member gave stops counting."""
    with transaction.atomic():
        attendance = meetings.check_in(meeting=meeting, member=member, acting_user=acting_user, mode=mode)
        _push_on_commit(meeting.pk)
    return attendance


def check_out_member(*, meeting: Meeting, member: User, acting_user: User) -> Attendance:
    """The chair records a departure: the proxies the member held stop counting."""
    with transaction.atomic():
        attendance = meetings.check_out(meeting=meeting, member=member, acting_user=acting_user)
        _push_on_commit(meeting.pk)
    return attendance


def start(*, meeting: Meeting, acting_user: User) -> Meeting:
    with transaction.atomic():
        meeting = meetings.start_meeting(meeting=meeting, acting_user=acting_user)
        _push_on_commit(meeting.pk)
    return meeting


def close(*, meeting: Meeting, acting_user: User) -> Meeting:
    with transaction.atomic():
        meeting = meetings.close_meeting(meeting=meeting, acting_user=acting_user)
        _push_on_commit(meeting.pk)
    return meeting


def _question_step(service, question: Question, acting_user: User) -> Question:
    # Not inside a transaction of ours: closing a secret vote writes its totals
    # and its participations in separate transactions (``services.secret``).
    question = service(question=question, acting_user=acting_user)
    if question.meeting_id:
        _push_on_commit(question.meeting_id)
    return question


def open_vote(*, question: Question, acting_user: User) -> Question:
    return _question_step(voting.open_question, question, acting_user)


def close_vote(*, question: Question, acting_user: User) -> Question:
    """Close the vote: the engine's result is frozen (``voting.close_question``)."""
    return _question_step(voting.close_question, question, acting_user)


def publish_vote(*, question: Question, acting_user: User) -> Question:
    """Publish the frozen result to the members (notified by ``voting.publish_results``)."""
    return _question_step(voting.publish_results, question, acting_user)
