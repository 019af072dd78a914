"""The base's imports (issue 23): members and their households, organisations
with their representatives, roles, colleges. Each is an ``Importer`` of
``socle_site.kernel.dataio.importers`` registered when the app loads
(``community.apps``); the kernel reads the file, runs the dry run and writes all
or nothing. Never a password in a file: an imported member with an e-mail
address gets an account without a usable password and an ``Invitation`` that
staff send later (``community.services.invitations``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.dataio.importers import (
    AmountWidget,
    Column,
    DayWidget,
    Importer,
    ListWidget,
    Refused,
    RowRefusal,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
    an_email,
    check_address,
    known_municipality,
    one_of,
    past_day,
)

from community.models import (
    College,
    Household,
    HouseholdMember,
    Invitation,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    Role,
    RoleAssignment,
    User,
)
from community.services.audit import record_audit
from community.services.roles import assign_role

PERM = "community.manage_people"
# Roles an import may give: none that opens an administration (staff, editor are given by hand).
IMPORTED_ROLES = (Role.RESIDENT, Role.CANDIDATE, Role.COOWNER, Role.PLATFORM_MEMBER, Role.ASSOCIATION_PARTNER)
MEMBER_ROLES = (Role.RESIDENT, Role.CANDIDATE, Role.COOWNER, Role.PLATFORM_MEMBER)


# --- Reading cells --------------------------------------------------------------


LANGUAGE_NAMES = {
    "fr": {"fr", "français", "francais", "french", "frans", "fr-be"},
    "nl": {"nl", "nederlands", "néerlandais", "neerlandais", "dutch", "nl-be", "vlaams"},
    "en": {"en", "english", "anglais", "engels"},
}


def _language(value: str) -> str:
    wanted = value.strip().casefold()
    for code, names in LANGUAGE_NAMES.items():
        if wanted in names and code in dict(settings.LANGUAGES):
            return code
    raise Refused(_("Unknown language: “%(value)s” (write fr, nl or en).") % {"value": value})


def _relationship(value: str) -> str:
    return one_of(value, HouseholdMember.Relationship.choices, _("Unknown relationship: “%(value)s” (adult or child)."))


def _role(value: str) -> str:
    code = one_of(value, Role.choices, _("Unknown role: “%(value)s”."))
    if code not in IMPORTED_ROLES:
        raise Refused(_("This role is given by hand, not by an import: “%(value)s”.") % {"value": value})
    return code


def _member_roles(values: list[str]) -> list[str]:
    roles = [_role(value) for value in values]
    if any(role not in MEMBER_ROLES for role in roles):
        raise Refused(_("A partner's role is imported with their organisation."))
    return list(dict.fromkeys(roles))


def _kind(value: str) -> str:
    return one_of(value, OrganisationKind.choices, _("Unknown kind of organisation: “%(value)s”."))


def _income(value):
    if value < 0:
        raise Refused(_("An income cannot be negative."))
    return value


def _colleges() -> dict[str, College]:
    """Every college under its code and its name (one query)."""
    found = {}
    for college in College.objects.all():
        found[college.code.casefold()] = college
        found[college.name.casefold()] = college
    return found


def _noon(day):
    # The file gives a day: noon in Brussels, so it reads the same everywhere.
    return timezone.make_aware(datetime.combine(day, time(12)))


def _full_name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def _household_fields_agree(rows: list[dict], key: str, fields: tuple[str, ...], column_of) -> list[tuple[int, str, str]]:
    """A household's (or an organisation's) own details may be written on each
    of its lines or on the first only: each line then carries them; a line that
    contradicts an earlier one is refused."""
    refused, first = [], {}
    for row in rows:
        known = first.setdefault(row[key], {})
        for name in fields:
            value = row[name]
            if value in (None, "", []):
                continue
            if name in known and known[name][0] != value:
                differs = (_("Differs from line %(line)s for the same household.") if key == "household_id"
                           else _("Differs from line %(line)s for the same organisation."))
                refused.append((row["_line"], column_of(name), differs % {"line": known[name][1]}))
                break
            known.setdefault(name, (value, row["_line"]))
    bad = {line for line, _c, _r in refused}
    for row in rows:
        if row["_line"] in bad:
            continue
        for name, (value, _line) in first[row[key]].items():
            row[name] = value
    return refused


# --- Members and their households -------------------------------------------------

HOUSEHOLD_FIELDS = ("household_name", "street", "postal_code", "municipality", "yearly_income")

MEMBER_COLUMNS = [
    Column("household_id", gettext_lazy("Household number"), TextWidget(), required=True,
           help=gettext_lazy("The trust's own number for the household: its lines are matched on it.")),
    Column("household_name", gettext_lazy("Household name"), TextWidget()),
    Column("relationship", gettext_lazy("Adult or child"), TextWidget(), check=_relationship),
    Column("first_name", gettext_lazy("First name"), TextWidget(), required=True),
    Column("last_name", gettext_lazy("Last name"), TextWidget(), required=True),
    Column("email", gettext_lazy("E-mail address"), TextWidget(), check=an_email),
    Column("phone", gettext_lazy("Phone"), TextWidget()),
    Column("language", gettext_lazy("Language"), TextWidget(), check=_language),
    Column("street", gettext_lazy("Street and number"), TextWidget()),
    Column("postal_code", gettext_lazy("Postal code"), TextWidget()),
    Column("municipality", gettext_lazy("Municipality"), TextWidget(), check=known_municipality),
    Column("yearly_income", gettext_lazy("Household's taxable yearly income"), AmountWidget(), check=_income),
    Column("member_since", gettext_lazy("Member since"), DayWidget(), check=past_day),
    Column("roles", gettext_lazy("Roles"), ListWidget(), check=_member_roles),
    Column("college", gettext_lazy("College"), TextWidget()),
]
MEMBER_COMPARED = ("relationship", "email", "phone", "language", *HOUSEHOLD_FIELDS)


def check_member_row(values: dict) -> None:
    check_address(values)  # the postcode serves the municipality
    values["relationship"] = values["relationship"] or HouseholdMember.Relationship.ADULT
    values["roles"] = values["roles"] or []
    if values["relationship"] != HouseholdMember.Relationship.ADULT:
        for name in ("email", "roles", "college"):
            if values[name]:
                raise RowRefusal(name, _("Only an adult has an account: leave this empty for a child."))
        values["language"] = ""
        return
    values["language"] = values["language"] or settings.LANGUAGE_CODE


def check_member_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    """E-mail addresses once in the file and nobody else's; a household's
    details the same on each of its lines; colleges known; an adult without an
    e-mail address has a postal address (letters go there). Three queries."""
    refused = _household_fields_agree(rows, "household_id", HOUSEHOLD_FIELDS, lambda name: name)
    bad = {line for line, _c, _r in refused}
    named: dict[str, str] = {}
    for row in rows:  # a household the file does not name takes its first person's name
        named.setdefault(row["household_id"], row["household_name"] or _full_name(row["first_name"], row["last_name"]))
        row["household_name"] = named[row["household_id"]]
    colleges = _colleges()
    matched = _stored_members([(r["household_id"], r["first_name"], r["last_name"]) for r in rows])
    emails = [r["email"] for r in rows if r["email"]]
    owners = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    seen: dict[str, int] = {}
    for row in rows:
        line = row["_line"]
        if line in bad:
            continue
        email = row["email"]
        if email:
            if email in seen:
                refused.append((line, "email", _("This e-mail address is already on line %(line)s.") % {"line": seen[email]}))
                continue
            seen[email] = line
            member = matched.get((row["household_id"], _full_name(row["first_name"], row["last_name"])))
            if email in owners and (member is None or member.user_id != owners[email]):
                refused.append((line, "email", _("This e-mail address is already another member's.")))
                continue
        if row["college"] and row["college"].casefold() not in colleges:
            refused.append((line, "college", _("Unknown college: “%(value)s”.") % {"value": row["college"]}))
            continue
        if row["college"]:
            row["college"] = colleges[row["college"].casefold()].code
        if row["relationship"] == HouseholdMember.Relationship.ADULT and not email and not (
            row["street"] and row["postal_code"] and row["municipality"]
        ):
            refused.append((line, "street", _(
                "Without an e-mail address, letters go to the member's home: give their street, postal code and municipality."
            )))
    return refused


def _stored_members(keys) -> dict[tuple[str, str], HouseholdMember]:
    """(household number, full name) → the current household member, for the file's households."""
    numbers = {key[0] for key in keys}
    members = (
        HouseholdMember.objects.filter(household__external_id__in=numbers, until__isnull=True)
        .select_related("household", "user")
    )
    return {(m.household.external_id, m.full_name): m for m in members}


