""""If you sold today" on the owner's file: the deed's formula (the register's
one resale computation) with the latest index value or appraisal staff
entered on or before the day, against worked examples."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from community.candidates import policy
from community.candidates.models import Appraisal, Home, IndexValue
from community.candidates.selectors import estimate
from community.candidates.services import create_home
from community.candidates.services.deeds import record_imported_deed
from tests.candidates.factories import OperatorFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BOUGHT = date(2021, 3, 15)


def _deed(homes, label, formula, price, index_name="", **terms):
    officer = UserFactory(is_superuser=True)
    operator = OperatorFactory(name=f"CLT {label}")
    operator.staff.add(officer)
    home = create_home(acting_user=officer, operator=operator, housing_project=homes.project, label=label, bedrooms=2,
                       floor_area=Decimal(70), is_accessible=False, price=Decimal(price),
                       cost_price=Decimal(250000), land_value=Decimal(60000))
    return record_imported_deed(acting_user=officer, home=home, household=homes.first, bought_on=BOUGHT,
                                index_name=index_name,
                                terms=policy.DeedTerms(formula=formula, price_paid=Decimal(price), bought_on=BOUGHT, **terms))


def test_fixed_rate_compounds_over_full_years(homes):
    deed = _deed(homes, "F1", "fixed_rate", 148000, rate_percent=Decimal(2))
    # 148,000 × 1.02⁵ (15 March 2021 to 7 December 2026: five full years) = 163,403.96
    result = estimate(deed, date(2026, 12, 7))
    assert result.price == Decimal("163403.96") and not result.missing
    assert result.lines[-1][1] == Decimal("0.00")  # no improvement works counted in an estimate


def test_index_based_uses_the_latest_value_published_by_the_day(homes):
    deed = _deed(homes, "I1", "index", 172000, index_name="Indice santé", index_at_purchase=Decimal("108.42"))
    assert estimate(deed, date(2026, 12, 7)).missing == "The trust has not entered a value of the index “Indice santé” yet."
    IndexValue.objects.create(name="Indice santé", on=date(2026, 11, 1), value=Decimal("134.02"))
    IndexValue.objects.create(name="Indice santé", on=date(2026, 12, 20), value=Decimal("140.00"))  # after the day
    IndexValue.objects.create(name="ABEX", on=date(2026, 11, 1), value=Decimal("999"))  # another index
    result = estimate(deed, date(2026, 12, 7))
    # 172,000 × 134.02 / 108.42 = 212,612.43
    assert result.price == Decimal("212612.43") and result.based_on == "the index of 1 November 2026"


def test_appraisal_based_takes_the_owners_share_of_the_increase(homes):
    deed = _deed(homes, "B9", "appraisal", 151000, share_percent=Decimal(25), appraisal_at_purchase=Decimal(212000))
    assert estimate(deed, date(2026, 12, 7)).missing == "The home has not been appraised since the purchase yet."
    home = Home.objects.get(label="B9")
    Appraisal.objects.create(home=home, on=date(2024, 6, 1), value=Decimal(240000))
    Appraisal.objects.create(home=home, on=date(2026, 6, 15), value=Decimal(268000))
    # 151,000 + 25% × (268,000 − 212,000) = 165,000
    assert estimate(deed, date(2026, 12, 7)).price == Decimal("165000.00")
    assert estimate(deed, date(2025, 1, 1)).price == Decimal("158000.00")  # the appraisal of that day: +25% × 28,000


def test_the_owner_reads_the_estimate_on_their_file_in_french(homes, client_of):
    from django.urls import reverse

    from tests.refusals import page_text

    _deed(homes, "A3", "fixed_rate", 148000, rate_percent=Decimal(2))  # homes.a3's dwelling
    with translation.override("fr"):
        url = reverse("stewardship:home_file", args=[homes.a3.pk])
    text = page_text(client_of(homes.fatima).get(url))
    assert "Si vous vendiez le" in text and "Prix de revente" in text


def test_the_affordability_ledger_is_for_the_officers_not_the_owner(homes, client_of):
    from django.urls import reverse

    from tests.refusals import page_text

    _deed(homes, "A3", "fixed_rate", 148000, rate_percent=Decimal(2))
    url = reverse("stewardship:home_file", args=[homes.a3.pk])
    assert "Affordability ledger" not in page_text(client_of(homes.fatima).get(url))
    officer_page = page_text(client_of(homes.steward).get(url))
    assert "Affordability ledger" in officer_page and "owns it now" in officer_page


def test_an_estimate_above_the_legal_cap_says_so_and_a_loan_is_checked_against_the_cap(homes):
    from community import homefile

    deed = _deed(homes, "A3", "fixed_rate", 185000, rate_percent=Decimal(2))  # cost 250,000 − land 60,000: cap 190,000
    result = estimate(deed, date(2026, 12, 7))
    assert result.price == Decimal("204254.95")  # 185,000 × 1.02⁵
    assert result.above_cap and result.cap == Decimal("190000.00") and result.sale_price == Decimal("190000.00")
    assert homefile.formula_price_cents(homes.a3, date(2026, 12, 7)) == 190_000_00
