"""Importing a trust's register (issue 23): a realistic file written by a
generator (hundreds of rows, accents, French and Dutch names of communes,
empty lines, Excel dates, a few bad rows) gives the exact dry-run report, then
the exact rows; the register keeps the file's numbers and order; the same
file again changes nothing; one bad row and nothing is written."""

import io
import random
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from socle_site.kernel.dataio import importers
from socle_site.kernel.models import ImportRun

from community.candidates import selectors
from community.candidates.models import Application, Person
from community.models import Household
from tests.candidates.factories import HomeFactory, IncomeCategoryFactory, OperatorFactory
from tests.factories import HousingProjectFactory, UserFactory, make_staff
from tests.refusals import assert_refused

HEADERS = [c.key for c in importers.importer("candidate-register").columns]
TOWNS = ["Anderlecht", "Sint-Jans-Molenbeek", "Forest", "Vorst", "Schaerbeek", "Elsene", "Saint-Gilles"]
NAMES = ["Müller", "Dupré", "Van den Bossche", "Çelik", "Nguyễn", "Janssens", "Benali", "Léonard"]
TODAY = date(2026, 12, 7)


@pytest.fixture
def setup(db, time_machine):
    time_machine.move_to("2026-12-07 10:00:00+01:00", tick=False)
    for code, rank in (("A", 1), ("B", 2)):
        IncomeCategoryFactory(code=code, rank=rank)
    OperatorFactory(name="CLT Brussels")
    OperatorFactory(name="Logement social")
    return make_staff(email="staff@example.org", is_superuser=True)


def register_file(n=300, bad=True, seed=7):
    """The rows of a trust's register, numbers given over years with gaps, in
    the file in a shuffled order; lines 2-3 of bad rows when ``bad``."""
    rnd = random.Random(seed)
    numbers = sorted(rnd.sample(range(1, 5 * n), n))
    rows = []
    for i, number in enumerate(numbers):
        applied = date(2012, 1, 2) + timedelta(days=i * 10)
        size = 1 + i % 5
        rows.append({
            "register_number": number, "applied_on": applied.strftime("%d/%m/%Y") if i % 2 else applied.isoformat(),
            "household": f"Ménage {NAMES[i % len(NAMES)]} {i}", "contact_name": f"Zoë {NAMES[i % len(NAMES)]}",
            "birth_year": 1960 + i % 40, "yearly_income": f"{20000 + i * 37},50" if i % 3 else str(20000 + i * 37),
            "household_size": size, "adults": 1 + (size > 2), "category": "AB"[i % 2], "status": ["active", "Actief", "pending"][i % 3],
            "operators": "CLT Brussels" if i % 4 else "CLT Brussels; Logement social",
            "current_municipality": TOWNS[i % len(TOWNS)], "wished_municipalities": f"{TOWNS[i % 3]}; {TOWNS[(i + 3) % 7]}",
            "bedrooms_min": 1, "bedrooms_max": 1 + i % 4, "needs_accessible": "oui" if i % 11 == 0 else "",
            "renew_by": "",
        })
    rnd.shuffle(rows)
    if bad:
        rows[10]["current_municipality"] = "Paris"  # line 12
        rows[50]["yearly_income"] = "environ 20000"  # line 52
        rows[90]["applied_on"] = "2031-01-01"  # line 92
        rows[120]["register_number"] = rows[121]["register_number"]  # line 123: same key as line 122
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
    for row in rows:
        cells = [row[h] for h in HEADERS]
        day = row["applied_on"]
        cells[1] = date.fromisoformat(day) if "-" in day else date(int(day[6:]), int(day[3:5]), int(day[:2]))  # a real Excel date
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_dry_run_reports_each_refused_row_and_writes_nothing(setup):
    rows = register_file()
    with translation.override("en"):
        report = importers.check(importers.importer("candidate-register"), as_csv(rows), "register.csv")
    # Two empty lines inserted at 5 and 77 push the rows below them down.
    assert report.refused == [
        {"line": 13, "column": "Current municipality", "reason": "Unknown municipality: “Paris”."},
        {"line": 53, "column": "Household's taxable yearly income",
         "reason": "This is not an amount: only digits, and a comma or a point for the cents."},
        {"line": 94, "column": "Applied on", "reason": "This date is in the future."},
        {"line": 125, "column": "Register number", "reason": "Same key as line 124."},
    ]
    assert (len(report.create), len(report.update), report.unchanged) == (296, 0, 0)
    assert not Application.objects.exists() and not Household.objects.exists()