def existing_members(keys: list[tuple]) -> dict[tuple, dict]:
    stored = _stored_members(keys)
    found = {}
    for key in keys:
        member = stored.get((key[0], _full_name(key[1], key[2])))
        if member is None:
            continue
        household, user = member.household, member.user
        found[key] = {
            "relationship": member.relationship, "email": (user.email or "") if user else "",
            "phone": user.phone if user else "", "language": user.language if user else "",
            "household_name": household.name, "street": household.address, "postal_code": household.postal_code,
            "municipality": household.municipality, "yearly_income": household.yearly_income or None,
        }
    return found


def write_members(*, create: list[dict], update: list[dict], acting_user) -> None:
    """Households first (matched on their number), then each person: an adult
    gets an account without a password and an invitation staff send later."""
    from community.governance.models import Body
    from community.governance.services import bodies

    rows = [*create, *update]
    households = {h.external_id: h for h in Household.objects.filter(external_id__in={r["household_id"] for r in rows})}
    for number, row in {r["household_id"]: r for r in rows}.items():  # the file gave each line its household's details
        household = households.get(number) or Household(external_id=number)
        household.name = row["household_name"]
        household.address, household.postal_code = row["street"] or "", row["postal_code"] or ""
        household.municipality = row["municipality"] or ""
        household.yearly_income = str(row["yearly_income"]) if row["yearly_income"] is not None else ""
        household.save()
        households[number] = household
    stored = _stored_members([(r["household_id"], r["first_name"], r["last_name"]) for r in update])
    colleges = _colleges()
    assembly = Body.objects.filter(kind=Body.Kind.GENERAL_ASSEMBLY).order_by("pk").first()
    for row in rows:
        adult = row["relationship"] == HouseholdMember.Relationship.ADULT
        member = stored.get((row["household_id"], _full_name(row["first_name"], row["last_name"])))
        user = member.user if member is not None else None
        if adult and user is None:
            # Never a password from a file: unusable until the person sets one through their invitation.
            user = User.objects.create_user(
                row["email"] or None, first_name=row["first_name"], last_name=row["last_name"],
                language=row["language"], phone=row["phone"] or "",
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        elif user is not None:
            user.email, user.phone, user.language = row["email"] or None, row["phone"] or "", row["language"] or user.language
            user.save(update_fields=["email", "phone", "language"])
        if user is not None and user.email and user.last_login is None:
            Invitation.objects.get_or_create(user=user)
        if member is None:
            member = HouseholdMember(household=households[row["household_id"]], user=user)
        member.full_name = _full_name(row["first_name"], row["last_name"])
        member.relationship = row["relationship"]
        if row["member_since"]:
            member.since = row["member_since"]
        member.save()
        for role in row["roles"] if user is not None else ():
            assign_role(user=user, role=role, acting_user=acting_user)
        if user is not None and row["college"] and assembly is not None:
            bodies.add_member(body=assembly, user=user, acting_user=acting_user, college=colleges[row["college"].casefold()])
    record_audit(actor=acting_user, action="community.members.imported", created=len(create), updated=len(update))


def example_members() -> list[dict]:
    return [
        {"household_id": "M-0001", "household_name": "Famille Janssens", "relationship": "adult", "first_name": "Els",
         "last_name": "Janssens", "email": "els.janssens@example.org", "phone": "+32 470 12 34 56", "language": "nl",
         "street": "Rue de la Clé 4", "postal_code": "1070", "municipality": "Anderlecht", "yearly_income": "28500",
         "member_since": "2015-03-01", "roles": ["resident"], "college": "residents"},
        {"household_id": "M-0001", "relationship": "child", "first_name": "Noor", "last_name": "Janssens"},
        {"household_id": "M-0002", "household_name": "Famille Benali", "relationship": "adult", "first_name": "Karim",
         "last_name": "Benali", "email": "", "phone": "02 555 12 12", "language": "fr", "street": "Chaussée de Ninove 10",
         "postal_code": "1080", "municipality": "Sint-Jans-Molenbeek", "yearly_income": "34200,50",
         "member_since": "2019-09-15", "roles": ["candidate"]},
    ]


MEMBERS = Importer(
    key="members",
    label=gettext_lazy("Members and their households"),
    columns=MEMBER_COLUMNS,
    natural_key=("household_id", "first_name", "last_name"),
    perm=PERM,
    existing=existing_members,
    write=write_members,
    example=example_members,
    check_row=check_member_row,
    check_file=check_member_file,
    compared=MEMBER_COMPARED,
    order=1,
)


# --- Organisations and their representatives ---------------------------------------

ORGANISATION_FIELDS = ("kind", "municipality", "website", "organisation_email", "college")

ORGANISATION_COLUMNS = [
    Column("organisation", gettext_lazy("Organisation"), TextWidget(), required=True),
    Column("kind", gettext_lazy("Kind of organisation"), TextWidget(), check=_kind),
    Column("municipality", gettext_lazy("Municipality"), TextWidget(), check=known_municipality),
    Column("website", gettext_lazy("Website"), TextWidget()),
    Column("organisation_email", gettext_lazy("Organisation's e-mail address"), TextWidget(), check=an_email),
    Column("college", gettext_lazy("College"), TextWidget()),
    Column("representative_email", gettext_lazy("Representative's e-mail address"), TextWidget(), check=an_email),
    Column("first_name", gettext_lazy("Representative's first name"), TextWidget()),
    Column("last_name", gettext_lazy("Representative's last name"), TextWidget()),
    Column("language", gettext_lazy("Representative's language"), TextWidget(), check=_language),
    Column("position", gettext_lazy("Position"), TextWidget()),
    Column("is_contact", gettext_lazy("Main contact"), YesNoWidget()),
]
ORGANISATION_COMPARED = (*ORGANISATION_FIELDS, "position", "is_contact")


def check_organisation_row(values: dict) -> None:
    values["representative_email"] = values["representative_email"] or ""
    values["is_contact"] = bool(values["is_contact"])
    if not values["representative_email"]:
        for name in ("first_name", "last_name", "language", "position"):
            if values[name]:
                raise RowRefusal("representative_email", _("Give the representative's e-mail address."))
    else:
        values["language"] = values["language"] or settings.LANGUAGE_CODE


def check_organisation_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    refused = _household_fields_agree(rows, "organisation", ORGANISATION_FIELDS, lambda name: name)
    bad = {line for line, _c, _r in refused}
    colleges = _colleges()
    known_people = set(User.objects.filter(email__in=[r["representative_email"] for r in rows if r["representative_email"]])
                       .values_list("email", flat=True))
    known_organisations = set(Organisation.objects.filter(name__in=[r["organisation"] for r in rows]).values_list("name", flat=True))
    for row in rows:
        line = row["_line"]
        if line in bad:
            continue
        if row["college"] and row["college"].casefold() in colleges:
            row["college"] = colleges[row["college"].casefold()].code
        if not row["kind"] and row["organisation"] not in known_organisations:
            refused.append((line, "kind", _("Give the kind of a new organisation.")))
        elif row["college"] and row["college"].casefold() not in colleges:
            refused.append((line, "college", _("Unknown college: “%(value)s”.") % {"value": row["college"]}))
        elif row["representative_email"] and row["representative_email"] not in known_people and not (
            row["first_name"] and row["last_name"]
        ):
            refused.append((line, "first_name", _("Give the first and last name of a representative who has no account yet.")))
    return refused


def existing_organisations(keys: list[tuple]) -> dict[tuple, dict]:
    organisations = {o.name: o for o in Organisation.objects.filter(name__in={k[0] for k in keys}).select_related("college")}
    memberships = {
        (m.organisation.name, m.user.email): m
        for m in OrganisationMembership.objects.filter(organisation__in=organisations.values()).select_related("organisation", "user")
    }
    found = {}
    for key in keys:
        organisation = organisations.get(key[0])
        if organisation is None or (key[1] and (key[0], key[1]) not in memberships):
            continue
        membership = memberships.get((key[0], key[1]))
        found[key] = {
            "kind": organisation.kind, "municipality": organisation.municipality, "website": organisation.website,
            "organisation_email": organisation.email, "college": organisation.college.code if organisation.college else "",
            "position": membership.position if membership else "", "is_contact": membership.is_contact if membership else False,
        }
    return found


def write_organisations(*, create: list[dict], update: list[dict], acting_user) -> None:
    rows = [*create, *update]
    colleges = _colleges()
    organisations = {o.name: o for o in Organisation.objects.filter(name__in={r["organisation"] for r in rows})}
    for row in rows:
        organisation = organisations.get(row["organisation"]) or Organisation(name=row["organisation"])
        organisation.kind = row["kind"] or organisation.kind
        organisation.municipality, organisation.website = row["municipality"] or "", row["website"] or ""
        organisation.email = row["organisation_email"] or ""
        organisation.college = colleges[row["college"].casefold()] if row["college"] else None
        organisation.save()
        organisations[row["organisation"]] = organisation
    people = {u.email: u for u in User.objects.filter(email__in=[r["representative_email"] for r in rows if r["representative_email"]])}
    for row in rows:
        if not row["representative_email"]:
            continue
        user = people.get(row["representative_email"])
        if user is None:
            user = people[row["representative_email"]] = User.objects.create_user(
                row["representative_email"], first_name=row["first_name"], last_name=row["last_name"], language=row["language"],
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            Invitation.objects.get_or_create(user=user)
        OrganisationMembership.objects.update_or_create(
            organisation=organisations[row["organisation"]], user=user,
            defaults={"position": row["position"] or "", "is_contact": row["is_contact"]},
        )
        assign_role(user=user, role=Role.ASSOCIATION_PARTNER, acting_user=acting_user, organisation=organisations[row["organisation"]])
    record_audit(actor=acting_user, action="community.organisations.imported", created=len(create), updated=len(update))


def example_organisations() -> list[dict]:
    return [
        {"organisation": "Maison de quartier Bonnevie", "kind": "association", "municipality": "Molenbeek-Saint-Jean",
         "website": "https://bonnevie.example.org", "organisation_email": "info@bonnevie.example.org", "college": "civil_society",
         "representative_email": "a.dubois@bonnevie.example.org", "first_name": "Anne", "last_name": "Dubois",
         "language": "fr", "position": "Coordinatrice", "is_contact": True},
        {"organisation": "Maison de quartier Bonnevie", "representative_email": "j.peeters@bonnevie.example.org",
         "first_name": "Jan", "last_name": "Peeters", "language": "nl", "position": "Opbouwwerker", "is_contact": False},
    ]


ORGANISATIONS = Importer(
    key="organisations",
    label=gettext_lazy("Organisations and their representatives"),
    columns=ORGANISATION_COLUMNS,
    natural_key=("organisation", "representative_email"),
    perm=PERM,
    existing=existing_organisations,
    write=write_organisations,
    example=example_organisations,
    check_row=check_organisation_row,
    check_file=check_organisation_file,
    compared=ORGANISATION_COMPARED,
    order=2,
)


# --- Colleges ------------------------------------------------------------------------


def _code(value: str) -> str:
    from django.utils.text import slugify

    code = slugify(value).replace("-", "_")
    if not code:
        raise Refused(_("A college's code is made of letters, digits and underscores."))
    return code


COLLEGE_COLUMNS = [
    Column("code", gettext_lazy("Code"), TextWidget(), required=True, check=_code),
    Column("name", gettext_lazy("Name"), TextWidget(), required=True),
    Column("order", gettext_lazy("Order"), WholeNumberWidget()),
    Column("description", gettext_lazy("Description"), TextWidget()),
]


def existing_colleges(keys: list[tuple]) -> dict[tuple, dict]:
    return {
        (c.code,): {"name": c.name, "order": c.order, "description": c.description}
        for c in College.objects.filter(code__in=[k[0] for k in keys])
    }


def check_college_row(values: dict) -> None:
    values["order"] = values["order"] or 0
    values["description"] = values["description"] or ""


def write_colleges(*, create: list[dict], update: list[dict], acting_user) -> None:
    for row in [*create, *update]:
        College.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "order": row["order"], "description": row["description"]}
        )
    record_audit(actor=acting_user, action="community.colleges.imported", created=len(create), updated=len(update))


