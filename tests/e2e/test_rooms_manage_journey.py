"""Rooms in headless Chromium at 360 px, in three languages: the manager
describes the room and adds a photo, closes it for a day and cancels the
booking that falls in it, and changes its opening hours (nl, a bad line first);
moves a series' date and all the following ones (en); a resident changes
"this date and the following ones" of their weekly booking, lands on the new
series split from the old one, and reads the month calendar (fr)."""

import io
import os
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from community.models import User
from events.models import AvailabilityWindow, Booking, Closure, Room
from events.policy import BRUSSELS
from events.services import bookings
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
    closed_day = timezone.localtime(dates[-1].starts_at, BRUSSELS).date()
    room = Room.objects.get(slug="arc-en-ciel-salle")
    new_line = AvailabilityWindow.objects.filter(room=room).count()  # the first empty line's index
    # Fatima's weekly Thursday evening, three dates (within her household's quota).
    resident = User.objects.get(email="resident@socle.test")
    thursday = timezone.localdate() + timedelta(days=(3 - timezone.localdate().weekday()) % 7 + 7)
    weekly = bookings.request_booking(
        acting_user=resident, room=room, starts_at=datetime.combine(thursday, time(18), BRUSSELS),
        ends_at=datetime.combine(thursday, time(20), BRUSSELS), title="Table de conversation", frequency="weekly", until=thursday + timedelta(days=14),
    )
    month = thursday + timedelta(days=7)
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.set_default_timeout(15_000)

        _log_in(page, base, "staff@socle.test")
        page.goto(f"{base}/nl/rooms/arc-en-ciel-salle/")
        page.get_by_role("link", name="De zaal beheren: gegevens, foto's, openingsuren en sluitingen").click()
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

        # A closure over the homework club's last date: the booking is listed and cancelled.
        page.get_by_role("link", name="De zaal beheren: gegevens, foto's, openingsuren en sluitingen").click()
        page.get_by_role("link", name="Sluitingen (vakanties, werken)").click()
        page.locator("#id_first_day").fill(closed_day.isoformat())
        page.locator("#id_last_day").fill(closed_day.isoformat())
        page.locator("#id_reason").fill("Schilderwerken")
        page.get_by_role("button", name="Sluiting opslaan").click()
        expect(page.locator(".messages")).to_contain_text("De sluiting is opgeslagen.")
        expect(page.locator("main")).to_contain_text("École des devoirs")
        assert serious_accessibility_violations(page) == []
        page.screenshot(path=str(SHOTS / "e2e_closure_nl.png"), full_page=True)
        page.get_by_role("button", name="De gekozen reservaties annuleren en hun houders verwittigen").click()
        expect(page.locator(".messages")).to_contain_text("1 reservatie is geannuleerd")
        expect(page.locator("main")).to_contain_text("Er valt geen reservatie in deze sluiting.")

        # Opening hours: a line overlapping the residents' evening is refused, then a Saturday morning for other organisations.
        page.get_by_role("link", name="Sluitingen van Salle commune Arc-en-Ciel").click()
        page.get_by_role("link", name="Salle commune Arc-en-Ciel beheren").click()
        page.get_by_role("link", name="Openingsuren: wie wanneer mag reserveren").click()
        line = f"#id_windows-{new_line}"
        page.locator(f"{line}-weekday").select_option("0")
        page.locator(f"{line}-starts").fill("21:00")
        page.locator(f"{line}-ends").fill("23:00")
        page.locator(f"{line}-audience").select_option("resident")
        page.get_by_role("button", name="Openingsuren opslaan").click()
        expect(page.locator(".refusal")).to_contain_text("overlappen")
        page.locator(f"{line}-weekday").select_option("5")
        page.locator(f"{line}-starts").fill("09:00")
        page.locator(f"{line}-ends").fill("12:00")
        page.locator(f"{line}-audience").select_option("other")
        page.locator(f"{line}-needs_approval").check()
        assert serious_accessibility_violations(page) == []
        page.get_by_role("button", name="Openingsuren opslaan").click()
        expect(page.locator(".messages")).to_contain_text("De openingsuren zijn opgeslagen.")
        page.screenshot(path=str(SHOTS / "e2e_hours_nl.png"), full_page=True)
        page.goto(f"{base}/nl/rooms/arc-en-ciel-salle/")
        expect(page.locator("main")).to_contain_text("Zaterdag 09:00–12:00: andere organisaties")

        page.goto(f"{base}/en/rooms/bookings/{homework.pk}/")
        page.get_by_role("link", name="Change this date and the following ones").nth(1).click()
        expect(page.get_by_label("This date and all the following ones")).to_be_checked()
        page.locator("#id_start").fill("14:30")
        page.locator("#id_end").fill("17:00")
        page.screenshot(path=str(SHOTS / "e2e_change_en.png"), full_page=True)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".messages")).to_contain_text(f"{len(dates) - 2} dates are changed.")
        expect(page.locator("main")).to_contain_text("Continues the series")
        _log_out(page)

        # The resident moves her Thursday evenings to 19:00 from the second date on.
        _log_in(page, base, "resident@socle.test")
        page.goto(f"{base}/fr/rooms/bookings/{weekly.pk}/")
        page.get_by_role("link", name="Modifier cette date et les suivantes").nth(1).click()
        expect(page.get_by_label("Cette date et toutes les suivantes")).to_be_checked()
        page.locator("#id_start").fill("19:00")
        page.locator("#id_end").fill("21:00")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.locator(".messages")).to_contain_text("2 dates sont modifiées.")
        expect(page.locator("main")).to_contain_text("Prolonge la série")
        assert serious_accessibility_violations(page) == []
        page.screenshot(path=str(SHOTS / "e2e_split_new_fr.png"), full_page=True)
        page.get_by_role("link", name="Table de conversation").click()
        expect(page.locator("main")).to_contain_text("Prolongée par")
        expect(page.locator("main")).to_contain_text("la série à partir du")
        page.screenshot(path=str(SHOTS / "e2e_split_old_fr.png"), full_page=True)

        page.goto(f"{base}/fr/rooms/arc-en-ciel-salle/?view=month&date={month.isoformat()}")
        expect(page.locator(".cal-item", has_text="19:00–21:00").first).to_be_visible()
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
    assert Closure.objects.filter(room=room, first_day=closed_day, reason="Schilderwerken").exists()
    assert AvailabilityWindow.objects.filter(room=room, audience="other", weekday=5, needs_approval=True).count() == 1
    assert not AvailabilityWindow.objects.filter(room=room, audience="resident", weekday=0, ends=time(23)).exists()
    # The staff's change split the homework club: the first date stays, the rest continue at 14:30.
    kept = list(homework.occurrences.order_by("starts_at"))
    assert [timezone.localtime(o.starts_at, BRUSSELS).strftime("%H:%M") for o in kept] == ["14:00"]
    continuation = Booking.objects.get(split_from=homework)
    moved = list(continuation.occurrences.order_by("starts_at"))
    assert {timezone.localtime(o.starts_at, BRUSSELS).strftime("%H:%M") for o in moved} == {"14:30"}
    assert all(o.ends_at - o.starts_at == timedelta(hours=2, minutes=30) for o in moved)
    # The resident's split: one Thursday at 18:00, then a linked series at 19:00.
    assert [timezone.localtime(o.starts_at, BRUSSELS).strftime("%H:%M") for o in weekly.occurrences.all()] == ["18:00"]
    split = Booking.objects.get(split_from=weekly)
    assert [timezone.localtime(o.starts_at, BRUSSELS).strftime("%d %H:%M") for o in split.occurrences.order_by("starts_at")] == [
        f"{thursday + timedelta(days=7):%d} 19:00", f"{thursday + timedelta(days=14):%d} 19:00"]
