"""Demo people, built through the services. Deterministic and safe to run twice.

Every app's demo registers here when the app loads (``register_demo``), so
``load_demo`` knows no feature (STYLE 18). Stages order them: people first,
then the content and the bodies they sit in, then what the features build on
those, then the records that describe all of it."""

import enum
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import import_module

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from community.models import (
    College,
    Household,
    HouseholdMember,
    HousingProject,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    Role,
    RoleAssignment,
    User,
)
from community.services.audit import dated
from community.services.dwellings import dwelling_address, dwelling_for, move_household, move_in
from community.services.roles import assign_role

DEMO_PASSWORD = "socle-demo-2026"


class Stage(enum.IntEnum):
    PEOPLE = 1  # accounts, households, organisations, housing projects
    CONTENT = 2  # the public website's pages
    BODIES = 3  # assemblies, colleges' bodies, their meetings and votes
    FEATURES = 4  # the register, rooms, co-ownerships, platforms
    RECORDS = 5  # what describes the rest: consents, requests, access logs


@dataclass(frozen=True)
class Demo:
    module: str
    stage: Stage

    def load(self, out) -> None:
        # Imported only when the demo is loaded: serving processes never pay for it.
        import_module(self.module).load(out)


_demos: list[Demo] = []


# The story's first day: the trust opens its register and its first accounts.
REGISTER_OPENED = date(2019, 1, 14)


def _moved_in_on(email: str) -> date | None:
    for _name, home, account_email, _others in HOUSEHOLDS:
        if account_email == email and home[0] in DELIVERED:
            return DELIVERED[home[0]]
    return None


def story_moment(day: date | datetime, hour: int = 12) -> datetime:
    """When a step of the story took place (``day`` at ``hour`` in Brussels,
    never later than now): what ``community.services.audit.dated`` stamps on
    the audit rows of that step, so that the log reads as the story does."""
    moment = day if isinstance(day, datetime) else timezone.make_aware(datetime.combine(day, time(hour)))
    return min(moment, timezone.now())


def register_demo(module: str, stage: Stage) -> None:
    """``module`` has ``load(out)``, which builds the app's demo through its
    services and is safe to run twice."""
    if all(demo.module != module for demo in _demos):
        _demos.append(Demo(module, stage))


def registered_demos() -> list[Demo]:
    """In stage order, then in the order the apps loaded (INSTALLED_APPS)."""
    return sorted(_demos, key=lambda demo: demo.stage)

COLLEGES = [
    (
        "residents",
        1,
        {"fr": "Habitants", "nl": "Bewoners", "en": "Residents"},
        {
            "fr": "Les habitants et les candidats-propriétaires.",
            "nl": "De bewoners en de kandidaat-eigenaars.",
            "en": "Residents and candidate owners.",
        },
    ),
    (
        "civil_society",
        2,
        {"fr": "Société civile", "nl": "Middenveld", "en": "Civil society"},
        {
            "fr": "Les associations partenaires et les citoyens engagés.",
            "nl": "De partnerverenigingen en geëngageerde burgers.",
            "en": "Partner associations and committed citizens.",
        },
    ),
    (
        "public_authorities",
        3,
        {"fr": "Pouvoirs publics", "nl": "Overheden", "en": "Public authorities"},
        {
            "fr": "La Région et les pouvoirs locaux.",
            "nl": "Het Gewest en de lokale overheden.",
            "en": "The Region and local authorities.",
        },
    ),
]

ORGANISATIONS = [
    ("Entraide Cureghem", OrganisationKind.ASSOCIATION, "Anderlecht", "civil_society"),
    ("Maison de quartier Vandenpeereboom", OrganisationKind.ASSOCIATION, "Molenbeek-Saint-Jean", "civil_society"),
    ("Collectif Calico", OrganisationKind.CITIZEN_COLLECTIVE, "Forest", "civil_society"),
    ("Commune de Molenbeek-Saint-Jean", OrganisationKind.MUNICIPALITY, "Molenbeek-Saint-Jean", "public_authorities"),
    ("CPAS de Forest", OrganisationKind.SOCIAL_WELFARE_CENTRE, "Forest", "public_authorities"),
    ("Agence immobilière sociale Ouest", OrganisationKind.SOCIAL_RENTAL_AGENCY, "Anderlecht", "civil_society"),
    ("Région de Bruxelles-Capitale", OrganisationKind.PUBLIC_AUTHORITY, "Bruxelles", "public_authorities"),
    ("Fonds du Logement bruxellois", OrganisationKind.HOUSING_FUND, "Bruxelles", "public_authorities"),
]

