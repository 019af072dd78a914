"""Reads of the community app, each with its joins chosen once."""

from django.db.models import Prefetch, QuerySet

from community.models import (
    Household,
    HouseholdMember,
    Notification,
    OrganisationMembership,
    RoleAssignment,
    User,
)


def current_household(user: User) -> Household | None:
    membership = (
        HouseholdMember.objects.filter(user=user, until__isnull=True)
        .select_related("household", "household__housing_project")
        .prefetch_related(
            Prefetch(
                "household__members",
                queryset=HouseholdMember.objects.filter(until__isnull=True).select_related("user"),
                to_attr="current_members",
            )
        )
        .first()
    )
    return membership.household if membership else None


def organisation_memberships(user: User) -> QuerySet[OrganisationMembership]:
    return OrganisationMembership.objects.filter(user=user).select_related(
        "organisation", "organisation__college"
    )


def active_roles(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user, ended_at__isnull=True).select_related("organisation")


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)
