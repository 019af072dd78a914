import rules

from .predicates import (
    chairs_meeting,
    is_body_secretary,
    is_governance_staff,
    is_meeting_secretary,
    is_secretary_anywhere,
    meeting_is_visible,
    question_is_visible,
    results_are_published,
    sits_in_body,
)

# Staff and a body's secretaries prepare and run its meetings; the meeting's
# chair and secretary run it on the day.
manages_body = is_governance_staff | is_body_secretary
runs_meeting = manages_body | chairs_meeting

rules.add_perm("governance.view_body", rules.is_authenticated & (sits_in_body | manages_body))
rules.add_perm("governance.manage_body", rules.is_authenticated & manages_body)
rules.add_perm("governance.prepare_meetings", rules.is_authenticated & (is_governance_staff | is_secretary_anywhere))
rules.add_perm("governance.view_meeting", rules.is_authenticated & ((sits_in_body & meeting_is_visible) | manages_body))
rules.add_perm("governance.run_meeting", rules.is_authenticated & runs_meeting)
# Cancelling or postponing a meeting undoes a convocation: staff and the
# secretaries only (the body's, or the one named on the meeting), not the chair.
rules.add_perm("governance.reschedule_meeting", rules.is_authenticated & (manages_body | is_meeting_secretary))
# The letters convening the members reached by post: the same people as a convocation.
rules.add_perm("governance.send_letters", rules.is_authenticated & (manages_body | is_meeting_secretary))
rules.add_perm("governance.take_part", rules.is_authenticated & sits_in_body & meeting_is_visible)
# Those who run the meeting see its questions while drafted: the chair opens and closes them.
rules.add_perm("governance.view_question", rules.is_authenticated & ((sits_in_body & question_is_visible) | runs_meeting))
rules.add_perm("governance.vote", rules.is_authenticated & sits_in_body & question_is_visible)
rules.add_perm(
    "governance.view_results",
    rules.is_authenticated & ((sits_in_body & results_are_published) | manages_body),
)
rules.add_perm("governance.run_question", rules.is_authenticated & runs_meeting)
