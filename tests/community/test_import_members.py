"""Importing a trust's members and their households (issue 23): a realistic
file written by a generator (340 lines: adults and children, accents, French
and Dutch names of communes, a household's address on its first line only,
empty lines, Excel dates in the .xlsx, a few bad rows) gives the exact dry-run
report, then the exact rows; the same file again changes nothing; one bad row
and nothing is written. Never a password: accounts wait for their invitation."""

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.utils import translation
from socle_site.kernel.dataio import importers

from community.governance.models import Body, BodyMembership
from community.models import Household, HouseholdMember, Invitation, Role, RoleAssignment, User
from tests.factories import CollegeFactory, UserFactory, make_staff

HEADERS = [c.key for c in importers.importer("members").columns]
TOWNS = [("Anderlecht", "1070"), ("Sint-Jans-Molenbeek", "1080"), ("Forest", "1190"), ("Elsene", "1050"),
         ("Schaerbeek", "1030"), ("Sint-Gillis", "1060"), ("Ixelles", "1050")]
FIRST = ["Zoë", "Anaïs", "Jérôme", "Ömer", "Lieve", "Bram", "Fatoumata", "Hélène"]
LAST = ["Müller", "Dupré", "Van den Bossche", "Çelik", "Nguyễn", "Janssens", "Benali", "Léonard"]
LANGUAGES = ["fr", "nl", "en", "Nederlands", "français"]
HOUSEHOLDS = 120


@pytest.fixture
def setup(db, time_machine):
    time_machine.move_to("2026-12-07 10:00:00+01:00", tick=False)
    CollegeFactory(code="residents", name="Habitants")
    CollegeFactory(code="civil_society", name="Société civile")
    Body.objects.create(name="Assemblée générale", kind=Body.Kind.GENERAL_ASSEMBLY)
    UserFactory(email="taken@example.org", first_name="Déjà", last_name="Là")
    return make_staff(email="staff@example.org", is_superuser=True)


def members_file(bad=True):
    """One line per person, household by household: one or two adults, then
    0 to 3 children; the household's address and income on its first line."""
    rows = []
    for i in range(HOUSEHOLDS):
        town, postcode = TOWNS[i % len(TOWNS)]
        last = LAST[i % len(LAST)]
        since = date(2012 + i % 14, 1 + i % 12, 1 + i % 28)
        for adult in range(1 + (i % 3 == 0)):
            first = FIRST[(i + adult) % len(FIRST)]
            rows.append({
                "household_id": f"H-{i:04d}", "household_name": f"Ménage {last} {i}" if adult == 0 else "",
                "relationship": "" if adult == 0 else ["adult", "Adulte", "Volwassene"][i % 3],
                "first_name": first, "last_name": last, "email": f"member.{i}.{adult}@example.org" if i % 10 else "",
                "phone": f"+32 4{i:02d} 12 34 {adult}{i % 10}", "language": LANGUAGES[(i + adult) % len(LANGUAGES)],
                "street": f"Rue de l'Église {i}" if adult == 0 else "", "postal_code": postcode if adult == 0 else "",
                "municipality": town if adult == 0 else "",
                "yearly_income": (f"{20000 + i * 37},50" if i % 2 else str(20000 + i * 37)) if adult == 0 else "",
                "member_since": since.strftime("%d/%m/%Y") if i % 2 else since.isoformat(),
                "roles": "resident" if i % 2 else "candidate; resident", "college": "residents" if i % 4 else "Habitants",
            })
        for child in range(i % 4):
            rows.append({
                "household_id": f"H-{i:04d}", "household_name": "", "relationship": ["child", "Enfant", "Kind"][child],
                "first_name": f"{FIRST[(i + child + 3) % len(FIRST)]}-{child}", "last_name": last, "email": "", "phone": "",
                "language": "", "street": "", "postal_code": "", "municipality": "", "yearly_income": "",
                "member_since": since.isoformat(), "roles": "", "college": "",
            })
    if bad:
        rows[40]["member_since"] = "2031-01-01"  # line 43 (a child's line)
        rows[80]["municipality"] = "Paris"  # line 84 (a household's first line)
        rows[115]["yearly_income"] = "environ 30000"  # line 119
        rows[118]["email"] = rows[117]["email"]  # line 122: the e-mail of line 121, the household's other adult
        rows[160]["language"] = "Deutsch"  # line 164
        rows[204]["email"] = "taken@example.org"  # line 208: another member's
    return rows


