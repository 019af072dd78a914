"""What the database holds under concurrent requests (PostgreSQL): two
members of an owner household giving notice of sale at once start one sale;
the daily task opening the year's checks from two workers at once opens each
home's check once; two officers deciding one request at once decide it once."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation

from community.models import HouseholdMember
from community.stewardship import services
from community.stewardship.models import OwnerRequest, SaleNotice, YearlyCheck
from community.stewardship.services import StewardshipRefusal
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the concurrent test needs PostgreSQL"),
]


def _at_once(calls) -> tuple[list, list]:
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            with translation.override("en"):  # a thread starts in the default language
                results.append(call())
        except StewardshipRefusal as refusal:
            errors.append(refusal.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_two_members_giving_notice_at_once_start_one_sale(homes):
    partner = UserFactory(email="partner@example.org")
    HouseholdMember.objects.create(household=homes.first, user=partner, full_name="Youssef El Amrani")
    results, errors = _at_once([
        lambda user=user: services.give_notice(acting_user=user, dwelling=homes.a3) for user in (homes.fatima, partner)])
    assert len(results) == 1 and errors == ["A sale of this home is already under way."]
    assert SaleNotice.objects.filter(dwelling=homes.a3).count() == 1


def test_two_workers_opening_the_years_checks_open_each_once(homes):
    from datetime import date

    results, errors = _at_once([lambda: services.open_checks(today=date(2026, 12, 1)) for _ in range(2)])
    assert errors == [] and sum(results) == 4
    assert YearlyCheck.objects.count() == 4


def test_two_officers_deciding_one_request_at_once_decide_it_once(homes):
    services.ensure_decision_rules()
    request = services.submit_request(acting_user=homes.fatima, dwelling=homes.a3, kind="works", amount="500",
                                      reason="New door")
    other = UserFactory(email="officer2@example.org", roles=["steward"])
    results, errors = _at_once([
        lambda: services.decide_request(acting_user=homes.steward, request=request, approve=True, note="Yes"),
        lambda: services.decide_request(acting_user=other, request=request, approve=False, note="No"),
    ])
    assert len(results) == 1 and errors == ["This request is already decided or withdrawn."]
    request.refresh_from_db()
    assert request.status in (OwnerRequest.Status.APPROVED, OwnerRequest.Status.REFUSED)


# --- Ground-lease fees ------------------------------------------------------------------
from tests.stewardship.conftest import statement  # noqa: E402


def test_two_workers_opening_the_fees_open_each_once(leases):
    from datetime import date

    from community.stewardship.models import FeeCharge, FeeReference

    results, errors = _at_once([lambda: services.open_fees(today=date(2026, 3, 1)) for _ in range(2)])
    assert errors == []
    # 30 November to 28 February: four fees per home, each once, and one reference per owner.
    assert FeeCharge.objects.count() == 8 and FeeReference.objects.count() == 2
    assert all(FeeReference.objects.values_list("digits", flat=True))


def test_two_officers_importing_one_statement_at_once_import_it_once(leases):
    from datetime import date

    from socle_site.kernel.banking.statements.camt_writer import Entry

    from community.stewardship.models import FeeCredit, FeeReference

    services.open_fees(today=date(2026, 1, 5))
    reference = FeeReference.objects.get(household=leases.first).digits
    content = statement(Entry(date(2026, 1, 2), 1500, name="Famille El Amrani", reference=reference),
                         Entry(date(2026, 1, 3), 1500, name="Famille Peeters", communication="B2"))
    other = UserFactory(email="officer2@example.org", roles=["steward"])
    results, errors = _at_once([
        lambda user=user: services.import_fee_statement(acting_user=user, content=content) for user in (leases.steward, other)])
    assert errors == [] and sorted((r.matched + r.waiting, r.already_imported) for r in results) == [(0, 2), (2, 0)]
    assert FeeCredit.objects.count() == 2


def test_two_officers_assigning_one_credit_at_once_assign_it_once(leases):
    from datetime import date

    from socle_site.kernel.banking.statements.camt_writer import Entry

    from community.stewardship.models import FeeCredit, FeeReference

    services.open_fees(today=date(2026, 1, 5))
    services.import_fee_statement(acting_user=leases.steward, content=statement(
        Entry(date(2026, 1, 3), 1500, name="J. Peeters", communication="B2")))
    credit = FeeCredit.objects.get()
    a3, b2 = FeeReference.objects.get(household=leases.first), FeeReference.objects.get(household=leases.second)
    other = UserFactory(email="officer2@example.org", roles=["steward"])
    results, errors = _at_once([
        lambda: services.assign_credit(acting_user=leases.steward, credit=credit, reference=b2),
        lambda: services.assign_credit(acting_user=other, credit=credit, reference=a3),
    ])
    assert len(results) == 1 and errors == ["This credit was already handled by someone else: reload the page."]
    assert FeeCredit.objects.get().status == "assigned"
