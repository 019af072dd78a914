"""Issue 24, the member search on a phone (360 px, fr-BE and nl-BE): a
member opens the search from the member menu, finds her forum's thread,
post, her building's document and her body's motion (words marked), never
another platform's or building's; the page passes axe in both languages."""

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.community.test_search import make_world
from tests.e2e.helpers import E2E_PASSWORD, log_in, open_menu, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/search-shots")


def test_a_member_searches_her_spaces_on_a_phone(live_server, browser_launch):
    world = make_world()
    world.mia.set_password(E2E_PASSWORD)
    world.mia.save()
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        for lang, locale, link, count in (("fr", "fr-BE", "Chercher dans mes espaces", "7 résultats"),
                                          ("nl", "nl-BE", "Zoeken in mijn ruimtes", "7 resultaten")):
            context = browser.new_context(viewport={"width": 360, "height": 780}, locale=locale,
                                          timezone_id="Europe/Brussels")
            page = context.new_page()
            page.set_default_timeout(10_000)
            log_in(page, live_server.url, world.mia.email, lang=lang)
            open_menu(page)
            page.get_by_role("link", name=link).click()
            assert serious_accessibility_violations(page) == []
            page.locator("#member-search-q").fill("compost")
            page.locator("main form[role=search] button").click()
            expect(page.get_by_role("status")).to_have_text(count)
            marks = page.locator(".search-result mark")
            assert marks.count() >= 4
            results = page.locator(".search-results").inner_text()
            assert "Le compost du jardin" in results and "Maple" in results and "Oak" not in results
            assert "secret de B" not in results
            assert serious_accessibility_violations(page) == []
            page.screenshot(path=str(SHOTS / f"results-{lang}.png"), full_page=True)
            page.locator("#member-search-q").fill("zzzqqq")
            page.locator("main form[role=search] button").click()
            expect(page.locator(".search-none")).to_be_visible()
            assert serious_accessibility_violations(page) == []
            page.screenshot(path=str(SHOTS / f"none-{lang}.png"), full_page=True)
            context.close()
        browser.close()
