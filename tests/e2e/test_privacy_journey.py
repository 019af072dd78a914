"""Personal data in headless Chromium: every page type loads under the
Content-Security-Policy with no console violation; a resident downloads her
data and asks for erasure (kept by law while she lives in a CLT home, with
the rule shown); a member with nothing kept is erased at once; the staff
answer the requests in their queue."""

import io
import json
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright
from socle_site.kernel.formatting import format_day

from community.models import User
from community.privacy.models import DataRequest
from tests.e2e.helpers import open_menu, serious_accessibility_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "socle-demo-2026"
CSP_WORDS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


# live_server speaks plain HTTP (WSGI): the notifications websocket cannot
# open there and the page falls back to polling, as designed.
KNOWN_NOISE = ("WebSocket connection to", "favicon.ico")


def _watch(page, problems):
    def on_console(message):
        text = message.text
        if any(word in text for word in CSP_WORDS) or (message.type == "error" and not any(n in text for n in KNOWN_NOISE)):
            problems.append(f"console {message.type}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))


def _log_in(page, base, email):
    page.goto(f"{base}/fr/accounts/login/")
    page.get_by_label("Courriel").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Mon espace")


def _log_out(page):
    open_menu(page)
    page.locator("form[action$='logout/'] button").click()


def test_pages_under_csp_then_export_erasure_and_the_staff_queue(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    UserFactory(email="leaving@example.org", first_name="Ilse", last_name="Vertrek", password=PASSWORD)
    base = live_server.url
    # GDPR art. 12(3): one month from today, the day the requests are made.
    deadline = format_day(timezone.localdate() + relativedelta(months=1), language="fr", length="medium")  # the queue is in French
    public_paths = [
        "/fr/", "/nl/", "/en/", "/fr/projets/", "/fr/temoignages/", "/fr/actualites/", "/fr/evenements/",
        "/fr/recommandations/", "/fr/privacy/", "/nl/privacy/", "/en/privacy/", "/fr/accounts/login/",
        "/fr/accounts/signup/", "/fr/search/?q=logement",
    ]
    member_paths = ["/fr/my/", "/fr/my/data/", "/fr/my/notifications/", "/fr/rooms/", "/fr/forums/"]
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.set_default_timeout(15_000)
        _watch(page, problems)

        for path in public_paths:
            response = page.goto(base + path)
            assert response.status < 400, path
            assert "unsafe-inline" not in (response.headers.get("content-security-policy") or "unsafe-inline"), path
        # A project page and a testimonial page, found from their index.
        page.goto(base + "/fr/projets/")
        page.locator("main a[href^='/fr/projets/']").first.click()
        page.goto(base + "/fr/temoignages/")
        page.locator("main a[href^='/fr/temoignages/']").first.click()
        expect(page.locator("footer")).to_contain_text("Vie privée")

        # The resident: her data, then erasure (kept by law: she lives in a CLT home).
        _log_in(page, base, "resident@socle.test")
        for path in member_paths:
            assert page.goto(base + path).status < 400, path
        page.goto(base + "/fr/my/")
        page.get_by_role("link", name="Mes données personnelles").first.click()
        expect(page.locator("h1")).to_have_text("Mes données personnelles")
        assert serious_accessibility_violations(page) == []
        page.get_by_role("button", name="Préparer une copie de mes données").click()
        expect(page.locator(".messages")).to_contain_text("Votre copie est en préparation")
        page.reload()
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger (JSON)").click()
        exported = json.loads(open(download.value.path(), encoding="utf-8").read())
        page.get_by_role("link", name="Lire").click()
        expect(page.locator("h1")).to_have_text("Mes données dans Socle")
        page.go_back()
        page.get_by_label("Je comprends que l'effacement est définitif.").check()
        page.get_by_role("button", name="Effacer mes données").click()
        expect(page.locator(".messages")).to_contain_text("La loi conserve encore une partie de vos données")
        expect(page.locator("main")).to_contain_text("cinq ans après")
        page.screenshot(path="/tmp/privacy_my_data_360.png", full_page=True)
        _log_out(page)

        # A member with nothing kept by law is erased at once.
        _log_in(page, base, "leaving@example.org")
        page.goto(base + "/fr/my/data/")
        page.get_by_label("Je comprends que l'effacement est définitif.").check()
        page.get_by_role("button", name="Effacer mes données").click()
        expect(page.locator("h1")).to_have_text("Vos données sont effacées")

        # The staff answer the requests, each with its legal deadline.
        _log_in(page, base, "staff@socle.test")
        page.goto(base + "/fr/my/")
        page.get_by_role("link", name="Demandes sur les données personnelles").click()
        expect(page.locator("h1")).to_have_text("Demandes sur les données personnelles")
        expect(page.locator("article", has_text="Effacement").first).to_contain_text(deadline)
        assert serious_accessibility_violations(page) == []
        page.screenshot(path="/tmp/privacy_queue_360.png", full_page=True)
        correction = page.locator("article", has_text="Rectification").first
        correction.locator("textarea").fill("Numéro corrigé dans votre profil.")
        correction.get_by_role("button", name="Répondre : traitée").click()
        expect(page.locator(".messages")).to_contain_text("La demande est traitée")
        page.goto(base + "/fr/staff/data-access-log/")
        expect(page.locator("h1")).to_have_text("Journal des consultations de données sensibles")
        # The record in the administration, under its own strict policy: the
        # co-ownership books' rule and its dry-run count are there.
        response = page.goto(base + "/admin/privacy/record/")
        assert "'unsafe-inline'" not in next(d for d in response.headers["content-security-policy"].split(";") if "script-src" in d)
        expect(page.locator("#content")).to_contain_text("III.88")
        expect(page.locator("#content")).to_contain_text("2262bis")
        page.screenshot(path="/tmp/privacy_record_admin.png", full_page=True)
        browser.close()

    assert problems == [], problems
    assert exported["data"]["community.User"][0]["email"] == "resident@socle.test"
    resident = User.objects.get(email="resident@socle.test")
    assert DataRequest.objects.get(user=resident, kind="erasure").status == "on_hold"
    assert DataRequest.objects.get(user=resident, kind="correction").status == "done"
    leaving = DataRequest.objects.get(kind="erasure", status="done").user
    assert not leaving.is_active and re.match(r"former-member-\d+@erased\.invalid", leaving.email)
