"""Who may do what in platforms and forums: named predicates, written once."""

import rules

from community.predicates import is_staff_member, resident_project_ids

from .models import PlatformMembership, PlatformRole

LEADING_ROLES = frozenset({PlatformRole.PILOT, PlatformRole.SECRETARIAT})


def platform_roles_of(user) -> dict[int, frozenset[str]]:
    """platform id → the roles of the person's organisations with a seat there
    now (a seat that ended gives nothing). One query, cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_socle_platform_roles", None)
    if cached is None:
        roles: dict[int, set[str]] = {}
        for platform_id, role in PlatformMembership.objects.filter(
            left_at__isnull=True, joined_at__isnull=False, organisation__memberships__user=user
        ).values_list("platform_id", "role"):
            roles.setdefault(platform_id, set()).add(role)
        cached = {pk: frozenset(r) for pk, r in roles.items()}
        user._socle_platform_roles = cached
    return cached


@rules.predicate
def is_member_of_platform(user, platform) -> bool:
    return platform is not None and platform.pk in platform_roles_of(user)


@rules.predicate
def leads_platform(user, platform) -> bool:
    return platform is not None and bool(
        platform_roles_of(user).get(platform.pk, frozenset()) & LEADING_ROLES
    )


@rules.predicate
def can_read_forum(user, forum) -> bool:
    if forum is None:
        return False
    if forum.platform_id:
        return forum.platform_id in platform_roles_of(user)
    return forum.housing_project_id in resident_project_ids(user)


@rules.predicate
def moderates_forum(user, forum) -> bool:
    # A platform's forums are moderated by its pilot and secretariat; a
    # residents' forum by the CLT staff (is_staff_member, composed in rules.py).
    if forum is None or not forum.platform_id:
        return False
    return bool(platform_roles_of(user).get(forum.platform_id, frozenset()) & LEADING_ROLES)


@rules.predicate
def is_post_author(user, post) -> bool:
    return (
        post is not None
        and post.author_id is not None
        and post.author_id == getattr(user, "pk", None)
    )


@rules.predicate
def can_read_post_forum(user, post) -> bool:
    return post is not None and can_read_forum(user, post.thread.forum)


@rules.predicate
def moderates_post_forum(user, post) -> bool:
    return post is not None and (moderates_forum(user, post.thread.forum) or is_staff_member(user))


@rules.predicate
def is_platform_pilot(user, platform) -> bool:
    return platform is not None and PlatformRole.PILOT in platform_roles_of(user).get(
        platform.pk, frozenset()
    )


@rules.predicate
def belongs_to_action_owner(user, action) -> bool:
    return (
        action is not None
        and getattr(user, "is_authenticated", False)
        and (action.owner.memberships.filter(user=user).exists())
    )


@rules.predicate
def leads_action_platform(user, action) -> bool:
    return action is not None and leads_platform(user, action.meeting.platform)
