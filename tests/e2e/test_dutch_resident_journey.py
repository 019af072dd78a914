"""Issue 20, end to end on a phone with a Belgian locale and time zone
(nl-BE, Europe/Brussels): a Dutch-speaking resident signs up, reads the
confirmation e-mail (it names the trust and a contact address), is told of
an online vote and votes, registers for a public event in winter and one in
summer; every date, time and amount on the way is in Dutch and right (18:30
in Brussels is read 18:30 in January and in July, never the UTC hour)."""

import io
import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright
from socle_site.kernel.formatting import BRUSSELS
from socle_site.models import EventIndexPage

from community.governance.models import Body
from community.governance.services import bodies as body_services
from community.governance.services import voting
from community.models import Role, User
from community.services.roles import assign_role
from tests.e2e.helpers import serious_accessibility_violations
from tests.site.factories import add_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "een-lange-wachtzin-voor-e2e"
EMAIL = "noor@example.org"
PHONE = {"viewport": {"width": 360, "height": 780}, "locale": "nl-BE", "timezone_id": "Europe/Brussels"}


def next_local(month: int, day: int, hour: int, minute: int) -> datetime:
    """The next such local moment in Brussels, at least a week away."""
    now = timezone.localtime(timezone.now(), BRUSSELS)
    for year in (now.year, now.year + 1):
        moment = datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)
        if moment > now + timedelta(days=7):
            return moment
    raise AssertionError("unreachable")


def test_a_dutch_resident_on_a_phone_reads_every_fact_in_dutch(live_server, browser_launch):
    call_command("load_demo", stdout=io.StringIO())
    mail.outbox.clear()
    base = live_server.url

    # 1. Sign up in Dutch and read the confirmation e-mail.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_context(**PHONE).new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{base}/nl/accounts/signup/")
        page.locator("#id_first_name").fill("Noor")
        page.locator("#id_last_name").fill("Vermeulen")
        page.locator("#id_email").fill(EMAIL)
        page.locator("#id_password1").fill(PASSWORD)
        page.locator("#id_password2").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_contain_text("e-mail")
        assert serious_accessibility_violations(page) == []
        confirmation = [m for m in mail.outbox if m.to == [EMAIL]]
        assert len(confirmation) == 1
        body = confirmation[0].body
        # The trust's name and a contact address, in Dutch ("Hallo van !" no more).
        assert settings.SOCLE_SITE_NAME in confirmation[0].subject + body
        assert settings.SOCLE_CONTACT_EMAIL in body
        assert "van !" not in body and "Bevestig" in body + confirmation[0].subject
        confirm_path = re.search(r"https?://[^/\s]+(/\S+)", body).group(1)
        page.goto(f"{base}{confirm_path}")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_have_text("Mijn ruimte")
        browser.close()

    # 2. The trust seats her as a resident; an online vote opens; two public
    #    events, one in winter time and one in summer time, both at 18:30.
    noor = User.objects.get(email=EMAIL)
    assert noor.language == "nl"
    staff = User.objects.get(email="staff@socle.test")
    assign_role(user=noor, role=Role.RESIDENT, acting_user=staff)
    ga = Body.objects.get(kind=Body.Kind.GENERAL_ASSEMBLY)
    body_services.sync_general_assembly(body=ga, acting_user=staff)
    closes_at = timezone.now().astimezone(BRUSSELS).replace(hour=20, minute=0, second=0, microsecond=0) + timedelta(days=3)
    question = voting.add_question(body=ga, acting_user=staff, title="Fietsenstalling in de binnentuin?",
                                   majority="simple", opens_at=timezone.now() - timedelta(minutes=5), closes_at=closes_at)
    voting.open_question(question=question, acting_user=staff)
    index = EventIndexPage.objects.live().filter(locale__language_code="nl").first() or EventIndexPage.objects.live().first()
    winter = add_event(index, n=9101, capacity=30, starts_at=next_local(1, 14, 18, 30))
    summer = add_event(index, n=9102, capacity=30, starts_at=next_local(7, 15, 18, 30))
    mail.outbox.clear()

    # 3. On her phone: the notification of the vote, the vote, the events.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_context(**PHONE).new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{base}/nl/accounts/login/")
        page.locator("#id_login").fill(EMAIL)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_have_text("Mijn ruimte")
        page.goto(f"{base}/nl/my/notifications/")
        notice = page.locator("main").inner_text()
        assert "20:00" in notice and "19:00" not in notice, notice  # the closing time in Brussels
        page.goto(f"{base}/nl/assemblies/")
        page.get_by_role("link", name=question.title).first.click()
        assert "20:00" in page.locator("main").inner_text()
        page.get_by_text("Ja", exact=True).click()
        page.get_by_role("button", name=re.compile("stem", re.I)).click()
        expect(page.locator(".messages")).to_contain_text("stem")
        page.screenshot(path="/tmp/e2e_nl_vote.png", full_page=True)
        for event, month in ((winter, "januari"), (summer, "juli")):
            page.goto(f"{base}{event.url}")
            text = page.locator("main").inner_text()
            assert "18:30" in text and month in text, text
            page.locator(f"form[action$='/events/{event.pk}/register/'] button").click()
            expect(page.locator(".messages")).to_be_visible()
        page.screenshot(path="/tmp/e2e_nl_event.png", full_page=True)
        browser.close()

    # 4. The confirmations, in Dutch, at 18:30 in January and in July.
    sent = [m for m in mail.outbox if m.to == [EMAIL]]
    for title, month in ((winter.title, "januari"), (summer.title, "juli")):
        mail_of = [m for m in sent if title in m.subject + m.body]
        assert mail_of, [m.subject for m in sent]
        assert "18:30" in mail_of[0].body and month in mail_of[0].body and "17:30" not in mail_of[0].body
        assert "16:30" not in mail_of[0].body
