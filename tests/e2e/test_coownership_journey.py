"""Co-ownership in headless Chromium, at phone width: a co-owner (in Dutch)
reports a problem in a common part with a photo; the building committee member
(in French) resolves it and the co-owner sees it; the co-owner asks for their
yearly statement, made in the background, and downloads the PDF."""

import io
import os
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from community import demo as community_demo
from community.demo import DEMO_PASSWORD
from coownership import demo as coownership_demo
from coownership.models import Ticket
from tests.e2e.helpers import log_in, open_menu, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_out(page):
    open_menu(page)
    page.locator("form[action$='logout/'] button").click()


def test_ticket_resolved_and_statement_downloaded(live_server, browser_launch, tmp_path):
    # Only the demo this journey needs (people, then the building), through the services.
    community_demo.load(io.StringIO())
    coownership_demo.load(io.StringIO())
    photo = tmp_path / "lift.png"
    photo.write_bytes(coownership_demo.tiny_png((30, 90, 200)))
    year = timezone.localdate().year
    # Screenshots to look at (SOCLE_SHOTS=/some/dir), else thrown away with tmp_path.
    shots = Path(os.environ.get("SOCLE_SHOTS", tmp_path))
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 360, "height": 780}, accept_downloads=True)
        page.set_default_timeout(15_000)

        # Jan Peeters, co-owner of B2, reads Dutch.
        log_in(page, base, "coowner@socle.test", "nl", DEMO_PASSWORD, heading="Mijn ruimte")
        open_menu(page)
        page.get_by_role("navigation").get_by_role("link", name="Mijn gebouw").click()
        expect(page.locator("h1")).to_have_text("Arc-en-Ciel")
        page.screenshot(path=str(shots / "coown-building.png"), full_page=True)
        assert serious_accessibility_violations(page) == []
        page.get_by_role("link", name="Een probleem in een gemeenschappelijk deel melden").click()
        page.locator("#id_title").fill("Lift cage A blijft steken")
        page.locator("#id_location").fill("Lift, cage A")
        page.locator("#id_description").fill("De lift stopt tussen de tweede en derde verdieping.")
        page.locator("#id_photos").set_input_files(str(photo))
        page.get_by_role("button", name="Versturen").click()
        expect(page.locator(".messages")).to_contain_text("de raad van mede-eigendom en de syndicus zijn verwittigd")
        expect(page.locator("img[alt='Foto 1 van het probleem']")).to_be_visible()
        ticket_url = page.url
        _log_out(page)

        # Fatima El Amrani, member of the building committee, reads French.
        log_in(page, base, "resident@socle.test", "fr", DEMO_PASSWORD, heading="Mon espace")
        open_menu(page)
        page.get_by_role("navigation").get_by_role("link", name="Mon immeuble").click()
        page.get_by_role("link", name="Tableau de bord de l'immeuble").click()
        expect(page.locator("h1")).to_have_text("Tableau de bord de l'immeuble")
        page.screenshot(path=str(shots / "coown-dashboard.png"), full_page=True)
        assert serious_accessibility_violations(page) == []
        page.get_by_role("link", name="Lift cage A blijft steken").click()
        page.locator("#id_body").fill("Le technicien de Kone passe demain matin.")
        page.get_by_role("button", name="Ajouter le commentaire").click()
        page.locator("#id_status").select_option("resolved")
        page.get_by_role("button", name="Changer le statut").click()
        expect(page.locator(".ticket-status")).to_have_text("Résolu")
        _log_out(page)

        # Jan sees the ticket resolved, then downloads his statement.
        log_in(page, base, "coowner@socle.test", "nl", DEMO_PASSWORD, heading="Mijn ruimte")
        page.goto(ticket_url.replace("/fr/", "/nl/"))
        expect(page.locator(".ticket-status")).to_have_text("Opgelost")
        expect(page.locator("main")).to_contain_text("Le technicien de Kone passe demain matin.")
        page.goto(f"{base}/nl/buildings/arc-en-ciel/my-account/")
        page.screenshot(path=str(shots / "coown-account.png"), full_page=True)
        assert serious_accessibility_violations(page) == []
        page.locator("#id_year").fill(str(year))
        page.get_by_role("button", name="Mijn afrekening opmaken").click()
        expect(page.locator(".messages")).to_contain_text("Uw afrekening wordt voorbereid")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="De pdf downloaden").click()
        pdf_path = tmp_path / "statement.pdf"
        download_info.value.save_as(pdf_path)
        browser.close()

    ticket = Ticket.objects.get(title="Lift cage A blijft steken")
    assert ticket.status == Ticket.Status.RESOLVED and ticket.photos.count() == 1
    text = PdfReader(BytesIO(pdf_path.read_bytes())).pages[0].extract_text()
    assert f"Afrekening {year}" in text and "Famille Peeters" in text and "B2" in text
