"""Postponing then cancelling a convened meeting, in headless Chromium: the
body's secretary (not staff) opens the meeting from the preparation pages,
asks for a date inside the notice period and is told the earliest possible
one, moves the meeting, then cancels it with a reason after reading what
will happen. Ana, who had given her proxy, reads both notices on her phone
(360 px, in French), opens the cancellation and sees "Annulée — reason" and
that her proxy lapsed. axe-core on the confirmation and meeting pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from community.governance.models import Meeting, Proxy
from community.governance.services import bodies, meetings
from community.models import AuditEvent, Notification
from tests.e2e.helpers import log_in, open_menu, person, serious_accessibility_violations
from tests.governance.helpers import make_body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.timeout(600)]

REASON = "The community room is flooded after the storm."


def test_secretary_postpones_then_cancels_and_a_member_sees_it_on_her_phone(live_server, browser_launch):
    body = make_body(notice_days=15, max_proxies_per_holder=1)
    ana = person("ana@example.org", "Ana", "Martin", lang="fr")
    bob = person("bob@example.org", "Bob", "Peeters")
    for member in (ana, bob):
        bodies.add_member(body=body, user=member, acting_user=None)
    secretary = person("secretary@example.org", "Sara", "Secretary")
    body.secretaries.add(secretary)
    meeting = meetings.create_meeting(body=body, acting_user=secretary, title="Spring general assembly",
                                      starts_at=timezone.now() + timedelta(days=20), place="Community room")
    meetings.add_agenda_item(meeting=meeting, acting_user=secretary, title="Accounts 2025", kind="decision")
    meetings.convene_meeting(meeting=meeting, acting_user=secretary)
    meetings.give_proxy(meeting=meeting, principal=ana, holder=bob, acting_user=ana)
    local = timezone.localtime(timezone.now())
    too_soon, new_date = (local + timedelta(days=5)).date(), (local + timedelta(days=30)).date()
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(15_000)
        log_in(page, base, secretary.email)
        page.goto(f"{base}/en/assemblies/")
        page.get_by_role("link", name="Prepare a meeting or an online vote").click()
        page.locator("main").get_by_role("link", name="Spring general assembly").click()
        expect(page.locator("h1")).to_have_text("Spring general assembly")

        # Postpone: a date inside the notice period is refused with the earliest possible date.
        page.get_by_role("link", name="Postpone the meeting").click()
        expect(page.locator("main")).to_contain_text("1 proxy stays valid for the new date")
        assert serious_accessibility_violations(page) == []
        page.get_by_label("New date").fill(too_soon.isoformat())
        page.get_by_label("Starts at").fill("18:30")
        page.get_by_role("button", name="Confirm: move the meeting to this date").click()
        expect(page.locator(".messages")).to_contain_text("the earliest possible date is")
        page.get_by_label("New date").fill(new_date.isoformat())
        page.get_by_label("Starts at").fill("18:30")
        page.get_by_label("Reason (optional)").fill("The auditor needs more time.")
        page.get_by_role("button", name="Confirm: move the meeting to this date").click()
        expect(page.locator(".messages")).to_contain_text("The meeting is moved to its new date; its members are notified.")
        expect(page.locator("main")).to_contain_text("Postponed: first planned for")

        # Cancel: the confirmation page says what will happen; the reason is required.
        page.get_by_role("link", name="Cancel the meeting").click()
        expect(page.locator("main")).to_contain_text("2 members are notified, in their language, with the reason.")
        expect(page.locator("main")).to_contain_text("1 proxy lapses")
        assert serious_accessibility_violations(page) == []
        page.get_by_label("Reason for the cancellation").fill(REASON)
        page.screenshot(path="/tmp/i4_cancel_confirm.png", full_page=True)
        page.get_by_role("button", name="Confirm: cancel the meeting").click()
        expect(page.locator(".messages")).to_contain_text("The meeting is cancelled; its members are notified.")
        expect(page.locator("main .notice-cancelled")).to_contain_text(f"Cancelled — {REASON}")
        expect(page.get_by_role("link", name="Cancel the meeting")).to_have_count(0)

        # Ana, on her phone, in French: both notices, then the cancelled meeting.
        phone = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
        phone.set_default_timeout(15_000)
        log_in(phone, base, ana.email, "fr")
        phone.goto(f"{base}/fr/my/notifications/")
        notices = phone.locator(".notification-list")
        expect(notices).to_contain_text("Reportée : Spring general assembly")
        expect(notices).to_contain_text("Une procuration que vous avez donnée reste valable pour la nouvelle date")
        expect(notices).to_contain_text("Annulée : Spring general assembly")
        expect(notices).to_contain_text(REASON)
        phone.locator(".notification", has_text="Annulée").get_by_role("button").click()
        expect(phone.locator("h1")).to_have_text("Spring general assembly")
        expect(phone.locator("main .notice-cancelled")).to_contain_text(f"Annulée — {REASON}")
        expect(phone.locator("main")).to_contain_text("La procuration que vous aviez donnée à Bob Peeters est devenue caduque avec l'annulation.")
        expect(phone.get_by_role("button", name="Donner ma procuration")).to_have_count(0)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert serious_accessibility_violations(phone) == []
        phone.screenshot(path="/tmp/i4_cancelled_phone.png", full_page=True)
        # Her assemblies page lists it as cancelled.
        open_menu(phone)
        phone.get_by_role("navigation").get_by_role("link", name="Assemblées et votes").click()
        expect(phone.locator("main")).to_contain_text("Spring general assembly")
        expect(phone.locator("main .status-cancelled")).to_have_text("Annulée")
        browser.close()

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert (meeting.status, meeting.cancellation_reason, meeting.cancelled_by, meeting.postponements) == (
        Meeting.Status.CANCELLED, REASON, secretary, 1)
    assert timezone.localdate(meeting.starts_at) == new_date
    assert Proxy.objects.get(meeting=meeting).lapsed_at is not None
    assert Notification.objects.filter(recipient=ana, title__startswith="Annulée").count() == 1
    assert list(AuditEvent.objects.filter(action__in=["governance.meeting.postponed", "governance.meeting.cancelled"])
                .order_by("pk").values_list("action", flat=True)) == ["governance.meeting.postponed", "governance.meeting.cancelled"]
