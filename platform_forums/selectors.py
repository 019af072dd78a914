"""Reads of platforms and forums; joins chosen once here."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q, QuerySet

from community.content_translation.reading import ordered_by_reader_text
from community.models import User
from community.predicates import resident_project_ids

from .models import (
    Forum,
    Platform,
    PlatformMembership,
    Post,
    PostFlag,
    SubCommissionMember,
    Thread,
    ThreadReadMark,
)
from .predicates import platform_roles_of

POSTS_PER_PAGE = 25
THREADS_PER_PAGE = 30


def seats(platform: Platform) -> QuerySet[PlatformMembership]:
    return platform.memberships.filter(
        joined_at__isnull=False, left_at__isnull=True
    ).select_related("organisation")


def pending_requests(platform: Platform) -> QuerySet[PlatformMembership]:
    return platform.memberships.filter(joined_at__isnull=True, left_at__isnull=True).select_related(
        "organisation"
    )


def platforms_of(user: User) -> QuerySet[Platform]:
    return Platform.objects.filter(pk__in=list(platform_roles_of(user)))


def forums_for(user: User) -> QuerySet[Forum]:
    """The forums a person may read: their platforms' and their project's."""
    if getattr(user, "is_superuser", False):
        return Forum.objects.select_related("platform", "housing_project")
    from .predicates import LEADING_ROLES, sub_commissions_of

    roles = platform_roles_of(user)
    led = [pk for pk, held in roles.items() if held & LEADING_ROLES]
    return Forum.objects.filter(
        Q(platform_id__in=list(roles), sub_commission__isnull=True)
        # A sub-commission's forum: its members, and the platform's pilot and secretariat.
        | Q(sub_commission_id__in=list(sub_commissions_of(user)))
        | Q(sub_commission__isnull=False, platform_id__in=led)
        | Q(housing_project_id__in=list(resident_project_ids(user)))
    ).select_related("platform", "housing_project")


def forum_readers(forum: Forum) -> QuerySet[User]:
    """The people who read the forum as its members (can_read_forum, staff
    aside): the ones a post may mention."""
    from .predicates import LEADING_ROLES

    seats = Q(
        organisation_memberships__organisation__platform_memberships__platform_id=forum.platform_id,
        organisation_memberships__organisation__platform_memberships__left_at__isnull=True,
        organisation_memberships__organisation__platform_memberships__joined_at__isnull=False,
    )
    if forum.sub_commission_id:
        who = Q(sub_commission_seats__sub_commission_id=forum.sub_commission_id,
                sub_commission_seats__left_at__isnull=True) | (
            seats & Q(organisation_memberships__organisation__platform_memberships__role__in=list(LEADING_ROLES))
        )
    elif forum.platform_id:
        who = seats
    else:
        who = Q(household_memberships__household__housing_project_id=forum.housing_project_id,
                household_memberships__until__isnull=True)
    return User.objects.filter(who, is_active=True).distinct().order_by("first_name", "last_name", "pk")


MENTION_SUGGESTIONS = 8


def mention_suggestions(forum: Forum, query: str) -> list[str]:
    """Up to eight readers' names starting (first or last name, or the whole
    name) with ``query``: names only, never an address."""
    query = " ".join(query.split())[:60]
    if len(query) < 1:
        return []
    head, _space, tail = query.partition(" ")
    match = Q(first_name__istartswith=query) | Q(last_name__istartswith=query)
    if tail:
        match |= Q(first_name__iexact=head, last_name__istartswith=tail)
    people = forum_readers(forum).filter(match).exclude(first_name="", last_name="")
    return [person.display_name for person in people[:MENTION_SUGGESTIONS]]


def thread_page(
    forum: Forum, user: User, *, page: int | str = 1, query: str = ""
) -> tuple[Page, set[int]]:
    """A page of the forum's threads (pinned first) and which of them have
    posts the person has not read. Two queries plus the count, whatever the size."""
    threads = forum.threads.select_related("author")
    query = query.strip()
    if query:
        threads = threads.filter(
            Q(title__icontains=query) | Q(posts__body_html__icontains=query, posts__is_hidden=False)
        ).distinct()
    page_obj = Paginator(threads, THREADS_PER_PAGE).get_page(page)
    unread = set()
    if user.is_authenticated:
        marks = dict(
            ThreadReadMark.objects.filter(
                user=user, thread__in=[t.pk for t in page_obj]
            ).values_list("thread_id", "read_at")
        )
        unread = {t.pk for t in page_obj if t.pk not in marks or marks[t.pk] < t.last_post_at}
    return page_obj, unread


def post_page(thread: Thread, *, page: int | str = 1) -> Page:
    """One page of a thread: a count and one query, whatever the thread's length."""
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author")
        .prefetch_related("attachments")
    )
    return Paginator(posts, POSTS_PER_PAGE).get_page(page)


def moderation_queue(user: User) -> QuerySet[PostFlag]:
    """Open flags in the forums the person moderates (staff: all)."""
    flags = PostFlag.objects.filter(resolved_at__isnull=True).select_related(
        "post__author", "post__thread__forum", "flagged_by"
    )
    if user.has_perm("platform_forums.moderate_all"):
        return flags
    from .predicates import LEADING_ROLES

    led = [pk for pk, roles in platform_roles_of(user).items() if roles & LEADING_ROLES]
    return flags.filter(post__thread__forum__platform_id__in=led)


def meetings_of(platform: Platform):
    return platform.meetings.all()


