"""Importing a trust's owners' deeds with their price, date and resale
formula (issue 23): a realistic file written by a generator (hundreds of
deeds, resales in the history, accents, amounts written the Belgian way,
Excel dates, empty lines, a few bad rows) gives the exact dry-run report,
then the exact rows; the same file again changes nothing; one bad row and
nothing is written; only staff import. Each deed may carry its land lease
(start, duration, fee and its period, indexed): all four or none."""

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from socle_site.kernel.dataio import importers
from socle_site.kernel.models import ImportRun

from community.candidates import selectors
from community.candidates.models import Deed, Home
from tests.candidates.factories import HomeFactory, OperatorFactory
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    HousingProjectFactory,
    UserFactory,
    make_staff,
)
from tests.refusals import assert_refused

DEEDS = "candidates-deeds"
NAMES = ["Müller", "Dupré", "Van den Bossche", "Çelik", "Nguyễn", "Janssens", "Benali", "Léonard"]
FORMULAS = ["appraisal", "Indexée", "Vaste rentevoet", "Index-based", "fixed_rate"]


@pytest.fixture
def setup(db, time_machine):
    """7 December 2026; 250 homes in two projects; 300 households."""
    time_machine.move_to("2026-12-07 10:00:00+01:00", tick=False)
    operator = OperatorFactory(name="CLT Brussels")
    for slug in ("nova", "zonnebloem"):
        project = HousingProjectFactory(
            slug=slug, municipality="Anderlecht" if slug == "nova" else "Sint-Jans-Molenbeek"
        )
        for n in range(125):
            HomeFactory(
                housing_project=project, operator=operator, label=f"{slug[0].upper()}{n:03d}"
            )
    for i in range(300):
        HouseholdMemberFactory(
            user=UserFactory(email=f"eigenaar.{i}@example.org"),
            household=HouseholdFactory(name=f"Ménage {NAMES[i % 8]} {i}"),
        )
    return make_staff(email="staff@example.org", is_superuser=True)


def deeds_file(bad=True):
    """A deed per home, and for one home in five its first owner's deed
    before a resale: 300 rows."""
    rows = []
    i = 0
    for slug in ("nova", "zonnebloem"):
        for n in range(125):
            label = f"{slug[0].upper()}{n:03d}"
            purchases = [date(2012, 3, 1) + timedelta(days=20 * n)]
            if n % 5 == 0:
                purchases.append(purchases[0] + timedelta(days=2000))
            for bought in purchases:
                row = {
                    "housing_project": slug,
                    "home": label,
                    "owner_email": f"eigenaar.{i}@example.org",
                    "bought_on": bought.strftime("%d/%m/%Y") if i % 2 else bought.isoformat(),
                    "price_paid": f"{150000 + i * 100},00"
                    if i % 3
                    else f"€ {150 + i // 10}.{i % 10}00,50",
                }
                if i % 2 == 0:  # half the deeds carry their land lease, written in three languages
                    row.update(
                        lease_starts_on=row["bought_on"],
                        lease_years=str(50 + i % 50),
                        lease_fee=["15,00", "€ 180", "12.5"][i % 3],
                        lease_fee_period=["par mois", "per jaar", "monthly"][i % 3],
                        lease_fee_indexed=["oui", "", "nee"][i % 3],
                    )
                if i % 5 == 0:
                    row.update(share_percent="25", appraisal_at_purchase=f"{200000 + i}")
                elif i % 5 in (1, 3):
                    row.update(index_name="ABEX", index_at_purchase="905,5")
                else:
                    row.update(rate_percent="1,5")
                rows.append(row)
                i += 1
    if bad:
        rows[10]["owner_email"] = "inconnu@example.org"
        rows[40]["bought_on"] = "2027-01-15"
        rows[80]["home"] = "Z999"
        rows[122]["rate_percent"] = "35"
        rows[160]["formula"] = "Viager"
        rows[200]["price_paid"] = "cent mille"
    for i, row in enumerate(rows):
        row.setdefault("formula", FORMULAS[i % 5])
    return rows


def headers():
    return [c.key for c in importers.importer(DEEDS).columns]


def as_csv(rows, empty_lines=(5, 77)):
    lines = [headers()] + [[row.get(h, "") for h in headers()] for row in rows]
    for position in sorted(empty_lines, reverse=True):
        lines.insert(position, [""] * len(headers()))
    return importers.csv_bytes(lines)


