"""Owners' requests: asked by the owner household (or entered from a letter
by the officer), decided by the officers below the trust's thresholds and by
the board above them, always with a reason; a loan above the formula price
is refused; approved works count in the resale price once invoiced."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community import homefile
from community.models import AuditEvent, Notification
from community.stewardship import policy, services
from community.stewardship.models import DecisionRule, OwnerRequest
from community.stewardship.services import StewardshipRefusal
from tests.refusals import assert_refused, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def rules(homes):
    services.ensure_decision_rules()
    DecisionRule.objects.filter(kind="works").update(staff_up_to_cents=15_000_00)
    DecisionRule.objects.filter(kind="refinance").update(staff_up_to_cents=50_000_00)
    DecisionRule.objects.filter(kind="sublet").update(staff_up_to_months=12)
    return homes


@pytest.fixture
def formula_price(monkeypatch):
    """The register's formula price for every home (tested with the register's own tests)."""
    prices = {"cents": 160_000_00}
    monkeypatch.setattr(homefile, "_formula_price", [lambda dwelling, on: prices["cents"]])
    return prices


def test_policy_thresholds_months_loans_and_works():
    assert policy.months_between(date(2027, 1, 1), date(2027, 7, 1)) == 6
    assert policy.months_between(date(2027, 1, 1), date(2027, 7, 2)) == 7  # a started month counts
    assert policy.months_between(date(2026, 12, 15), date(2027, 1, 15)) == 1  # across the year end
    assert not policy.goes_to_board(amount_cents=15_000_00, months=None, staff_up_to_cents=15_000_00, staff_up_to_months=None)
    assert policy.goes_to_board(amount_cents=15_000_01, months=None, staff_up_to_cents=15_000_00, staff_up_to_months=None)
    assert policy.goes_to_board(amount_cents=None, months=13, staff_up_to_cents=None, staff_up_to_months=12)
    assert not policy.goes_to_board(amount_cents=10**12, months=None, staff_up_to_cents=None, staff_up_to_months=None)
    assert policy.loan_above_formula_price(160_000_01, 160_000_00)
    assert not policy.loan_above_formula_price(160_000_00, 160_000_00)
    assert policy.works_counted(9_000_00, 8_640_00) == 8_640_00
    assert policy.works_counted(9_000_00, 9_800_00) == 9_000_00  # never more than approved


def test_works_below_the_threshold_are_decided_by_the_officer_and_count_once_invoiced(rules, django_capture_on_commit_callbacks):
    homes = rules
    with django_capture_on_commit_callbacks(execute=True):
        works = services.submit_request(acting_user=homes.fatima, dwelling=homes.a3, kind="works", amount="9800,00",
                                        reason="Roof insulation")
    assert (works.amount_cents, works.for_board, works.household) == (9_800_00, False, homes.first)
    assert Notification.objects.filter(recipient=homes.steward, category="stewardship_staff", title__contains="A3").exists()
    with pytest.raises(StewardshipRefusal, match="cannot be more than"):
        services.decide_request(acting_user=homes.steward, request=works, approve=True, note="ok", approved_amount="9900")
    with pytest.raises(StewardshipRefusal, match="Give the reason"):
        services.decide_request(acting_user=homes.steward, request=works, approve=True, note=" ")
    with pytest.raises(StewardshipRefusal, match="Only the stewardship officers"):
        services.decide_request(acting_user=homes.fatima, request=works, approve=True, note="I agree")
    works.refresh_from_db()
    assert works.status == OwnerRequest.Status.SUBMITTED and works.decided_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_request(acting_user=homes.steward, request=works, approve=True, note="Roof yes, paint no.",
                                approved_amount="9000")
    assert Notification.objects.filter(recipient=homes.fatima, category="stewardship", body="Roof yes, paint no.").exists()
    assert homefile.improvements_cents(homes.a3) == 0  # not before the invoices
    services.record_invoices(acting_user=homes.steward, request=works, invoiced_amount="8640")
    assert homefile.improvements_cents(homes.a3) == 8_640_00
    assert AuditEvent.objects.filter(action="stewardship.works_invoiced", data__counted_cents=8_640_00).exists()
    # Another owner household's works never count in this home.
    assert homefile.improvements_cents(homes.b2) == 0


def test_above_the_threshold_the_board_decides_and_the_officer_records_its_date(rules, formula_price):
    homes = rules
    loan = services.submit_request(acting_user=homes.jan, dwelling=homes.b2, kind="refinance", amount="60000",
                                   reason="One mortgage instead of two loans")
    assert loan.for_board
    with pytest.raises(StewardshipRefusal, match="enter the date of the board's decision"):
        services.decide_request(acting_user=homes.steward, request=loan, approve=True, note="Board agreed")
    with pytest.raises(StewardshipRefusal, match="cannot be in the future"):
        services.decide_request(acting_user=homes.steward, request=loan, approve=True, note="Board agreed",
                                board_decided_on=timezone.localdate() + timedelta(days=1))
    decided = services.decide_request(acting_user=homes.steward, request=loan, approve=True, note="Board agreed",
                                      board_decided_on=timezone.localdate())
    assert decided.status == OwnerRequest.Status.APPROVED and decided.board_decided_on == timezone.localdate()


def test_a_loan_above_the_formula_price_is_refused_when_asked_and_when_approved(rules, formula_price):
    homes = rules
    with pytest.raises(StewardshipRefusal, match="could not be repaid by a resale"):
        services.submit_request(acting_user=homes.jan, dwelling=homes.b2, kind="refinance", amount="160000,01",
                                reason="Too much")
    assert not OwnerRequest.objects.exists()
    loan = services.submit_request(acting_user=homes.jan, dwelling=homes.b2, kind="refinance", amount="40000",
                                   reason="A new boiler and the roof")
    formula_price["cents"] = 30_000_00  # the index fell (or the price was entered since)
    with pytest.raises(StewardshipRefusal, match="could not be repaid by a resale"):
        services.decide_request(acting_user=homes.steward, request=loan, approve=True, note="ok")
    formula_price["cents"] = None
    with pytest.raises(StewardshipRefusal, match="cannot be estimated yet"):
        services.decide_request(acting_user=homes.steward, request=loan, approve=True, note="ok")
    loan.refresh_from_db()
    assert loan.status == OwnerRequest.Status.SUBMITTED
    services.decide_request(acting_user=homes.steward, request=loan, approve=False, note="Ask again with the offer.")


@pytest.mark.parametrize("values, message", [
    ({"kind": "sublet", "starts_on": None, "ends_on": None}, "Give the dates of the sublet."),
    ({"kind": "sublet", "starts_on": date(2030, 5, 1), "ends_on": date(2030, 4, 1)}, "The sublet must end after it starts."),
    ({"kind": "sublet", "starts_on": date(2020, 5, 1), "ends_on": date(2020, 9, 1)},
     "A sublet is asked before it starts: choose a start from today."),
    ({"kind": "works", "amount": "12,345"}, "Estimated cost: enter an amount in euros, e.g. 12500,00."),
    ({"kind": "works", "amount": "0"}, "Estimated cost: enter an amount above zero."),
    ({"kind": "works", "amount": "100", "reason": "  "}, "Say what you plan and why: the trust decides from it."),
    ({"kind": "rent_out", "amount": "100"}, "Choose what you ask."),
])
def test_a_wrong_request_is_refused_and_nothing_is_kept(rules, values, message):
    homes = rules
    kwargs = {"reason": "Because", **values}
    with pytest.raises(StewardshipRefusal) as refused:
        services.submit_request(acting_user=homes.fatima, dwelling=homes.a3, **kwargs)
    assert refused.value.message == message
    assert not OwnerRequest.objects.exists()


def test_a_neighbour_cannot_ask_for_a_home_and_a_long_sublet_goes_to_the_board(rules):
    homes = rules
    with pytest.raises(StewardshipRefusal, match="Only the owner household"):
        services.submit_request(acting_user=homes.neighbour, dwelling=homes.a3, kind="works", amount="10",
                                reason="Mine")
    start = timezone.localdate() + timedelta(days=30)
    sublet = services.submit_request(acting_user=homes.fatima, dwelling=homes.a3, kind="sublet", starts_on=start,
                                     ends_on=start + timedelta(days=400), reason="A year abroad for work")
    assert sublet.for_board
    # The officer enters a letter from a household without an account.
    paper = services.submit_request(acting_user=homes.steward, dwelling=homes.b2, kind="works", amount="500",
                                    reason="New front door (letter)")
    assert paper.household == homes.second
    assert AuditEvent.objects.filter(action="stewardship.request_submitted", data__on_paper=True).count() == 1
    services.withdraw_request(acting_user=homes.fatima, request=sublet)
    with pytest.raises(StewardshipRefusal, match="already decided or withdrawn"):
        services.withdraw_request(acting_user=homes.fatima, request=sublet)


def test_the_pages_of_a_request_for_the_owner_the_officer_and_the_others(rules, client_of):
    homes = rules
    with translation.override("nl"):
        new_url = reverse("stewardship:new_request", args=[homes.b2.pk])
    owner = client_of(homes.jan)
    form = page_text(owner.get(new_url))
    assert "Verbeteringswerken uitvoeren" in form
    response = owner.post(new_url, {"kind": "works", "reason": "Nieuwe ramen", "amount": "7500"})
    request = OwnerRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/my/home/requests/{request.pk}/")
    detail = reverse("stewardship:request", args=[request.pk])
    message = "A home's file is open to its owner household and the trust's stewardship officers."
    assert_refused(client_of(homes.fatima).get(detail), message)
    assert_refused(client_of(homes.fatima).post(new_url, {"kind": "works", "reason": "x", "amount": "1"}),
                   "Only the owner household of this home asks the trust about it.")
    decide = reverse("stewardship:decide_request", args=[request.pk])
    assert_refused(owner.post(decide, {"decision": "approve", "note": "I approve myself"}),
                   "Only the trust's stewardship officers follow the homes after the sale.")
    request.refresh_from_db()
    assert request.status == OwnerRequest.Status.SUBMITTED
    officer = client_of(homes.steward)
    assert "Nieuwe ramen" in page_text(officer.get(detail))
    officer.post(decide, {"decision": "approve", "note": "Akkoord.", "approved_amount": "7000"})
    request.refresh_from_db()
    assert (request.status, request.approved_cents) == (OwnerRequest.Status.APPROVED, 7_000_00)
    text = page_text(owner.get(detail))
    assert "Akkoord." in text and "7.000,00" in text
    assert OwnerRequest.objects.count() == 1 and Decimal(request.approved_cents) / 100 == Decimal(7000)
