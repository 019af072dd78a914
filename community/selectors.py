"""Reads of the community app, each with its joins chosen once."""

from collections import Counter
from collections.abc import Iterable

from django.db.models import QuerySet

from community.models import (
    Household,
    HouseholdMember,
    MeetingReply,
    Notification,
    OrganisationMembership,
    Registration,
    RoleAssignment,
    User,
)

UNREAD_SOURCE = "notifications.unread"  # the access source of the header's count (community.apps)


def unread_notifications(user: User) -> int:
    """The header's count of unread notifications, read with the request's
    access rows (no query of its own); ``services.notifications.unread_count``
    asks the database afresh (the live counter's websocket, the JSON poll)."""
    from community.access import access_of

    rows = access_of(user).rows(UNREAD_SOURCE)
    return rows[0][0] if rows else 0


def current_household(user: User) -> Household | None:
    """The person's current household, its project and current members: one
    query (none without a household), the household's id coming from the
    request's access rows."""
    from community.predicates import current_household_ids

    ids = current_household_ids(user)
    if not ids:
        return None
    members = list(
        HouseholdMember.objects.filter(household_id=min(ids), until__isnull=True)
        .select_related("household", "household__housing_project", "user")
    )
    household = members[0].household
    household.current_members = members
    return household


def who_i_am(user: User) -> dict:
    """My space's own part: the person's current household with its project
    and current members, their active roles and their organisations, in one
    query (none when the access rows show none of them)."""
    from socle_site.kernel.together import Branch, read_together

    from community.access import access_of
    from community.predicates import current_household_ids, organisation_ids

    household_ids = current_household_ids(user)
    members, roles, memberships = read_together(
        Branch(
            HouseholdMember.objects.filter(household_id=min(household_ids), until__isnull=True)
            if household_ids else HouseholdMember.objects.none(),
            ("full_name", "relationship", "household__name", "household__address", "household__postal_code",
             "household__municipality", "household__housing_project__name"),
        ),
        Branch(
            RoleAssignment.objects.filter(user=user, ended_at__isnull=True)
            if access_of(user).rows("roles") else RoleAssignment.objects.none(),
            ("role", "granted_at", "organisation__name"),
        ),
        Branch(
            OrganisationMembership.objects.filter(user=user)
            if organisation_ids(user) else OrganisationMembership.objects.none(),
            ("position", "organisation__name", "organisation__kind"),
        ),
    )
    household = members[0].household if members else None
    if household is not None:
        household.current_members = members
    return {"household": household, "roles": roles, "organisation_memberships": memberships}


def organisation_memberships(user: User) -> QuerySet[OrganisationMembership]:
    from community.predicates import organisation_ids

    if not organisation_ids(user):  # known from the access rows: no query
        return OrganisationMembership.objects.none()
    return OrganisationMembership.objects.filter(user=user).select_related(
        "organisation", "organisation__college"
    )


def active_roles(user: User) -> QuerySet[RoleAssignment]:
    from community.access import access_of

    if not access_of(user).rows("roles"):  # known from the access rows: no query
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user=user, ended_at__isnull=True).select_related("organisation")


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def registration_of(user, *, gathering_id: int | None = None, key=None) -> Registration | None:
    """The person's live registration at a gathering (by id, or by the key a
    feature gave it), if any."""
    if (gathering_id is None and key is None) or not getattr(user, "is_authenticated", False):
        return None
    lookup = {"gathering_id": gathering_id} if gathering_id is not None else {"gathering__key": key}
    return (
        Registration.objects.filter(user=user, **lookup)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def members_without_email() -> list[tuple[User, Household | None]]:
    """The members who have no e-mail address, with the household letters go to: two queries."""
    from community.models import HouseholdMember

    people = list(User.objects.filter(email__isnull=True, is_active=True).order_by("last_name", "first_name", "pk"))
    homes = {
        m.user_id: m.household
        for m in HouseholdMember.objects.filter(user__in=people, until__isnull=True).select_related("household")
    }
    return [(person, homes.get(person.pk)) for person in people]


# --- Replies to meetings (the meeting core: assemblies and platform meetings) ---


def replies_to(convocation_id: int | None, *, lapsed: bool = False) -> list[MeetingReply]:
    """The replies to a meeting, by name: those meant (or, ``lapsed``, those
    that lapsed with a cancellation or a new date). No query without a row."""
    if convocation_id is None:
        return []
    return list(
        MeetingReply.objects.filter(convocation_id=convocation_id, lapsed_at__isnull=not lapsed)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__pk")
    )


def reply_of(user, convocation_id: int | None) -> MeetingReply | None:
    """The person's reply to a meeting, meant or lapsed, if any."""
    if convocation_id is None or not getattr(user, "is_authenticated", False):
        return None
    return MeetingReply.objects.filter(convocation_id=convocation_id, user=user).first()


def replies_of(user, convocation_ids: Iterable[int | None]) -> dict[int, MeetingReply]:
    """The person's meant replies to several meetings, by meeting: one query."""
    ids = [pk for pk in convocation_ids if pk is not None]
    if not ids or not getattr(user, "is_authenticated", False):
        return {}
    return {
        r.convocation_id: r
        for r in MeetingReply.objects.filter(convocation_id__in=ids, user=user, lapsed_at__isnull=True)
    }


def reply_counts(replies: Iterable[MeetingReply]) -> dict[str, int]:
    """How many gave each answer, in the answers' order (no query: from the
    replies read once)."""
    counted = Counter(r.answer for r in replies)
    return {answer: counted[answer] for answer in MeetingReply.Answer.values if counted[answer]}
