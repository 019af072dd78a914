"""Stewardship after the sale, in headless Chromium with a Belgian locale
and time zone: the owner (in Dutch, on a phone) finds their home's file from
the menu, reads the deed, its resale formula and the land lease, and answers
the year's occupancy check with a certificate; the stewardship officer (in
French) reads the answer on the dashboard and accepts it; the owner sees it
accepted, in the file and in the timeline. The owner then asks to carry out
works; the officer approves a lower amount with a reason and, once the works
are done, records the invoices; the owner's "if you sold today" price now
counts them."""

import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from community import demo as community_demo
from community.candidates import demo as candidates_demo
from community.demo import DEMO_PASSWORD
from community.stewardship import demo as stewardship_demo
from community.stewardship.models import YearlyCheck
from community.support import demo as support_demo
from tests.e2e.helpers import log_in, open_menu, serious_accessibility_violations
from tests.stewardship.conftest import PDF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 780}, "locale": "nl-BE", "timezone_id": "Europe/Brussels"}
DESK = {"viewport": {"width": 1100, "height": 900}, "locale": "fr-BE", "timezone_id": "Europe/Brussels",
        "accept_downloads": True}


def test_an_owner_certifies_occupancy_and_the_officer_accepts_it(live_server, browser_launch, tmp_path):
    # Only the demo this journey needs: people, the register's deeds, the yearly checks.
    for demo in (community_demo, candidates_demo, stewardship_demo, support_demo):
        demo.load(io.StringIO())
    check = YearlyCheck.objects.get(household__name="Famille Peeters", kind="occupancy", status="open")
    certificate = tmp_path / "gezinssamenstelling.pdf"
    certificate.write_bytes(PDF)
    shots = Path(os.environ.get("SOCLE_SHOTS", tmp_path))
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_launch)
        page = browser.new_context(**PHONE).new_page()
        page.set_default_timeout(15_000)

        # Jan Peeters owns B2 at Arc-en-Ciel and reads Dutch.
        log_in(page, base, "coowner@socle.test", "nl", DEMO_PASSWORD, heading="Mijn ruimte")
        expect(page.locator("main")).to_contain_text("Jaarlijkse controle: Wij wonen in onze woning")
        open_menu(page)
        page.get_by_role("navigation").get_by_role("link", name="Mijn woning").click()
        expect(page.locator("h1")).to_have_text("Dossier van Arc-en-Ciel – B2")
        main = page.locator("main")
        expect(main).to_contain_text("Eigendom van Famille Peeters sinds 15 maart 2021.")
        expect(main).to_contain_text("€ 151.000,00")  # the price paid, in Dutch
        expect(main).to_contain_text("25% van de meerwaarde")
        expect(main).to_contain_text("€ 15,00 per maand")
        # "If you sold today": the deed's formula with the appraisal of June (25% of +€ 56.000).
        expect(main).to_contain_text("Als u verkocht op")
        expect(main).to_contain_text("€ 165.000,00")
        # The ground-lease fee: paid up by standing order, how to pay with his own reference.
        fee = page.locator("#panel-fees + dl")
        expect(fee).to_contain_text("Nog te betalen")
        expect(fee).to_contain_text("niets")
        expect(main).to_contain_text("+++200/")
        expect(main.locator("svg.epc-qr")).to_be_visible()
        expect(main).to_contain_text("Scan met uw bank-app om € 15,00 te betalen.")
        assert serious_accessibility_violations(page) == []
        page.screenshot(path=str(shots / "stewardship-file-nl-360.png"), full_page=True)
        page.get_by_role("link", name="Nu antwoorden").click()
        expect(page.locator("main")).to_contain_text("gezinssamenstelling")
        # Sent without the box ticked: said, in Dutch, and nothing is sent.
        page.locator("#id_document").set_input_files(str(certificate))
        page.get_by_role("button", name="Mijn antwoord versturen").click()
        expect(page.locator(".messages")).to_contain_text("Vink het vakje aan")
        page.get_by_label("Ik bevestig dat ons huishouden deze woning als hoofdverblijfplaats bewoont.").check()
        page.locator("#id_document").set_input_files(str(certificate))
        assert serious_accessibility_violations(page) == []
        page.get_by_role("button", name="Mijn antwoord versturen").click()
        expect(page.locator(".messages")).to_contain_text("uw antwoord is verstuurd")
        expect(page.locator("#checks-title ~ div table")).to_contain_text("Verstuurd, te controleren")

        # The officer (staff@, in French) accepts it from the dashboard.
        officer = browser.new_context(**DESK).new_page()
        officer.set_default_timeout(15_000)
        log_in(officer, base, "staff@socle.test", "fr", DEMO_PASSWORD)
        officer.goto(f"{base}/fr/my/")
        officer.get_by_role("navigation").get_by_role("link", name="Logements après la vente").click()
        expect(officer.locator("h1")).to_have_text("Logements après la vente")
        row = officer.locator("#review-title + div tr", has_text="B2")
        expect(row).to_contain_text("gezinssamenstelling.pdf")
        assert serious_accessibility_violations(officer) == []
        officer.screenshot(path=str(shots / "stewardship-dashboard-fr.png"), full_page=True)
        row.get_by_role("button", name="Accepter").click()
        expect(officer.locator(".messages")).to_contain_text("La réponse est acceptée.")
        expect(officer.locator("#overdue-title")).to_be_visible()

        # The fees: a transfer typed without its reference waits, the household proposed; the officer assigns it.
        officer.get_by_role("link", name="Redevances emphytéotiques : paiements et retards").click()
        expect(officer.locator("h1")).to_have_text("Redevances emphytéotiques")
        waiting = officer.locator("#waiting-title ~ .card").first
        expect(waiting).to_contain_text("Famille El Amrani")
        expect(officer.locator("#arrears-title ~ div table tr", has_text="Ménage Nsimba")).to_contain_text("30,00")
        assert serious_accessibility_violations(officer) == []
        officer.screenshot(path=str(shots / "stewardship-fees-fr.png"), full_page=True)
        waiting.get_by_role("button", name="Attribuer").click()
        expect(officer.locator(".messages")).to_contain_text("Le crédit compte désormais comme paiement de ce propriétaire.")
        expect(officer.locator("#waiting-title")).to_contain_text("0")

        # Early warning: the same staff member is the support worker. Socle proposes the Nsimba
        # household (the fee and an unanswered check); she opens a case and writes a kind letter.
        officer.get_by_role("navigation").get_by_role("link", name="Accompagnement").click()
        proposal = officer.locator("#proposals-title ~ .card", has_text="Ménage Nsimba")
        expect(proposal).to_contain_text("Redevance en retard")
        expect(proposal).to_contain_text("Vérification annuelle restée sans réponse")
        proposal.get_by_role("button", name="Ouvrir un dossier").click()
        expect(officer.locator("h1")).to_have_text("Dossier d'accompagnement : Ménage Nsimba")
        officer.locator("#template").select_option(label="Prendre des nouvelles (Français)")
        officer.get_by_role("button", name="Utiliser cette lettre").click()
        expect(officer.locator("#letter-text")).to_contain_text("Bonjour Ménage Nsimba")
        assert serious_accessibility_violations(officer) == []
        officer.get_by_role("button", name="Envoyer la lettre").click()
        expect(officer.locator(".messages")).to_contain_text("La lettre est envoyée au ménage")
        expect(officer.locator(".timeline")).to_contain_text("Lettre au ménage")
        officer.screenshot(path=str(shots / "support-case-fr.png"), full_page=True)

        # Jan sees it accepted, and the timeline says so.
        page.reload()
        expect(page.locator("#checks-title ~ div table")).to_contain_text("Aanvaard")
        expect(page.locator(".timeline")).to_contain_text("Jaarlijkse controle aanvaard: Wij wonen in onze woning")
        expect(page.locator(".timeline")).to_contain_text("Gekocht door Famille Peeters")
        page.screenshot(path=str(shots / "stewardship-accepted-nl-360.png"), full_page=True)

        # 2. Jan asks to replace the windows (works, under the officers' threshold).
        page.get_by_role("link", name="Vragen aan de CLT").click()
        page.get_by_label("Verbeteringswerken uitvoeren").check()
        page.get_by_label("Wat u van plan bent, en waarom").fill("Dubbele beglazing in de woonkamer (offerte Ramen Brussel).")
        page.get_by_label("Bedrag van de lening of geraamde kostprijs van de werken (€)").fill("7500")
        assert serious_accessibility_violations(page) == []
        page.get_by_role("button", name="Mijn aanvraag versturen").click()
        expect(page.locator(".messages")).to_contain_text("Uw aanvraag is verstuurd")
        expect(page.locator("main")).to_contain_text("Wacht op een beslissing")
        request_url = page.url

        # The officer approves 7,000 € with a reason, then records the invoices of 6,800 €.
        officer.goto(f"{base}/fr/stewardship/")
        officer.locator("#requests-title + ul").get_by_role("link", name="Réaliser des travaux d'amélioration").click()
        officer.get_by_label("Motif de la décision (le ménage le lira)").fill("D'accord pour les châssis du séjour.")
        officer.get_by_label("Montant approuvé (€), travaux seulement").fill("7000")
        officer.get_by_role("button", name="Approuver").click()
        expect(officer.locator(".messages")).to_contain_text("La décision est enregistrée")
        officer.get_by_label("Total des factures (€)").fill("6800")
        officer.get_by_role("button", name="Enregistrer les factures").click()
        expect(officer.locator("main")).to_contain_text("Travaux réalisés, comptés dans le prix de revente")

        # Jan reads the decision, and the works in his home's price: 165,000 + 6,800.
        page.goto(request_url)
        expect(page.locator("main")).to_contain_text("D'accord pour les châssis du séjour.")
        expect(page.locator("main")).to_contain_text("€ 7.000,00")
        page.get_by_role("link", name="Terug naar het dossier van de woning").click()
        expect(page.locator("main")).to_contain_text("€ 171.800,00")
        expect(page.locator(".timeline")).to_contain_text("Facturen van de werken geregistreerd")
        page.screenshot(path=str(shots / "stewardship-works-nl-360.png"), full_page=True)

        # 3. Years later Jan gives notice of sale; the trust lets its right of first refusal go.
        page.locator("#sale-title ~ details summary").click()
        page.get_by_label("Wat de CLT moet weten (optioneel)").fill("Wij verhuizen naar Gent.")
        page.get_by_role("button", name="De verkoopmelding versturen").click()
        expect(page.locator(".messages")).to_contain_text("Uw verkoopmelding is verstuurd")
        expect(page.locator("#sale-title ~ .card")).to_contain_text("Verkoop gemeld: de CLT beslist over zijn voorkooprecht")
        officer.goto(f"{base}/fr/stewardship/")
        officer.locator("#sales-title + ul").get_by_role("link", name="Arc-en-Ciel – B2").click()
        officer.locator("#sale-title ~ .card textarea").fill("Le CLT ne rachète pas : au prochain ménage du registre.")
        officer.get_by_role("button", name="Le CLT ne rachète pas : au registre").click()
        expect(officer.locator(".messages")).to_contain_text("La décision est enregistrée")

        # The register prices the resale with the deed's formula and the works (proposed), then offers it.
        officer.goto(f"{base}/fr/register/homes/")
        officer.locator("main table").get_by_role("link", name="Arc-en-Ciel – B2").click()
        expect(officer.locator("#id_improvements")).to_have_value("6800")
        officer.locator("#id_appraisal_now").fill("268000")
        officer.get_by_role("button", name="Calculer et enregistrer la revente").click()
        expect(officer.locator(".messages")).to_contain_text("171")
        officer.locator("ol.ranking button").first.click()
        expect(officer.locator(".messages")).to_be_visible()
        page.reload()
        expect(page.locator(".timeline")).to_contain_text("Doorverkoopprijs vastgelegd op € 171.800,00")
        expect(page.locator(".timeline")).to_contain_text("Aangeboden aan een huishouden uit het register")
        page.screenshot(path=str(shots / "stewardship-sale-nl-360.png"), full_page=True)

        # The household accepts (told by phone, recorded by staff); its deed is recorded.
        officer.locator("form[action*='/answer/'] button[value=accept]").click()
        # The notary's pack: the price worked out, the legal cap, the buyer and why.
        with officer.expect_download() as download:
            officer.get_by_role("link", name="Le dossier pour le notaire (PDF)").click()
        pack = tmp_path / "notary-pack.pdf"
        download.value.save_as(pack)
        officer.locator("input[name=formula][value=fixed_rate]").check()
        officer.locator("#id_rate_percent").fill("1.5")
        officer.get_by_role("button", name="Enregistrer l'acte").click()
        expect(officer.locator("#deed-title")).to_be_visible()

        # The affordability ledger shows both owners: Jan's gain, and the subsidy kept in the home.
        officer.goto(f"{base}/fr/stewardship/")
        officer.locator("#homes-title + ul").get_by_role("link", name="Arc-en-Ciel – B2").click()
        ledger = officer.locator("#panel-ledger + p + div table")
        expect(ledger.locator("tbody tr")).to_have_count(2)
        expect(ledger.locator("tbody tr").first).to_contain_text("Famille Peeters")
        expect(ledger.locator("tbody tr").first).to_contain_text("171 800,00")
        assert serious_accessibility_violations(officer) == []
        officer.screenshot(path=str(shots / "stewardship-ledger-fr.png"), full_page=True)
        browser.close()

    check.refresh_from_db()
    assert check.status == YearlyCheck.Status.ACCEPTED and check.document_name == "gezinssamenstelling.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pack).pages).split())
    assert "Vendeur Famille Peeters" in text and "Plafond légal" in text
    assert "Prix de revente (formule de l'acte" in text and "171 800,00" in text
