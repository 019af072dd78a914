"""The secretariat of the Brussels-West platform replies in a forum thread
with an @mention and hostile markup; the mentioned member sees the reply and
the notification, and no script runs. (pytest-django's live_server speaks
HTTP only, so here the page falls back to loading; the websocket path is
tested in tests/platform_forums/test_live.py.)"""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from community.demo import DEMO_PASSWORD
from community.models import Notification
from platform_forums.models import Thread
from tests.e2e.helpers import log_in, serious_accessibility_violations
from tests.platform_forums.test_views import XSS_PAYLOADS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reply_with_mention_notifies_and_no_payload_runs(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    thread_id = Thread.objects.get(title__startswith="Ménages en attente").pk
    hostile = "\n".join(XSS_PAYLOADS)
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        partner = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
        secretariat = browser.new_context().new_page()
        for page in (partner, secretariat):
            page.set_default_timeout(10_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        log_in(partner, live_server.url, "partner@socle.test", "fr", DEMO_PASSWORD)
        partner.goto(f"{live_server.url}/fr/forums/threads/{thread_id}/")
        assert serious_accessibility_violations(partner) == []

        log_in(secretariat, live_server.url, "platform@socle.test", "en", DEMO_PASSWORD)
        secretariat.goto(f"{live_server.url}/en/forums/")
        secretariat.locator("main a", has_text="Bruxelles-Ouest").first.click()
        secretariat.get_by_role("link", name="Ménages en attente d'un logement de transit").click()
        secretariat.get_by_label("Message").fill(
            f"We discuss it on 12 January, @partner@socle.test.\n\n{hostile}"
        )
        secretariat.get_by_role("button", name="Send the reply").click()
        expect(secretariat.locator(".forum-post").last).to_contain_text(
            "We discuss it on 12 January"
        )

        partner.reload()
        expect(partner.locator(".forum-post").last).to_contain_text("We discuss it on 12 January")
        partner.goto(f"{live_server.url}/fr/my/notifications/")
        expect(partner.locator("main")).to_contain_text("Nadia Benali vous a mentionné·e")
        browser.close()
    assert dialogs == []
    assert (
        Notification.objects.filter(
            recipient__email="partner@socle.test", category="forum_mention"
        ).count()
        == 1
    )
