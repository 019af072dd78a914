"""The governance panel of My space."""

from django.utils import timezone
from socle_site.kernel.together import Branch, read_together

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
        Branch(selectors.meetings_for(user, upcoming=True), ("title", "starts_at"), limit=3),
        Branch(selectors.online_votes_for(user).filter(status=Question.Status.OPEN, closes_at__gt=now),
               ("title", "closes_at"), limit=3),
    )
    return {"meetings": meetings, "votes": votes}