# (e-mail, first name, last name, language, roles, (organisation, position) or None)
ACCOUNTS = [
    ("admin@socle.test", "Ada", "Admin", "fr", [Role.STAFF], None),
    ("staff@socle.test", "Sophie", "Lambert", "fr", [Role.STAFF], None),
    ("editor@socle.test", "Emile", "Verhaegen", "nl", [Role.EDITOR], None),
    ("resident@socle.test", "Fatima", "El Amrani", "fr", [Role.RESIDENT, Role.COOWNER], None),
    ("coowner@socle.test", "Jan", "Peeters", "nl", [Role.RESIDENT, Role.COOWNER], None),
    ("candidate@socle.test", "Mamadou", "Diallo", "fr", [Role.CANDIDATE], None),
    ("partner@socle.test", "Claire", "Dumont", "fr", [Role.ASSOCIATION_PARTNER], ("Entraide Cureghem", "Coordinatrice")),
    ("platform@socle.test", "Nadia", "Benali", "en", [Role.PLATFORM_MEMBER], ("Commune de Molenbeek-Saint-Jean", "Housing officer")),
]

# (slug, name, municipality, address, postal code, status, homes, community spaces)
PROJECTS = [
    ("anderlecht-ancienne-salle-paroissiale", "Ancienne salle paroissiale", "Anderlecht", "Rue de la Clinique 4", "1070", HousingProject.Status.INHABITED, 7, 1),
    ("molenbeek-arc-en-ciel", "Arc-en-Ciel", "Molenbeek-Saint-Jean", "Rue Vandenpeereboom 12", "1080", HousingProject.Status.INHABITED, 32, 1),
    ("forest-calico", "Calico", "Forest", "Rue du Charroi 33", "1190", HousingProject.Status.INHABITED, 34, 1),
    # Being built: the register offers its first homes to the candidates (community.candidates.demo).
    ("molenbeek-rue-du-niveau", "Rue du Niveau", "Molenbeek-Saint-Jean", "Rue du Niveau 15", "1080", HousingProject.Status.WORKS, 12, 1),
]

# The day each project's first residents got their keys: the story's timeline
# starts there (owners' deeds and lots, residents' arrival, the project page's
# "inhabited" milestone); nothing of a project's life comes before it.
DELIVERED = {
    "anderlecht-ancienne-salle-paroissiale": date(2021, 5, 15),
    "molenbeek-arc-en-ciel": date(2021, 3, 15),
    "forest-calico": date(2021, 9, 1),
}

# (household name, (project slug, dwelling) or the address it lives at, account e-mail, other members).
# A household of a project lives in one of its dwellings: its address is the
# dwelling's (community.services.dwellings.move_in). The El Amrani, Nsimba and
# Peeters households own their flats at Arc-en-Ciel (the co-ownership's lots A3,
# A5 and B2 are these dwellings).
HOUSEHOLDS = [
    (
        "Famille El Amrani", ("molenbeek-arc-en-ciel", "A3"), "resident@socle.test",
        [("Youssef El Amrani", "adult"), ("Amina El Amrani", "child"), ("Rayan El Amrani", "child"), ("Lina El Amrani", "child")],
    ),
    ("Famille Peeters", ("molenbeek-arc-en-ciel", "B2"), "coowner@socle.test", [("Marie Peeters", "adult")]),
    ("Ménage Diallo", ("Chaussée de Gand 201", "1080", "Molenbeek-Saint-Jean"), "candidate@socle.test",
     [("Awa Diallo", "adult"), ("Ibrahima Diallo", "child")]),
    ("Famille Kowalski", ("forest-calico", "12"), None, [("Anna Kowalski", "adult"), ("Piotr Kowalski", "adult")]),
    ("Ménage Nsimba", ("molenbeek-arc-en-ciel", "A5"), None, [("Grace Nsimba", "adult"), ("Divine Nsimba", "child")]),
    ("Famille Janssens", ("forest-calico", "21"), None, [("Luc Janssens", "adult"), ("Rita Janssens", "adult")]),
]


