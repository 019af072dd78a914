"""A visitor whom the whole-page cache cannot serve (a stale session cookie)
gets the page from its shared parts: the header drawn from the cache still
switches language (its CSRF token is the visitor's own), logging in shows the
member's own menu, and logging out brings the visitor's back."""

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.helpers import serious_accessibility_violations
from tests.factories import TEST_PASSWORD, UserFactory
from tests.site import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_with_a_stale_session_switches_language_logs_in_and_out(live_server, browser_launch):
    site = f.make_site()
    project = f.add_project(site["projects"], intro="Douze logements autour d'un potager partagé.")
    member = UserFactory(email="potager@example.org")
    base = live_server.url
    project_url = f"{base}{project.url}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": "stale-session-from-last-year", "url": base}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        # Twice: the second visit draws the header, menus and content from the cache.
        for _ in range(2):
            page.goto(project_url)
            expect(page.locator("main")).to_contain_text("Douze logements")
            expect(page.locator("nav.member-nav").get_by_role("link", name="Se connecter")).to_be_visible()
        assert serious_accessibility_violations(page) == []
        # The language links: the page is not translated, so its French text comes with a notice.
        page.locator(".language-switcher a[hreflang=nl]").click()
        expect(page.locator("p.notice")).to_contain_text("nog niet vertaald")
        expect(page.locator("main")).to_contain_text("Douze logements")
        page.locator(".language-switcher a[hreflang=fr]").click()
        page.goto(f"{base}/fr/accounts/login/?next={project.url}")
        page.get_by_label("Courriel").fill(member.email)
        page.locator("#id_password").fill(TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("nav.member-nav").get_by_role("button", name="Se déconnecter")).to_be_visible()
        expect(page.locator("footer")).to_contain_text("Mes données personnelles")
        expect(page.locator("main")).to_contain_text("Douze logements")
        page.locator("nav.member-nav").get_by_role("button", name="Se déconnecter").click()
        page.goto(project_url)
        expect(page.locator("nav.member-nav").get_by_role("link", name="Se connecter")).to_be_visible()
        expect(page.locator("footer")).not_to_contain_text("Mes données personnelles")
        page.screenshot(path="/tmp/i3-uncached-journey.png", full_page=True)
        browser.close()