def as_xlsx(rows):
    book = openpyxl.Workbook()
    book.active.append(headers())
    for row in rows:
        cells = [row.get(h, "") for h in headers()]
        text = row["bought_on"]
        cells[headers().index("bought_on")] = (
            date.fromisoformat(text)
            if "-" in text
            else date(int(text[6:]), int(text[3:5]), int(text[:2]))
        )
        book.active.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def line_of(index, empty_lines=(5, 77)):
    position = index + 1
    for empty in sorted(empty_lines, reverse=True):
        if position >= empty:
            position += 1
    return position + 1


def test_the_dry_run_of_the_deeds_reports_each_refused_row(setup):
    with translation.override("en"):
        report = importers.check(importers.importer(DEEDS), as_csv(deeds_file()), "deeds.csv")
    assert report.refused == [
        {
            "line": line_of(10),
            "column": "Owner's e-mail",
            "reason": "Unknown owner: no member has the e-mail “inconnu@example.org”.",
        },
        {"line": line_of(40), "column": "Bought on", "reason": "This date is in the future."},
        {
            "line": line_of(80),
            "column": "Home",
            "reason": "Unknown home: “Z999” in this housing project.",
        },
        {
            "line": line_of(122),
            "column": "Yearly rate (%)",
            "reason": "A fixed-rate deed needs a yearly rate between 0 and 20%.",
        },
        {
            "line": line_of(160),
            "column": "Resale formula",
            "reason": "Unknown resale formula: “Viager”.",
        },
        {
            "line": line_of(200),
            "column": "Price paid (€)",
            "reason": "This is not an amount: only digits, and a comma or a point for the cents.",
        },
    ]
    assert (len(report.create), len(report.update), report.unchanged) == (300 - 6, 0, 0)
    assert not Deed.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_deeds_are_written_as_each_home_s_chain_of_owners_then_a_rerun_changes_nothing(setup, kind):
    rows = deeds_file(bad=False)
    content = as_csv(rows) if kind == "csv" else as_xlsx(rows)
    imp = importers.importer(DEEDS)
    report = importers.apply(imp, content, f"deeds.{kind}", acting_user=setup)
    assert report.refused == [] and len(report.create) == 300
    assert Deed.objects.count() == 300 and Deed.objects.filter(ended_on__isnull=True).count() == 250

    home = Home.objects.get(housing_project__slug="nova", label="N000")
    first, second = Deed.objects.filter(home=home).order_by("bought_on")
    assert (
        first.household.name,
        first.bought_on,
        first.ended_on,
        first.price_paid,
        first.formula,
    ) == ("Ménage Müller 0", date(2012, 3, 1), date(2017, 8, 22), Decimal("150000.50"), "appraisal")
    assert (first.share_percent, first.appraisal_at_purchase) == (Decimal("25"), Decimal("200000"))
    assert (
        second.household.name,
        second.bought_on,
        second.ended_on,
        second.formula,
        second.index_name,
        second.index_at_purchase,
    ) == ("Ménage Dupré 1", date(2017, 8, 22), None, "index", "ABEX", Decimal("905.5"))
    assert selectors.current_deed(home) == second and home.status == Home.Status.ALLOCATED
    fixed = Deed.objects.get(home__label="N001")
    assert (fixed.formula, fixed.rate_percent, fixed.index_name, fixed.share_percent) == (
        "fixed_rate",
        Decimal("1.5"),
        "",
        None,
    )

    assert (
        first.lease_starts_on,
        first.lease_years,
        first.lease_fee_cents,
        first.lease_fee_period,
        first.lease_fee_indexed,
    ) == (date(2012, 3, 1), 50, 1500, "monthly", True)
    assert (
        second.lease_starts_on,
        second.lease_years,
        second.lease_fee_cents,
        second.lease_fee_period,
    ) == (None, None, None, "")

    again = importers.apply(imp, content, f"deeds.{kind}", acting_user=setup)
    assert (len(again.create), len(again.update), again.unchanged, again.refused) == (0, 0, 300, [])
    assert Deed.objects.count() == 300

    rows[0]["price_paid"] = "151000"
    changed = importers.apply(imp, as_csv(rows), "deeds.csv", acting_user=setup)
    assert (len(changed.create), len(changed.update), changed.unchanged) == (0, 1, 299)
    assert Deed.objects.get(home=home, bought_on=date(2012, 3, 1)).price_paid == Decimal("151000")

    rows[0]["lease_fee"] = "16"
    changed = importers.apply(imp, as_csv(rows), "deeds.csv", acting_user=setup)
    assert (len(changed.create), len(changed.update), changed.unchanged) == (0, 1, 299)
    assert Deed.objects.get(home=home, bought_on=date(2012, 3, 1)).lease_fee_cents == 1600


