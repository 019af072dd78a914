"""Reads of the community app, each with its joins chosen once."""

from django.db.models import QuerySet

from community.models import (
    Household,
    HouseholdMember,
    Notification,
    OrganisationMembership,
    Registration,
    RoleAssignment,
    User,
)


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
