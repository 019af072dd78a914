"""Household changes (issue 25): a death, a separation, a member leaving,
recorded by the staff. The base does its part at once (the member leaves the
household, proxies for meetings to come end, a death closes the account),
each feature adds its step (the deed, the lot, the home's checks and fee),
guided in the reader's language and each marked done; refusals are said."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community.governance.models import Meeting, Proxy
from community.models import HouseholdChange, HouseholdMember, Role
from community.services.household_changes import (
    HouseholdChangeRefusal,
    mark_step_done,
    record_change,
)
from tests.factories import UserFactory
from tests.governance.helpers import make_body
from tests.refusals import assert_not_found, assert_refused, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def owners(db):
    """The El Amrani household owns A3 with its deed (two adults and a child); a
    General Assembly meets next month and Fatima holds her neighbour's proxy."""
    from community.candidates import policy as deed_policy
    from community.candidates.services import create_home
    from community.candidates.services.deeds import record_imported_deed
    from community.models import Dwelling, Household
    from community.services.dwellings import record_owner
    from tests.candidates.factories import OperatorFactory
    from tests.factories import HousingProjectFactory

    project = HousingProjectFactory(name="Arc-en-Ciel")
    fatima = UserFactory(email="fatima@example.org", first_name="Fatima", roles=[Role.RESIDENT, Role.COOWNER])
    youssef = UserFactory(email="youssef@example.org", first_name="Youssef", roles=[Role.RESIDENT])
    household = Household.objects.create(name="Famille El Amrani")
    HouseholdMember.objects.create(household=household, user=fatima, full_name="Fatima El Amrani", since=date(2021, 3, 15))
    partner = HouseholdMember.objects.create(household=household, user=youssef, full_name="Youssef El Amrani",
                                             since=date(2021, 3, 15))
    HouseholdMember.objects.create(household=household, full_name="Nour El Amrani", relationship="child",
                                   since=date(2021, 3, 15))
    dwelling = record_owner(dwelling=Dwelling.objects.create(housing_project=project, label="A3"), household=household,
                            since=date(2021, 3, 15))
    officer = UserFactory(is_superuser=True)
    operator = OperatorFactory(name="CLT")
    operator.staff.add(officer)
    home = create_home(acting_user=officer, operator=operator, housing_project=project, label="A3", bedrooms=3,
                       floor_area=Decimal(92), is_accessible=False, price=Decimal(172000), cost_price=Decimal(275000),
                       land_value=Decimal(60000))
    record_imported_deed(acting_user=officer, home=home, household=household, bought_on=date(2021, 3, 15),
                         terms=deed_policy.DeedTerms(formula="fixed_rate", price_paid=Decimal(172000),
                                                     bought_on=date(2021, 3, 15), rate_percent=Decimal(2)))
    neighbour = UserFactory(email="neighbour@example.org", roles=[Role.RESIDENT])
    body = make_body()
    coming = Meeting.objects.create(body=body, title="AG", starts_at=timezone.now() + timedelta(days=30))
    held = Meeting.objects.create(body=body, title="AG 2025", starts_at=timezone.now() - timedelta(days=200))
    Proxy.objects.create(meeting=coming, principal=neighbour, holder=youssef)
    Proxy.objects.create(meeting=held, principal=neighbour, holder=youssef)
    staff = UserFactory(email="staff@example.org", roles=[Role.STAFF])
    return type("Owners", (), dict(fatima=fatima, youssef=youssef, household=household, partner=partner, home=home,
                                   dwelling=dwelling, staff=staff, neighbour=neighbour, coming=coming, held=held))


def test_a_member_leaving_ends_their_place_proxies_to_come_and_resident_roles(owners):
    change = record_change(acting_user=owners.staff, household=owners.household, member=owners.partner,
                           kind="separation", happened_on=date(2026, 10, 1), note="Séparation ; Youssef part à Gand.")
    owners.partner.refresh_from_db()
    assert owners.partner.until == date(2026, 10, 1) and not change.household_left_empty
    # The proxy for next month's assembly ended; the one of the assembly held stays as it was.
    assert Proxy.objects.get(meeting=owners.coming).withdrawn_at is not None
    assert Proxy.objects.get(meeting=owners.held).withdrawn_at is None
    assert not owners.youssef.role_assignments.filter(role=Role.RESIDENT, ended_at__isnull=True).exists()
    owners.youssef.refresh_from_db()
    assert owners.youssef.is_active  # only a death closes the account
    # The steps: the base's (done) and the features' (the deed, the home's checks and fee; no lot here).
    assert [(s["key"], bool(s["done_at"])) for s in change.steps] == [
        ("membership", True), ("votes", True), ("deed", False), ("stewardship", False)]
    assert change.steps[1]["facts"] == {"proxies": 1, "roles": 1}


