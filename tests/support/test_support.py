"""Early warning with care (issue 25): features register their signals with
the base, thresholds are data, Socle only *proposes* a case when signals add
up, the support worker alone opens it (logged at each reading), writes from a
reviewed letter, and the household finds its case in its personal data."""

from datetime import timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from community import warnings
from community.models import Notification, Role
from community.privacy import engine
from community.privacy.models import AccessLog
from community.stewardship.models import FeeCharge, YearlyCheck
from community.support import policy, selectors, services
from community.support.models import CaseEntry, LetterTemplate, SignalRule, SupportCase
from tests.factories import UserFactory
from tests.refusals import assert_refused, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_proposal_needs_enough_different_signals_and_no_open_or_recently_declined_case():
    hits = {"fees": {1: "€ 45", 2: "€ 30", 3: "€ 90"}, "checks": {1: "insurance", 3: "occupancy"}, "repairs": {1: "3"}}
    found = policy.proposals(hits, signals_needed=2, open_case=set(), quiet=set())
    assert [(p.household_id, [k for k, _d in p.signals]) for p in found] == [(1, ["fees", "checks", "repairs"]),
                                                                            (3, ["fees", "checks"])]
    assert [p.household_id for p in policy.proposals(hits, signals_needed=2, open_case={1}, quiet={3})] == []
    assert [p.household_id for p in policy.proposals(hits, signals_needed=1, open_case=set(), quiet=set())] == [1, 3, 2]
    assert policy.letter_text("Dear {household}, {not a field}", "Famille Peeters") == "Dear Famille Peeters, {not a field}"


def test_each_feature_registers_its_signals_with_the_base():
    assert [s.key for s in warnings.signals()] == ["coownership_arrears", "fee_arrears", "check_unanswered", "repairs_undone"]


@pytest.fixture
def struggling(homes):
    """The El Amrani household is three months behind with its ground-lease fee
    and left its insurance check unanswered; the Peeters household only has the fee."""
    today = timezone.localdate()
    for household, dwelling in ((homes.first, homes.a3), (homes.second, homes.b2)):
        FeeCharge.objects.bulk_create([FeeCharge(dwelling=dwelling, household=household, amount_cents=1500,
                                                 due_on=today - timedelta(days=40 + 30 * n)) for n in range(3)])
    YearlyCheck.objects.create(dwelling=homes.a3, household=homes.first, kind="insurance", year=today.year,
                               opened_on=today - timedelta(days=90), due_on=today - timedelta(days=30))
    services.ensure_signal_rules()
    homes.worker = UserFactory(email="support@example.org", first_name="Samira", roles=[Role.SUPPORT])
    LetterTemplate.objects.create(language="fr", title="Prendre des nouvelles", body="Bonjour {household}, comment allez-vous ?",
                                  reviewed_by=homes.worker, reviewed_at=timezone.now())
    return homes


def test_socle_proposes_the_household_whose_signals_add_up_at_the_trusts_thresholds(struggling):
    today = timezone.localdate()
    proposed = selectors.proposals(today)
    assert [(h.name, [label for label, _d in signals]) for h, signals in proposed] == [
        ("Famille El Amrani", ["Ground-lease fee in arrears", "Yearly check left unanswered"])]
    assert proposed[0][1][0][1].replace("\xa0", " ") == "45,00 € of ground-lease fee overdue"  # en_BE
    # The trust raises the fee threshold to 50 €: one signal is left, no proposal.
    SignalRule.objects.filter(key="fee_arrears").update(threshold=50)
    assert selectors.proposals(today) == []
    SignalRule.objects.filter(key="fee_arrears").update(threshold=30, is_enabled=False)
    assert selectors.proposals(today) == []


