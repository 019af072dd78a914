"""What every base import shares: the permission, the roles an import may
give, and how a cell is read."""


from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.dataio.importers import (
    Refused,
    one_of,
)

from community.models import (
    College,
    HouseholdMember,
    OrganisationKind,
    Role,
)

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
