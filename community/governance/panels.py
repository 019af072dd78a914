"""The governance panel of My space."""

from django.utils import timezone

from . import selectors
from .models import Question


def governance_panel(request):
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    bodies = list(selectors.bodies_of(user))
    if not bodies:
        return None
    meetings = list(selectors.meetings_for(user, upcoming=True)[:3])
    now = timezone.now()
    votes = list(
        selectors.online_votes_for(user).filter(status=Question.Status.OPEN, closes_at__gt=now)[:3]
    )
    return {"bodies": bodies, "meetings": meetings, "votes": votes}
