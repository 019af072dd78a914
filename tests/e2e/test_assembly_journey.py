"""A general assembly run live, in headless Chromium: Ana gives her proxy to
Chloe; the chair starts the meeting, checks Bob and Chloe in from the
console and opens the vote; Bob and Chloe vote from their own browsers
(Chloe also for Ana); the projector's tally moves without a reload; the
chair closes the vote and the meeting, drafts and approves the minutes,
whose PDF lists the result. Then a secret vote: the console warns that three
voters are few, the projector shows the turnout and never a running result,
Bob checks his receipt; the others vote on paper in the room and the chair
records the paper ballots (a mixed vote, each counted once), then a show of
hands: the projector and the minutes say how each vote was taken. axe-core
on the console, projector, voting page and the room's count page.

pytest-django's live_server speaks HTTP only, so the live pages fall back to
polling the meeting's JSON state here (the websocket path is tested in
tests/governance/test_live.py and measured by bench/assembly_votes.py)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from community.governance.models import Ballot, Meeting, Minutes, Participation, RoomCount
from community.governance.services import bodies, meetings, voting
from tests.e2e.helpers import E2E_PASSWORD, log_in, person, serious_accessibility_violations
from tests.factories import CollegeFactory, make_staff
from tests.governance.helpers import make_body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.timeout(900)]


def test_a_vote_from_proxy_to_minutes(live_server, browser_launch):
    residents = CollegeFactory(code="residents", name="Residents")
    body = make_body(notice_days=0, max_proxies_per_holder=1)
    ana = person("ana@example.org", "Ana", "Martin")
    bob = person("bob@example.org", "Bob", "Peeters")
    chloe = person("chloe@example.org", "Chloé", "Diallo")
    dan = person("dan@example.org", "Dan", "Janssens")
    for member in (ana, bob, chloe, dan):
        bodies.add_member(body=body, user=member, acting_user=None, college=residents)
    chair = make_staff(email="chair@example.org", first_name="Nadia", last_name="Chair", language="en")
    chair.set_password(E2E_PASSWORD)
    chair.save()
    meeting = meetings.create_meeting(body=body, acting_user=chair, title="Spring general assembly",
                                      starts_at=timezone.now() + timedelta(minutes=45), place="Community room")
    item = meetings.add_agenda_item(meeting=meeting, acting_user=chair, title="Accounts 2025", kind="decision")
    question = voting.add_question(body=body, meeting=meeting, agenda_item=item, acting_user=chair,
                                   title="Approve the accounts 2025")
    hidden = voting.add_question(body=body, meeting=meeting, agenda_item=item, acting_user=chair,
                                 title="Renew the treasurer's mandate", is_secret=True)
    hands = voting.add_question(body=body, meeting=meeting, acting_user=chair, title="Hire a caretaker")
    meetings.convene_meeting(meeting=meeting, acting_user=chair)
    yes, no = (question.choices.get(code=code).pk for code in ("yes", "no"))
    hidden_yes = hidden.choices.get(code="yes").pk
    base = live_server.url
    meeting_url = f"{base}/en/assemblies/meetings/{meeting.pk}/"
    console_url = f"{base}/en/assemblies/meetings/{meeting.pk}/console/"
    question_url = f"{base}/en/assemblies/questions/{question.pk}/"
    problems: dict[str, list[str]] = {}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        pages = {}
        for name, width in (("ana", 360), ("chair", 1280), ("bob", 360), ("chloe", 390)):
            pages[name] = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            pages[name].set_default_timeout(15_000)

        # Ana cannot come: she gives her proxy to Chloé from the meeting's page.
        page = pages["ana"]
        log_in(page, base, ana.email)
        page.goto(meeting_url)
        page.get_by_label("Give my proxy to").select_option(label="Chloé Diallo")
        page.locator("form", has=page.get_by_label("Give my proxy to")).locator("button[type=submit]").click()
        expect(page.locator(".messages")).to_contain_text("Chloé Diallo holds your proxy")

        # The chair starts the meeting, finds Bob and Chloé and checks them in.
        page = pages["chair"]
        log_in(page, base, chair.email)
        page.goto(meeting_url)
        page.get_by_role("link", name="Chair's console").click()
        expect(page.locator("h1")).to_contain_text("Chair's console")
        page.get_by_role("button", name="Start the meeting").click()
        for name in ("Bob", "Chloé"):
            page.get_by_label("Find a member by name or e-mail").fill(name)
            page.get_by_role("button", name="Find the member").click()
            page.get_by_role("button", name="in, in person").first.click()
            expect(page.locator(".messages")).to_contain_text("is checked in")
        # Chloé holds Ana's proxy: three of four present or represented.
        expect(page.locator("[data-live=present_or_represented]").first).to_have_text("3")
        expect(page.locator(".quorum-verdict")).to_contain_text("Quorum reached")
        page.get_by_role("button", name="Open the vote").first.click()
        expect(page.locator(".messages")).to_contain_text("The vote is open.")
        problems["console"] = serious_accessibility_violations(page)

        # The room's screen.
        projector = page.context.new_page()
        projector.goto(f"{base}/en/assemblies/meetings/{meeting.pk}/projector/")
        expect(projector.locator("h2#projector-question")).to_have_text("Approve the accounts 2025")
        expect(projector.locator("[data-live=ballots]")).to_have_text("0")
        projector.evaluate("window.__notReloaded = true")
        problems["projector"] = serious_accessibility_violations(projector)

        # Bob and Chloé vote from their phones; Chloé for herself and for Ana.
        page = pages["bob"]
        log_in(page, base, bob.email)
        page.goto(question_url)
        problems["question"] = serious_accessibility_violations(page)
        page.locator(f"main form input[type=radio][value='{yes}']").first.check()
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator(".messages")).to_contain_text("Your vote is recorded")
        expect(projector.locator("[data-live=ballots]")).to_have_text("1")

        page = pages["chloe"]
        log_in(page, base, chloe.email)
        page.goto(question_url)
        for radio in page.locator(f"main form input[type=radio][value='{no}']").all():
            radio.check()
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator(".messages")).to_contain_text("Your vote is recorded")

        # The projector follows without a reload.
        expect(projector.locator("[data-live=ballots]")).to_have_text("3")
        expect(projector.locator("[data-live=no]")).to_have_text("2")
        assert projector.evaluate("window.__notReloaded") is True

        # The chair closes the vote and the meeting, then drafts and approves the minutes.
        page = pages["chair"]
        page.goto(console_url)
        page.get_by_role("button", name="Close the vote").click()
        expect(page.locator(".messages")).to_contain_text("its result is final")
        page.get_by_role("button", name="Publish the results").click()

        # The secret vote: too few voters for secrecy is said before opening.
        expect(page.locator(".message-warning")).to_contain_text("Only 3 voters are present or represented, fewer than 10")
        page.get_by_role("button", name="Open the vote").first.click()
        expect(page.locator(".messages")).to_contain_text("The vote is open.")
        projector.goto(f"{base}/en/assemblies/meetings/{meeting.pk}/projector/")
        expect(projector.locator("h2#projector-question")).to_have_text("Renew the treasurer's mandate")
        expect(projector.locator(".secret-note")).to_contain_text("no running result is shown")
        expect(projector.locator("[data-live=yes]")).to_have_count(0)
        voter = pages["bob"]
        voter.goto(f"{base}/en/assemblies/questions/{hidden.pk}/")
        expect(voter.locator(".vote-kind")).to_contain_text("Secret ballot: only the totals are kept.")
        voter.locator(f"main form input[type=radio][value='{hidden_yes}']").first.check()
        voter.locator("main form button[type=submit]").first.click()
        code = voter.locator(".receipt-code").inner_text()
        expect(projector.locator("[data-live=ballots]")).to_have_text("1")
        voter.goto(f"{base}/en/assemblies/receipt/")
        voter.get_by_label("Receipt code").fill(code)
        voter.get_by_role("button", name="Check").click()
        expect(voter.locator("main")).to_contain_text("This ballot is recorded for “Renew the treasurer's mandate”.")
        assert code not in voter.url
        voter.screenshot(path="/tmp/e2e_secret_receipt.png", full_page=True)
        projector.screenshot(path="/tmp/e2e_secret_projector.png", full_page=True)
        # Chloé (and Ana through her) vote on paper in the room: the chair records the ballots, which closes the vote.
        page.goto(console_url)
        page.get_by_role("link", name="Record the paper ballots").click()
        expect(page.locator("main")).to_contain_text("2 members present or represented")
        page.get_by_label("Voters: Yes").fill("3")
        page.get_by_label("Counted by").fill("Dan Janssens")
        page.get_by_role("button", name="Record the count and close the vote").click()
        expect(page.locator(".messages")).to_contain_text("These totals count 3 voters in the room, but only 2")
        page.get_by_label("Voters: Yes").fill("2")
        problems["room_count"] = serious_accessibility_violations(page)
        page.get_by_role("button", name="Record the count and close the vote").click()
        expect(page.locator(".messages")).to_contain_text("The count in the room is recorded and the vote is closed.")
        page.get_by_role("button", name="Publish the results").click()
        expect(projector.locator(".live-tally")).to_contain_text("The motion is adopted.")
        projector.goto(f"{base}/en/assemblies/meetings/{meeting.pk}/projector/")
        expect(projector.locator(".how-taken")).to_contain_text("Mixed vote: 1 online, 2 by paper ballots in the room.")

        # A show of hands.
        page.get_by_role("button", name="Open the vote").click()
        page.get_by_role("link", name="Record a show of hands or paper ballots").click()
        page.get_by_label("Show of hands").check()
        page.get_by_label("Voters: Yes").fill("2")
        page.get_by_label("Voters: No").fill("1")
        page.get_by_label("Counted by").fill("Dan Janssens")
        page.get_by_role("button", name="Record the count and close the vote").click()
        expect(page.locator(".messages")).to_contain_text("The count in the room is recorded and the vote is closed.")
        projector.goto(f"{base}/en/assemblies/meetings/{meeting.pk}/projector/")
        expect(projector.locator("h2#projector-question")).to_have_text("Hire a caretaker")
        expect(projector.locator(".how-taken")).to_contain_text("Vote taken by a show of hands in the room. Counted by Dan Janssens")
        projector.screenshot(path="/tmp/e2e_show_of_hands_projector.png", full_page=True)
        page.get_by_role("button", name="Close the meeting").click()
        expect(page.locator(".messages")).to_contain_text("The meeting is closed.")
        page.get_by_role("link", name="Draft the minutes").click()
        page.get_by_role("button", name="Draft the minutes").click()
        expect(page.locator(".minutes-text")).to_contain_text("Against: Ana Martin, Chloé Diallo.")
        page.get_by_role("button", name="Approve and publish the minutes").click()
        expect(page.locator(".messages")).to_contain_text("approved and published")
        pdf = page.request.get(f"{base}/en/assemblies/meetings/{meeting.pk}/minutes/pdf/")
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        pdf_bytes = pdf.body()
        browser.close()

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert "Approve the accounts 2025" in text
    assert "Yes: 1. No: 2. Abstentions: 0." in text and "The motion is rejected." in text
    assert "Against: Ana Martin, Chloé Diallo." in text
    assert "Secret ballot: the minutes name nobody." in text
    assert "Mixed vote: 1 online, 2 by paper ballots in the room." in text
    assert "Vote taken by a show of hands in the room." in text and "Those who voted in the room are counted, not named." in text
    assert Participation.objects.filter(question=question).count() == 3 == Ballot.objects.filter(question=question).count()
    assert Meeting.objects.get(pk=meeting.pk).status == "closed"
    assert [(r.question_id, r.method, r.voters) for r in RoomCount.objects.order_by("pk")] == [
        (hidden.pk, "paper_ballots", 2), (hands.pk, "show_of_hands", 3)]
    assert Minutes.objects.get(meeting=meeting).status == "approved"
    assert problems == {"console": [], "projector": [], "question": [], "room_count": []}
