"""Importing a trust's buildings, lots, shares and owners, and the opening
balances of the co-owners' accounts (issue 23): a realistic file written by a
generator (300 lots in 12 buildings, accents, French and Dutch addresses,
empty lines, Excel dates, a few bad rows) gives the exact dry-run report,
then the exact rows; the same file again changes nothing; one bad row and
nothing is written; only staff import."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from socle_site.kernel.dataio import importers
from socle_site.kernel.models import ImportRun

from coownership import selectors
from coownership.models import Building, KeyWeight, Lot, Ownership, Payment
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    HousingProjectFactory,
    UserFactory,
    make_staff,
)
from tests.refusals import assert_refused

LOTS = "coownership-lots"
BALANCES = "coownership-balances"
NAMES = ["Müller", "Dupré", "Van den Bossche", "Çelik", "Nguyễn", "Janssens", "Benali", "Léonard"]
STREETS = [
    "Rue Vandenpeereboom {n}, 1080 Molenbeek-Saint-Jean",
    "Zonnebloemstraat {n}, 1070 Anderlecht",
    "Chaussée de Gand {n}, 1080 Sint-Jans-Molenbeek",
    "Rue Émile Féron {n}, 1060 Saint-Gilles",
]


@pytest.fixture
def setup(db, time_machine):
    """7 December 2026; projects "nova" and "zonnebloem"; 60 households whose
    adults have an e-mail address (the owners' natural key)."""
    time_machine.move_to("2026-12-07 10:00:00+01:00", tick=False)
    HousingProjectFactory(slug="nova", name="Nova", municipality="Molenbeek-Saint-Jean")
    HousingProjectFactory(slug="zonnebloem", name="Zonnebloem", municipality="Anderlecht")
    for i in range(60):
        household = HouseholdFactory(name=f"Ménage {NAMES[i % len(NAMES)]} {i}")
        HouseholdMemberFactory(
            household=household,
            user=UserFactory(email=f"zoe.{i}@example.org"),
            full_name=f"Zoë {NAMES[i % len(NAMES)]}",
        )
    return make_staff(email="staff@example.org", is_superuser=True)


def lots_file(buildings=12, bad=True):
    """12 buildings of 25 lots whose shares add up to 1000 (twelve pairs of
    30 and 50, and a parking of 40); flats owned, parkings not."""
    rows = []
    for b in range(buildings):
        slug = f"immeuble-{b}" if b % 2 else f"gebouw-{b}"
        for n in range(25):
            is_parking = n == 24
            bought = date(2012, 1, 2) + timedelta(days=b * 90 + n)
            owner = f"zoe.{(b * 24 + n) % 60}@example.org" if not is_parking else ""
            rows.append(
                {
                    "building": slug,
                    "building_name": f"Résidence {NAMES[b % len(NAMES)]} {b}",
                    "housing_project": "nova" if b % 2 else "zonnebloem",
                    "address": STREETS[b % 4].format(n=b + 1),
                    "total_shares": 1000,
                    "lot": f"P{b}.{n}" if is_parking else f"A{b}.{n}",
                    "kind": ("parking" if b % 2 else "Parkeerplaats")
                    if is_parking
                    else ("" if n % 3 else "Appartement"),
                    "shares": 40 if is_parking else (30 if n % 2 else 50),
                    "owner_email": owner,
                    "owner_since": ""
                    if is_parking
                    else (bought.strftime("%d/%m/%Y") if n % 2 else bought.isoformat()),
                }
            )
    if bad:
        rows[10]["owner_email"] = "inconnu@example.org"  # building 0
        rows[60]["owner_since"] = "2027-03-01"  # building 2: a date in the future
        rows[101]["lot"] = rows[100]["lot"]  # building 4: the same lot twice
        rows[160]["shares"] = 45  # building 6: 995 shares
    return rows


HEADERS = [c.key for c in importers.importer(LOTS).columns] if importers.importer(LOTS) else []


def as_csv(rows, headers, empty_lines=(5, 77)):
    lines = [headers] + [[row.get(h, "") for h in headers] for row in rows]
    for position in sorted(empty_lines, reverse=True):
        lines.insert(position, [""] * len(headers))
    return importers.csv_bytes(lines)


def line_of(index, empty_lines=(5, 77)):
    """The line of the file where row ``index`` (0-based) lands, as ``as_csv`` inserts the empty lines."""
    position = index + 1
    for empty in sorted(empty_lines, reverse=True):
        if position >= empty:
            position += 1
    return position + 1


def as_xlsx(rows, headers, date_columns):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        cells = []
        for h in headers:
            value = row.get(h, "")
            if h in date_columns and value:
                value = (
                    date.fromisoformat(value)
                    if "-" in value
                    else date(int(value[6:]), int(value[3:5]), int(value[:2]))
                )
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_dry_run_of_the_lots_reports_each_refused_row_and_writes_nothing(setup):
    rows = lots_file()
    with translation.override("en"):
        report = importers.check(importers.importer(LOTS), as_csv(rows, HEADERS), "lots.csv")
    building_6 = (
        "The shares of building “gebouw-6” add up to 995, not to its total of 1000 "
        "(a lot refused for another reason counts as missing)."
    )
    building_4 = (
        "The shares of building “gebouw-4” add up to 970, not to its total of 1000 "
        "(a lot refused for another reason counts as missing)."
    )
    expected = [
        {
            "line": line_of(10),
            "column": "Current owner's e-mail",
            "reason": "Unknown owner: no member has the e-mail “inconnu@example.org”.",
        },
        {"line": line_of(60), "column": "Owner since", "reason": "This date is in the future."},
        {
            "line": line_of(101),
            "column": "Building (short name)",
            "reason": f"Same key as line {line_of(100)}.",
        },
    ]
    expected += [
        {"line": line_of(i), "column": "Shares (thousandths)", "reason": building_4}
        for i in range(100, 125)
        if i != 101
    ]
    expected += [
        {"line": line_of(i), "column": "Shares (thousandths)", "reason": building_6}
        for i in range(150, 175)
    ]
    assert report.refused == sorted(expected, key=lambda r: (r["line"], r["column"]))
    # Buildings 0 and 2 keep their other 24 lots; 4 and 6 none.
    assert (len(report.create), len(report.update), report.unchanged) == (300 - 2 - 50, 0, 0)
    assert not Building.objects.exists() and not Lot.objects.exists()


def test_a_lots_file_with_one_bad_row_writes_nothing(setup):
    rows = lots_file(bad=False)
    rows[200]["owner_since"] = "01/01/2030"
    report = importers.apply(
        importers.importer(LOTS), as_csv(rows, HEADERS, ()), "lots.csv", acting_user=setup
    )
    assert [(r["line"], r["reason"]) for r in report.refused] == [
        (202, "This date is in the future.")
    ]
    assert (
        not Building.objects.exists()
        and not Lot.objects.exists()
        and not Ownership.objects.exists()
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_buildings_lots_and_owners_are_written_then_a_rerun_changes_nothing(setup, kind):
    rows = lots_file(bad=False)
    content = as_csv(rows, HEADERS) if kind == "csv" else as_xlsx(rows, HEADERS, {"owner_since"})
    imp = importers.importer(LOTS)
    report = importers.apply(imp, content, f"lots.{kind}", acting_user=setup)
    assert report.refused == [] and len(report.create) == 300

    assert (
        Building.objects.count() == 12
        and Lot.objects.count() == 300
        and Ownership.objects.count() == 288
    )
    building = Building.objects.get(slug="gebouw-0")
    assert (
        building.name,
        building.housing_project.slug,
        building.total_shares,
        building.address,
    ) == (
        "Résidence Müller 0",
        "zonnebloem",
        1000,
        "Rue Vandenpeereboom 1, 1080 Molenbeek-Saint-Jean",
    )
    lots = {lot.reference: lot for lot in building.lots.all()}
    assert sum(lot.shares for lot in lots.values()) == 1000
    assert (
        lots["A0.0"].kind,
        lots["A0.0"].shares,
        lots["A0.1"].shares,
        lots["P0.24"].kind,
        lots["P0.24"].shares,
    ) == ("flat", 50, 30, "parking", 40)
    # The general key follows the shares, as for a building created in the administration.
    assert sorted(
        KeyWeight.objects.filter(key__building=building, key__kind="general").values_list(
            "weight", flat=True
        )
    ) == sorted(lot.shares for lot in lots.values())
    owner = Ownership.objects.select_related("household").get(lot=lots["A0.1"])
    assert (owner.household.name, owner.starts_on, owner.ends_on) == (
        "Ménage Dupré 1",
        date(2012, 1, 3),
        None,
    )
    assert not Ownership.objects.filter(lot=lots["P0.24"]).exists()
    # The co-owners now vote in the building by their shares (art. 3.87 §2).
    assert sum(selectors.coowner_weights(building, date(2026, 12, 7)).values()) == 960

    again = importers.apply(imp, content, f"lots.{kind}", acting_user=setup)
    assert (len(again.create), len(again.update), again.unchanged, again.refused) == (0, 0, 300, [])
    assert Lot.objects.count() == 300 and Ownership.objects.count() == 288

    # A resale in the file: the new owner from the day given, the history kept.
    rows[1]["owner_email"], rows[1]["owner_since"] = "zoe.59@example.org", "2025-06-30"
    changed = importers.apply(imp, as_csv(rows, HEADERS), "lots.csv", acting_user=setup)
    assert (len(changed.create), len(changed.update), changed.unchanged) == (0, 1, 299)
    history = list(
        Ownership.objects.filter(lot=lots["A0.1"])
        .order_by("starts_on")
        .values_list("household__name", "ends_on")
    )
    assert history == [("Ménage Dupré 1", date(2025, 6, 30)), ("Ménage Çelik 59", None)]


def test_shares_of_an_existing_building_must_still_add_up(setup):
    rows = lots_file(buildings=1, bad=False)
    imp = importers.importer(LOTS)
    importers.apply(imp, as_csv(rows, HEADERS, ()), "lots.csv", acting_user=setup)
    rows[0]["shares"] = 60  # 10 shares too many
    with translation.override("fr"):
        report = importers.check(imp, as_csv(rows[:1], HEADERS, ()), "lots.csv")
    assert report.refused == [
        {
            "line": 2,
            "column": "Quotités (millièmes)",
            "reason": (
                "Les quotités de l’immeuble « gebouw-0 » totalisent 1010, et non son total de 1000 "
                "(un lot refusé pour une autre raison compte comme manquant)."
            ),
        }
    ]


def balances_file():
    """The opening balance of each owner of the first building: debts and
    credits, written the ways a Belgian spreadsheet writes euros."""
    rows = []
    for n in range(24):
        euros = (n * 37) % 500 + n / 100
        amount = (
            f"-{euros:.2f}".replace(".", ",")
            if n % 3 == 0
            else (f"{euros:.2f}" if n % 3 == 1 else f"€ 1.{n:03d},50")
        )
        rows.append(
            {
                "building": "gebouw-0",
                "owner_email": f"zoe.{n}@example.org".upper() if n == 5 else f"zoe.{n}@example.org",
                "balance": amount,
                "as_of": "31/12/2025" if n % 2 else "2025-12-31",
            }
        )
    return rows


BALANCE_HEADERS = (
    [c.key for c in importers.importer(BALANCES).columns] if importers.importer(BALANCES) else []
)


def expected_cents(text):
    clean = text.replace("€", "").replace(" ", "")
    if "," in clean:
        clean = clean.replace(".", "").replace(",", ".")
    return round(float(clean) * 100)


def test_opening_balances_show_in_the_co_owners_accounts_and_a_rerun_changes_nothing(setup):
    importers.apply(
        importers.importer(LOTS),
        as_csv(lots_file(buildings=1, bad=False), HEADERS, ()),
        "lots.csv",
        acting_user=setup,
    )
    rows = balances_file()
    imp = importers.importer(BALANCES)
    bad = [
        *rows,
        {
            "building": "gebouw-0",
            "owner_email": "zoe.40@example.org",
            "balance": "12",
            "as_of": "2025-12-31",
        },
        {
            "building": "gebouw-0",
            "owner_email": "zoe.1@example.org",
            "balance": "douze",
            "as_of": "2025-12-31",
        },
        {
            "building": "gebouw-9",
            "owner_email": "zoe.2@example.org",
            "balance": "12,001",
            "as_of": "2031-01-01",
        },
    ]
    with translation.override("nl"):
        report = importers.check(imp, as_csv(bad, BALANCE_HEADERS, (3,)), "balances.csv")
    assert report.refused == [
        {
            "line": 27,
            "column": "E-mail van de mede-eigenaar",
            "reason": "Dit huishouden bezit geen kavel in het gebouw.",
        },
        {
            "line": 28,
            "column": "Beginsaldo (€, negatief als verschuldigd)",
            "reason": "Dit is geen bedrag: alleen cijfers, en een komma of punt voor de centen.",
        },
        {
            "line": 29,
            "column": "Beginsaldo (€, negatief als verschuldigd)",
            "reason": "Het bedrag moet een aantal euro zijn met hoogstens twee decimalen.",
        },
        {"line": 29, "column": "Saldo op", "reason": "Deze datum ligt in de toekomst."},
    ]
    assert not Payment.objects.exists()

    report = importers.apply(
        imp, as_csv(rows, BALANCE_HEADERS, (3,)), "balances.csv", acting_user=setup
    )
    assert report.refused == [] and len(report.create) == 24
    stored = {
        p.household.members.get().user.email: p for p in Payment.objects.select_related("household")
    }
    for row in rows:
        payment = stored[row["owner_email"].lower()]
        assert (payment.amount_cents, payment.paid_on, payment.source) == (
            expected_cents(row["balance"]),
            date(2025, 12, 31),
            Payment.Source.OPENING,
        )
    assert (
        stored["zoe.0@example.org"].amount_cents == 0
        and stored["zoe.3@example.org"].amount_cents == -11103
    )
    assert stored["zoe.2@example.org"].amount_cents == 100250

    # The balances page and the co-owner's account count it: paid less called.
    building = Building.objects.get(slug="gebouw-0")
    by_name = {row["name"]: row for row in selectors.balances(building, date(2026, 12, 7))}
    assert (
        by_name["Ménage Van den Bossche 2"]["balance_cents"],
        by_name["Ménage Çelik 3"]["arrears_cents"],
    ) == (100250, 11103)

    again = importers.apply(
        imp, as_csv(rows, BALANCE_HEADERS, (3,)), "balances.csv", acting_user=setup
    )
    assert (len(again.create), len(again.update), again.unchanged) == (0, 0, 24)
    rows[3]["balance"] = "-100"
    changed = importers.apply(imp, as_csv(rows, BALANCE_HEADERS), "balances.csv", acting_user=setup)
    assert (len(changed.create), len(changed.update), changed.unchanged) == (0, 1, 23)
    assert (
        Payment.objects.count() == 24
        and Payment.objects.get(household__name="Ménage Çelik 3").amount_cents == -10000
    )


def test_the_co_owner_reads_the_opening_balance_on_their_account_page(setup, client_of):
    importers.apply(
        importers.importer(LOTS),
        as_csv(lots_file(buildings=1, bad=False), HEADERS, ()),
        "lots.csv",
        acting_user=setup,
    )
    importers.apply(
        importers.importer(BALANCES),
        as_csv(balances_file()[:4], BALANCE_HEADERS, ()),
        "b.csv",
        acting_user=setup,
    )
    from community.models import User

    owner = User.objects.get(email="zoe.3@example.org")
    owner.language = "fr"
    owner.save()
    with translation.override("fr"):
        url = reverse("coownership:my_account", args=["gebouw-0"])
    page = client_of(owner).get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "Solde d&#x27;ouverture" in text and "111,03" in text
    # What they owed when the books moved is what they are asked to pay now.
    building = Building.objects.get(slug="gebouw-0")
    (instructions,) = selectors.payment_instructions(building, [owner.household_memberships.get().household_id], date(2026, 12, 7))
    assert (instructions["owed_cents"], instructions["due_on"], instructions["is_overdue"], instructions["advance_cents"]) == (
        11103,
        date(2025, 12, 31),
        True,
        0,
    )


def test_the_import_page_lists_the_building_imports_for_staff_only(
    setup, client_of, django_capture_on_commit_callbacks
):
    page = client_of(setup).get("/admin/imports/")
    text = page.content.decode()
    assert (
        "Buildings, lots, shares and owners" in text
        or "Immeubles, lots, quotités et propriétaires" in text
    )
    template = client_of(setup).get(f"/admin/imports/{LOTS}/template-nl.csv")
    assert template.status_code == 200 and "Kavelreferentie * (sleutel)" in template.content.decode(
        "utf-8-sig"
    )
    upload = SimpleUploadedFile(
        "lots.csv", as_csv(lots_file(buildings=2, bad=False), HEADERS, ()), content_type="text/csv"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(setup).post(f"/admin/imports/{LOTS}/upload/", {"file": upload})
    run = ImportRun.objects.get()
    assert run.status == "checked" and run.report["create"] == 50 and not Lot.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client_of(setup).post(f"/admin/imports/runs/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == "done" and Lot.objects.count() == 50 and response.status_code == 302


@pytest.mark.parametrize("key", [LOTS, BALANCES])
def test_a_member_who_is_not_staff_cannot_import_buildings_or_balances(setup, client_of, key):
    upload = SimpleUploadedFile(
        "lots.csv", as_csv(lots_file(buildings=1, bad=False), HEADERS, ()), content_type="text/csv"
    )
    response = client_of(UserFactory()).post(f"/admin/imports/{key}/upload/", {"file": upload})
    assert_refused(response, "Only staff import files.")
    assert not ImportRun.objects.exists() and not Lot.objects.exists()
