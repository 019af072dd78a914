"""Who may do what in platforms and forums: named predicates, written once."""

import rules

from community.access import access_of
from community.predicates import is_staff_member, resident_project_ids

from .models import PlatformMembership, PlatformRole, SubCommissionMember

LEADING_ROLES = frozenset({PlatformRole.PILOT, PlatformRole.SECRETARIAT})


def platform_roles_of(user) -> dict[int, frozenset[str]]:
    """platform id → the roles of the person's organisations with a seat there
    now (a seat that ended gives nothing). Read with the member's access rows."""
    if not getattr(user, "is_authenticated", False):
        return {}
    roles: dict[int, set[str]] = {}
    for platform_id, role in access_of(user).rows("platform_forums.platform_roles"):
        roles.setdefault(platform_id, set()).add(role)
    return {pk: frozenset(r) for pk, r in roles.items()}


def sub_commissions_of(user) -> dict[int, bool]:
    """sub-commission id → is the person its coordinator, for the places they
    hold now in sub-commissions of platforms they still belong to. Read with
    the member's access rows."""
    if not getattr(user, "is_authenticated", False):
        return {}
    platforms = platform_roles_of(user)
    return {
        pk: coordinator == "1"
        for pk, platform_id, coordinator in access_of(user).rows("platform_forums.sub_commissions")
        if platform_id in platforms
    }


def platform_roles_source(user):
    """The seats held now by the person's organisations (an access source)."""
    return PlatformMembership.objects.filter(
        left_at__isnull=True, joined_at__isnull=False, organisation__memberships__user=user
    )


def sub_commissions_source(user):
    """The person's current places in sub-commissions (an access source)."""
    return SubCommissionMember.objects.filter(user=user, left_at__isnull=True)


@rules.predicate
def is_member_of_platform(user, platform) -> bool:
    return platform is not None and platform.pk in platform_roles_of(user)


@rules.predicate
def leads_platform(user, platform) -> bool:
    return platform is not None and bool(
        platform_roles_of(user).get(platform.pk, frozenset()) & LEADING_ROLES
    )


@rules.predicate
def is_sub_commission_member(user, sub_commission) -> bool:
    return sub_commission is not None and sub_commission.pk in sub_commissions_of(user)


@rules.predicate
def leads_sub_commission(user, sub_commission) -> bool:
    """Its coordinator, or the platform's pilot and secretariat."""
    if sub_commission is None:
        return False
    return bool(sub_commissions_of(user).get(sub_commission.pk)) or bool(
        platform_roles_of(user).get(sub_commission.platform_id, frozenset()) & LEADING_ROLES
    )


@rules.predicate
def takes_part_in_meeting(user, meeting) -> bool:
    """A sub-commission's meeting is for its members; a plenary for the platform's."""
    if meeting is None:
        return False
    if meeting.sub_commission_id:
        return meeting.sub_commission_id in sub_commissions_of(user)
    return meeting.platform_id in platform_roles_of(user)


@rules.predicate
def leads_meeting(user, meeting) -> bool:
    if meeting is None:
        return False
    if meeting.sub_commission_id:
        return leads_sub_commission(user, meeting.sub_commission)
    return leads_platform(user, meeting.platform)


@rules.predicate
def can_read_forum(user, forum) -> bool:
    if forum is None:
        return False
    if forum.sub_commission_id:
        # A working group's forum: its members, and the platform's pilot and secretariat.
        return forum.sub_commission_id in sub_commissions_of(user) or bool(
            platform_roles_of(user).get(forum.platform_id, frozenset()) & LEADING_ROLES
        )
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


@rules.predicate
def is_member_of_opinion_platform(user, opinion) -> bool:
    return opinion is not None and opinion.platform_id in platform_roles_of(user)


@rules.predicate
def leads_opinion_platform(user, opinion) -> bool:
    return opinion is not None and bool(
        platform_roles_of(user).get(opinion.platform_id, frozenset()) & LEADING_ROLES
    )


@rules.predicate
def is_draft(user, opinion) -> bool:
    return opinion is not None and not opinion.is_published


@rules.predicate
def is_public_practice(user, practice) -> bool:
    return practice is not None and practice.is_public


@rules.predicate
def is_member_of_practice_platform(user, practice) -> bool:
    return practice is not None and practice.platform_id in platform_roles_of(user)


@rules.predicate
def added_practice(user, practice) -> bool:
    return practice is not None and practice.created_by_id == getattr(user, "pk", None)


@rules.predicate
def leads_practice_platform(user, practice) -> bool:
    return practice is not None and bool(
        platform_roles_of(user).get(practice.platform_id, frozenset()) & LEADING_ROLES
    )


@rules.predicate
def can_read_attachment(user, attachment) -> bool:
    """Whoever may read the forum; a hidden post's files only for its moderators."""
    if attachment is None:
        return False
    post = attachment.post
    if not (can_read_forum(user, post.thread.forum) or is_staff_member(user)):
        return False
    return not post.is_hidden or moderates_post_forum(user, post)
