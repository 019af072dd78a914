"""Members the staff manage in the portal: people without an e-mail address,
written to at their household's postal address (convocations by post).

Such a member has an account with no e-mail and an unusable password: they
cannot log in, Socle never e-mails them, and they take part like everyone
else (households, roles, the general assembly, attendance, paper proxies)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from community.exceptions import CommunityError
from community.models import College, Household, HouseholdMember, Role, User
from community.services.audit import record_audit
from community.services.dwellings import move_household
from community.services.roles import assign_role

PERM = "community.manage_people"
# Roles a member without e-mail may hold: none that opens an administration or needs an organisation.
PAPER_ROLES = (Role.RESIDENT, Role.CANDIDATE, Role.COOWNER, Role.PLATFORM_MEMBER)


@dataclass(frozen=True)
class PostalAddress:
    street: str
    postal_code: str
    municipality: str
    country: str = ""

    def is_complete(self) -> bool:
        return bool(self.street.strip() and self.postal_code.strip() and self.municipality.strip())


def remember_chosen_language(*, user: User, language: str) -> None:
    """A member chose another language (community.middleware): their e-mails
    follow it. An unknown code changes nothing."""
    if language in dict(User._meta.get_field("language").choices) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def _require(acting_user: User) -> None:
    if acting_user is None or not acting_user.has_perm(PERM):
        raise CommunityError(_("Only the staff create and manage members without an e-mail address."))


def create_member_without_email(
    *, acting_user: User, first_name: str, last_name: str, language: str = "", phone: str = "",
    household: Household | None = None, address: PostalAddress | None = None, roles: Iterable[str] = (),
) -> User:
    """A member with no e-mail address, living in ``household`` (an existing one)
    or in a new household of their own at ``address``; they hold ``roles``."""
    _require(acting_user)
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not first_name or not last_name:
        raise CommunityError(_("Give the member's first and last name."))
    if household is None and (address is None or not address.is_complete()):
        raise CommunityError(_(
            "Without an e-mail address, letters go to the member's home: choose their household or give their street, postal code and municipality."
        ))
    roles = list(dict.fromkeys(roles))
    if any(role not in PAPER_ROLES for role in roles):
        raise CommunityError(_("A member without an e-mail address cannot hold this role."))
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with transaction.atomic():
        user = User.objects.create_user(
            None, first_name=first_name, last_name=last_name, language=language, phone=(phone or "").strip()
        )
        if household is None:
            household = Household.objects.create(name=f"{first_name} {last_name}")
            move_household(household=household, address=address.street.strip(), postal_code=address.postal_code.strip(),
                           municipality=address.municipality.strip(), country=address.country.strip(),
                           housing_project=None)
        HouseholdMember.objects.create(household=household, user=user, full_name=user.get_full_name())
        for role in roles:
            assign_role(user=user, role=role, acting_user=acting_user)
        _seat_in_general_assembly(user, acting_user)
        record_audit(actor=acting_user, action="community.member_without_email.created", target=user,
                     household=household.pk, roles=roles)
    return user


def _seat_in_general_assembly(user: User, acting_user: User) -> None:
    """A resident or candidate sits in the general assembly from today, in their
    college (DOMAIN.md §2), as the assembly's sync would seat them."""
    from community.governance.models import Body
    from community.governance.services import bodies

    assembly = Body.objects.filter(kind=Body.Kind.GENERAL_ASSEMBLY).order_by("pk").first()
    wanted = bodies.general_assembly_colleges()
    if assembly is None or user.pk not in wanted:
        return
    college = College.objects.filter(pk=wanted[user.pk]).first()
    bodies.add_member(body=assembly, user=user, acting_user=acting_user, college=college)


def update_member_without_email(
    *, acting_user: User, member: User, first_name: str, last_name: str, language: str, phone: str,
    address: PostalAddress,
) -> User:
    """Correct a member's name, language, phone and their household's postal address."""
    _require(acting_user)
    if member.has_email:
        raise CommunityError(_("This member has an e-mail address and manages their own profile."))
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not first_name or not last_name:
        raise CommunityError(_("Give the member's first and last name."))
    if not address.is_complete():
        raise CommunityError(_("Give the street, postal code and municipality: letters go to this address."))
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        member.first_name, member.last_name, member.phone = first_name, last_name, (phone or "").strip()
        if language in dict(settings.LANGUAGES):
            member.language = language
        member.save(update_fields=["first_name", "last_name", "phone", "language"])
        household = postal_household(member)
        if household is None:
            household = Household.objects.create(name=f"{first_name} {last_name}")
            HouseholdMember.objects.create(household=household, user=member, full_name=member.get_full_name())
        move_household(household=household, address=address.street.strip(), postal_code=address.postal_code.strip(),
                       municipality=address.municipality.strip(), country=address.country.strip(),
                       housing_project=household.housing_project)
        record_audit(actor=acting_user, action="community.member_without_email.updated", target=member)
    return member


def postal_household(user: User) -> Household | None:
    """The household whose address is the person's postal address: their current one."""
    member = (
        HouseholdMember.objects.filter(user=user, until__isnull=True).select_related("household").first()
    )
    return member.household if member else None