def meeting_detail(meeting_id: int):
    from .models import Meeting

    return (
        Meeting.objects.select_related("platform")
        .prefetch_related("agenda_items__proposed_by", "actions__owner")
        .get(pk=meeting_id)
    )


def open_actions_of(user: User):
    """Actions owned by the person's organisations and not done yet."""
    from .models import ActionItem

    return (
        ActionItem.objects.filter(owner__memberships__user=user, done_at__isnull=True)
        .select_related("owner", "meeting__platform")
        .distinct()
    )


def task_sharing(platform: Platform, *, days: int = 365) -> list[dict]:
    """Per member organisation over the last year: actions owned, convocations
    sent and minutes written (from the audit log, by the writer's
    organisation). Five queries whatever the history."""
    import datetime

    from django.db.models import Count
    from django.utils import timezone

    from community.models import AuditEvent, OrganisationMembership

    from .models import ActionItem

    since = timezone.now() - datetime.timedelta(days=days)
    seat_list = list(seats(platform))
    rows = {
        s.organisation_id: {
            "organisation": s.organisation,
            "actions": 0,
            "convocations": 0,
            "minutes": 0,
        }
        for s in seat_list
    }
    for owner_id, n in (
        ActionItem.objects.filter(meeting__platform=platform, meeting__starts_at__gte=since)
        .values_list("owner_id")
        .annotate(n=Count("pk"))
    ):
        if owner_id in rows:
            rows[owner_id]["actions"] = n
    meeting_ids = [
        str(pk)
        for pk in platform.meetings.filter(starts_at__gte=since).values_list("pk", flat=True)
    ]
    events = (
        AuditEvent.objects.filter(created_at__gte=since)
        .filter(
            models.Q(action="platform.meetings_convened", target_id=str(platform.pk))
            | models.Q(action="platform.minutes_recorded", target_id__in=meeting_ids)
        )
        .values_list("action", "actor_id", "data")
    )
    events = list(events)
    actor_orgs: dict[int, list[int]] = {}
    for user_id, organisation_id in OrganisationMembership.objects.filter(
        user_id__in={a for _, a, _ in events if a}, organisation_id__in=list(rows)
    ).values_list("user_id", "organisation_id"):
        actor_orgs.setdefault(user_id, []).append(organisation_id)
    for action, actor_id, data in events:
        key = "convocations" if action == "platform.meetings_convened" else "minutes"
        amount = (data or {}).get("count", 1) if key == "convocations" else 1
        for organisation_id in actor_orgs.get(actor_id, []):
            rows[organisation_id][key] += amount
    result = sorted(
        rows.values(),
        key=lambda r: (-(r["actions"] + r["convocations"] + r["minutes"]), r["organisation"].name),
    )
    for row in result:
        row["total"] = row["actions"] + row["convocations"] + row["minutes"]
    return result


def sub_commissions(platform: Platform):
    """The platform's working groups with their current number of members."""
    from .models import SubCommission

    return SubCommission.objects.filter(platform=platform).annotate(
        member_count=models.Count("members", filter=Q(members__left_at__isnull=True))
    )


def sub_commission_detail(platform: Platform, slug: str):
    from .models import SubCommission

    return (
        SubCommission.objects.select_related("platform", "forum")
        .prefetch_related(
            models.Prefetch(
                "members",
                queryset=SubCommissionMember.objects.filter(left_at__isnull=True).select_related(
                    "user"
                ),
                to_attr="current_members",
            )
        )
        .get(platform=platform, slug=slug)
    )


def published_opinions(platform: Platform):
    """Published opinions with their follow-ups: two queries whatever their number."""
    from .models import Opinion

    return platform.opinions.filter(status=Opinion.Status.PUBLISHED).prefetch_related(
        "follow_ups"
    )


def draft_opinions(platform: Platform):
    from .models import Opinion

    return platform.opinions.filter(status=Opinion.Status.DRAFT).select_related("created_by")


def opinion_detail(opinion_id: int):
    from .models import Opinion

    return (
        Opinion.objects.select_related("platform", "created_by", "approved_by", "approved_in")
        .prefetch_related("follow_ups", "comments__author", "revisions__author")
        .get(pk=opinion_id)
    )


def practice_search(platform: Platform, user: User, *, theme: str = "", query: str = ""):
    """The catalogue as the person may see it (members: all; others: the public
    part), filtered by theme and by words in the title, summary, place or text."""
    practices = platform.practices.all()
    if not (
        platform.pk in platform_roles_of(user) or user.has_perm("platform_forums.moderate_all")
    ):
        practices = practices.filter(is_public=True)
    themes = sorted(set(practices.values_list("theme", flat=True)), key=str.casefold)
    if theme:
        practices = practices.filter(theme=theme)
    for word in query.split()[:8]:
        # A word matches the text in any of its languages (the original or a translation).
        in_texts = Q(place__icontains=word) | Q(theme__icontains=word)
        for field in ("title", "summary", "body_html"):
            for language, _name in settings.LANGUAGES:
                in_texts |= Q(**{f"{field}_{language}__icontains": word})
        practices = practices.filter(in_texts)
    # By theme, then by title as the reader reads it (not the French column's order).
    return ordered_by_reader_text(practices, "theme", "title"), themes


def sub_commissions_of_person(user: User):
    """The working groups the person sits in now (their platform seat still open)."""
    from .models import SubCommission
    from .predicates import sub_commissions_of

    return SubCommission.objects.filter(pk__in=list(sub_commissions_of(user))).select_related(
        "platform"
    )
