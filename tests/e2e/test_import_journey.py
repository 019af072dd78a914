"""Staff import the trust's register in headless Chromium: the dry run lists
the refused row (line, column, reason), staff fix the file and send it again,
confirm, and the candidacies are written. Screenshots in French and Dutch
(/tmp/data-shots when SOCLE_SHOTS is set)."""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.candidates.test_import_register import as_csv, register_file
from tests.e2e.helpers import E2E_PASSWORD, log_in, person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SOCLE_SHOTS")
NEW_IMPORTS = {
    "fr": ["Actes des propriétaires", "Immeubles, lots, quotités et propriétaires",
           "Soldes d’ouverture des comptes des copropriétaires", "Salles et leurs heures d’ouverture", "Réservations de salles"],
    "nl": ["Aktes van de eigenaars", "Gebouwen, kavels, aandelen en eigenaars",
           "Beginsaldi van de rekeningen van de mede-eigenaars", "Zalen en hun openingsuren", "Zaalreserveringen"],
}


def test_staff_check_fix_and_confirm_a_register_file(live_server, browser_launch, tmp_path):
    from community.candidates.models import Application, IncomeCategory, Operator

    for code, rank in (("A", 1), ("B", 2)):
        IncomeCategory.objects.create(code=code, name=code, rank=rank)
    Operator.objects.create(name="CLT Brussels")
    Operator.objects.create(name="Logement social")
    person("staff@example.org", "Nadia", lang="fr", is_staff=True, is_superuser=True)
    person("personeel@example.org", "Pieter", lang="nl", is_staff=True, is_superuser=True)
    rows = register_file(n=60, bad=False)
    good = tmp_path / "registre.csv"
    good.write_bytes(as_csv(rows, ()))
    rows[3]["current_municipality"] = "Paris"
    bad = tmp_path / "registre-erreur.csv"
    bad.write_bytes(as_csv(rows, ()))
    base = live_server.url

    with sync_playwright() as p:
        browser = p.chromium.launch(**browser_launch)
        for lang, email in (("nl", "personeel@example.org"), ("fr", "staff@example.org")):
            page = browser.new_page(locale=f"{lang}-BE", timezone_id="Europe/Brussels")
            log_in(page, base, email, lang=lang, password=E2E_PASSWORD)
            page.goto(f"{base}/admin/")
            page.get_by_role("link", name="Bestanden van een trust importeren (CSV, Excel)" if lang == "nl" else "Importer les fichiers d’un trust (CSV, Excel)").click()
            # Every app's imports are listed, each in the reader's language (issue 23).
            for label in NEW_IMPORTS[lang]:
                expect(page.get_by_text(label, exact=True).first).to_be_visible()
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/imports-{lang}.png", full_page=True)
            page.locator("#file-candidate-register").set_input_files(str(bad))
            page.locator("form:has(#file-candidate-register)").get_by_role("button", name="Het bestand controleren" if lang == "nl" else "Vérifier le fichier").click()
            expect(page.get_by_role("cell", name="Onbekende gemeente: ‘Paris’." if lang == "nl" else "Commune inconnue : « Paris ».")).to_be_visible()
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/dry-run-refused-{lang}.png", full_page=True)
            page.close()
        # Fixed, sent again, confirmed (in French).
        page = browser.new_page(locale="fr-BE", timezone_id="Europe/Brussels")
        log_in(page, base, "staff@example.org", lang="fr", password=E2E_PASSWORD)
        page.goto(f"{base}/admin/imports/")
        page.locator("#file-candidate-register").set_input_files(str(good))
        page.locator("form:has(#file-candidate-register)").get_by_role("button", name="Vérifier le fichier").click()
        expect(page.get_by_role("status")).to_contain_text("Vérifié : en attente de votre confirmation")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/dry-run-checked-fr.png", full_page=True)
        page.get_by_role("button", name="Confirmer l’import").click()
        expect(page.get_by_role("status")).to_contain_text("Écrit")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/written-fr.png", full_page=True)
        browser.close()
    assert Application.objects.count() == 60
