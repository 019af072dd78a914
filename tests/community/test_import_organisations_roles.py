"""Importing organisations with their representatives, roles and colleges
(issue 23): realistic files written by a generator (hundreds of lines,
accents, French and Dutch communes, empty lines, Excel dates, a few bad rows)
give the exact dry-run report, then the exact rows; the same file again changes
nothing; one bad row and nothing is written."""

import io
from datetime import date

import openpyxl
import pytest
from django.utils import translation
from socle_site.kernel.dataio import importers

from community.models import (
    College,
    Invitation,
    Organisation,
    OrganisationMembership,
    Role,
    RoleAssignment,
    User,
)
from tests.community.test_import_members import as_csv as members_csv
from tests.community.test_import_members import members_file
from tests.factories import CollegeFactory, UserFactory, make_staff

TOWNS = ["Anderlecht", "Sint-Jans-Molenbeek", "Forest", "Elsene", "Schaerbeek", "Sint-Gillis", "Bruxelles"]
KINDS = ["association", "Centre public d'action sociale (CPAS)", "Commune", "Vereniging", "citizen_collective"]
NAMES = ["Maison de quartier", "Buurthuis", "Collectif", "Vzw", "Asbl"]
PEOPLE = [("Anaïs", "Dupré"), ("Jérôme", "Léonard"), ("Lieve", "Van den Bossche"), ("Ömer", "Çelik"), ("Bram", "Janssens")]


@pytest.fixture
def staff(db, time_machine):
    time_machine.move_to("2026-12-07 10:00:00+01:00", tick=False)
    CollegeFactory(code="residents", name="Habitants")
    CollegeFactory(code="civil_society", name="Société civile")
    UserFactory(email="known@example.org", first_name="Déjà", last_name="Membre")
    return make_staff(email="staff@example.org", is_superuser=True)


def table(key, rows, empty_lines=(5, 77)):
    headers = [c.key for c in importers.importer(key).columns]
    lines = [headers] + [[row.get(h, "") for h in headers] for row in rows]
    for position in sorted(empty_lines, reverse=True):
        lines.insert(position, [""] * len(headers))
    return importers.csv_bytes(lines)


