"""What governance asks of a member now, for the top of My space: an online
vote open that they have not cast, a convocation they have not answered."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.together import Branch

from community.models import MeetingReply
from community.myspace import Need

from . import selectors
from .models import Meeting, Participation, Question
from .predicates import _body_ids

LIMIT = 5


def branches(request) -> list:
    user = request.user
    # The bodies come with the request's access rows: no query for whom sits in none.
    if not _body_ids(user):
        return []
    now = timezone.now()
    not_cast = ~Exists(Participation.objects.filter(question=OuterRef("pk"), member=user))
    # The meeting core's row is made at the first reply: none yet, nobody answered.
    not_answered = ~Exists(MeetingReply.objects.filter(convocation=OuterRef("convocation_id"), user=user, lapsed_at__isnull=True))
    return [
        Branch(selectors.online_votes_for(user).filter(not_cast, status=Question.Status.OPEN, closes_at__gt=now)
               .order_by("closes_at", "pk"), ("title", "closes_at", "original_language"), limit=LIMIT),
        Branch(selectors.meetings_for(user).filter(not_answered, status=Meeting.Status.CONVENED, starts_at__gt=now)
               .order_by("starts_at", "pk"), ("title", "starts_at", "original_language"), limit=LIMIT),
    ]


def needs(request, rows) -> list[Need]:
    votes, meetings = rows
    return [
        Need(title=_("Vote: %(title)s") % {"title": question.title}, action=_("Vote"),
             url=reverse("governance:question", args=[question.pk]), due=question.closes_at)
        for question in votes
    ] + [
        Need(title=_("Will you come to %(title)s?") % {"title": meeting.title}, action=_("Reply to the convocation"),
             url=reverse("governance:meeting", args=[meeting.pk]), due=meeting.starts_at)
        for meeting in meetings
    ]
