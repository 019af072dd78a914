"""What a member finds of the assemblies in the member search
(``community.search``): meetings and questions (motions) of the bodies they
sit in, never a draft. The query form of ``governance.view_meeting`` and
``governance.view_question`` for a member (sits_in_body & meeting_is_visible /
question_is_visible), from the same access rows."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.search import SearchKind, register_searchable

from .models import Meeting, Question
from .predicates import _body_ids


def searchable_meetings(user) -> QuerySet[Meeting]:
    # meeting_is_visible: convened at some point (a draft, or a draft cancelled
    # before its convocation, stays with those who prepare it).
    return (
        Meeting.objects.filter(body_id__in=list(_body_ids(user)))
        .exclude(status=Meeting.Status.DRAFT)
        .exclude(status=Meeting.Status.CANCELLED, convened_at__isnull=True)
    )


def searchable_questions(user) -> QuerySet[Question]:
    return Question.objects.filter(body_id__in=list(_body_ids(user))).exclude(status=Question.Status.DRAFT)


def register() -> None:
    register_searchable(SearchKind(
        code="governance.meeting", label=_("Assembly meeting"), visible=searchable_meetings, model=Meeting,
        title="title", text=("description",), html=("description",), date="starts_at", order=20,
        url=lambda pk, extra: reverse("governance:meeting", args=[pk]),
    ))
    register_searchable(SearchKind(
        code="governance.question", label=_("Motion or question"), visible=searchable_questions, model=Question,
        title="title", text=("description",), html=("description",), date="closes_at", order=21,
        url=lambda pk, extra: reverse("governance:question", args=[pk]),
    ))
