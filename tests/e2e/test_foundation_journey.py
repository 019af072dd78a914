"""Sign up → confirm the e-mail from the outbox → log in → switch to Dutch →
My space in Dutch → log out, in headless Chromium."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from community.models import User
from tests.e2e.helpers import open_menu, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-e2e"


def test_sign_up_confirm_log_in_switch_to_dutch_and_log_out(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    mail.outbox.clear()  # the demo itself notifies demo members
    console_errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.set_default_timeout(10_000)
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

        page.goto(f"{live_server.url}/fr/accounts/signup/")
        assert serious_accessibility_violations(page) == []
        page.get_by_label("Prénom").fill("Anna")
        page.get_by_label(re.compile(r"^Nom")).fill("Kowalski")
        page.get_by_label("Courriel").fill("anna@example.org")
        page.locator("#id_password1").fill(PASSWORD)
        page.locator("#id_password2").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_contain_text("adresse e-mail")

        # The confirmation e-mail went through the task queue into the outbox.
        confirmations = [m for m in mail.outbox if m.to == ["anna@example.org"]]
        assert len(confirmations) == 1
        confirm_path = re.search(r"https?://[^/\s]+(/\S+)", confirmations[0].body).group(1)
        page.goto(f"{live_server.url}{confirm_path}")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_have_text("Mon espace")
        open_menu(page)
        page.locator("form[action$='logout/'] button").click()

        page.goto(f"{live_server.url}/fr/accounts/login/")
        page.get_by_label("Courriel").fill("anna@example.org")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_have_text("Mon espace")

        page.locator(".language-switcher a[hreflang=nl]").click()
        expect(page).to_have_url(re.compile(r"/nl/my/$"))
        expect(page.locator("h1")).to_have_text("Mijn ruimte")
        expect(page.get_by_role("heading", name="Mijn gezin")).to_be_visible()
        assert serious_accessibility_violations(page) == []

        open_menu(page)
        page.get_by_role("button", name="Afmelden").click()
        open_menu(page)
        expect(page.get_by_role("navigation").get_by_role("link", name="Aanmelden")).to_be_visible()
        browser.close()

    assert User.objects.get(email="anna@example.org").language == "nl"
    assert [e for e in console_errors if "websocket" not in e.lower()] == []
