"""The base's import of organisations and their representatives."""


from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.dataio.importers import (
    Column,
    Importer,
    RowRefusal,
    TextWidget,
    YesNoWidget,
    an_email,
    known_municipality,
)

from community.models import (
    Invitation,
    Organisation,
    OrganisationMembership,
    Role,
    User,
)
from community.services.audit import record_audit
from community.services.roles import assign_role

from ._common import (
    PERM,
    _colleges,
    _household_fields_agree,
    _kind,
    _language,
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