def as_csv(rows, empty_lines=(5, 77)):
    lines = [HEADERS] + [[row[h] for h in HEADERS] for row in rows]
    for position in sorted(empty_lines, reverse=True):
        lines.insert(position, [""] * len(HEADERS))
    return importers.csv_bytes(lines)


def as_xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    at = HEADERS.index("member_since")
    for row in rows:
        cells = [row[h] for h in HEADERS]
        day = row["member_since"]
        cells[at] = date.fromisoformat(day) if "-" in day else date(int(day[6:]), int(day[3:5]), int(day[:2]))  # an Excel date
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_file_has_hundreds_of_people():
    rows = members_file(bad=False)
    assert len(rows) == 340 and sum(1 for r in rows if r["relationship"] in ("child", "Enfant", "Kind")) == 180


def test_the_dry_run_reports_each_refused_row_and_writes_nothing(setup):
    rows = members_file()
    with translation.override("en"):
        report = importers.check(importers.importer("members"), as_csv(rows), "members.csv")
    # Two empty lines inserted at 5 and 77 push the rows below them down.
    assert report.refused == [
        {"line": 43, "column": "Member since", "reason": "This date is in the future."},
        {"line": 84, "column": "Municipality", "reason": "Unknown municipality: “Paris”."},
        {"line": 119, "column": "Household's taxable yearly income",
         "reason": "This is not an amount: only digits, and a comma or a point for the cents."},
        {"line": 122, "column": "E-mail address", "reason": "This e-mail address is already on line 121."},
        {"line": 164, "column": "Language", "reason": "Unknown language: “Deutsch” (write fr, nl or en)."},
        {"line": 208, "column": "E-mail address", "reason": "This e-mail address is already another member's."},
    ]
    assert (len(report.create), len(report.update), report.unchanged) == (334, 0, 0)
    assert User.objects.count() == 2 and not Household.objects.exists()


def test_the_dry_run_speaks_dutch(setup):
    rows = members_file()
    with translation.override("nl"):
        report = importers.check(importers.importer("members"), as_csv(rows), "leden.csv")
    assert report.refused[1] == {"line": 84, "column": "Gemeente", "reason": "Onbekende gemeente: ‘Paris’."}


def test_a_postcode_that_does_not_serve_the_municipality_is_refused_on_its_column(setup):
    rows = members_file(bad=False)
    assert rows[2]["municipality"] == "Sint-Jans-Molenbeek"  # household H-0001's first line (line 4)
    rows[2]["postal_code"] = "9000"  # Gent's
    with translation.override("en"):
        report = importers.check(importers.importer("members"), as_csv(rows, ()), "members.csv")
    assert [(r["line"], r["column"]) for r in report.refused] == [(4, "Postal code")]
    assert "9000" in report.refused[0]["reason"]