COLLEGES = Importer(
    key="colleges",
    label=gettext_lazy("Colleges"),
    columns=COLLEGE_COLUMNS,
    natural_key=("code",),
    perm=PERM,
    existing=existing_colleges,
    write=write_colleges,
    example=lambda: [
        {"code": "residents", "name": "Habitants", "order": 1},
        {"code": "civil_society", "name": "Société civile", "order": 2},
        {"code": "public_authorities", "name": "Pouvoirs publics", "order": 3},
    ],
    check_row=check_college_row,
    order=3,
)


# --- Roles ---------------------------------------------------------------------------

ROLE_COLUMNS = [
    Column("email", gettext_lazy("E-mail address"), TextWidget(), required=True, check=an_email),
    Column("role", gettext_lazy("Role"), TextWidget(), required=True, check=_role),
    Column("organisation", gettext_lazy("On behalf of (organisation)"), TextWidget()),
    Column("since", gettext_lazy("Since"), DayWidget(), check=past_day),
]


def check_role_row(values: dict) -> None:
    values["organisation"] = values["organisation"] or ""
    if values["role"] == Role.ASSOCIATION_PARTNER and not values["organisation"]:
        raise RowRefusal("organisation", _("An association partner acts on behalf of an organisation: choose it."))


def check_role_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    people = set(User.objects.filter(email__in=[r["email"] for r in rows]).values_list("email", flat=True))
    organisations = set(Organisation.objects.filter(name__in=[r["organisation"] for r in rows]).values_list("name", flat=True))
    refused = []
    for row in rows:
        if row["email"] not in people:
            refused.append((row["_line"], "email", _("No member has this e-mail address: import the members first.")))
        elif row["organisation"] and row["organisation"] not in organisations:
            refused.append((row["_line"], "organisation", _("Unknown organisation: “%(value)s”.") % {"value": row["organisation"]}))
    return refused


