"""A member drafts an opinion from the platform's members' space (reached
through the navigation), attaches the plans to a forum post of the
sub-commission; the pilot approves the opinion; a visitor finds it, with its
addressee and date, on the public platform page, and searches the catalogue.
Headless Chromium at 360 px, in French, English and Dutch."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from platform_forums.models import Opinion, PostAttachment
from tests.e2e.helpers import open_menu, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "socle-demo-2026"
TITLE = "Avis sur la rénovation des logements de la rue Heyvaert"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(page, base, email, lang):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_opinion_drafted_approved_then_public(live_server, browser_launch, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate().isoformat()
    plans = Path(tmp_path) / "plans-heyvaert.pdf"
    plans.write_bytes(PDF)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        member = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
        pilot = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
        visitor = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
        for page in (member, pilot, visitor):
            page.set_default_timeout(10_000)

        # The member reaches the members' space through the navigation and drafts.
        log_in(member, live_server.url, "partner@socle.test", "fr")
        open_menu(member)
        member.get_by_role("link", name="Plateformes logement").first.click()
        member.get_by_role("link", name="Plateforme logement Bruxelles-Ouest").click()
        member.get_by_role("link", name="Espace des membres").click()
        member.get_by_role("link", name="Rédiger un avis").click()
        member.get_by_label("Titre").fill(TITLE)
        member.get_by_label("Adressé à").fill("Collège communal d'Anderlecht")
        member.get_by_label("Texte").fill(
            "La plateforme demande que les locataires restent dans le quartier pendant les travaux."
        )
        member.get_by_role("button", name="Enregistrer le projet").click()
        expect(member.locator(".messages")).to_contain_text("Le projet est enregistré")
        opinion_url = member.url

        # In the sub-commission's forum, the plans go with a reply.
        member.goto(f"{live_server.url}/fr/platforms/bruxelles-ouest/members/")
        member.get_by_role("link", name="Logement de transit").click()
        member.get_by_role("link", name="Logement de transit").last.click()
        member.get_by_role("link", name="Inventaire : qui a des logements de transit libres ?").click()
        member.get_by_label("Message").fill("Voici les plans de la rue Heyvaert.")
        member.get_by_label("Joindre des fichiers (facultatif)").set_input_files(str(plans))
        member.get_by_role("button", name="Envoyer la réponse").click()
        expect(member.get_by_role("link", name="plans-heyvaert.pdf")).to_be_visible()
        member.reload()
        assert serious_accessibility_violations(member) == []

        # The pilot approves and publishes it, in English.
        log_in(pilot, live_server.url, "platform@socle.test", "en")
        pilot.goto(opinion_url.replace("/fr/", "/en/"))
        pilot.get_by_label("Sent to the addressee on").fill(today)
        pilot.get_by_role("button", name="Approve and publish").click()
        expect(pilot.locator(".messages")).to_contain_text("approved and published")
        with pilot.expect_download() as download:
            pilot.goto(f"{live_server.url}/en/platforms/bruxelles-ouest/members/")
            pilot.get_by_role("link", name="Logement de transit").first.click()
            pilot.get_by_role("link", name="Logement de transit").last.click()
            pilot.get_by_role("link", name="Inventaire : qui a des logements de transit libres ?").click()
            pilot.get_by_role("link", name="plans-heyvaert.pdf").click()
        assert Path(download.value.path()).read_bytes() == PDF

        # A visitor, in Dutch, finds it on the public page and searches the catalogue.
        visitor.goto(f"{live_server.url}/nl/platforms/bruxelles-ouest/")
        public = visitor.locator("#opinions-title + ul")
        expect(public).to_contain_text(TITLE)
        expect(public).to_contain_text("Aan Collège communal d'Anderlecht, verzonden op")
        assert serious_accessibility_violations(visitor) == []
        visitor.get_by_role("link", name=TITLE).click()
        expect(visitor.locator("main")).to_contain_text("pendant les travaux")
        expect(visitor.locator("main")).not_to_contain_text("Opmerkingen van de leden")
        visitor.goto(f"{live_server.url}/nl/platforms/bruxelles-ouest/practices/")
        visitor.get_by_label("Thema").select_option("Rénovation")
        visitor.get_by_role("button", name="Zoeken").last.click()
        expect(visitor.locator("main .cards")).to_contain_text("Rénovation accompagnée")
        expect(visitor.locator("main .cards")).not_to_contain_text("Arc-en-Ciel")
        expect(visitor.locator("main")).not_to_contain_text("Permanences logement partagées")
        assert serious_accessibility_violations(visitor) == []
        browser.close()
    opinion = Opinion.objects.get(title=TITLE)
    assert opinion.is_published and opinion.approved_by.email == "platform@socle.test"
    assert PostAttachment.objects.get().filename == "plans-heyvaert.pdf"
