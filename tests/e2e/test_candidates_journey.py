"""A household applies in Dutch and uploads a proof of income; staff validate
it and record the activation steps; the household sees its place; staff
offer a home to the first eligible candidate, who accepts it in the portal;
a visitor uses both public calculators. Headless Chromium."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from community.candidates.models import Application, Home, Offer
from community.models import AuditEvent, User
from tests.e2e.helpers import open_menu, serious_accessibility_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-e2e"
DEMO_PASSWORD = "socle-demo-2026"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def log_in(page, base, email, password, lang="fr"):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()


def test_apply_validate_position_allocate_accept_and_calculators(live_server, browser_launch, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    UserFactory(email="lotte@example.org", first_name="Lotte", last_name="Peeters", language="nl", password=PASSWORD)
    # Sequences are not reset between transactional tests on PostgreSQL: read the number.
    diallo_number = Application.objects.get(household__name="Ménage Diallo").pk
    proof = tmp_path / "aanslagbiljet.pdf"
    proof.write_bytes(PDF)
    base = live_server.url
    console_errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)

        # 1. Lotte applies in Dutch, at phone width, and uploads her proof of income.
        lotte = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
        lotte.set_default_timeout(10_000)
        lotte.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        log_in(lotte, base, "lotte@example.org", PASSWORD, "nl")
        lotte.goto(f"{base}/nl/candidacy/apply/")
        expect(lotte.locator("h1")).to_have_text("Kandidaat worden voor een CLT-woning")
        assert serious_accessibility_violations(lotte) == []
        lotte.locator("#id_person-0-full_name").fill("Lotte Peeters")
        lotte.locator("#id_person-0-birth_year").fill("1991")
        lotte.locator("#id_person-0-national_number").fill("91.02.03-123.45")
        lotte.locator("#id_person-0-yearly_income").fill("23500")
        lotte.locator("#id_current_tenure").select_option("private_rent")
        lotte.locator("#id_current_municipality").select_option("Molenbeek-Saint-Jean")
        lotte.get_by_label("Molenbeek-Saint-Jean").first.check()
        lotte.locator("#id_bedrooms_min").fill("1")
        lotte.locator("#id_bedrooms_max").fill("2")
        lotte.get_by_label("CLT Brussels").check()
        lotte.locator("#id_consents").check()
        lotte.locator("main form button[type=submit]").click()
        expect(lotte.locator("h1")).to_have_text("Mijn kandidatuur")
        lotte.locator("#id_person").select_option(label="Lotte Peeters")
        lotte.locator("#id_file").set_input_files(str(proof))
        lotte.locator("form[enctype] button[type=submit]").click()
        expect(lotte.locator(".messages")).to_contain_text("document")
        expect(lotte.locator("main")).to_contain_text("Te controleren")

        # 2. Staff validate the proof and record the two activation steps.
        staff = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
        staff.set_default_timeout(10_000)
        log_in(staff, base, "staff@socle.test", DEMO_PASSWORD)
        staff.goto(f"{base}/fr/register/?status=pending")
        staff.get_by_role("link", name=re.compile("Lotte Peeters")).click()
        expect(staff.locator("main")).to_contain_text("91.02.03-123.45")
        staff.locator("button[name=decision][value=validate]").click()
        expect(staff.locator(".messages")).to_be_visible()
        while staff.locator("form[action*='/steps/'] button").count():
            staff.locator("form[action*='/steps/'] button").first.click()
            expect(staff.locator(".messages")).to_be_visible()
        expect(staff.locator("main")).to_contain_text(re.compile(r"Statut\s*Acti(f|ve)"))

        # 3. Lotte sees her place in the register.
        lotte.goto(f"{base}/nl/candidacy/")
        expect(lotte.locator("#position-title")).to_have_text("Mijn plaats in het register")
        expect(lotte.locator("main")).to_contain_text(re.compile(r"nummer 4\d in het totaal"))
        assert serious_accessibility_violations(lotte) == []

        # 4. Staff offer the 3-bedroom home to the first eligible candidate.
        staff.goto(f"{base}/fr/register/homes/")
        staff.get_by_role("link", name=re.compile("1er étage B")).click()
        first = staff.locator("ol.ranking > li").first
        expect(first.locator("strong")).to_contain_text(re.compile(rf"\b{diallo_number}\b"))
        first.locator("button").click()
        expect(staff.locator(".messages")).to_be_visible()

        # 5. The candidate accepts it in the portal.
        candidate = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
        candidate.set_default_timeout(10_000)
        log_in(candidate, base, "candidate@socle.test", DEMO_PASSWORD)
        candidate.goto(f"{base}/fr/candidacy/")
        expect(candidate.locator(".offer-card h2")).to_contain_text("1er étage B")
        candidate.locator(".offer-card button[value=accept]").click()
        expect(candidate.locator("main")).to_contain_text("félicitations")

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
        expect(visitor.locator(".result")).to_contain_text("1242.11")
        expect(visitor.locator(".result")).to_contain_text("31.1%")
        assert serious_accessibility_violations(visitor) == []
        browser.close()

    lotte_application = Application.objects.get(household__members__user__email="lotte@example.org")
    assert lotte_application.status == Application.Status.ACTIVE
    offer = Offer.objects.get(home__label="1er étage B")
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.application.household.members.filter(user=User.objects.get(email="candidate@socle.test")).exists()
    assert Home.objects.get(label="1er étage B").status == Home.Status.ALLOCATED
    assert AuditEvent.objects.filter(action="candidacy.offer_answered").exists()
    assert [e for e in console_errors if "websocket" not in e.lower()] == []
