"""What a member finds of the platforms in the member search
(``community.search``): posts and threads of the forums they may read, their
platforms' meetings and actions, and opinions (the platforms' documents).
Each queryset is the query form of the predicate the page asks
(``rules.py``), built from the same access rows; tests/community/test_search.py
checks that every row found passes the page's perm."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.predicates import is_staff_member
from community.search import SearchKind, register_searchable

from .models import ActionItem, Forum, Meeting, Opinion, Post, Thread
from .predicates import platform_roles_of
from .selectors import forums_for


def readable_forums(user) -> QuerySet[Forum]:
    """``platform_forums.read_forum``: can_read_forum (``forums_for``) | is_staff_member.
    Built once per request (kept on the user object, as ``events.predicates._profile``
    does): threads and posts both ask it, and building it is most of their cost."""
    cached = getattr(user, "_search_readable_forums", None)
    if cached is None:
        cached = Forum.objects.all() if is_staff_member(user) else forums_for(user)
        user._search_readable_forums = cached
    return cached


def members_space_platform_ids(user) -> list[int] | None:
    """``platform_forums.view_members_space``: is_member_of_platform |
    is_staff_member (None: every platform)."""
    return None if is_staff_member(user) else list(platform_roles_of(user))


def searchable_posts(user) -> QuerySet[Post]:
    # A post hidden by a moderator is not shown on the thread's page either.
    return Post.objects.filter(thread__forum__in=readable_forums(user).values("pk"), is_hidden=False)


def searchable_threads(user) -> QuerySet[Thread]:
    return Thread.objects.filter(forum__in=readable_forums(user).values("pk"))


def searchable_meetings(user) -> QuerySet[Meeting]:
    platforms = members_space_platform_ids(user)
    meetings = Meeting.objects.all()
    return meetings if platforms is None else meetings.filter(platform_id__in=platforms)


def searchable_actions(user) -> QuerySet[ActionItem]:
    platforms = members_space_platform_ids(user)
    actions = ActionItem.objects.all()
    return actions if platforms is None else actions.filter(meeting__platform_id__in=platforms)


def searchable_opinions(user) -> QuerySet[Opinion]:
    """The opinion's page: a published opinion is public, a draft is for
    ``platform_forums.read_opinion_draft`` (its platform's members, staff)."""
    if is_staff_member(user):
        return Opinion.objects.all()
    return Opinion.objects.filter(Q(status=Opinion.Status.PUBLISHED) | Q(platform_id__in=list(platform_roles_of(user))))


def register() -> None:
    register_searchable(SearchKind(
        code="platform_forums.thread", label=_("Forum thread"), visible=searchable_threads, model=Thread,
        title="title", date="last_post_at", order=10,
        url=lambda pk, extra: reverse("platform_forums:thread", args=[pk]),
    ))
    register_searchable(SearchKind(
        # The post is found by its words; the thread's title names it.
        code="platform_forums.post", label=_("Forum post"), visible=searchable_posts, model=Post,
        title="thread__title", search_title=False, text=("body_html",), html=("body_html",), date="created_at",
        url_field="thread_id", order=11,
        url=lambda pk, thread_id: reverse("platform_forums:thread", args=[thread_id]) + f"#post-{pk}",
    ))
    register_searchable(SearchKind(
        code="platform_forums.meeting", label=_("Platform meeting"), visible=searchable_meetings, model=Meeting,
        title="title", text=("place",), date="starts_at", order=30,
        url=lambda pk, extra: reverse("platform_forums:meeting", args=[pk]),
    ))
    register_searchable(SearchKind(
        code="platform_forums.action", label=_("Platform action"), visible=searchable_actions, model=ActionItem,
        title="description", text=("progress_note",), date="due_on", url_field="meeting_id", order=31,
        url=lambda pk, meeting_id: reverse("platform_forums:meeting", args=[meeting_id]),
    ))
    register_searchable(SearchKind(
        code="platform_forums.opinion", label=_("Platform opinion"), visible=searchable_opinions, model=Opinion,
        title="title", text=("body_html",), html=("body_html",), date="updated_at", order=32,
        url=lambda pk, extra: reverse("platform_forums:opinion", args=[pk]),
    ))
