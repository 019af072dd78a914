"""Owners' deeds and resales, priced by the deed's formula (policy.resale_computation)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting

from community.models import User
from community.services.audit import record_audit
from community.services.dwellings import record_owner
from community.services.notifications import notify

from .. import policy, selectors
from ..models import (
    Deed,
    Home,
    Resale,
)
from ._common import CandidacyRefusal, _decimal


def _decimal_or_none(value, label) -> Decimal | None:
    return None if value in (None, "") else _decimal(value, label)


def _lease_fields(lease: policy.LeaseTerms) -> dict:
    """The deed's lease columns (all empty when the deed has no lease)."""
    return {
        "lease_starts_on": lease.starts_on, "lease_years": lease.years, "lease_fee_cents": lease.fee_cents,
        "lease_fee_period": lease.fee_period or "", "lease_fee_indexed": lease.indexed,
    }


@transaction.atomic
def record_deed(
    *,
    acting_user: User,
    home: Home,
    bought_on: date,
    price_paid: Decimal,
    formula: str,
    share_percent: Decimal | None = None,
    appraisal_at_purchase: Decimal | None = None,
    index_name: str = "",
    index_at_purchase: Decimal | None = None,
    rate_percent: Decimal | None = None,
    lease_starts_on: date | None = None,
    lease_years: int | None = None,
    lease_fee_cents: int | None = None,
    lease_fee_period: str = "",
    lease_fee_indexed: bool = False,
) -> Deed:
    """The buyer's deed, once the household accepted the home: who owns it,
    from when, at what price, the resale formula the deed holds and the land
    lease signed with it (optional as a whole, policy.check_lease). On a
    resale it ends the seller's deed."""
    home = Home.objects.select_for_update().select_related("operator").get(pk=home.pk)
    if home.operator_id not in selectors.operator_ids_of(acting_user):
        raise CandidacyRefusal(_("Only the register staff of this operator may record its owners' deeds."))
    offer = selectors.accepted_offer(home)
    if home.status != Home.Status.ALLOCATED or offer is None:
        raise CandidacyRefusal(_("A deed is recorded once a household has accepted the home."))
    previous = selectors.current_deed(home)
    if previous is not None and previous.application_id == offer.application_id:
        raise CandidacyRefusal(_("This household's deed is already recorded."))
    if previous is not None and not hasattr(previous, "resale"):
        raise CandidacyRefusal(_("This home already has an owner: record their resale first."))
    if previous is not None and bought_on < previous.bought_on:
        raise CandidacyRefusal(_("The purchase cannot come before the seller's own purchase."))
    terms = policy.DeedTerms(
        formula=formula, price_paid=_decimal(price_paid, _("Price paid")), bought_on=bought_on,
        share_percent=_decimal_or_none(share_percent, _("Share")),
        appraisal_at_purchase=_decimal_or_none(appraisal_at_purchase, _("Appraised value")),
        index_at_purchase=_decimal_or_none(index_at_purchase, _("Index")),
        rate_percent=_decimal_or_none(rate_percent, _("Rate")),
    )
    policy.check_deed_terms(terms)
    lease = policy.LeaseTerms(
        starts_on=lease_starts_on, years=lease_years, fee_cents=lease_fee_cents, fee_period=lease_fee_period or "",
        indexed=bool(lease_fee_indexed),
    )
    policy.check_lease(lease, bought_on=bought_on)
    if previous is not None:
        previous.ended_on = bought_on
        previous.save(update_fields=["ended_on"])
    deed = Deed.objects.create(
        home=home, household=offer.application.household, application=offer.application, bought_on=bought_on,
        price_paid=terms.price_paid, formula=formula,
        share_percent=terms.share_percent if formula == Deed.Formula.APPRAISAL else None,
        appraisal_at_purchase=terms.appraisal_at_purchase if formula == Deed.Formula.APPRAISAL else None,
        index_name=index_name.strip()[:80] if formula == Deed.Formula.INDEX else "",
        index_at_purchase=terms.index_at_purchase if formula == Deed.Formula.INDEX else None,
        rate_percent=terms.rate_percent if formula == Deed.Formula.FIXED_RATE else None,
        **_lease_fields(lease),
        recorded_by=acting_user,
    )
    # The home's owner, the base's fact that stewardship follows (issue 25).
    record_owner(dwelling=home.dwelling, household=deed.household, since=bought_on)
    record_audit(actor=acting_user, action="candidacy.deed_recorded", target=home, household=str(deed.household),
                 bought_on=bought_on.isoformat(), price_paid=str(deed.price_paid), formula=formula,
                 seller_deed=previous.pk if previous else None)
    return deed