def test_a_file_with_one_bad_row_writes_nothing(setup):
    rows = members_file(bad=False)
    rows[300]["yearly_income"] = "12k"
    with translation.override("en"):
        report = importers.apply(importers.importer("members"), as_csv(rows, ()), "m.csv", acting_user=setup)
    assert [(r["line"], r["column"]) for r in report.refused] == [(302, "Household's taxable yearly income")]
    assert User.objects.count() == 2 and not Household.objects.exists() and not HouseholdMember.objects.exists()
    assert not Invitation.objects.exists() and not RoleAssignment.objects.filter(role=Role.RESIDENT).exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_members_are_written_then_a_rerun_changes_nothing(setup, kind):
    rows = members_file(bad=False)
    content = as_csv(rows) if kind == "csv" else as_xlsx(rows)
    imp = importers.importer("members")
    report = importers.apply(imp, content, f"members.{kind}", acting_user=setup)
    assert report.refused == [] and len(report.create) == 340

    assert Household.objects.count() == HOUSEHOLDS
    adults = HouseholdMember.objects.filter(relationship="adult")
    assert adults.count() == 160 and HouseholdMember.objects.filter(relationship="child", user=None).count() == 180
    assert User.objects.count() == 2 + 160
    # Never a password from a file: an invitation waits for each member with an address.
    imported = User.objects.filter(household_memberships__isnull=False)
    assert not any(user.has_usable_password() for user in imported)
    assert Invitation.objects.count() == 144 == imported.exclude(email=None).count()

    household = Household.objects.get(external_id="H-0001")
    assert (household.name, household.address, household.postal_code, household.municipality) == (
        "Ménage Dupré 1", "Rue de l'Église 1", "1080", "Molenbeek-Saint-Jean")  # "Sint-Jans-Molenbeek" in the file
    assert household.yearly_income == "20037.50"
    # The income is encrypted at rest, like the candidates' (art. 166/1).
    with connection.cursor() as cursor:
        cursor.execute("SELECT yearly_income FROM community_household WHERE id = %s", [household.pk])
        assert "20037" not in cursor.fetchone()[0]
    zoe = User.objects.get(email="member.1.0@example.org")
    assert (zoe.first_name, zoe.last_name, zoe.language, zoe.phone) == ("Anaïs", "Dupré", "nl", "+32 401 12 34 01")
    assert zoe.household_memberships.get().since == date(2013, 2, 2)
    assert set(zoe.role_assignments.values_list("role", flat=True)) == {"resident"}
    assert BodyMembership.objects.get(user=zoe).college.code == "residents"
    children = HouseholdMember.objects.filter(household=household, relationship="child")
    assert list(children.values_list("full_name", flat=True)) == ["Lieve-0 Dupré"]
    # One household in ten gave no e-mail address: letters go to its address, no invitation.
    paper = User.objects.get(household_memberships__household__external_id="H-0010", first_name="Jérôme")
    assert paper.email is None and not Invitation.objects.filter(user=paper).exists()

    again = importers.apply(imp, content, f"members.{kind}", acting_user=setup)
    assert (len(again.create), len(again.update), again.unchanged, again.refused) == (0, 0, 340, [])
    assert User.objects.count() == 162 and HouseholdMember.objects.count() == 340 and Household.objects.count() == 120

    # A changed phone is an update, matched on the household's number and the name.
    rows[2]["phone"] = "02 111 22 33"
    changed = importers.apply(imp, as_csv(rows), "members.csv", acting_user=setup)
    assert (len(changed.create), len(changed.update), changed.unchanged) == (0, 1, 339)
    assert User.objects.get(email="member.1.0@example.org").phone == "02 111 22 33"


def test_an_adult_without_e_mail_needs_a_postal_address(setup):
    rows = members_file(bad=False)[2:4]  # household 1: an adult, a child
    rows[0].update(email="", street="")
    with translation.override("en"):
        report = importers.check(importers.importer("members"), as_csv(rows, ()), "m.csv")
    assert report.refused == [{"line": 2, "column": "Street and number", "reason":
                               "Without an e-mail address, letters go to the member's home: give their street, postal code and municipality."}]


def test_a_child_has_no_account_and_a_household_does_not_contradict_itself(setup):
    rows = members_file(bad=False)[:4]  # household 0: two adults; household 1: one adult, one child
    rows[3]["email"] = "child@example.org"
    rows[1]["street"] = "Autre rue 2"
    with translation.override("en"):
        report = importers.check(importers.importer("members"), as_csv(rows, ()), "m.csv")
    assert report.refused == [
        {"line": 3, "column": "Street and number", "reason": "Differs from line 2 for the same household."},
        {"line": 5, "column": "E-mail address", "reason": "Only an adult has an account: leave this empty for a child."},
    ]


def test_templates_in_three_languages_name_the_key(setup, client_of):
    client = client_of(setup)
    for language, header in (("fr", "Numéro du ménage * (clé)"), ("nl", "Nummer van het huishouden * (sleutel)"),
                             ("en", "Household number * (key)")):
        response = client.get(f"/admin/imports/members/template-{language}.csv")
        assert response.status_code == 200
        assert response.content.decode("utf-8-sig").splitlines()[0].startswith(header)
    # The template's own example imports as it is (the English one, read back).
    example = client.get("/admin/imports/members/template-en.xlsx").content
    report = importers.check(importers.importer("members"), example, "template.xlsx")
    assert report.refused == [] and len(report.create) == 3
