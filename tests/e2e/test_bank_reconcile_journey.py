"""Co-ownership money meets the bank, in headless Chromium with Belgian
browsers (fr-BE, nl-BE, Brussels time): the syndic calls the quarter's funds;
a co-owner (in Dutch) sees what she owes with the EPC QR code; the syndic (in
French) imports the bank's CODA file, in which her payment carries her
structured communication and is matched, while another co-owner's transfer
with a free communication waits in the queue and is assigned by hand; both
balances are then zero. The syndic records a supplier's invoice with its IBAN and
downloads the pain.001 file that pays it."""

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from socle_site.kernel.banking.references import display

from coownership import selectors, services
from coownership.models import BankCredit, BuildingRole, Payment, PaymentReference
from tests.banking import coda_builder as coda
from tests.e2e.helpers import log_in, person, serious_accessibility_violations
from tests.factories import HouseholdFactory, HousingProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACCOUNT = "BE71096123456769"


def _coda_file(ann_reference: str) -> str:
    """1 May 2026 on the building's account: Ann pays 600.00 with her
    structured communication; Bob pays 400.00 with a free one naming no lot."""
    records = [coda.header(), coda.old_balance(ACCOUNT, 0)]
    records += [coda.movement(1, 60000, bank_ref="EPIB00048AWIUBTKAPUA1", structured=ann_reference),
                coda.movement_2(1, bic="KREDBEBB"), coda.movement_3(1, iban="BE68539007547034", name="PEETERS ANN")]
    records += [coda.movement(2, 40000, bank_ref="EPIB00048AWIUBTKAPUA2", free="Provisions deuxieme trimestre"),
                coda.movement_2(2, bic="GEBABEBB"), coda.movement_3(2, iban="BE43068999999501", name="J. JANSSENS")]
    records.append(coda.new_balance(ACCOUNT, 100000))
    records.append(coda.trailer(len(records) - 1, 0, 100000))
    return "".join(f"{r}\r\n" for r in records)


