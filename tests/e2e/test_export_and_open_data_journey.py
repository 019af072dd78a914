"""In headless Chromium: staff open the register, follow its export link,
keep three columns and download the register as .xlsx in its legal order
(fr); a visitor finds the open data from the footer and the partner API's
documentation (nl). Both pages pass axe's serious checks."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from community.candidates.models import Application
from tests.e2e.helpers import log_in, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_export_the_register_and_a_visitor_finds_the_open_data(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    staff_sees = list(Application.objects.filter(operators__staff__email="staff@socle.test").distinct()
                      .order_by("register_number").values_list("register_number", flat=True))
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(**browser_launch)
        page = browser.new_page(locale="fr-BE", timezone_id="Europe/Brussels")
        log_in(page, base, "staff@socle.test", lang="fr", password="socle-demo-2026")
        page.goto(f"{base}/fr/register/")
        page.get_by_role("link", name="Exporter : Registre des candidats-propriétaires (CSV, Excel)").click()
        expect(page.locator("h1")).to_have_text("Exporter : Registre des candidats-propriétaires")
        assert serious_accessibility_violations(page) == []
        for label in ("Catégorie de revenus", "Commune actuelle", "Priorités", "Statut"):
            page.get_by_label(label).uncheck()
        with page.expect_download() as download:
            page.get_by_role("button", name="Télécharger").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("Numéro au registre", "Candidature du", "Taille du ménage")
        assert [r[0] for r in rows[1:]] == staff_sees

        visitor = browser.new_page(locale="nl-BE", timezone_id="Europe/Brussels")
        visitor.goto(f"{base}/nl/")
        visitor.locator("footer").get_by_role("link", name="Open data").click()
        expect(visitor.locator("h1")).to_have_text("Open data")
        expect(visitor.get_by_role("link", name="Woonprojecten als CSV")).to_be_visible()
        assert serious_accessibility_violations(visitor) == []
        visitor.get_by_role("link", name="Dezelfde cijfers voor programma's: de partner-API").click()
        expect(visitor.locator("h1")).to_have_text("Partner-API")
        assert serious_accessibility_violations(visitor) == []
        browser.close()
