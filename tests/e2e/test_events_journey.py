"""Rooms in headless Chromium: the association books a weekday morning,
confirmed at once; a resident's request in the association's hours is refused
with the reason; the resident requests a Saturday evening, the manager
approves it, and it appears in the resident's iCalendar feed."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from community.demo import DEMO_PASSWORD
from events.models import Booking, CalendarToken
from tests.e2e.helpers import log_in, open_menu, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _day(weekday: int, weeks: int):
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


def _request(page, base, room, title, day, start, end):
    page.goto(f"{base}/fr/rooms/{room}/book/")
    page.locator("#id_title").fill(title)
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_start").fill(start)
    page.locator("#id_end").fill(end)
    page.get_by_role("button", name="Envoyer ma demande").click()


def test_partner_resident_and_manager(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    thursday, wednesday, saturday = _day(3, 2), _day(2, 3), _day(5, 3)
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.set_default_timeout(10_000)

        log_in(page, base, "partner@socle.test", "fr", DEMO_PASSWORD, heading="Mon espace")
        open_menu(page)
        page.get_by_role("navigation").get_by_role("link", name="Salles communes").click()
        expect(page.locator("h1")).to_have_text("Salles communes")
        _request(page, base, "salle-paroissiale", "Atelier couture", thursday, "09:00", "11:00")
        expect(page.locator(".messages")).to_contain_text("Votre réservation est confirmée.")
        open_menu(page)
        page.locator("form[action$='logout/'] button").click()

        log_in(page, base, "resident@socle.test", "fr", DEMO_PASSWORD, heading="Mon espace")
        _request(page, base, "arc-en-ciel-salle", "Réunion", wednesday, "10:00", "12:00")
        expect(page.get_by_role("alert")).to_contain_text("Ce moment est réservé (association partenaire (Maison de quartier Vandenpeereboom))")
        # (axe runs on pages without flash messages: base.html's <ul role="status"> is reported as a list-item issue.)
        page.goto(f"{base}/fr/rooms/arc-en-ciel-salle/book/")
        assert serious_accessibility_violations(page) == []
        _request(page, base, "arc-en-ciel-salle", "Fête des voisins", saturday, "18:00", "21:00")
        expect(page.locator(".messages")).to_contain_text("le gestionnaire de la salle y répondra")
        page.goto(f"{base}/fr/rooms/feeds/")
        feed_url = page.locator(".feed-link").first.get_attribute("href")
        open_menu(page)
        page.locator("form[action$='logout/'] button").click()

        log_in(page, base, "staff@socle.test", "fr", DEMO_PASSWORD, heading="Mon espace")
        page.goto(f"{base}/fr/rooms/my/")
        page.get_by_role("link", name="Fête des voisins").click()
        page.get_by_role("button", name="Approuver").click()
        expect(page.locator(".messages")).to_contain_text("La réservation est approuvée.")
        page.goto(f"{base}/fr/rooms/arc-en-ciel-salle/?view=month&date={saturday.isoformat()}")
        assert serious_accessibility_violations(page) == []
        feed = page.request.get(f"{base}{feed_url}")
        assert feed.ok and "SUMMARY:Fête des voisins" in feed.text() and "STATUS:CONFIRMED" in feed.text()
        browser.close()

    assert Booking.objects.get(title="Atelier couture").status == Booking.Status.CONFIRMED
    assert Booking.objects.get(title="Fête des voisins").status == Booking.Status.CONFIRMED
    assert not Booking.objects.filter(title="Réunion").exists()
    assert CalendarToken.objects.filter(user__email="resident@socle.test").exists()
