"""A co-owners' general meeting in headless Chromium, on phones: the building page
leads the co-owners to their meeting; they vote a four-fifths item from their own
browsers; the syndic closes the vote from the chair's console; the result counts
shares, not heads (Civil Code art. 3.87 §2 and 3.88 §1, 2°). Then the syndic
closes the meeting and drafts the minutes, which a co-owner still present, the
chair and the secretary sign at the end (art. 3.87 §10); another co-owner reads
the signed minutes from the building page."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from community.governance.models import Meeting, Minutes, MinutesSignature, Question
from community.governance.services import meetings as meeting_services
from community.governance.services import voting
from coownership import meetings, services
from coownership.models import BuildingRole
from tests.e2e.helpers import log_in, person, serious_accessibility_violations
from tests.factories import HouseholdFactory, HousingProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

def test_a_four_fifths_item_is_voted_with_shares(live_server, browser_launch):
    project = HousingProjectFactory()
    building = services.create_building(
        acting_user=None, housing_project=project, name="Tilleul", slug="tilleul", total_shares=1000,
        lots=[{"reference": r, "shares": s} for r, s in (("L1", 250), ("L2", 250), ("L3", 300), ("L4", 200))],
    )
    lots = {lot.reference: lot for lot in building.lots.all()}
    owners = {}
    for first, refs in (("Ana", ["L1", "L2"]), ("Bram", ["L3"]), ("Chloé", ["L4"])):
        home = HouseholdFactory(name=f"Ménage {first}", housing_project=project)
        owners[first] = person(f"{first.lower().replace('é', 'e')}@example.org", first, "Co", lang="fr", household=home)
        for ref in refs:
            services.transfer_lot(acting_user=None, lot=lots[ref], household=home, on_date=date(2024, 1, 1))
    syndic = person("syndic@example.org", "Sam", "Co")
    services.assign_building_role(acting_user=None, building=building, user=syndic, kind=BuildingRole.Kind.SYNDIC)
    body = meetings.sync_coownership_body(building=building, acting_user=None)
    meeting = meeting_services.create_meeting(
        body=body, acting_user=syndic, title="Assemblée ordinaire", starts_at=timezone.now() + timedelta(days=16),
        place="Salle commune", chair=owners["Ana"], secretary=syndic,
    )
    item = meeting_services.add_agenda_item(meeting=meeting, acting_user=syndic, title="Charges de l'ascenseur",
                                            kind="decision")
    question = voting.add_question(body=body, acting_user=syndic, meeting=meeting, agenda_item=item,
                                   title="Répartir l'ascenseur selon l'étage", majority="four_fifths")
    meetings.convene_coowners_meeting(meeting=meeting, building=building, acting_user=syndic)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    meeting.refresh_from_db()
    for owner in owners.values():
        meeting_services.check_in(meeting=meeting, member=owner, acting_user=syndic)
    meeting_services.start_meeting(meeting=meeting, acting_user=syndic)
    voting.open_question(question=question, acting_user=syndic)
    yes, no = (question.choices.get(code=code).pk for code in ("yes", "no"))
    base = live_server.url
    problems = {}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        for first, choice in (("Ana", yes), ("Bram", yes), ("Chloé", no)):
            context = browser.new_context(viewport={"width": 360, "height": 780})
            page = context.new_page()
            page.set_default_timeout(20_000)
            log_in(page, base, owners[first].email, "fr")
            page.goto(f"{base}/fr/buildings/tilleul/")
            if first == "Ana":
                problems["building"] = serious_accessibility_violations(page)
            page.get_by_role("link", name="Assemblée ordinaire").click()
            page.get_by_role("link", name="Répartir l'ascenseur selon l'étage").first.click()
            if first == "Ana":
                problems["vote"] = serious_accessibility_violations(page)
            page.locator(f"main form input[type=radio][value='{choice}']").first.check()
            page.locator("main form button[type=submit]").first.click()
            expect(page.locator(".messages")).to_contain_text("Votre vote est enregistré")
            context.close()

        context = browser.new_context(viewport={"width": 360, "height": 780})
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in(page, base, syndic.email)
        page.goto(f"{base}/en/assemblies/meetings/{meeting.pk}/console/")
        page.get_by_role("button", name="Close the vote").click()
        expect(page.locator(".messages")).to_contain_text("its result is final")
        page.get_by_role("button", name="Publish the results").click()
        page.goto(f"{base}/en/assemblies/questions/{question.pk}/")
        # Two heads of three voted yes, but 800 shares of 1,000: four fifths are reached.
        expect(page.locator("main")).to_contain_text("800")
        expect(page.locator("main")).to_contain_text("200")
        # Three co-owners of three, not "3 of 4": the syndic has no votes.
        expect(page.locator("main")).to_contain_text("3 of 3 members present or represented")
        page.screenshot(path="/tmp/coownership_meeting_result.png", full_page=True)

        # The end of the meeting: the syndic closes it and drafts the minutes.
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{base}/en/assemblies/meetings/{meeting.pk}/console/")
        page.get_by_role("button", name="Close the meeting").click()
        page.goto(f"{base}/en/assemblies/meetings/{meeting.pk}/minutes/")
        page.get_by_role("button", name="Draft the minutes").click()
        expect(page.locator("main article")).to_contain_text("3 of 3 members present or represented")
        context.close()

        # Bram (still present) then Ana (the chair) read and sign, in French.
        for first in ("Bram", "Ana"):
            context = browser.new_context(viewport={"width": 360, "height": 780})
            page = context.new_page()
            page.set_default_timeout(20_000)
            log_in(page, base, owners[first].email, "fr")
            page.goto(f"{base}/fr/assemblies/meetings/{meeting.pk}/")
            # Bram's link asks him to read then sign; Ana, who chairs, has the chair's link.
            page.get_by_role("link", name=re.compile(r"^Le projet de procès-verbal")).click()
            expect(page.locator("main article")).to_contain_text("Répartir l'ascenseur selon l'étage")
            if first == "Bram":
                problems["sign"] = serious_accessibility_violations(page)
                page.screenshot(path="/tmp/coownership_minutes_to_sign.png", full_page=True)
            page.get_by_role("button", name="J'ai lu le procès-verbal et je le signe").click()
            expect(page.locator(".messages")).to_contain_text("Vous avez signé le procès-verbal.")
            expect(page.get_by_role("button", name="J'ai lu le procès-verbal et je le signe")).to_have_count(0)
            context.close()

        # The syndic, secretary: no more editing once signed; the last signature approves.
        context = browser.new_context(viewport={"width": 360, "height": 780})
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in(page, base, syndic.email)
        page.goto(f"{base}/en/assemblies/meetings/{meeting.pk}/minutes/")
        expect(page.locator("main")).to_contain_text("The minutes are signed: their text can no longer change.")
        expect(page.get_by_role("button", name="Save the minutes")).to_have_count(0)
        page.get_by_role("button", name="I have read the minutes and sign them").click()
        expect(page.locator(".messages")).to_contain_text("they are approved and published")
        context.close()

        # Chloé reads the signed minutes from the building page, signatures at the end.
        context = browser.new_context(viewport={"width": 360, "height": 780})
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in(page, base, owners["Chloé"].email, "fr")
        page.goto(f"{base}/fr/buildings/tilleul/")
        page.get_by_role("link", name="Le procès-verbal signé").click()
        signatures = page.locator(".minutes-signatures")
        expect(signatures).to_contain_text("Bram Co (Membre présent)")
        expect(signatures).to_contain_text("Ana Co (Président)")
        expect(signatures).to_contain_text("Sam Co (Secrétaire)")
        problems["minutes"] = serious_accessibility_violations(page)
        page.screenshot(path="/tmp/coownership_minutes_signed.png", full_page=True)
        pdf = page.request.get(f"{base}/fr/assemblies/meetings/{meeting.pk}/minutes/pdf/")
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        browser.close()

    question = Question.objects.get(pk=question.pk)
    assert question.result["yes"] == 800 and question.result["no"] == 200
    assert question.result["adopted"] is True
    assert problems == {"building": [], "vote": [], "sign": [], "minutes": []}
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.APPROVED
    assert sorted(MinutesSignature.objects.filter(minutes=minutes).values_list("role", flat=True)) == [
        "attendee", "chair", "secretary",
    ]
