"""A visitor without an account at the information session, in headless
Chromium (fr-BE, Europe/Brussels), issue 26: registers with a name and an
e-mail address, confirms from the e-mail (read from the test outbox), waits
because the session is full, is moved up when a member cancels, and cancels
from the e-mail's link. axe-core finds nothing serious on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect, sync_playwright
from socle_site import services

from community.models import Registration
from tests.e2e.helpers import log_in, person, serious_accessibility_violations
from tests.site import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _link(kind: str, to: str) -> str:
    """The latest ``kind`` link e-mailed to ``to``, as a path."""
    bodies = [message.body for message in mail.outbox if message.to == [to]]
    assert bodies, [m.to for m in mail.outbox]
    found = re.search(rf"https?://[^\s]+/visitors/{kind}/[^\s]+/", bodies[-1])
    assert found, bodies[-1]
    return re.sub(r"^https?://[^/]+", "", found.group(0))


def test_a_visitor_registers_confirms_is_moved_up_and_cancels(live_server, browser_launch):
    site = f.make_site()
    session = f.add_event(site["events"], capacity=1, orders=False, accepts_visitors=True)
    member = person("nadia@example.org", "Nadia", lang="fr")
    services.register_for_event(event=session, acting_user=member)  # the one seat
    base, event_path, visitor = live_server.url, session.url, "awa@example.org"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        belgian = {"locale": "fr-BE", "timezone_id": "Europe/Brussels", "viewport": {"width": 360, "height": 780}}
        page = browser.new_context(**belgian).new_page()
        page.set_default_timeout(10_000)

        page.goto(f"{base}{event_path}")
        expect(page.get_by_text("Aucun compte nécessaire")).to_be_visible()
        assert serious_accessibility_violations(page) == []
        page.get_by_label("Votre nom").fill("Awa Diallo")
        page.get_by_label("Votre adresse e-mail").fill(visitor)
        page.get_by_role("button", name="M'inscrire sans compte").click()
        expect(page.locator(".messages")).to_contain_text("Presque fini")

        page.goto(f"{base}{_link('confirm', visitor)}")
        assert serious_accessibility_violations(page) == []
        page.get_by_role("button", name="Confirmer mon inscription").click()
        expect(page.locator(".messages")).to_contain_text("vous êtes sur la liste d'attente")

        # The member gives up the seat: the visitor is moved up and told by e-mail.
        member_page = browser.new_context(**belgian).new_page()
        log_in(member_page, base, "nadia@example.org", "fr")
        member_page.goto(f"{base}{event_path}")
        member_page.get_by_role("button", name="Annuler mon inscription").click()
        expect(member_page.locator(".messages")).to_contain_text("Votre inscription est annulée")
        assert "Une place s'est libérée" in [m for m in mail.outbox if m.to == [visitor]][-1].subject

        page.goto(f"{base}{_link('cancel', visitor)}")
        assert serious_accessibility_violations(page) == []
        page.get_by_role("button", name="Annuler mon inscription").click()
        expect(page.locator(".messages")).to_contain_text("Votre inscription est annulée")
        browser.close()

    assert Registration.objects.get(visitor_email=visitor).status == Registration.Status.CANCELLED
    assert Registration.objects.get(user=member).status == Registration.Status.CANCELLED