def existing_roles(keys: list[tuple]) -> dict[tuple, dict]:
    assignments = RoleAssignment.objects.filter(
        user__email__in=[k[0] for k in keys], ended_at__isnull=True
    ).select_related("user", "organisation")
    return {
        (a.user.email, a.role): {"organisation": a.organisation.name if a.organisation else ""}
        for a in assignments
    }


def write_roles(*, create: list[dict], update: list[dict], acting_user) -> None:
    people = {u.email: u for u in User.objects.filter(email__in=[r["email"] for r in [*create, *update]])}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[r["organisation"] for r in [*create, *update]])}
    for row in update:
        RoleAssignment.objects.filter(user=people[row["email"]], role=row["role"], ended_at__isnull=True).update(
            organisation=organisations.get(row["organisation"])
        )
    for row in create:
        assignment = assign_role(user=people[row["email"]], role=row["role"], acting_user=acting_user,
                                 organisation=organisations.get(row["organisation"]))
        if row["since"]:
            RoleAssignment.objects.filter(pk=assignment.pk).update(granted_at=_noon(row["since"]))
    record_audit(actor=acting_user, action="community.roles.imported", created=len(create), updated=len(update))


def example_roles() -> list[dict]:
    since = (timezone.localdate() - timedelta(days=400)).isoformat()
    return [
        {"email": "els.janssens@example.org", "role": "resident", "since": since},
        {"email": "a.dubois@bonnevie.example.org", "role": "association_partner", "organisation": "Maison de quartier Bonnevie",
         "since": since},
    ]


ROLES = Importer(
    key="roles",
    label=gettext_lazy("Roles"),
    columns=ROLE_COLUMNS,
    natural_key=("email", "role"),
    perm=PERM,
    existing=existing_roles,
    write=write_roles,
    example=example_roles,
    check_row=check_role_row,
    check_file=check_role_file,
    compared=("organisation",),
    order=4,
)


def register() -> None:
    from socle_site.kernel.dataio.importers import register_importer

    for importer in (MEMBERS, ORGANISATIONS, COLLEGES, ROLES):
        register_importer(importer)