def test_a_file_with_one_bad_row_writes_nothing(setup):
    rows = register_file(bad=False)
    rows[200]["household_size"] = "deux"
    report = importers.apply(importers.importer("candidate-register"), as_csv(rows, ()), "r.csv", acting_user=setup)
    assert [(r["line"], r["reason"]) for r in report.refused] == [(202, "This is not a whole number.")]
    assert Application.objects.count() == 0 and Person.objects.count() == 0 and Household.objects.count() == 0


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_register_is_written_with_its_numbers_dates_and_order_then_a_rerun_changes_nothing(setup, kind):
    rows = register_file(bad=False)
    content = as_csv(rows) if kind == "csv" else as_xlsx(rows)
    imp = importers.importer("candidate-register")
    report = importers.apply(imp, content, f"register.{kind}", acting_user=setup)
    assert report.refused == [] and len(report.create) == 300

    by_number = {r["register_number"]: r for r in rows}
    stored = list(Application.objects.order_by("register_number").select_related("category", "household"))
    assert [a.register_number for a in stored] == sorted(by_number)
    first = stored[0]
    source = by_number[first.register_number]
    assert first.submitted_at.date().isoformat() == date(2012, 1, 2).isoformat() == (
        source["applied_on"] if "-" in source["applied_on"] else "2012-01-02"
    )
    assert (first.household.name, first.category.code, first.status, first.channel) == (source["household"], "A", "active", "paper")
    assert first.current_municipality == "Anderlecht" and first.wished_municipalities == ["Anderlecht", "Forest"]  # "Vorst" in the file
    # The Dutch name of a commune is stored under its one (French) name.
    assert Application.objects.get(register_number=stored[1].register_number).current_municipality == "Molenbeek-Saint-Jean"
    person = first.persons.get()
    assert (person.full_name, person.birth_year, person.yearly_income) == ("Zoë Müller", 1960, "20000")
    # Encrypted at rest, as typed in the form.
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT yearly_income FROM candidates_person WHERE id = %s", [person.pk])
        assert "20000" not in cursor.fetchone()[0]

    # The legal order of a home's ranked list follows the file's numbers.
    home = HomeFactory(operator=Operator_named("CLT Brussels"), bedrooms=1,
                       housing_project=HousingProjectFactory(municipality="Brussels-nowhere"))
    ranked = [line.candidate.register_number for line in selectors.ranking(home)]
    expected = sorted(
        (("AB".index(r["category"]), r["register_number"]) for r in rows
         if r["status"] in ("active", "Actief") and r["household_size"] <= 3 and r["needs_accessible"] != "oui"),
    )
    assert ranked == [number for _rank, number in expected]

    again = importers.apply(imp, content, f"register.{kind}", acting_user=setup)
    assert (len(again.create), len(again.update), again.unchanged, again.refused) == (0, 0, 300, [])
    assert Application.objects.count() == 300 and Person.objects.count() == 300

    # A changed status is an update, matched on the register number.
    rows[0]["status"] = "lapsed"
    changed = importers.apply(imp, as_csv(rows), "register.csv", acting_user=setup)
    assert (len(changed.create), len(changed.update), changed.unchanged) == (0, 1, 299)
    assert Application.objects.get(register_number=rows[0]["register_number"]).status == "lapsed"


def Operator_named(name):
    from community.candidates.models import Operator

    return Operator.objects.get(name=name)


def test_a_submission_after_the_import_takes_the_next_number(setup, register_setup=None):
    rows = register_file(n=20, bad=False)
    importers.apply(importers.importer("candidate-register"), as_csv(rows, ()), "r.csv", acting_user=setup)
    from community.candidates import services

    applicant = UserFactory()
    mine = services.submit_application(
        acting_user=applicant, applicant=applicant, operators=[Operator_named("CLT Brussels")], consents=True,
        persons=[{"full_name": "Awa Diallo", "relationship": "adult", "birth_year": 1988, "yearly_income": "21000"}],
        current_tenure="private_rent", current_municipality="Forest",
    )
    assert mine.register_number == max(r["register_number"] for r in rows) + 1


def test_staff_import_through_the_pages_dry_run_then_confirm(setup, client_of, django_capture_on_commit_callbacks):
    client = client_of(setup)
    page = client.get("/admin/imports/")
    assert "Register of candidate owners" in page.content.decode() or "Registre" in page.content.decode()
    template = client.get("/admin/imports/candidate-register/template-nl.xlsx")
    assert template.status_code == 200 and template["Content-Disposition"].endswith('-nl.xlsx"')
    upload = SimpleUploadedFile("register.csv", as_csv(register_file(n=40, bad=False), ()), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):  # the dry run's task (inline in tests)
        response = client.post("/admin/imports/candidate-register/upload/", {"file": upload})
    run = ImportRun.objects.get()
    assert response.url == f"/admin/imports/runs/{run.pk}/"
    assert run.status == "checked" and run.report["create"] == 40 and not Application.objects.exists()
    assert f"/admin/imports/runs/{run.pk}/confirm/" in client.get(response.url).content.decode()  # the confirm button
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/imports/runs/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == "done" and Application.objects.count() == 40 and run.stored_as == ""


def test_a_member_who_is_not_staff_cannot_import(setup, client_of):
    member = UserFactory()
    upload = SimpleUploadedFile("register.csv", as_csv(register_file(n=5, bad=False), ()), content_type="text/csv")
    response = client_of(member).post("/admin/imports/candidate-register/upload/", {"file": upload})
    assert_refused(response, "Only staff import files.")
    assert not ImportRun.objects.exists() and not Application.objects.exists()


def test_staff_without_the_register_permission_cannot_import_it(setup, client_of):
    staff = make_staff(email="other-staff@example.org")
    upload = SimpleUploadedFile("register.csv", as_csv(register_file(n=5, bad=False), ()), content_type="text/csv")
    response = client_of(staff).post("/admin/imports/candidate-register/upload/", {"file": upload})
    assert_refused(response, "You may not run this import.")
    assert not ImportRun.objects.exists() and not Application.objects.exists()