def workbook(key, rows, dates=()):
    headers = [c.key for c in importers.importer(key).columns]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([date.fromisoformat(row[h]) if h in dates and row.get(h) else row.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def organisations_file(n=100, bad=True):
    """Each organisation on one to three lines (its details on the first), one
    representative a line; one organisation in ten without representatives."""
    rows = []
    for i in range(n):
        name = f"{NAMES[i % len(NAMES)]} n°{i} « {TOWNS[i % len(TOWNS)]} »"
        first = {"organisation": name, "kind": KINDS[i % len(KINDS)], "municipality": TOWNS[i % len(TOWNS)],
                 "website": f"https://org{i}.example.org", "organisation_email": f"info@org{i}.example.org",
                 "college": "civil_society" if i % 2 else "Société civile"}
        if i % 10 == 0:
            rows.append(first)
            continue
        for r in range(1 + i % 3):
            given, family = PEOPLE[(i + r) % len(PEOPLE)]
            rows.append({**(first if r == 0 else {"organisation": name}), "representative_email": f"rep.{i}.{r}@example.org",
                         "first_name": given, "last_name": family, "language": ["fr", "nl", "Nederlands"][(i + r) % 3],
                         "position": "Coordinatrice" if r == 0 else "Vrijwilliger", "is_contact": "oui" if r == 0 else "nee"})
    rows.append({"organisation": rows[1]["organisation"], "representative_email": "known@example.org", "position": "Bénévole"})
    if bad:
        rows[10]["municipality"] = "Lyon"  # line 12 (Lille is a Belgian municipality too, in Antwerp province)
        rows[40]["kind"] = "Club de foot"  # line 42
        rows[80]["representative_email"] = "pas-une-adresse"  # line 82
        rows[120]["college"] = "Pouvoirs occultes"  # line 122
        rows[160]["first_name"] = ""  # line 162: a new representative needs a name
    return rows


def test_the_organisations_file_dry_run_then_write_then_rerun(staff):
    rows = organisations_file()
    imp = importers.importer("organisations")
    with translation.override("en"):
        report = importers.check(imp, table("organisations", rows), "org.csv")
    assert len(rows) == 191 and (rows[10]["organisation"], rows[40]["kind"]) != ("", "")
    assert report.refused == [
        {"line": 13, "column": "Municipality", "reason": "Unknown municipality: “Lyon”."},
        {"line": 43, "column": "Kind of organisation", "reason": "Unknown kind of organisation: “Club de foot”."},
        # The organisation's details were on line 43: its next line cannot create it alone.
        {"line": 44, "column": "Kind of organisation", "reason": "Give the kind of a new organisation."},
        {"line": 84, "column": "Representative's e-mail address", "reason": "This is not an e-mail address."},
        {"line": 124, "column": "College", "reason": "Unknown college: “Pouvoirs occultes”."},
        {"line": 164, "column": "Representative's first name",
         "reason": "Give the first and last name of a representative who has no account yet."},
    ]
    assert (len(report.create), report.unchanged) == (185, 0) and not Organisation.objects.exists()

    good = organisations_file(bad=False)
    report = importers.apply(imp, workbook("organisations", good), "org.xlsx", acting_user=staff)
    assert report.refused == [] and len(report.create) == 191
    assert Organisation.objects.count() == 100
    organisation = Organisation.objects.get(name="Buurthuis n°1 « Sint-Jans-Molenbeek »")
    assert (organisation.kind, organisation.municipality, organisation.college.code) == (
        "cpas", "Molenbeek-Saint-Jean", "civil_society")  # the kind's French name, the commune's Dutch one, the college's code
    reps = OrganisationMembership.objects.filter(organisation=organisation).order_by("user__email")
    assert [(m.user.email, m.position, m.is_contact) for m in reps] == [
        ("known@example.org", "Bénévole", False), ("rep.1.0@example.org", "Coordinatrice", True),
        ("rep.1.1@example.org", "Vrijwilliger", False),
    ]
    new = User.objects.get(email="rep.1.1@example.org")
    assert (new.first_name, new.language, new.has_usable_password()) == ("Lieve", "nl", False)
    assert Invitation.objects.filter(user=new).exists() and not Invitation.objects.filter(user__email="known@example.org").exists()
    assert RoleAssignment.objects.get(user=new, role=Role.ASSOCIATION_PARTNER).organisation == organisation

    again = importers.apply(imp, table("organisations", good), "org.csv", acting_user=staff)
    assert (len(again.create), len(again.update), again.unchanged, again.refused) == (0, 0, 191, [])
    assert OrganisationMembership.objects.count() == 181 and User.objects.count() == 2 + 180


def test_an_organisations_file_with_one_bad_row_writes_nothing(staff):
    rows = organisations_file(bad=False)
    at = next(i for i in range(150, len(rows)) if "kind" not in rows[i])  # a representative's own line
    rows[at]["is_contact"] = "peut-être"
    with translation.override("en"):
        report = importers.apply(importers.importer("organisations"), table("organisations", rows, ()), "o.csv", acting_user=staff)
    assert report.refused == [{"line": at + 2, "column": "Main contact", "reason": "Write yes or no."}]
    assert not Organisation.objects.exists() and User.objects.count() == 2


def roles_file(bad=True):
    """A role a line for the members imported before: residents, candidates,
    co-owners, with the day it was given (Excel dates in the workbook)."""
    rows = []
    for user in User.objects.filter(email__startswith="member.").order_by("email"):
        rows.append({"email": user.email.upper() if user.pk % 7 == 0 else user.email,
                     "role": ["coowner", "Copropriétaire", "Lid van een platform"][user.pk % 3], "since": f"20{10 + user.pk % 15}-03-01"})
    if bad:
        rows[10]["email"] = "nobody@example.org"  # line 12
        rows[40]["role"] = "staff"  # line 42: given by hand only
        rows[80]["since"] = "2030-05-01"  # line 82
        rows[100]["role"] = "association_partner"  # line 102: without its organisation
    return rows


def test_the_roles_file_dry_run_then_write_then_rerun(staff):
    importers.apply(importers.importer("members"), members_csv(members_file(bad=False), ()), "m.csv", acting_user=staff)
    rows = roles_file()
    imp = importers.importer("roles")
    with translation.override("en"):
        report = importers.check(imp, table("roles", rows), "roles.csv")
    assert len(rows) == 144
    assert report.refused == [
        {"line": 13, "column": "E-mail address", "reason": "No member has this e-mail address: import the members first."},
        {"line": 43, "column": "Role", "reason": "This role is given by hand, not by an import: “staff”."},
        {"line": 84, "column": "Since", "reason": "This date is in the future."},
        {"line": 104, "column": "On behalf of (organisation)",
         "reason": "An association partner acts on behalf of an organisation: choose it."},
    ]
    good = roles_file(bad=False)
    before = RoleAssignment.objects.count()
    report = importers.apply(imp, workbook("roles", good, dates=("since",)), "roles.xlsx", acting_user=staff)
    assert report.refused == [] and len(report.create) == 144 and RoleAssignment.objects.count() == before + 144
    first = User.objects.get(email=good[0]["email"].lower())
    assignment = first.role_assignments.exclude(role__in=[Role.RESIDENT, Role.CANDIDATE]).get()
    assert assignment.granted_at.date().isoformat() == good[0]["since"] and assignment.granted_by == staff
    again = importers.apply(imp, table("roles", good), "roles.csv", acting_user=staff)
    assert (len(again.create), len(again.update), again.unchanged) == (0, 0, 144)
    assert RoleAssignment.objects.count() == before + 144


def test_colleges_are_matched_on_their_code(staff):
    imp = importers.importer("colleges")
    rows = [{"code": "residents", "name": "Habitants", "order": 1},
            {"code": "Société civile", "name": "Société civile", "order": "2"},
            {"code": "public_authorities", "name": "Pouvoirs publics", "order": "trois"},
            {"code": "", "name": "Sans code"}]
    with translation.override("en"):
        report = importers.check(imp, table("colleges", rows, ()), "c.csv")
    assert report.refused == [
        {"line": 4, "column": "Order", "reason": "This is not a whole number."},
        {"line": 5, "column": "Code", "reason": "This column must be filled in."},
    ]
    rows = [{"code": "residents", "name": "Habitants", "order": 0},  # as the fixture made it
            {"code": "civil_society", "name": "Société civile", "order": "2"},
            {"code": "public_authorities", "name": "Pouvoirs publics", "order": 3}]
    report = importers.apply(imp, table("colleges", rows, ()), "c.csv", acting_user=staff)
    assert (len(report.create), len(report.update), report.unchanged) == (1, 1, 1)
    assert list(College.objects.values_list("code", "name", "order")) == [
        ("residents", "Habitants", 0), ("civil_society", "Société civile", 2), ("public_authorities", "Pouvoirs publics", 3)]
    again = importers.apply(imp, table("colleges", rows, ()), "c.csv", acting_user=staff)
    assert (len(again.create), len(again.update), again.unchanged) == (0, 0, 3)


@pytest.mark.parametrize("key", ["members", "organisations", "roles", "colleges"])
def test_staff_download_each_template_in_three_languages(staff, client_of, key):
    client = client_of(staff)
    for language in ("fr", "nl", "en"):
        for fmt in ("csv", "xlsx"):
            response = client.get(f"/admin/imports/{key}/template-{language}.{fmt}")
            assert response.status_code == 200 and response["Content-Disposition"].endswith(f'{key}-{language}.{fmt}"')
