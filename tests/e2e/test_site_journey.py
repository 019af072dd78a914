"""Public website in headless Chromium: an editor writes a project page in
French in /cms/, submits it, translates it to Dutch; a moderator approves;
an anonymous visitor finds it through the index filter and the search.
Then axe-core on every page type in French, Dutch and English."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright
from socle_site.models import ProjectIndexPage, ProjectPage

from community.models import HousingProject
from tests.e2e.helpers import open_menu, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "socle-demo-2026"


def log_in(page, base, email):
    # Straight to the CMS: the journey does not depend on My space.
    page.goto(f"{base}/fr/accounts/login/?next=/cms/")
    page.get_by_label("Courriel").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cms/$"))


def test_editor_writes_and_translates_a_project_page_a_visitor_finds_it(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    index_id = ProjectIndexPage.objects.get(locale__language_code="fr").pk
    housing_project = HousingProject.objects.create(
        name="Saint-Gilles Potager", slug="saint-gilles-potager", municipality="Saint-Gilles", status="study", homes_count=12
    )
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        log_in(page, base, "editor@socle.test")
        page.goto(f"{base}/cms/pages/add/socle_site/projectpage/{index_id}/")
        page.locator("#id_title").fill("Saint-Gilles : le Potager")
        page.locator("#id_housing_project").select_option(label="Saint-Gilles Potager")
        page.locator("#id_intro").fill("Douze logements autour d'un potager partagé.")
        page.get_by_role("tab").nth(1).click()  # the slug lives on the second tab
        page.locator("#id_slug").fill("saint-gilles-potager")
        # Editors cannot publish: they submit to the moderators.
        assert page.locator('button[name="action-publish"]').count() == 0
        page.locator('button[name="action-submit"]').evaluate("button => button.click()")
        expect(page.locator(".messages")).to_be_visible()
        browser.close()

    french = ProjectPage.objects.get(housing_project=housing_project)
    assert not french.live

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        log_in(page, base, "editor@socle.test")
        page.goto(f"{base}/cms/translation/submit/page/{french.pk}/")
        page.get_by_label(re.compile("Nederlands|Dutch")).check()
        page.locator("main form button[type=submit], form [type=submit]").last.click()
        expect(page).to_have_url(re.compile(r"/cms/pages/\d+/edit/"))
        page.locator("#id_title").fill("Sint-Gillis: de Moestuin")
        page.locator("#id_intro").fill("Twaalf woningen rond een gedeelde moestuin.")
        page.get_by_role("tab").nth(1).click()
        page.locator("#id_slug").fill("sint-gillis-moestuin")
        page.locator('button[name="action-submit"]').evaluate("button => button.click()")
        expect(page.locator(".messages")).to_be_visible()
        browser.close()

    # The moderator approves both in Wagtail's workflow UI: approval publishes.
    submitted = list(ProjectPage.objects.filter(translation_key=french.translation_key).order_by("pk").values_list("pk", flat=True))
    assert len(submitted) == 2 and not ProjectPage.objects.live().filter(pk__in=submitted).exists()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        log_in(page, base, "staff@socle.test")
        # The dashboard lists both pages as awaiting the moderator's review.
        expect(page.get_by_role("link", name="Saint-Gilles : le Potager").first).to_be_visible()
        for page_id in submitted:
            page.goto(f"{base}/cms/pages/{page_id}/edit/")
            approve = page.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])')
            expect(approve).to_have_count(1)
            # The action sits in the footer's drop-up menu: click it as the menu would.
            approve.evaluate("button => button.click()")
            # Wagtail confirms the save that carries the workflow action; the check below is that both went live.
            expect(page.locator(".messages")).to_contain_text(re.compile("mise à jour|updated", re.IGNORECASE))
        browser.close()
    assert ProjectPage.objects.live().filter(translation_key=french.translation_key).count() == 2

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.set_default_timeout(15_000)
        page.goto(f"{base}/nl/")
        open_menu(page)
        page.locator("nav.main-nav").get_by_role("link", name="Projecten").click()
        page.get_by_label("Status").select_option("study")
        page.get_by_label("Gemeente").select_option("Saint-Gilles")
        page.get_by_role("button", name="Filteren").click()
        expect(page.get_by_role("link", name="Sint-Gillis: de Moestuin")).to_be_visible()
        expect(page.get_by_role("link", name="Molenbeek: Arc-en-Ciel")).to_have_count(0)
        page.locator("#site-search-q").fill("Moestuin")
        page.locator("form.site-search button").click()
        page.get_by_role("link", name="Sint-Gillis: de Moestuin").click()
        expect(page.locator("h1")).to_have_text("Sint-Gillis: de Moestuin")
        assert serious_accessibility_violations(page) == []
        browser.close()


PAGES = {
    "fr": ["/fr/", "/fr/projets/", "/fr/projets/forest-calico/", "/fr/temoignages/", "/fr/temoignages/rencontrer-ses-voisins/",
           "/fr/recommandations/", "/fr/actualites/", "/fr/actualites/budget-2026/", "/fr/evenements/",
           "/fr/evenements/forum-prevention-expulsions-2025/", "/fr/search/?q=Calico", "/fr/a-propos/"],
    "nl": ["/nl/", "/nl/projecten/vorst-calico/", "/nl/aanbevelingen/", "/nl/nieuws/", "/nl/evenementen/forum-preventie-uithuiszettingen-2025/",
           "/nl/getuigenissen/je-buren-leren-kennen/", "/nl/eigenaar-worden/"],
    "en": ["/en/", "/en/projects/", "/en/recommendations/", "/en/news/calico-inhabited/", "/en/events/candidates-information-session-2027/",
           "/en/testimonials/", "/en/about/"],
}


def test_every_public_page_type_passes_axe_in_three_languages(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    failures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.set_default_timeout(15_000)
        for language, paths in PAGES.items():
            for path in paths:
                response = page.goto(f"{live_server.url}{path}")
                assert response.status == 200, path
                assert page.locator("html").get_attribute("lang") == language
                found = serious_accessibility_violations(page)
                if found:
                    failures[path] = found
        browser.close()
    assert failures == {}
