"""Staff import the trust's register in headless Chromium: the dry run lists
the refused row (line, column, reason), staff fix the file and send it again,
confirm, and the candidacies are written. Then the members file the same way,
and an imported member is invited: the e-mail (in Dutch, her language) brings
her to a page where she chooses her password; she is logged in, and logs in
again with it. Screenshots in French and Dutch (/tmp/data-shots when
SOCLE_SHOTS is set)."""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.candidates.test_import_register import as_csv, register_file
from tests.community.test_import_members import as_csv as members_csv
from tests.community.test_import_members import members_file
from tests.e2e.helpers import E2E_PASSWORD, log_in, person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SOCLE_SHOTS")
NEW_IMPORTS = {
    "fr": ["Actes des propriétaires", "Immeubles, lots, quotités et propriétaires",
           "Soldes d’ouverture des comptes des copropriétaires", "Salles et leurs heures d’ouverture", "Réservations de salles"],
    "nl": ["Aktes van de eigenaars", "Gebouwen, kavels, aandelen en eigenaars",
           "Beginsaldi van de rekeningen van de mede-eigenaars", "Zalen en hun openingsuren", "Zaalreserveringen"],
}


def test_staff_check_fix_and_confirm_a_register_file(live_server, browser_launch, tmp_path):
    import re

    from django.core import mail

    from community.candidates.models import Application, IncomeCategory, Operator
    from community.models import College, Invitation, User

    for code, rank in (("A", 1), ("B", 2)):
        IncomeCategory.objects.create(code=code, name=code, rank=rank)
    Operator.objects.create(name="CLT Brussels")
    Operator.objects.create(name="Logement social")
    person("staff@example.org", "Nadia", lang="fr", is_staff=True, is_superuser=True)
    person("personeel@example.org", "Pieter", lang="nl", is_staff=True, is_superuser=True)
    rows = register_file(n=60, bad=False)
    good = tmp_path / "registre.csv"
    good.write_bytes(as_csv(rows, ()))
    rows[3]["current_municipality"] = "Paris"
    bad = tmp_path / "registre-erreur.csv"
    bad.write_bytes(as_csv(rows, ()))
    College.objects.create(code="residents", name="Habitants")
    members = members_file(bad=False)[:20]  # eight households, adults and children
    good_members = tmp_path / "membres.csv"
    good_members.write_bytes(members_csv(members, ()))
    members[4]["municipality"] = "Paris"  # line 6, a household's first line
    bad_members = tmp_path / "membres-erreur.csv"
    bad_members.write_bytes(members_csv(members, ()))
    mail.outbox.clear()
    base = live_server.url

    with sync_playwright() as p:
        browser = p.chromium.launch(**browser_launch)
        for lang, email in (("nl", "personeel@example.org"), ("fr", "staff@example.org")):
            page = browser.new_page(locale=f"{lang}-BE", timezone_id="Europe/Brussels")
            log_in(page, base, email, lang=lang, password=E2E_PASSWORD)
            page.goto(f"{base}/admin/")
            page.get_by_role("link", name="Bestanden van een trust importeren (CSV, Excel)" if lang == "nl" else "Importer les fichiers d’un trust (CSV, Excel)").click()
            # Every app's imports are listed, each in the reader's language (issue 23).
            for label in NEW_IMPORTS[lang]:
                expect(page.get_by_text(label, exact=True).first).to_be_visible()
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/imports-{lang}.png", full_page=True)
            page.locator("#file-candidate-register").set_input_files(str(bad))
            register_form = page.locator("form", has=page.locator("#file-candidate-register"))
            register_form.get_by_role("button", name="Het bestand controleren" if lang == "nl" else "Vérifier le fichier").click()
            expect(page.get_by_role("cell", name="Onbekende gemeente: ‘Paris’." if lang == "nl" else "Commune inconnue : « Paris ».")).to_be_visible()
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/dry-run-refused-{lang}.png", full_page=True)
            page.close()
        # Fixed, sent again, confirmed (in French).
        page = browser.new_page(locale="fr-BE", timezone_id="Europe/Brussels")
        log_in(page, base, "staff@example.org", lang="fr", password=E2E_PASSWORD)
        page.goto(f"{base}/admin/imports/")
        page.locator("#file-candidate-register").set_input_files(str(good))
        page.locator("form", has=page.locator("#file-candidate-register")).get_by_role("button", name="Vérifier le fichier").click()
        expect(page.get_by_role("status")).to_contain_text("Vérifié : en attente de votre confirmation")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/dry-run-checked-fr.png", full_page=True)
        page.get_by_role("button", name="Confirmer l’import").click()
        expect(page.get_by_role("status")).to_contain_text("Écrit")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/written-fr.png", full_page=True)

        # The members: a refused line, the file fixed, confirmed.
        page.goto(f"{base}/admin/imports/")
        page.locator("#file-members").set_input_files(str(bad_members))
        members_form = page.locator("form", has=page.locator("#file-members"))
        members_form.get_by_role("button", name="Vérifier le fichier").click()
        expect(page.get_by_role("cell", name="Commune inconnue : « Paris ».")).to_be_visible()
        expect(page.get_by_role("cell", name="6", exact=True)).to_be_visible()
        page.goto(f"{base}/admin/imports/")
        page.locator("#file-members").set_input_files(str(good_members))
        members_form.get_by_role("button", name="Vérifier le fichier").click()
        expect(page.get_by_role("status")).to_contain_text("Vérifié : en attente de votre confirmation")
        page.get_by_role("button", name="Confirmer l’import").click()
        expect(page.get_by_role("status")).to_contain_text("Écrit")

        # Staff invite one imported member, from the administration's home.
        page.goto(f"{base}/admin/")
        page.get_by_role("link", name="Inviter les membres importés à choisir leur mot de passe").click()
        expect(page.get_by_role("cell", name="Pas encore invité").first).to_be_visible()
        page.get_by_label("Inviter Anaïs Dupré").check()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/invitations-fr.png", full_page=True)
        page.get_by_role("button", name="Inviter les membres choisis").click()
        expect(page.get_by_text("Les invitations partent, quelques-unes à la fois.")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("Anaïs Dupré.*Envoyée le"))).to_be_visible()
        page.close()

        # The member reads the e-mail in Dutch, chooses her password, is logged in.
        sent = [m for m in mail.outbox if m.to == ["member.1.0@example.org"]]
        assert len(sent) == 1 and "Uw account is klaar" in sent[0].subject
        link = re.search(r"https?://\S+/accounts/welcome/\S+/", sent[0].body).group(0)
        link = base + "/" + link.split("://", 1)[1].split("/", 1)[1]
        context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels")
        page = context.new_page()
        page.goto(link)
        expect(page.locator("h1")).to_have_text("Kies uw wachtwoord")
        page.locator("#id_new_password1").fill("een-sterk-wachtwoord-2026")
        page.locator("#id_new_password2").fill("een-sterk-wachtwoord-2026")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/welcome-nl.png", full_page=True)
        page.get_by_role("button", name="Mijn wachtwoord opslaan en aanmelden").click()
        page.wait_for_url(re.compile(r"/nl/my/$"))
        expect(page.get_by_text("Uw wachtwoord is opgeslagen. Welkom!")).to_be_visible()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/welcome-done-nl.png", full_page=True)
        context.close()
        # And later, with the password she chose.
        page = browser.new_page(locale="nl-BE", timezone_id="Europe/Brussels")
        log_in(page, base, "member.1.0@example.org", lang="nl", password="een-sterk-wachtwoord-2026")
        assert page.url.endswith("/nl/my/")
        browser.close()
    assert Application.objects.count() == 60
    adults = [row for row in members if row["relationship"] not in ("child", "Enfant", "Kind")]
    assert User.objects.filter(household_memberships__household__external_id__startswith="H-").count() == len(adults) == 11
    assert Invitation.objects.get(user__email="member.1.0@example.org").accepted_at is not None