LEASE_ROWS = [
    {
        "housing_project": "nova",
        "home": "N000",
        "bought_on": "01/03/2012",
        "owner_email": "eigenaar.0@example.org",
        "price_paid": "150000",
        "formula": "appraisal",
        "share_percent": "25",
        "appraisal_at_purchase": "200000",
        "lease_starts_on": "01/03/2012",
        "lease_years": "50",
        "lease_fee": "€ 15,00",
        "lease_fee_period": "par mois",
        "lease_fee_indexed": "oui",
    },
    {
        "housing_project": "nova",
        "home": "N001",
        "bought_on": "2013-05-02",
        "owner_email": "eigenaar.1@example.org",
        "price_paid": "160000",
        "formula": "fixed_rate",
        "rate_percent": "1,5",
        "lease_starts_on": "2013-05-02",
        "lease_years": "99",
        "lease_fee": "180",
        "lease_fee_period": "per jaar",
    },
    {
        "housing_project": "nova",
        "home": "N002",
        "bought_on": "2014-01-10",
        "owner_email": "eigenaar.2@example.org",
        "price_paid": "170000",
        "formula": "fixed_rate",
        "rate_percent": "2",
    },
    # A partial lease: a fee period without its fee.
    {
        "housing_project": "nova",
        "home": "N003",
        "bought_on": "2014-01-10",
        "owner_email": "eigenaar.3@example.org",
        "price_paid": "170000",
        "formula": "fixed_rate",
        "rate_percent": "2",
        "lease_starts_on": "2014-01-10",
        "lease_years": "50",
        "lease_fee_period": "monthly",
    },
    {
        "housing_project": "nova",
        "home": "N004",
        "bought_on": "2014-01-10",
        "owner_email": "eigenaar.4@example.org",
        "price_paid": "170000",
        "formula": "fixed_rate",
        "rate_percent": "2",
        "lease_starts_on": "2013-12-31",
        "lease_years": "50",
        "lease_fee": "15",
        "lease_fee_period": "monthly",
    },
    {
        "housing_project": "nova",
        "home": "N005",
        "bought_on": "2014-01-10",
        "owner_email": "eigenaar.5@example.org",
        "price_paid": "170000",
        "formula": "fixed_rate",
        "rate_percent": "2",
        "lease_starts_on": "2014-01-10",
        "lease_years": "1200",
        "lease_fee": "15",
        "lease_fee_period": "monthly",
    },
    {
        "housing_project": "nova",
        "home": "N006",
        "bought_on": "2014-01-10",
        "owner_email": "eigenaar.6@example.org",
        "price_paid": "170000",
        "formula": "fixed_rate",
        "rate_percent": "2",
        "lease_starts_on": "2014-01-10",
        "lease_years": "50",
        "lease_fee": "15",
        "lease_fee_period": "weekly",
    },
]