def test_a_death_closes_the_account_and_the_steps_are_done_one_by_one(owners):
    change = record_change(acting_user=owners.staff, household=owners.household, member=owners.partner, kind="death",
                           happened_on=date(2026, 11, 2))
    owners.youssef.refresh_from_db()
    assert not owners.youssef.is_active and not owners.youssef.role_assignments.filter(ended_at__isnull=True).exists()
    assert [s["key"] for s in change.steps] == ["membership", "votes", "account", "deed", "stewardship"]
    mark_step_done(acting_user=owners.staff, change=change, key="deed", note="Acte du notaire reçu le 20/11.")
    with pytest.raises(HouseholdChangeRefusal) as twice:
        mark_step_done(acting_user=owners.staff, change=change, key="deed")
    assert twice.value.message == "This step is already done."
    mark_step_done(acting_user=owners.staff, change=change, key="stewardship")
    change.refresh_from_db()
    assert change.completed_at is not None


def test_wrong_input_is_refused_with_the_reason_and_nothing_changes(owners):
    with pytest.raises(HouseholdChangeRefusal) as future:
        record_change(acting_user=owners.staff, household=owners.household, member=owners.partner, kind="leaving",
                      happened_on=timezone.localdate() + timedelta(days=3))
    assert future.value.message == "The date cannot be in the future: record the change once it happened."
    with pytest.raises(HouseholdChangeRefusal) as before:
        record_change(acting_user=owners.staff, household=owners.household, member=owners.partner, kind="leaving",
                      happened_on=date(2020, 1, 1))
    assert before.value.message == "The date cannot be before the person joined the household."
    with pytest.raises(HouseholdChangeRefusal) as not_staff:
        record_change(acting_user=owners.fatima, household=owners.household, member=owners.partner, kind="leaving",
                      happened_on=date(2026, 10, 1))
    assert not_staff.value.message == "Only the trust's staff record household changes."
    record_change(acting_user=owners.staff, household=owners.household, member=owners.partner, kind="leaving",
                  happened_on=date(2026, 10, 1))
    with pytest.raises(HouseholdChangeRefusal) as again:
        record_change(acting_user=owners.staff, household=owners.household, member=owners.partner, kind="leaving",
                      happened_on=date(2026, 10, 1))
    assert again.value.message == "This person is no longer a member of this household: reload the page."
    assert HouseholdChange.objects.count() == 1


def test_the_staff_record_a_change_through_the_pages_in_their_language(owners, client_of):
    assert_refused(client_of(owners.fatima).get(reverse("community:household_changes")),
                   "Only the trust's staff record household changes.")
    staff = client_of(owners.staff)
    with translation.override("nl"):
        url = reverse("community:household_changes")
        page = staff.get(f"{url}?household={owners.household.pk}")
        assert "Youssef El Amrani" in page_text(page)
        response = staff.post(url, {"household": owners.household.pk, "member": owners.partner.pk, "kind": "death",
                                    "happened_on": "2026-11-02"}, follow=True)
        text = page_text(response)
    assert "Een overlijden — Famille El Amrani" in text
    assert "De akte blijft bij het huishouden" in text
    bad = staff.post(reverse("community:household_changes"), {"household": owners.household.pk, "kind": "leaving",
                                                                "happened_on": "2026-11-02"}, follow=True)
    assert "Choose the member the change is about." in page_text(bad)
    # A digit that is not a number (superscript two) is no household: the page, not an error.
    assert staff.get(reverse("community:household_changes") + "?household=²").status_code == 200
    assert_not_found(staff.post(reverse("community:household_changes"), {"household": "²"}))


def test_only_an_administrator_records_a_change_about_an_administrator(owners):
    owners.youssef.is_superuser = True
    owners.youssef.save(update_fields=["is_superuser"])
    with pytest.raises(HouseholdChangeRefusal) as refused:
        record_change(acting_user=owners.staff, household=owners.household, member=owners.partner, kind="death",
                      happened_on=date(2026, 11, 2))
    assert refused.value.message == "Only an administrator records a change about an administrator's account."
    owners.partner.refresh_from_db()
    assert owners.partner.until is None
