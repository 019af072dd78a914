"""People of the CLT: accounts, households, organisations, roles, colleges,
plus the two mechanisms every app shares: notifications and the audit log.

One module per use (STYLE.md: split by use case); every model is imported
here, as Django and the code expect (``community.models.User``)."""

from .gatherings import Convocation, Gathering, MeetingReply, Registration
from .homes import BankAccount, Dwelling, Household, HouseholdMember, HousingProject
from .household_changes import HouseholdChange
from .notices import AuditEvent, Notification, NotificationPreference
from .partners import ApiCall, PartnerToken
from .people import (
    College,
    Invitation,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    Role,
    RoleAssignment,
    User,
    UserManager,
)

__all__ = [
    "ApiCall",
    "AuditEvent",
    "BankAccount",
    "College",
    "Convocation",
    "Dwelling",
    "Gathering",
    "Household",
    "HouseholdChange",
    "HouseholdMember",
    "HousingProject",
    "Invitation",
    "MeetingReply",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "OrganisationKind",
    "OrganisationMembership",
    "PartnerToken",
    "Registration",
    "Role",
    "RoleAssignment",
    "User",
    "UserManager",
]
