"""The secretariat convenes a meeting; a member answers and proposes an
agenda item; the minutes record an action for the member's organisation;
that organisation's member finds it in My space. Headless Chromium, 360 px."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from community.models import MeetingReply
from platform_forums.models import ActionItem
from tests.e2e.helpers import serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "socle-demo-2026"


def log_in(page, base, email, lang):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_convene_answer_propose_minutes_action_in_my_space(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    starts = (timezone.localtime() + datetime.timedelta(days=20)).strftime("%Y-%m-%dT14:00")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        secretariat = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
        member = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
        for page in (secretariat, member):
            page.set_default_timeout(10_000)

        log_in(secretariat, live_server.url, "platform@socle.test", "en")
        secretariat.goto(f"{live_server.url}/en/platforms/bruxelles-ouest/members/")
        secretariat.get_by_role("link", name="Convene a meeting").click()
        secretariat.get_by_label("Title").fill("Extraordinary meeting on transit housing")
        secretariat.get_by_label("Date and time").fill(starts)
        secretariat.get_by_label("Place").fill("CPAS de Forest, salle 2")
        secretariat.get_by_label("Agenda (one item a line)").fill(
            "Transit homes available\nFamilies waiting"
        )
        secretariat.get_by_role("button", name="Send the convocation").click()
        expect(secretariat.locator("h1")).to_have_text("Extraordinary meeting on transit housing")
        meeting_url = secretariat.url

        log_in(member, live_server.url, "partner@socle.test", "fr")
        member.goto(meeting_url.replace("/en/", "/fr/"))
        member.get_by_label("Je viendrai").check()
        member.get_by_role("button", name="Envoyer ma réponse").click()
        expect(member.locator(".messages")).to_contain_text("Votre réponse est enregistrée.")
        member.get_by_label("Proposer un point à l'ordre du jour").fill(
            "Accueil des familles rue Rossini"
        )
        member.get_by_role("button", name="Proposer", exact=True).click()
        expect(member.locator("#agenda-title + ol")).to_contain_text(
            "Accueil des familles rue Rossini"
        )
        # Checked without the flash message: base.html's <ul role="status"> is
        # an axe finding of its own (reported to the lead).
        member.reload()
        assert serious_accessibility_violations(member) == []

        secretariat.reload()
        expect(secretariat.locator("main")).to_contain_text("Accueil des familles rue Rossini")
        secretariat.get_by_role("textbox", name="Minutes").fill("Three homes are free in Forest.")
        secretariat.locator("#action-description-0").fill("Visit the three homes with the families")
        secretariat.locator("#action-owner-0").select_option(label="Entraide Cureghem")
        secretariat.locator("#action-due-0").fill("2030-01-31")
        secretariat.get_by_role("button", name="Record the minutes").click()
        expect(secretariat.locator(".messages")).to_contain_text("The minutes are recorded.")

        member.goto(f"{live_server.url}/fr/my/")
        expect(member.locator("#panel-platforms").locator("..")).to_contain_text(
            "Visit the three homes with the families"
        )
        browser.close()
    assert (
        MeetingReply.objects.filter(
            user__email="partner@socle.test",
            answer="in_person",
            convocation__platform_meeting__title__startswith="Extraordinary",
        ).count()
        == 1
    )
    assert (
        ActionItem.objects.get(description="Visit the three homes with the families").owner.name
        == "Entraide Cureghem"
    )
