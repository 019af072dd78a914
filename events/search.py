"""What a member finds of the rooms and activities in the member search
(``community.search``). The querysets are the query form of the pages' rules:
room pages are open to all; an activity follows ``events.view_activity``
(``predicates.sees_activity``)."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.search import SearchKind, register_searchable

from .models import Activity, Room
from .predicates import _profile


def searchable_rooms(user) -> QuerySet[Room]:
    return Room.objects.all()  # events.views.room_detail: every room's page is open


def searchable_activities(user) -> QuerySet[Activity]:
    """sees_activity: public, or the person has an audience for its room
    (``audiences_for``: staff and anyone in an organisation have one for
    every room; residents for their project's rooms; the room's manager)."""
    projects, organisations, is_staff = _profile(user)
    if is_staff or organisations:
        return Activity.objects.all()
    return Activity.objects.filter(
        Q(is_public=True) | Q(booking__room__manager_id=user.pk) | Q(booking__room__housing_project_id__in=list(projects))
    )


def register() -> None:
    register_searchable(SearchKind(
        code="events.room", label=_("Community room"), visible=searchable_rooms, model=Room,
        title="name", text=("description", "equipment", "accessibility", "house_rules"), url_field="slug", order=50,
        url=lambda pk, slug: reverse("events:room", args=[slug]),
    ))
    register_searchable(SearchKind(
        code="events.activity", label=_("Activity"), visible=searchable_activities, model=Activity,
        title="title", text=("description",), date="created_at", order=51,
        url=lambda pk, extra: reverse("events:activity", args=[pk]),
    ))