def test_the_worker_opens_a_case_once_or_declines_it_for_a_while(struggling):
    worker, household = struggling.worker, struggling.first
    case = services.open_case(acting_user=worker, household=household)
    assert [s["key"] for s in case.signals] == ["fee_arrears", "check_unanswered"]
    with pytest.raises(services.SupportRefusal) as twice:
        services.open_case(acting_user=worker, household=household)
    assert twice.value.message == "A case is already open for this household."
    assert selectors.proposals(timezone.localdate()) == []  # an open case is not proposed again
    with pytest.raises(services.SupportRefusal) as not_proposed:
        services.open_case(acting_user=worker, household=struggling.second)
    assert not_proposed.value.message == "Socle no longer proposes this household (its signals changed): reload the page."
    with pytest.raises(services.SupportRefusal) as while_open:
        services.decline(acting_user=worker, household=household, reason="Pas maintenant.")
    assert while_open.value.message == "A case is already open for this household."
    services.close_case(acting_user=worker, case=case, reason="Plan de paiement convenu.")
    with pytest.raises(services.SupportRefusal) as no_reason:
        services.decline(acting_user=worker, household=household, reason=" ")
    assert no_reason.value.message == "Say why no case is opened (the reason stays with the proposal)."
    services.decline(acting_user=worker, household=household, reason="Déjà suivi par le CPAS.")
    assert selectors.proposals(timezone.localdate()) == []  # quiet for 90 days


def test_only_the_support_worker_sees_the_proposals_and_the_cases(struggling, client_of):
    message = "Only the trust's support worker sees and handles early-warning cases."
    case = services.open_case(acting_user=struggling.worker, household=struggling.first)
    for person in (struggling.steward, struggling.fatima, struggling.neighbour):
        assert_refused(client_of(person).get(reverse("support:dashboard")), message)
        assert_refused(client_of(person).get(reverse("support:case", args=[case.pk])), message)
    assert_refused(client_of(struggling.steward).post(reverse("support:add_note", args=[case.pk]), {"text": "x"}), message)
    with pytest.raises(services.SupportRefusal) as refused:
        services.add_note(acting_user=struggling.steward, case=case, text="Vu")
    assert refused.value.message == message
    assert not CaseEntry.objects.exists()
    with translation.override("nl"):
        response = client_of(struggling.worker).get(reverse("support:dashboard"))
    assert "Begeleiding: te begeleiden huishoudens" in page_text(response)


def test_each_reading_of_a_case_is_logged_and_a_letter_starts_from_a_reviewed_template(struggling, client_of):
    worker = client_of(struggling.worker)
    response = worker.post(reverse("support:open_case", args=[struggling.first.pk]), follow=True)
    case = SupportCase.objects.get(status="open")
    assert "The case is open." in page_text(response)
    assert AccessLog.objects.filter(viewer=struggling.worker, subject=struggling.fatima, what="early-warning case").count() == 1
    unreviewed = LetterTemplate.objects.create(language="fr", title="Brouillon", body="Payez !")
    refused = worker.post(reverse("support:send_letter", args=[case.pk]), {"template": unreviewed.pk, "text": "Payez !"},
                          follow=True)
    assert "Start from a reviewed letter: choose one of the trust's templates." in page_text(refused)
    template = LetterTemplate.objects.get(title="Prendre des nouvelles")
    page = worker.get(reverse("support:case", args=[case.pk]) + f"?template={template.pk}")
    assert "Bonjour Famille El Amrani, comment allez-vous ?" in page.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = worker.post(reverse("support:send_letter", args=[case.pk]), {
            "template": template.pk, "text": "Bonjour Famille El Amrani, comment allez-vous ? Appelez-moi."}, follow=True)
    assert "The letter is sent to the household and kept with the case." in page_text(sent)
    # Fatima reads it in French, her language, with the worker's words.
    letter = Notification.objects.get(recipient=struggling.fatima, category="support")
    assert (letter.title, letter.body) == ("Un message du CLT", "Bonjour Famille El Amrani, comment allez-vous ? Appelez-moi.")
    assert CaseEntry.objects.get(kind="letter").text.endswith("Appelez-moi.")
    # Each page of the case the worker read is logged: after opening, the refused letter, the template, the sent letter.
    assert AccessLog.objects.filter(subject=struggling.fatima, what="early-warning case").count() == 4


def test_the_household_finds_its_case_in_its_personal_data(struggling):
    case = services.open_case(acting_user=struggling.worker, household=struggling.first)
    services.add_note(acting_user=struggling.worker, case=case, text="Appel le 3 : d'accord pour un plan de paiement.")
    sections = {s["model"]: s for s in engine.collect(struggling.fatima)}
    assert any("support" in key.lower() for key in sections)
    notes = next(s for key, s in sections.items() if "entr" in key.lower() and "support" in key.lower())
    assert any("plan de paiement" in str(row) for row in notes["rows"])
    # Another household's member finds no case of theirs.
    theirs = {s["model"]: s for s in engine.collect(struggling.jan)}
    assert not any(s["rows"] for key, s in theirs.items() if "support" in key.lower())
