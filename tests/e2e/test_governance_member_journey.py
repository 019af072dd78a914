"""The member side of the assemblies in headless Chromium, on a phone: a
partner gives her proxy for the spring general assembly from its page; a
resident finds the online vote at the top of My space, votes with one tap,
reads her receipt code and checks it."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from community.demo import DEMO_PASSWORD
from community.governance.demo import UPCOMING_TITLE
from community.governance.models import Ballot, Meeting, Proxy, Question
from tests.e2e.helpers import log_in, open_menu, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_proxy_vote_and_receipt_on_a_phone(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    meeting = Meeting.objects.get(title=UPCOMING_TITLE)
    vote = Question.objects.get(meeting__isnull=True, status="open")
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.set_default_timeout(10_000)

        log_in(page, base, "partner@socle.test", "fr", DEMO_PASSWORD, heading="Mon espace")
        open_menu(page)
        page.get_by_role("navigation").get_by_role("link", name="Assemblées et votes").click()
        expect(page.locator("h1")).to_have_text("Mes assemblées")
        page.get_by_role("link", name=UPCOMING_TITLE).click()
        assert serious_accessibility_violations(page) == []
        page.get_by_label("Donner ma procuration à").select_option(label="Jan Peeters")
        page.get_by_role("button", name="Donner ma procuration").click()
        expect(page.locator(".messages")).to_contain_text("Jan Peeters détient votre procuration pour cette réunion.")
        open_menu(page)
        page.locator("form[action$='logout/'] button").click()

        # The open vote waits for her at the top of My space ("what needs me now", issue 26).
        log_in(page, base, "resident@socle.test", "fr", DEMO_PASSWORD, heading="Mon espace")
        needs = page.locator("main section").first
        expect(needs.locator("h2")).to_have_text("Ce qui m'attend maintenant")
        needs.locator("li").filter(has_text=vote.title).get_by_role("link").click()
        expect(page.locator("h1")).to_contain_text(vote.title)
        assert serious_accessibility_violations(page) == []
        page.get_by_text("Oui", exact=True).click()
        page.get_by_role("button", name="Enregistrer mon vote").click()
        expect(page.locator(".messages")).to_contain_text("Votre vote est enregistré.")
        code = page.locator(".receipt-code").inner_text()
        assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", code)
        page.screenshot(path="/tmp/gov_e2e_receipt.png", full_page=True)
        page.reload()
        expect(page.locator(".receipt-code")).to_have_count(0)
        page.goto(f"{base}/fr/assemblies/receipt/")
        page.get_by_label("Code de reçu").fill(code)
        page.get_by_role("button", name="Vérifier").click()
        expect(page.locator("main")).to_contain_text("Ce bulletin est enregistré")
        browser.close()

    assert Proxy.objects.filter(meeting=meeting, principal__email="partner@socle.test", holder__email="coowner@socle.test",
                                withdrawn_at__isnull=True).count() == 1
    assert Ballot.objects.filter(question=vote).count() == 1