@transaction.atomic
def record_resale(
    *,
    acting_user: User,
    deed: Deed,
    valued_on: date,
    appraisal_now: Decimal | None = None,
    index_now: Decimal | None = None,
    improvements: Decimal = Decimal(0),
) -> Resale:
    """An owner sells: the price comes from the deed's formula (nothing else
    may set it), the home goes back to the register's ranked list, under the
    same income rules, at that price."""
    deed = Deed.objects.select_for_update().select_related("home__operator", "household").get(pk=deed.pk)
    home = Home.objects.select_for_update().get(pk=deed.home_id)
    if home.operator_id not in selectors.operator_ids_of(acting_user):
        raise CandidacyRefusal(_("Only the register staff of this operator may record a resale."))
    if deed.ended_on is not None or Resale.objects.filter(deed=deed).exists():
        raise CandidacyRefusal(_("This deed's resale is already recorded."))
    sale = policy.SaleFacts(
        sold_on=valued_on, appraisal_now=_decimal_or_none(appraisal_now, _("Appraised value")),
        index_now=_decimal_or_none(index_now, _("Index")), improvements=_decimal(improvements, _("Improvement works")),
    )
    price, lines = policy.resale_computation(selectors.deed_terms(deed), sale)
    # Every sale price, a resale's too, stays within the legal cap (Housing Code art. 134/2).
    policy.check_price(price=price, cost_price=home.cost_price, land_value=home.land_value)
    resale = Resale.objects.create(
        deed=deed, valued_on=valued_on, appraisal_now=sale.appraisal_now, index_now=sale.index_now,
        improvements=sale.improvements, price=price, recorded_by=acting_user,
    )
    home.price = price
    home.is_resale = True
    home.status = Home.Status.OPEN
    home.listed_at = timezone.now()
    home.save(update_fields=["price", "is_resale", "status", "listed_at"])
    record_audit(actor=acting_user, action="candidacy.resale_recorded", target=home, seller=str(deed.household),
                 formula=deed.formula, price=str(price), computation=[[label, str(amount)] for label, amount in lines])
    members = list(User.objects.filter(household_memberships__household_id=deed.household_id, household_memberships__until__isnull=True))
    transaction.on_commit(lambda: notify(
        members, category="candidacy",
        title=gettext_lazy("Resale of %(home)s: %(price)s"),
        body=gettext_lazy("The CLT computed the resale price with your deed's formula. The buyer will come from the register."),
        params={"home": str(home), "price": formatting.euros(price)},
    ))
    return resale


@transaction.atomic
def record_imported_deed(
    *, acting_user: User, home: Home, household, bought_on: date, terms: policy.DeedTerms, index_name: str = "",
    lease: policy.LeaseTerms | None = None,
) -> Deed:
    """A deed the trust signed before it moved to Socle (issue 23): no offer
    in Socle led to it, so it is recorded for the household the file names.
    The home's deeds stay a chain: each ends when the next purchase begins,
    the latest is the current one (one per home, the database insists). The
    same home and day again correct the deed instead of adding one."""
    if not acting_user.has_perm("candidates.add_deed"):
        raise CandidacyRefusal(_("Only staff import owners' deeds."))
    policy.check_deed_terms(terms)
    lease = lease or policy.LeaseTerms()
    policy.check_lease(lease, bought_on=bought_on)
    formula = terms.formula
    values = {
        "household": household, "price_paid": terms.price_paid, "formula": formula,
        "share_percent": terms.share_percent if formula == Deed.Formula.APPRAISAL else None,
        "appraisal_at_purchase": terms.appraisal_at_purchase if formula == Deed.Formula.APPRAISAL else None,
        "index_name": index_name.strip()[:80] if formula == Deed.Formula.INDEX else "",
        "index_at_purchase": terms.index_at_purchase if formula == Deed.Formula.INDEX else None,
        "rate_percent": terms.rate_percent if formula == Deed.Formula.FIXED_RATE else None,
        **_lease_fields(lease),
    }
    home = Home.objects.select_for_update().get(pk=home.pk)
    deeds = list(Deed.objects.select_for_update().filter(home=home).order_by("bought_on", "pk"))
    deed = next((d for d in deeds if d.bought_on == bought_on), None)
    if deed is None:
        later = [d.bought_on for d in deeds if d.bought_on > bought_on]
        earlier = [d for d in deeds if d.bought_on < bought_on and (d.ended_on is None or d.ended_on > bought_on)]
        for previous in earlier:  # the seller's deed ends the day this one begins
            previous.ended_on = bought_on
            previous.save(update_fields=["ended_on"])
        deed = Deed.objects.create(
            home=home, bought_on=bought_on, ended_on=min(later) if later else None, recorded_by=acting_user, **values
        )
    else:
        for name, value in values.items():
            setattr(deed, name, value)
        deed.save(update_fields=list(values))
    if deed.ended_on is None and home.status != Home.Status.ALLOCATED:
        home.status = Home.Status.ALLOCATED
        home.save(update_fields=["status"])
    if deed.ended_on is None:
        record_owner(dwelling=home.dwelling, household=household, since=bought_on)
    record_audit(actor=acting_user, action="candidacy.deed_imported", target=home, household=str(household),
                 bought_on=bought_on.isoformat(), price_paid=str(terms.price_paid), formula=formula)
    return deed