@transaction.atomic
def load(out) -> None:
    colleges = {}
    for code, order, names, descriptions in COLLEGES:
        college, _created = College.objects.update_or_create(
            code=code,
            defaults={
                "order": order,
                **{f"name_{lang}": name for lang, name in names.items()},
                **{f"description_{lang}": text for lang, text in descriptions.items()},
            },
        )
        colleges[code] = college

    organisations = {}
    for name, kind, municipality, college_code in ORGANISATIONS:
        organisation, _created = Organisation.objects.update_or_create(
            name=name,
            defaults={"kind": kind, "municipality": municipality, "college": colleges[college_code]},
        )
        organisations[name] = organisation

    admin = None
    for email, first, last, language, roles, affiliation in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, language=language
            )
        if email == "admin@socle.test" and not user.is_superuser:
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        if admin is None:
            admin = user
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        organisation = organisations[affiliation[0]] if affiliation else None
        # Residents hold their roles since they moved in; the others since the trust's register opened.
        with dated(story_moment(_moved_in_on(email) or REGISTER_OPENED)):
            for role in roles:
                assign_role(user=user, role=role, organisation=organisation, acting_user=admin)
        if organisation is not None:
            OrganisationMembership.objects.get_or_create(
                organisation=organisation, user=user, defaults={"position": affiliation[1], "is_contact": True}
            )

    projects = {}
    for slug, name, municipality, address, postal_code, status, homes, spaces in PROJECTS:
        projects[slug], _created = HousingProject.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "municipality": municipality,
                "address": address,
                "postal_code": postal_code,
                "status": status,
                "homes_count": homes,
                "community_spaces_count": spaces,
            },
        )

    for name, home, account_email, others in HOUSEHOLDS:
        household = Household.objects.filter(name=name).first() or Household.objects.create(name=name)
        if home[0] in projects:
            since = DELIVERED[home[0]]
            move_in(household=household, dwelling=dwelling_for(housing_project=projects[home[0]], label=home[1]))
        else:
            since = REGISTER_OPENED
            move_household(household=household, address=home[0], postal_code=home[1], municipality=home[2], housing_project=None)
        if account_email:
            user = User.objects.get(email=account_email)
            # Demo history only: residents and co-owners hold their roles since
            # they moved in, not since the demo was loaded.
            RoleAssignment.objects.filter(user=user, role__in=[Role.RESIDENT, Role.COOWNER], ended_at__isnull=True).update(
                granted_at=timezone.make_aware(datetime.combine(since, time(12)))
            )
            HouseholdMember.objects.get_or_create(
                household=household,
                user=user,
                defaults={"full_name": user.get_full_name(), "relationship": HouseholdMember.Relationship.ADULT, "since": since},
            )
        for full_name, relationship in others:
            HouseholdMember.objects.get_or_create(
                household=household, full_name=full_name, defaults={"relationship": relationship, "since": since}
            )

    _member_without_email(admin, projects)
    _trust_accounts()

    out.write(f"  community: {HousingProject.objects.count()} housing projects, {College.objects.count()} colleges, {Organisation.objects.count()} organisations, "
              f"{Household.objects.count()} households, {User.objects.count()} accounts")


# The trust's own accounts (fictitious Belgian IBANs with valid checksums), for
# the stewardship work to come: through the service, safe to run twice.
TRUST_ACCOUNTS = (
    ("ground_lease", "BE48 0011 2345 6727", "CLT Bruxelles — redevances"),
    ("room_hire", "BE66 3630 0000 0343", "CLT Bruxelles — locations de salles"),
    ("memberships", "BE46 3101 2345 6636", "CLT Bruxelles — cotisations"),
)


def _trust_accounts() -> None:
    from community.services.bank_accounts import set_trust_account

    for purpose, iban, holder in TRUST_ACCOUNTS:
        set_trust_account(acting_user=None, purpose=purpose, iban=iban, holder=holder)


# A resident of the Ancienne salle paroissiale since its first day who has no
# e-mail address nor smartphone: the staff manage her details, she is convened
# to the general assembly by letter and votes in the room.
WITHOUT_EMAIL = ("Georgette", "Vermeulen", "fr", ("anderlecht-ancienne-salle-paroissiale", "3"))


def _member_without_email(admin: User, projects: dict) -> None:
    from community.services.people import PostalAddress, create_member_without_email

    first, last, language, (slug, label) = WITHOUT_EMAIL
    if User.objects.filter(email__isnull=True, first_name=first, last_name=last).exists():
        return
    project = projects[slug]
    dwelling = dwelling_for(housing_project=project, label=label)
    user = create_member_without_email(
        acting_user=admin, first_name=first, last_name=last, language=language, phone="02 521 44 07",
        address=PostalAddress(street=dwelling_address(dwelling), postal_code=project.postal_code,
                              municipality=project.municipality),
        roles=[Role.RESIDENT],
    )
    since = DELIVERED[slug]
    household = user.household_memberships.get().household
    move_in(household=household, dwelling=dwelling)
    HouseholdMember.objects.filter(household=household).update(since=since)
    RoleAssignment.objects.filter(user=user, role=Role.RESIDENT).update(
        granted_at=timezone.make_aware(datetime.combine(since, time(12)))
    )


def accounts_table() -> list[tuple[str, str]]:
    return [(email, ", ".join(str(Role(role).label) for role in roles)) for email, *_rest, roles, _org in ACCOUNTS]
