"""Why a governance perm refuses, in the words the person reads on the 403 page."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

# One reason per perm, true of every case the perm refuses (rules.py, rules_live.py).
REASONS = {
    "governance.view_meeting": _("This meeting is for the members of its body, once it is convened."),
    "governance.take_part": _("Only the members of this body reply to its meetings and give proxies, once a meeting is convened."),
    "governance.view_question": _("This question is for the members of its body, once it is put to them."),
    "governance.vote": _("Only the members of this body vote on this question, once it is put to them."),
    "governance.prepare_meetings": _("Only staff and secretaries prepare meetings."),
    "governance.run_meeting": _("Only staff, a secretary of this body or the meeting's chair run this meeting."),
    "governance.run_question": _("Only staff, a secretary of this body or the meeting's chair run this meeting."),
    "governance.reschedule_meeting": _("Only staff or a secretary cancel or postpone this meeting."),
    "governance.run_console": _("Only staff, a secretary of this body or the meeting's chair run its console."),
    "governance.view_projector": _("Only staff, a secretary of this body or the meeting's chair show its projector."),
    "governance.write_minutes": _("Only staff, a secretary of this body or the meeting's chair write its minutes, once it is closed."),
    "governance.read_minutes": _("The minutes are read by those who run the meeting and those who attended it; by the other members of the body once approved."),
}


def refusal(perm: str) -> PermissionDenied:
    """The PermissionDenied to raise when ``perm`` refuses: the 403 page says why."""
    return PermissionDenied(REASONS[perm])
