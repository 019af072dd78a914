"""The base's import of members and their households."""


from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.dataio.importers import (
    AmountWidget,
    Column,
    DayWidget,
    Importer,
    ListWidget,
    RowRefusal,
    TextWidget,
    an_email,
    check_address,
    known_municipality,
    past_day,
)

from community.models import (
    Household,
    HouseholdMember,
    Invitation,
    User,
)
from community.services.audit import record_audit
from community.services.roles import assign_role

from ._common import (
    PERM,
    _colleges,
    _full_name,
    _household_fields_agree,
    _income,
    _language,
    _member_roles,
    _relationship,
)

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
