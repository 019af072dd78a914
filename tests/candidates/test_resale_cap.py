"""A resale price stays within the legal cap of Housing Code art. 134/2 (the
cost price minus the land value), like a first sale's: a formula that gives
more is refused with the reason, and nothing is recorded."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from socle_site.kernel.formatting import format_euros

from community.candidates import services
from community.candidates.models import Home, Resale
from community.candidates.policy import PriceAboveCap
from tests.candidates.test_deeds_operators_offers import APPRAISAL, owned  # noqa: F401 (fixture)


@pytest.mark.django_db
def test_a_resale_above_the_legal_cap_is_refused_and_nothing_changes(register_setup, owned):  # noqa: F811
    home = owned.home  # cost price 250,000, land 60,000: the cap is 190,000
    deed = services.record_deed(acting_user=register_setup.officer, home=home, bought_on=date(2026, 1, 5),
                                price_paid=Decimal(180000), **APPRAISAL)
    with pytest.raises(PriceAboveCap) as refused, translation.override("en"):
        # 180,000 + 25% × (300,000 − 240,000) = 195,000: above the cap.
        services.record_resale(acting_user=register_setup.officer, deed=deed, valued_on=date(2031, 1, 5),
                               appraisal_now=Decimal(300000))
    assert refused.value.message == (
        f"The price {format_euros(Decimal(195000))} is above the legal cap of {format_euros(Decimal(190000))}: "
        "the cost price minus the value of the land (Brussels Housing Code art. 134/2).")
    assert not Resale.objects.exists()
    home.refresh_from_db()
    assert home.status == Home.Status.ALLOCATED and not home.is_resale
    # Within the cap: recorded.
    resale = services.record_resale(acting_user=register_setup.officer, deed=deed, valued_on=date(2031, 1, 5),
                                    appraisal_now=Decimal(280000))
    assert resale.price == Decimal("190000.00")


@pytest.mark.django_db
def test_the_affordability_ledger_shows_each_owner_and_the_subsidy_kept(register_setup, owned):  # noqa: F811
    from community.candidates import selectors

    home = owned.home
    deed = services.record_deed(acting_user=register_setup.officer, home=home, bought_on=date(2026, 1, 5),
                                price_paid=Decimal(150000), **APPRAISAL)  # appraised 240,000 at purchase
    services.record_resale(acting_user=register_setup.officer, deed=deed, valued_on=date(2031, 1, 5),
                           appraisal_now=Decimal(280000), improvements=Decimal(4000))
    first, = selectors.affordability_ledger(home.dwelling_id)
    # 150,000 + 25% × 40,000 + 4,000 of works = 164,000
    assert (first.price_paid, first.resale_price, first.improvements) == (Decimal(150000), Decimal("164000.00"), Decimal(4000))
    assert first.subsidy_at_purchase == Decimal("90000.00")  # 240,000 − 150,000
    assert first.equity_gained == Decimal("10000.00")  # 164,000 − 150,000 − 4,000
    assert first.subsidy_kept == Decimal("116000.00")  # 280,000 − 164,000 stays in the home
    offer = services.make_offer(acting_user=register_setup.officer, home=home, application=owned.second)
    services.answer_offer(acting_user=owned.second_user, offer=offer, accept=True)
    services.record_deed(acting_user=register_setup.officer, home=home, bought_on=date(2031, 3, 1),
                         price_paid=offer.max_price, formula="fixed_rate", rate_percent=Decimal("1.5"))
    lines = selectors.affordability_ledger(home.dwelling_id)
    assert [line.owner for line in lines] == [str(deed.household), str(owned.second.household)]
    assert lines[1].resale_price is None and lines[1].equity_gained is None
    assert lines[1].market_at_purchase is None  # no appraisal on or before the day: not guessed


@pytest.mark.django_db
def test_the_notary_pack_holds_the_price_the_cap_and_the_buyer(register_setup, owned, client_of):  # noqa: F811
    from io import BytesIO

    from django.urls import reverse
    from pypdf import PdfReader

    from community.candidates.views import _refusals
    from community.privacy.models import AccessLog
    from tests.refusals import assert_not_found, assert_refused

    home = owned.home
    deed = services.record_deed(acting_user=register_setup.officer, home=home, bought_on=date(2026, 1, 5),
                                price_paid=Decimal(150000), **APPRAISAL)
    services.record_resale(acting_user=register_setup.officer, deed=deed, valued_on=date(2031, 1, 5),
                           appraisal_now=Decimal(280000), improvements=Decimal(4000))
    url = reverse("candidates:notary_pack", args=[home.pk])
    officer = client_of(register_setup.officer)
    from tests.candidates.test_deeds_operators_offers import make_home

    unsold = make_home(register_setup, home.housing_project, label="Unsold")
    assert_not_found(officer.get(reverse("candidates:notary_pack", args=[unsold.pk])))  # nobody accepted it yet
    offer = services.make_offer(acting_user=register_setup.officer, home=home, application=owned.second)
    services.answer_offer(acting_user=owned.second_user, offer=offer, accept=True)
    assert_refused(client_of(register_setup.other_officer).get(url), _refusals()["candidates.allocate_home"])
    response = officer.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "164" in text and "190" in text  # the resale price and the legal cap
    assert str(owned.second.register_number) in text
    assert AccessLog.objects.filter(viewer=register_setup.officer, what="notary-pack").exists()
