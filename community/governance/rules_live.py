"""Perms of the live side of a meeting: the chair's console, the projector
and the minutes. Composed from the predicates of ``predicates.py`` (written
once) and imported by ``live.py``, which the app loads at start-up."""

import rules

from .models import Attendance, Meeting, Minutes
from .predicates import (
    chairs_meeting,
    is_body_secretary,
    is_governance_staff,
    is_meeting_secretary,
    sits_in_body,
)


def _meeting_of(obj):
    return obj.meeting if isinstance(obj, Minutes) else obj


@rules.predicate
def runs_this_meeting(user, obj) -> bool:
    """Staff, a secretary of the body, or the chair or secretary of the meeting."""
    meeting = _meeting_of(obj)
    if not isinstance(meeting, Meeting):
        return False
    return bool(is_governance_staff(user) or is_body_secretary(user, meeting) or chairs_meeting(user, meeting))


@rules.predicate
def meeting_is_closed(user, obj) -> bool:
    meeting = _meeting_of(obj)
    return isinstance(meeting, Meeting) and meeting.status == Meeting.Status.CLOSED


@rules.predicate
def minutes_are_approved(user, obj) -> bool:
    return isinstance(obj, Minutes) and obj.status == Minutes.Status.APPROVED


@rules.predicate
def attended_meeting(user, obj) -> bool:
    """Checked in at the meeting at some point (so they read the draft minutes before signing)."""
    meeting = _meeting_of(obj)
    if not isinstance(meeting, Meeting) or not getattr(user, "is_authenticated", False):
        return False
    return Attendance.objects.filter(meeting=meeting, member=user).exists()


@rules.predicate
def may_sign_minutes(user, obj) -> bool:
    """Art. 3.87 §10: the chair, the secretary and the members present at the
    end, each once (the same rule as ``services.minutes.sign_minutes``)."""
    from .minutes import signing_role

    if not isinstance(obj, Minutes) or not getattr(user, "is_authenticated", False):
        return False
    return signing_role(obj, user) is not None and not obj.signatures.filter(signer=user).exists()


@rules.predicate
def sits_in_meeting_body(user, obj) -> bool:
    meeting = _meeting_of(obj)
    return isinstance(meeting, Meeting) and sits_in_body(user, meeting)


def _add(name, predicate):
    # Idempotent: the module may be imported by several entry points.
    if rules.perm_exists(name):
        rules.remove_perm(name)
    rules.add_perm(name, predicate)


# The chair's console (attendance, quorum, opening and closing votes) and the
# room's projector: those who run the meeting.
_add("governance.run_console", rules.is_authenticated & runs_this_meeting)
_add("governance.view_projector", rules.is_authenticated & runs_this_meeting)
# A vote taken in the room (show of hands, paper ballots): its totals are recorded by those who run the meeting.
_add("governance.record_room_count", rules.is_authenticated & runs_this_meeting)
# A signed paper proxy handed in: recorded by staff or a secretary (of the body, or named on the meeting).
_add("governance.record_paper_proxy", rules.is_authenticated & (is_governance_staff | is_body_secretary | is_meeting_secretary))
# Draft minutes: written, edited and approved by those who run the meeting, once it is closed.
_add("governance.write_minutes", rules.is_authenticated & runs_this_meeting & meeting_is_closed)
# Minutes: members of the body read them once approved; those who run the meeting
# always; those who attended read the draft too, to read before they sign.
_add("governance.read_minutes", rules.is_authenticated & (
    runs_this_meeting | (sits_in_meeting_body & minutes_are_approved) | attended_meeting
))
_add("governance.sign_minutes", rules.is_authenticated & may_sign_minutes)
