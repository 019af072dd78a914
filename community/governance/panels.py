"""The governance panel of My space."""

from django.utils import timezone
from socle_site.kernel.together import Branch, read_together

from community import selectors as community_selectors

from . import selectors
from .models import Question
from .predicates import _body_ids


def governance_panel(request):
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    # The bodies come with the request's access rows: no query of their own.
    if not _body_ids(user):
        return None
    now = timezone.now()
    # The next three meetings and the three open votes, in one query.
    meetings, votes = read_together(
        Branch(selectors.meetings_for(user, upcoming=True), ("title", "starts_at", "convocation_id", "original_language"), limit=3),
        Branch(selectors.online_votes_for(user).filter(status=Question.Status.OPEN, closes_at__gt=now),
               ("title", "closes_at", "original_language"), limit=3),
    )
    # The person's replies, from the meeting core (one query, none before any reply).
    replies = community_selectors.replies_of(user, [meeting.convocation_id for meeting in meetings])
    for meeting in meetings:
        meeting.my_reply = replies.get(meeting.convocation_id)
    return {"meetings": meetings, "votes": votes}
