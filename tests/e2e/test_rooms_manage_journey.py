"""Rooms in headless Chromium at 360 px, in three languages: the manager
describes the room and adds a photo (nl), moves a series' date and all the
following ones (en), and a resident reads the month calendar (fr)."""

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from events.models import Booking, Room
from events.policy import BRUSSELS
from tests.e2e.helpers import serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "socle-demo-2026"
SHOTS = Path(os.environ.get("SOCLE_SHOTS", "/tmp/rooms_shots"))


def _log_in(page, base, email):
    page.goto(f"{base}/fr/accounts/login/")
    page.get_by_label("Courriel").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Mon espace")


def _log_out(page):
    toggle = page.locator("button.menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    page.locator("form[action$='logout/'] button").click()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_manager_details_photo_and_following_dates(live_server, browser_launch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    SHOTS.mkdir(parents=True, exist_ok=True)
    call_command("load_demo", stdout=io.StringIO())
    homework = Booking.objects.get(title="École des devoirs")
    dates = list(homework.occurrences.order_by("starts_at"))
    second = dates[1]
    month = timezone.localtime(second.starts_at, BRUSSELS).date()
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.set_default_timeout(15_000)

        _log_in(page, base, "staff@socle.test")
        page.goto(f"{base}/nl/rooms/arc-en-ciel-salle/")
        page.get_by_role("link", name="De gegevens en foto's van de zaal bewerken").click()
        expect(page.locator("h1")).to_contain_text("beheren")
        assert serious_accessibility_violations(page) == []
        page.locator("#id_capacity").fill("36")
        page.locator("#id_house_rules").fill("Laat de zaal netjes achter. Geen lawaai na 22 uur.")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.locator(".messages")).to_contain_text("De gegevens van de zaal zijn opgeslagen.")
        page.locator("#id_image").set_input_files({"name": "zaal.png", "mimeType": "image/png", "buffer": _png()})
        page.locator("#id_alt_text").fill("De grote zaal met de lange tafel")
        page.get_by_role("button", name="Foto toevoegen").click()
        expect(page.locator(".messages")).to_contain_text("De foto is toegevoegd.")
        page.goto(f"{base}/nl/rooms/arc-en-ciel-salle/")
        expect(page.get_by_role("img", name="De grote zaal met de lange tafel")).to_be_visible()
        expect(page.locator("main")).to_contain_text("36 personen")
        page.screenshot(path=str(SHOTS / "e2e_room_nl.png"), full_page=False)

        page.goto(f"{base}/en/rooms/bookings/{homework.pk}/")
        page.get_by_role("link", name="Change this date and the following ones").nth(1).click()
        expect(page.get_by_label("This date and all the following ones")).to_be_checked()
        page.locator("#id_start").fill("14:30")
        page.locator("#id_end").fill("17:00")
        page.screenshot(path=str(SHOTS / "e2e_change_en.png"), full_page=True)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".messages")).to_contain_text(f"{len(dates) - 1} dates are changed.")
        _log_out(page)

        _log_in(page, base, "resident@socle.test")
        page.goto(f"{base}/fr/rooms/arc-en-ciel-salle/?view=month&date={month.isoformat()}")
        expect(page.locator(".cal-item", has_text="14:30–17:00").first).to_be_visible()
        assert serious_accessibility_violations(page) == []
        # Keyboard: the first free slot is reachable with Tab and opens the booking form.
        first_free = page.locator(".cal-free a").first
        first_free.focus()
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_contain_text("Réserver")
        page.goto(f"{base}/fr/rooms/arc-en-ciel-salle/?view=month&date={month.isoformat()}")
        page.screenshot(path=str(SHOTS / "e2e_month_fr.png"), full_page=False)
        browser.close()

    room = Room.objects.get(slug="arc-en-ciel-salle")
    assert room.capacity == 36 and room.photos.count() == 1
    moved = list(homework.occurrences.order_by("starts_at"))
    assert timezone.localtime(moved[0].starts_at, BRUSSELS).strftime("%H:%M") == "14:00"
    assert {timezone.localtime(o.starts_at, BRUSSELS).strftime("%H:%M") for o in moved[1:]} == {"14:30"}
    assert all(o.ends_at - o.starts_at == timedelta(hours=2, minutes=30) for o in moved)
