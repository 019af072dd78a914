"""The resale's first steps: the owner gives notice; the trust decides on its
right of first refusal by the deadline its deeds give (data), with a reason
the household reads; one sale under way per home, held by the database."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from community.stewardship import services
from community.stewardship.models import ResaleSetting, SaleNotice
from community.stewardship.services import StewardshipRefusal
from tests.refusals import assert_refused, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_notice_then_the_trusts_decision_by_the_deadline_of_the_deeds(homes):
    ResaleSetting.objects.update_or_create(pk=1, defaults={"first_refusal_days": 45})
    today = timezone.localdate()
    notice = services.give_notice(acting_user=homes.jan, dwelling=homes.b2, wished_on=today + timedelta(days=120),
                                  note="We move to Ghent for work.")
    assert (notice.household, notice.given_on, notice.first_refusal_until) == (homes.second, today, today + timedelta(days=45))
    with pytest.raises(StewardshipRefusal, match="already under way"):
        services.give_notice(acting_user=homes.jan, dwelling=homes.b2)
    with pytest.raises(StewardshipRefusal, match="Give the reason"):
        services.decide_first_refusal(acting_user=homes.steward, notice=notice, buy_back=False, note=" ")
    with pytest.raises(StewardshipRefusal, match="Only the stewardship officers"):
        services.decide_first_refusal(acting_user=homes.jan, notice=notice, buy_back=False, note="Fine")
    notice.refresh_from_db()
    assert notice.status == SaleNotice.Status.GIVEN
    services.decide_first_refusal(acting_user=homes.steward, notice=notice, buy_back=False,
                                  note="The trust does not buy: the register's next household will.")
    notice.refresh_from_db()
    assert notice.status == SaleNotice.Status.WAIVED and notice.decided_on == today
    # Decided: a new notice may be given later, and this one no longer withdrawn.
    with pytest.raises(StewardshipRefusal, match="already decided or withdrawn"):
        services.withdraw_notice(acting_user=homes.jan, notice=notice)


def test_refusals_change_nothing(homes):
    with pytest.raises(StewardshipRefusal, match="Only the owner household"):
        services.give_notice(acting_user=homes.neighbour, dwelling=homes.a3)
    with pytest.raises(StewardshipRefusal, match="cannot be in the past"):
        services.give_notice(acting_user=homes.fatima, dwelling=homes.a3, wished_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(StewardshipRefusal, match="Only the owner household"):
        services.give_notice(acting_user=homes.fatima, dwelling=homes.empty)  # nobody owns it
    assert not SaleNotice.objects.exists()


def test_the_database_keeps_one_sale_under_way_per_home(homes):
    today = timezone.localdate()
    SaleNotice.objects.create(dwelling=homes.a3, household=homes.first, given_on=today, first_refusal_until=today)
    with pytest.raises(IntegrityError), transaction.atomic():
        SaleNotice.objects.create(dwelling=homes.a3, household=homes.first, given_on=today, first_refusal_until=today)
    assert SaleNotice.objects.count() == 1


def test_through_the_pages(homes, client_of):
    owner, officer = client_of(homes.fatima), client_of(homes.steward)
    give = reverse("stewardship:give_notice", args=[homes.a3.pk])
    assert_refused(client_of(homes.jan).post(give, {"note": "Not mine"}),
                   "Only the owner household of this home gives notice of its sale.")
    assert not SaleNotice.objects.exists()
    owner.post(give, {"note": "Nous partons à Namur."})
    notice = SaleNotice.objects.get()
    file_url = reverse("stewardship:home_file", args=[homes.a3.pk])
    assert "Notice given: the trust decides on its right of first refusal" in page_text(owner.get(file_url))
    decide = reverse("stewardship:decide_first_refusal", args=[notice.pk])
    assert_refused(owner.post(decide, {"decision": "buy_back", "note": "Buy it"}),
                   "Only the trust's stewardship officers follow the homes after the sale.")
    officer.post(decide, {"decision": "buy_back", "note": "The trust buys it back for a family in need of a larger home."})
    notice.refresh_from_db()
    assert notice.status == SaleNotice.Status.EXERCISED
    text = page_text(owner.get(file_url))
    assert "The trust buys the home back" in text and "for a family in need of a larger home" in text
    assert "Sales under way" in page_text(officer.get(reverse("stewardship:dashboard")))