def test_the_dry_run_reads_each_deed_s_land_lease_and_refuses_a_partial_one(setup):
    with translation.override("en"):
        report = importers.check(importers.importer(DEEDS), as_csv(LEASE_ROWS, ()), "deeds.csv")
    assert report.refused == [
        {
            "line": 5,
            "column": "Land lease fee (€)",
            "reason": "A land lease needs its start, duration, fee and period together (or none of them).",
        },
        {
            "line": 6,
            "column": "Land lease starts on",
            "reason": "The land lease cannot start before the purchase.",
        },
        {
            "line": 7,
            "column": "Land lease duration (years)",
            "reason": "The lease's duration must be between 1 and 999 years.",
        },
        {
            "line": 8,
            "column": "Land lease fee paid (monthly or yearly)",
            "reason": "Unknown fee period: “weekly” (monthly or yearly).",
        },
    ]
    common = {
        "housing_project": "nova",
        "owner_email": "",
        "share_percent": None,
        "appraisal_at_purchase": None,
        "index_name": "",
        "index_at_purchase": None,
        "rate_percent": None,
        "lease_starts_on": None,
        "lease_years": None,
        "lease_fee": None,
        "lease_fee_period": "",
        "lease_fee_indexed": False,
    }
    assert report.create == [
        dict(
            common,
            _line=2,
            home="N000",
            bought_on=date(2012, 3, 1),
            owner_email="eigenaar.0@example.org",
            price_paid=Decimal("150000"),
            formula="appraisal",
            share_percent=Decimal("25"),
            appraisal_at_purchase=Decimal("200000"),
            lease_starts_on=date(2012, 3, 1),
            lease_years=50,
            lease_fee=1500,
            lease_fee_period="monthly",
            lease_fee_indexed=True,
        ),
        dict(
            common,
            _line=3,
            home="N001",
            bought_on=date(2013, 5, 2),
            owner_email="eigenaar.1@example.org",
            price_paid=Decimal("160000"),
            formula="fixed_rate",
            rate_percent=Decimal("1.5"),
            lease_starts_on=date(2013, 5, 2),
            lease_years=99,
            lease_fee=18000,
            lease_fee_period="yearly",
        ),
        dict(
            common,
            _line=4,
            home="N002",
            bought_on=date(2014, 1, 10),
            owner_email="eigenaar.2@example.org",
            price_paid=Decimal("170000"),
            formula="fixed_rate",
            rate_percent=Decimal("2"),
        ),
    ]
    # The person reads the refusal in their language.
    with translation.override("fr"):
        report = importers.check(
            importers.importer(DEEDS), as_csv(LEASE_ROWS[3:4], ()), "deeds.csv"
        )
    assert report.refused == [
        {
            "line": 2,
            "column": "Redevance du bail foncier (€)",
            "reason": "Un bail foncier demande ensemble son début, sa durée, sa redevance et sa périodicité (ou aucun des quatre).",
        }
    ]
    with translation.override("nl"):
        report = importers.check(
            importers.importer(DEEDS), as_csv(LEASE_ROWS[3:4], ()), "deeds.csv"
        )
    assert report.refused[0]["reason"] == (
        "Een grondpacht vraagt samen haar begin, duur, vergoeding en periodiciteit (of geen van de vier)."
    )


def test_leases_are_written_then_a_rerun_is_unchanged(setup):
    imp = importers.importer(DEEDS)
    content = as_csv(LEASE_ROWS[:3], ())
    report = importers.apply(imp, content, "deeds.csv", acting_user=setup)
    assert (len(report.create), report.refused) == (3, [])
    leases = {
        d.home.label: (
            d.lease_starts_on,
            d.lease_years,
            d.lease_fee_cents,
            d.lease_fee_period,
            d.lease_fee_indexed,
        )
        for d in Deed.objects.select_related("home")
    }
    assert leases == {
        "N000": (date(2012, 3, 1), 50, 1500, "monthly", True),
        "N001": (date(2013, 5, 2), 99, 18000, "yearly", False),
        "N002": (None, None, None, "", False),
    }
    again = importers.apply(imp, content, "deeds.csv", acting_user=setup)
    assert (len(again.create), len(again.update), again.unchanged) == (0, 0, 3)


def test_a_deeds_file_with_one_bad_row_writes_nothing(setup):
    rows = deeds_file(bad=False)
    rows[250]["index_at_purchase"] = rows[250]["rate_percent"] = rows[250][
        "appraisal_at_purchase"
    ] = ""
    report = importers.apply(
        importers.importer(DEEDS), as_csv(rows, ()), "deeds.csv", acting_user=setup
    )
    assert len(report.refused) == 1 and report.refused[0]["line"] == 252
    assert not Deed.objects.exists()


def test_the_dutch_template_and_page_name_the_deeds_import(setup, client_of):
    template = (
        client_of(setup).get(f"/admin/imports/{DEEDS}/template-nl.csv").content.decode("utf-8-sig")
    )
    assert template.startswith("Woonproject (korte naam) * (sleutel),")
    text = (
        client_of(setup).get("/admin/imports/").content.decode()
    )  # in the staff member's language
    assert "Actes des propriétaires" in text and f"/admin/imports/{DEEDS}/upload/" in text


def test_a_member_who_is_not_staff_cannot_import_deeds(setup, client_of):
    upload = SimpleUploadedFile(
        "deeds.csv", as_csv(deeds_file(bad=False)[:3]), content_type="text/csv"
    )
    response = client_of(UserFactory()).post(f"/admin/imports/{DEEDS}/upload/", {"file": upload})
    assert_refused(response, "Only staff import files.")
    assert not ImportRun.objects.exists() and not Deed.objects.exists()