def test_call_paid_by_structured_communication_and_assigned_by_hand(live_server, browser_launch, tmp_path,
                                                                    time_machine):
    time_machine.move_to("2026-05-01 10:00:00+02:00", tick=True)
    project = HousingProjectFactory()
    building = services.create_building(
        acting_user=None, housing_project=project, name="Résidence Tilleul", slug="tilleul", total_shares=1000,
        lots=[{"reference": "A1", "shares": 600}, {"reference": "A2", "shares": 400}],
    )
    ann_home = HouseholdFactory(name="Famille Peeters", housing_project=project)
    bob_home = HouseholdFactory(name="Famille Janssens", housing_project=project)
    person("ann@tilleul.test", "Ann", "Peeters", lang="nl", household=ann_home)
    person("bob@tilleul.test", "Bob", "Janssens", lang="fr", household=bob_home)
    syndic = person("syndic@tilleul.test", "Sophie", "Dubois", lang="fr")
    lots = {lot.reference: lot for lot in building.lots.all()}
    services.transfer_lot(acting_user=None, lot=lots["A1"], household=ann_home, on_date=date(2024, 1, 1))
    services.transfer_lot(acting_user=None, lot=lots["A2"], household=bob_home, on_date=date(2024, 1, 1))
    services.assign_building_role(acting_user=None, building=building, user=syndic, kind=BuildingRole.Kind.SYNDIC)
    services.set_bank_account(acting_user=None, building=building, iban=ACCOUNT, account_name="ACP Tilleul")
    services.set_budget_line(acting_user=None, building=building, year=2026,
                             key=building.keys.get(kind="general"), amount="4000.00")
    ann_reference = PaymentReference.objects.get(building=building, fund="working", household=ann_home).digits
    statement = tmp_path / "tilleul-2026-05-01.cod"
    statement.write_text(_coda_file(ann_reference), encoding="ascii")
    shots = Path(os.environ.get("SOCLE_SHOTS", "/tmp"))
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        belgian = {"timezone_id": "Europe/Brussels", "viewport": {"width": 1024, "height": 900}}
        syndic_page = browser.new_context(locale="fr-BE", **belgian).new_page()
        ann_page = browser.new_context(locale="nl-BE", **belgian).new_page()
        for page in (syndic_page, ann_page):
            page.set_default_timeout(20_000)

        # The syndic calls the second quarter's funds (due 15 April: Ann 600.00, Bob 400.00).
        log_in(syndic_page, base, "syndic@tilleul.test", "fr")
        syndic_page.goto(f"{base}/fr/buildings/tilleul/budget/?year=2026")
        call = syndic_page.locator("form[action$='/calls/']")
        call.locator("#id_year").fill("2026")
        call.locator("#id_quarter").select_option("2")
        call.get_by_role("button", name="Appeler les fonds de ce trimestre").click()
        expect(syndic_page.locator(".messages")).to_contain_text("L'appel de fonds est envoyé aux copropriétaires.")

        # Ann sees what she owes, to which account, with which reference, and the QR code.
        log_in(ann_page, base, "ann@tilleul.test", "nl")
        ann_page.goto(f"{base}/nl/buildings/tilleul/my-account/")
        owed = ann_page.locator("section[aria-labelledby=to-pay-title] p.lead").first  # the working fund comes first
        expect(owed).to_contain_text("€\u00a0600,00")
        expect(owed).to_contain_text("verschuldigd sinds 15 april 2026")
        expect(ann_page.locator("main")).to_contain_text(display(ann_reference))
        expect(ann_page.locator("main")).to_contain_text("BE71 0961 2345 6769")
        expect(ann_page.locator("svg.epc-qr")).to_be_visible()
        ann_page.screenshot(path=str(shots / "recon-account-owed.png"), full_page=True)
        assert serious_accessibility_violations(ann_page) == []

        # The syndic imports the bank's CODA file: Ann's payment is matched, Bob's waits.
        syndic_page.goto(f"{base}/fr/buildings/tilleul/payments/")
        syndic_page.locator("input[type=file]").set_input_files(str(statement))
        syndic_page.get_by_role("button", name="Importer", exact=True).click()
        expect(syndic_page.locator(".messages")).to_contain_text("Paiements importés : 1.")
        queue = syndic_page.locator("table.credit-queue tbody tr")
        expect(queue).to_have_count(1)
        expect(queue.first).to_contain_text("400,00\u00a0€")
        expect(queue.first).to_contain_text("J. JANSSENS")
        syndic_page.screenshot(path=str(shots / "recon-queue.png"), full_page=True)
        assert serious_accessibility_violations(syndic_page) == []
        queue.first.get_by_label("Copropriétaire").select_option(label="Famille Janssens")
        queue.first.get_by_role("button", name="Attribuer").click()
        expect(syndic_page.locator(".messages")).to_contain_text(
            "Le crédit est enregistré comme paiement de Famille Janssens.")
        expect(syndic_page.locator("table.credit-queue")).to_have_count(0)
        expect(syndic_page.locator("table.credits-handled")).to_contain_text("Famille Janssens")
        syndic_page.screenshot(path=str(shots / "recon-assigned.png"), full_page=True)
        assert serious_accessibility_violations(syndic_page) == []

        # The syndic records the lift's invoice with the supplier's IBAN and pays it by a pain.001 file.
        syndic_page.goto(f"{base}/fr/buildings/tilleul/expenses/?year=2026")
        syndic_page.locator("#id_supplier").fill("Ascenseurs Kone")
        syndic_page.locator("#id_supplier_iban").fill("be62510007547061")
        syndic_page.locator("#id_spent_on").fill("2026-04-28")
        syndic_page.locator("#id_amount").fill("812.40")
        syndic_page.locator("section[aria-labelledby=new-title] button[type=submit]").click()
        expect(syndic_page.locator(".messages")).to_contain_text("La dépense est encodée et répartie entre les lots.")
        expect(syndic_page.locator("main table")).to_contain_text("BE62 5100 0754 7061")
        syndic_page.goto(f"{base}/fr/buildings/tilleul/transfers/")
        row = syndic_page.locator("table.unpaid-expenses tbody tr", has_text="Ascenseurs Kone")
        row.get_by_role("checkbox").check()
        with syndic_page.expect_download() as download:
            syndic_page.get_by_role("button", name="Télécharger le fichier de virements").click()
        xml = Path(download.value.path()).read_bytes()
        assert b"<IBAN>BE62510007547061</IBAN>" in xml and b'<InstdAmt Ccy="EUR">812.40</InstdAmt>' in xml
        syndic_page.reload()
        expect(syndic_page.locator("main")).to_contain_text("Aucune dépense impayée.")
        syndic_page.screenshot(path=str(shots / "recon-transfers.png"), full_page=True)

        # Ann's balance is zero.
        ann_page.reload()
        expect(ann_page.locator("section[aria-labelledby=to-pay-title] p.lead").first).to_have_text("Nu niets te betalen.")
        ann_page.screenshot(path=str(shots / "recon-account-paid.png"), full_page=True)
        browser.close()

    assert sorted(Payment.objects.values_list("household__name", "amount_cents", "source")) == [
        ("Famille Janssens", 40000, "bank"), ("Famille Peeters", 60000, "bank")]
    assert sorted(BankCredit.objects.values_list("status", flat=True)) == ["assigned", "matched"]
    balances = {row["name"]: row["balance_cents"] for row in selectors.balances(building, date(2026, 5, 1))}
    assert balances == {"Famille Peeters": 0, "Famille Janssens": 0}
