"""The governance panel of My space."""

from django.utils import timezone

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
    meetings = list(selectors.meetings_for(user, upcoming=True)[:3])
    now = timezone.now()
    votes = list(
        selectors.online_votes_for(user).filter(status=Question.Status.OPEN, closes_at__gt=now)[:3]
    )
    return {"meetings": meetings, "votes": votes}
