"""The room's screen follows a vote over a real websocket, in headless
Chromium, served by the production ASGI application (uvicorn, the request
threads, the process's fan-out): the projector's polling address is blocked,
so only the socket can bring the tally. Bob votes from his phone in French,
Chloé in Dutch; the projector and the chair's console (in Dutch) count both
without a reload and stay on the socket."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from community.governance.services import bodies, meetings, voting
from community.governance.services import live as live_services
from tests.e2e.helpers import E2E_PASSWORD, log_in, person, serious_accessibility_violations
from tests.factories import CollegeFactory, make_staff
from tests.governance.helpers import make_body

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

def test_the_projector_counts_ballots_through_the_socket(asgi_server, browser_launch):
    residents = CollegeFactory(code="residents", name="Residents")
    body = make_body(notice_days=0)
    bob = person("bob@example.org", "Bob", "Peeters", "fr")
    chloe = person("chloe@example.org", "Chloé", "Diallo", "nl")
    for member in (bob, chloe, person("dan@example.org", "Dan", "Janssens", "en")):
        bodies.add_member(body=body, user=member, acting_user=None, college=residents)
    chair = make_staff(email="chair@example.org", first_name="Nadia", last_name="Chair", language="nl")
    chair.set_password(E2E_PASSWORD)
    chair.save()
    meeting = meetings.create_meeting(body=body, acting_user=chair, title="Algemene vergadering",
                                      starts_at=timezone.now() + timedelta(minutes=30), place="Community room")
    item = meetings.add_agenda_item(meeting=meeting, acting_user=chair, title="Accounts 2025", kind="decision")
    question = voting.add_question(body=body, meeting=meeting, agenda_item=item, acting_user=chair,
                                   title="Approve the accounts 2025")
    meetings.convene_meeting(meeting=meeting, acting_user=chair)
    meeting = live_services.start(meeting=meeting, acting_user=chair)
    for member in (bob, chloe):
        live_services.check_in_member(meeting=meeting, member=member, acting_user=chair)
    live_services.open_vote(question=question, acting_user=chair)
    yes, no = (question.choices.get(code=code).pk for code in ("yes", "no"))
    base = asgi_server
    question_path = f"/assemblies/questions/{question.pk}/"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        chair_context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = chair_context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, base, chair.email, "nl")
        screens = {}
        for name, path in (("console", "console"), ("projector", "projector")):
            screen = chair_context.new_page()
            screen.set_default_timeout(15_000)
            # Only the socket may bring the figures: the polling fallback is cut off.
            screen.route("**/live.json*", lambda route: route.abort())
            screen.goto(f"{base}/nl/assemblies/meetings/{meeting.pk}/{path}/")
            expect(screen.locator("[data-live-meeting]")).to_have_attribute("data-live-mode", "socket")
            expect(screen.locator("[data-live=ballots]").first).to_have_text("0")
            screen.evaluate("window.__notReloaded = true")
            screens[name] = screen
        problems = serious_accessibility_violations(screens["projector"])

        for voter, lang, choice in ((bob, "fr", yes), (chloe, "nl", no)):
            phone = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
            phone.set_default_timeout(15_000)
            log_in(phone, base, voter.email, lang)
            phone.goto(f"{base}/{lang}{question_path}")
            phone.locator(f"main form input[type=radio][value='{choice}']").first.check()
            phone.locator("main form button[type=submit]").first.click()
            expect(phone.locator(".messages")).to_be_visible()

        for screen in screens.values():
            expect(screen.locator("[data-live=ballots]").first).to_have_text("2")
            expect(screen.locator("[data-live=yes]").first).to_have_text("1")
            expect(screen.locator("[data-live=no]").first).to_have_text("1")
            expect(screen.locator("[data-live-meeting]")).to_have_attribute("data-live-mode", "socket")
            assert screen.evaluate("window.__notReloaded") is True
        screens["projector"].screenshot(path="/tmp/socle-projector-socket.png")
        browser.close()

    assert problems == []
