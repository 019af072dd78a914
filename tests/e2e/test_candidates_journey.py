"""A household applies in Dutch in five steps (one mistake, reached from the
error summary by keyboard), for two operators, and uploads a proof of
income; staff validate it and record the activation steps (their reading is
logged); the household sees its place overall and in its category, its
checklist and renewal date, and renews; staff are refused a price above the
legal cap, see the ranked list with its reasons, offer a home to the first
eligible candidate, who accepts it in the portal before the deadline shown,
and record the buyer's deed; another home is offered to the Dutch household,
who declines it with a reason; staff record an owner's resale priced by the
deed's formula; a visitor uses the calculators in three languages and reads
the anonymised figures. Headless Chromium, phones at 360 px."""

import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from community.candidates.models import Application, Deed, Home, Offer, Person, Resale
from community.demo import DEMO_PASSWORD
from community.models import AuditEvent, User
from community.privacy.models import AccessLog
from tests.e2e.helpers import log_in, open_menu, serious_accessibility_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-e2e"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_apply_validate_position_allocate_accept_and_calculators(live_server, browser_launch, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    UserFactory(email="lotte@example.org", first_name="Lotte", last_name="Peeters", language="nl", password=PASSWORD)
    # Sequences are not reset between transactional tests on PostgreSQL: read the number.
    diallo_number = Application.objects.get(household__name="Ménage Diallo").register_number
    proof = tmp_path / "aanslagbiljet.pdf"
    proof.write_bytes(PDF)
    base = live_server.url
    shots = Path(os.environ.get("SOCLE_SHOTS_DIR", str(tmp_path)))
    shots.mkdir(parents=True, exist_ok=True)
    console_errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)

        # 1. Lotte applies in Dutch, at phone width, and uploads her proof of income.
        lotte = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        lotte.set_default_timeout(10_000)
        lotte.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        log_in(lotte, base, "lotte@example.org", "nl", PASSWORD)
        # The candidacy in five steps, each checked by axe-core.
        lotte.goto(f"{base}/nl/candidacy/apply/")
        expect(lotte.locator(".step-caption")).to_contain_text("Stap 1 van 5")
        expect(lotte.locator("h1")).to_have_text("Uw gezin")
        assert serious_accessibility_violations(lotte) == []
        lotte.locator("#id_person-0-full_name").fill("Lotte Peeters")
        lotte.locator("#id_person-0-relationship_0").check()
        lotte.locator("#id_person-0-birth_year").fill("19991")  # one mistake
        lotte.locator("#id_person-0-national_number").fill("91.02.03-123.45")
        lotte.get_by_role("button", name="Een gezinslid toevoegen").click()  # a member added, without losing what was typed
        expect(lotte.locator("#id_person-1-full_name")).to_be_visible()
        expect(lotte.locator("#id_person-0-full_name")).to_have_value("Lotte Peeters")
        lotte.get_by_role("button", name="Persoon 2 verwijderen").click()
        expect(lotte.locator("#id_person-1-full_name")).to_have_count(0)
        lotte.locator("main form .form-actions button").click()
        # The error summary at the top takes the focus; its link leads to the field, by keyboard.
        expect(lotte).to_have_title(re.compile(r"^Fout: Stap 1 van 5"))
        summary = lotte.locator(".error-summary")
        expect(summary).to_be_focused()
        expect(summary.locator("h2")).to_have_text("Er is een probleem")
        assert serious_accessibility_violations(lotte) == []
        lotte.screenshot(path=str(shots / "error-summary-nl-390.png"), full_page=False)
        lotte.keyboard.press("Tab")
        expect(summary.locator("a").first).to_be_focused()
        lotte.keyboard.press("Enter")
        expect(lotte.locator("#id_person-0-birth_year")).to_be_focused()
        expect(lotte.locator("#id_person-0-birth_year")).to_have_attribute("aria-invalid", "true")
        expect(lotte.locator("#id_person-0-birth_year")).to_have_value("19991")  # kept
        lotte.keyboard.press("Control+A")
        lotte.keyboard.type("1991")
        lotte.keyboard.press("Enter")  # Enter continues (never "remove")
        expect(lotte.locator(".step-caption")).to_contain_text("Stap 2 van 5")
        assert serious_accessibility_violations(lotte) == []
        lotte.screenshot(path=str(shots / "step-2-nl-390.png"), full_page=True)
        lotte.locator("#id_income_0").fill("23500")
        lotte.locator("main form .form-actions button").click()
        expect(lotte.locator(".step-caption")).to_contain_text("Stap 3 van 5")
        assert serious_accessibility_violations(lotte) == []
        lotte.locator("#id_current_tenure_0").check()
        lotte.locator("#id_current_municipality").select_option("Molenbeek-Saint-Jean")
        lotte.locator("#id_current_rent").fill("750")
        lotte.screenshot(path=str(shots / "step-3-nl-390.png"), full_page=True)
        lotte.locator("main form .form-actions button").click()
        expect(lotte.locator(".step-caption")).to_contain_text("Stap 4 van 5")
        assert serious_accessibility_violations(lotte) == []
        lotte.get_by_label("Sint-Jans-Molenbeek").first.check()
        lotte.locator("#id_bedrooms_min").fill("1")
        lotte.locator("#id_bedrooms_max").fill("2")
        lotte.get_by_label("CLT Brussels").check()
        lotte.get_by_label("Fonds du Logement bruxellois").check()  # one registration, two operators
        lotte.screenshot(path=str(shots / "step-4-nl-390.png"), full_page=True)
        lotte.locator("main form .form-actions button").click()
        expect(lotte.locator(".step-caption")).to_contain_text("Stap 5 van 5")
        expect(lotte.locator("main")).to_contain_text("Lotte Peeters")
        expect(lotte.locator("main")).to_contain_text("Fonds du Logement bruxellois")
        assert serious_accessibility_violations(lotte) == []
        lotte.screenshot(path=str(shots / "step-5-nl-390.png"), full_page=True)
        lotte.locator("#id_consents").check()
        lotte.locator("main form .form-actions button").click()
        expect(lotte.locator("h1")).to_have_text("Mijn kandidatuur")
        lotte.locator("#id_person").select_option(label="Lotte Peeters")
        lotte.locator("#id_file").set_input_files(str(proof))
        lotte.locator("form[enctype] button[type=submit]").click()
        expect(lotte.locator(".messages")).to_contain_text("document")
        expect(lotte.locator("main")).to_contain_text("Te controleren")

        # 2. Staff validate the proof and record the two activation steps.
        staff = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
        staff.set_default_timeout(10_000)
        log_in(staff, base, "staff@socle.test", "fr", DEMO_PASSWORD)
        staff.goto(f"{base}/fr/register/?status=pending")
        staff.get_by_role("link", name=re.compile("Lotte Peeters")).click()
        expect(staff.locator("main")).to_contain_text("91.02.03-123.45")
        # The register's own number (the h1), not the database key in the URL.
        lotte_number = re.search(r"n° (\d+)", staff.locator("h1").inner_text()).group(1)
        expect(staff.locator("#accesses-title + ul li")).not_to_have_count(0)  # this reading, logged
        staff.locator("button[name=decision][value=validate]").click()
        expect(staff.locator(".messages")).to_be_visible()
        while staff.locator("form[action*='/steps/'] button").count():
            staff.locator("form[action*='/steps/'] button").first.click()
            expect(staff.locator(".messages")).to_be_visible()
        expect(staff.locator("main")).to_contain_text(re.compile(r"Statut\s*Acti(f|ve)"))

        # 3. Lotte sees her place in the register.
        lotte.goto(f"{base}/nl/candidacy/")
        expect(lotte.locator("#position-title")).to_have_text("Mijn plaats in het register")
        expect(lotte.locator("main")).to_contain_text(re.compile(r"nummer \d+ in het totaal"))
        expect(lotte.locator("main")).to_contain_text(re.compile(r"nummer \d+ in inkomenscategorie A"))
        expect(lotte.locator("main")).to_contain_text("Fonds du Logement bruxellois")
        expect(lotte.locator(".checklist li.is-done")).to_have_count(3)
        expect(lotte.locator("main")).to_contain_text("Te vernieuwen vóór")
        assert serious_accessibility_violations(lotte) == []
        lotte.screenshot(path=str(tmp_path / "position-nl-360.png"), full_page=True)
        lotte.get_by_role("link", name="Mijn inkomens en gezin bevestigen of bijwerken").click()
        lotte.get_by_role("button", name="Bevestigen en voor een jaar vernieuwen").click()
        expect(lotte.locator(".messages")).to_contain_text("Uw kandidatuur is voor een jaar vernieuwd.")

        # Categories and price caps are data: a price above the cap is refused.
        staff.goto(f"{base}/fr/register/homes/")
        staff.locator("#id_operator").select_option(label="CLT Brussels")
        staff.locator("#id_housing_project").select_option(label="Arc-en-Ciel")
        staff.locator("#id_label").fill("3e étage D")
        staff.locator("#id_bedrooms").fill("2")
        staff.locator("#id_floor_area").fill("80")
        staff.locator("#id_price").fill("200001")
        staff.locator("#id_cost_price").fill("260000")
        staff.locator("#id_land_value").fill("60000")
        staff.locator("main form.card button[type=submit]").click()
        expect(staff.locator(".messages")).to_contain_text("134/2")

        # 4. Staff offer the 3-bedroom home to the first eligible candidate.
        staff.goto(f"{base}/fr/register/homes/")
        staff.get_by_role("link", name=re.compile("1er étage B")).click()
        first = staff.locator("ol.ranking > li").first
        expect(first.locator("strong")).to_contain_text(re.compile(rf"\b{diallo_number}\b"))
        expect(first).to_contain_text("Catégorie de revenus")  # every line explains its place
        first.locator("button").click()
        expect(staff.locator(".messages")).to_be_visible()

        # 5. The candidate accepts it in the portal.
        candidate = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
        candidate.set_default_timeout(10_000)
        log_in(candidate, base, "candidate@socle.test", "fr", DEMO_PASSWORD)
        candidate.goto(f"{base}/fr/candidacy/")
        expect(candidate.locator(".offer-card h2")).to_contain_text("1er étage B")
        expect(candidate.locator(".offer-card")).to_contain_text("Répondre au plus tard le")
        assert serious_accessibility_violations(candidate) == []
        candidate.locator(".offer-card button[value=accept]").click()
        expect(candidate.locator("main")).to_contain_text("félicitations")

        # 5b. Staff record the buyer's deed, with its resale formula.
        staff.goto(f"{base}/fr/register/homes/")
        staff.get_by_role("link", name=re.compile("1er étage B")).click()
        staff.locator("input[name=formula][value=fixed_rate]").check()
        staff.locator("#id_rate_percent").fill("1.5")
        staff.get_by_role("button", name="Enregistrer l'acte").click()
        expect(staff.locator(".messages")).to_contain_text("L'acte du propriétaire est enregistré.")
        expect(staff.locator("#deed-title")).to_be_visible()

        # 5c. Another home is offered to Lotte, who declines it with a reason.
        staff.goto(f"{base}/fr/register/homes/")
        staff.get_by_role("link", name=re.compile("2e étage C")).click()
        # Lotte is not the first waiting: passing the others over needs a written reason (art. 134/2).
        staff.get_by_role("button", name=f"Proposer le logement au n° {lotte_number}").click()
        expect(staff.locator(".messages")).to_contain_text("écrivez pourquoi")
        staff.locator("#skip-reason").fill("Seul logement adapté à la mobilité réduite de la mère de Lotte Peeters.")
        staff.get_by_role("button", name=f"Proposer le logement au n° {lotte_number}").click()
        expect(staff.locator("main")).to_contain_text("Ménages mieux classés passés")
        lotte.goto(f"{base}/nl/candidacy/")
        expect(lotte.locator(".offer-card")).to_contain_text("Antwoorden uiterlijk op")
        lotte.locator(".offer-card textarea").fill("Te ver van het werk van mijn moeder")
        lotte.locator(".offer-card button[value=decline]").click()
        expect(lotte.locator(".messages")).to_contain_text("Uw antwoord is geregistreerd.")
        expect(lotte.locator("#history-title + ul")).to_contain_text("Geweigerd")
        staff.reload()
        expect(staff.locator("main")).to_contain_text("Te ver van het werk van mijn moeder")
        expect(staff.get_by_role("button", name=f"Proposer le logement au n° {lotte_number}")).to_have_count(0)

        # 5d. An owner sells: the price comes from the deed's formula (index), at phone width.
        seller = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
        seller.set_default_timeout(10_000)
        log_in(seller, base, "staff@socle.test", "nl", DEMO_PASSWORD)
        seller.goto(f"{base}/nl/register/homes/")
        seller.get_by_role("link", name=re.compile("Maison 2")).click()
        # Every sale price stays within the legal cap (art. 134/2), a resale's too: the index of
        # 131.20 would give € 221.531,86, above the cap of € 189.000,00 (cost price minus land).
        seller.locator("#id_index_now").fill("131.20")
        seller.get_by_role("button", name="De doorverkoop berekenen en vastleggen").click()
        expect(seller.locator(".messages")).to_contain_text(
            "De prijs van €\u00a0221.531,86 ligt boven het wettelijke plafond van €\u00a0189.000,00")  # nl_BE amounts
        seller.locator("#id_index_now").fill("110")
        seller.get_by_role("button", name="De doorverkoop berekenen en vastleggen").click()
        expect(seller.locator(".messages")).to_contain_text("€\u00a0185.735,56")  # nl_BE, through the formatting path
        expect(seller.locator("table.computation")).to_contain_text("100,74 bij aankoop, 110 vandaag")
        assert serious_accessibility_violations(seller) == []
        seller.screenshot(path=str(tmp_path / "resale-nl-360.png"), full_page=True)

        # 6. A visitor uses both calculators, in English.
        visitor = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
        visitor.set_default_timeout(10_000)
        visitor.goto(f"{base}/en/")
        open_menu(visitor)
        visitor.get_by_role("navigation", name="Main").get_by_role("link", name="Become an owner").click()
        visitor.locator("#id_adults").fill("2")
        visitor.locator("#id_dependants").fill("1")
        visitor.locator("#id_yearly_income").fill("36000")
        visitor.locator("main form button[type=submit]").click()
        expect(visitor.locator(".result")).to_contain_text("income category A")
        assert serious_accessibility_violations(visitor) == []
        open_menu(visitor)
        visitor.get_by_role("navigation", name="Main").get_by_role("link", name="Affordable rent").click()
        visitor.locator("#id_monthly_income").fill("4000")
        visitor.locator("main form button[type=submit]").click()
        expect(visitor.locator(".result")).to_contain_text("1.242,11\u00a0€")  # en_BE
        expect(visitor.locator(".result")).to_contain_text("31.1%")
        assert serious_accessibility_violations(visitor) == []
        for lang, words, rent in (("fr", "catégorie de revenus A", "1\u202f242,11\u00a0€"),
                                  ("nl", "inkomenscategorie A", "€\u00a01.242,11")):
            visitor.goto(f"{base}/{lang}/become-owner/?adults=2&dependants=1&yearly_income=36000")
            expect(visitor.locator(".result")).to_contain_text(words)
            visitor.goto(f"{base}/{lang}/affordable-rent/?monthly_income=4000")
            expect(visitor.locator(".result")).to_contain_text(rent)
        visitor.goto(f"{base}/en/candidates/figures/")
        expect(visitor.locator("main")).to_contain_text("fewer than 5")
        assert serious_accessibility_violations(visitor) == []
        browser.close()

    lotte_application = Application.objects.get(household__members__user__email="lotte@example.org")
    assert lotte_application.status == Application.Status.ACTIVE
    offer = Offer.objects.get(home__label="1er étage B")
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.application.household.members.filter(user=User.objects.get(email="candidate@socle.test")).exists()
    assert Home.objects.get(label="1er étage B").status == Home.Status.ALLOCATED
    assert AuditEvent.objects.filter(action="candidacy.offer_answered").count() >= 5  # demo owners, Diallo, Lotte
    assert lotte_application.operators.count() == 2
    assert Offer.objects.get(home__label="2e étage C").status == Offer.Status.DECLINED
    assert Deed.objects.get(home__label="1er étage B", ended_on__isnull=True).rate_percent == Decimal("1.5")
    assert Resale.objects.get(deed__home__label="Maison 2").price == Decimal("185735.56")
    assert AuditEvent.objects.filter(action__in=["candidacy.deed_recorded", "candidacy.resale_recorded"]).count() >= 5
    assert not Home.objects.filter(label="3e étage D").exists()
    assert AccessLog.objects.filter(target_id=str(lotte_application.pk), what="candidacy", viewer__email="staff@socle.test").exists()
    # Encrypted at rest: the income and national number are not in the table as typed.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT national_number, yearly_income FROM {Person._meta.db_table} WHERE full_name = %s", ["Lotte Peeters"])
        stored = cursor.fetchone()
    assert "91.02.03" not in stored[0] and "23500" not in stored[1]
    assert [e for e in console_errors if "websocket" not in e.lower()] == []
