"""The register's part of a home's owner file (community.homefile, issue 25):
the current owner's deed with its resale formula and land lease, and the
purchases and resales in the home's timeline."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel import formatting
from socle_site.kernel.together import Branch, read_together

from community import homefile
from community.homefile import Event
from community.predicates import is_steward

from . import policy, selectors
from .models import Deed, IndexValue, Offer, Resale


def deed_panel(request, dwelling) -> dict | None:
    deed = (Deed.objects.filter(home__dwelling=dwelling, ended_on__isnull=True)
            .select_related("home", "household").first())
    if deed is None:
        return None
    # "If you sold today": the deed's formula with the latest values staff
    # entered and the works that count (stewardship registers them with the base).
    improvements = Decimal(homefile.improvements_cents(dwelling)) / 100
    return {"deed": deed, "estimate": selectors.estimate(deed, timezone.localdate(), improvements)}


def formula_price(dwelling, on) -> int | None:
    """The current deed's resale price on ``on``, in cents (None: no deed, or
    nothing to estimate it from yet): what a loan against the home is checked
    against (community.homefile.formula_price_cents)."""
    deed = Deed.objects.filter(home__dwelling=dwelling, ended_on__isnull=True).select_related("home").first()
    if deed is None:
        return None
    improvements = Decimal(homefile.improvements_cents(dwelling)) / 100
    result = selectors.estimate(deed, on, improvements)
    # A resale is never priced above the legal cap: no more could repay a loan.
    return None if result.sale_price is None else int(result.sale_price * 100)


def leases(dwelling_ids=None) -> list[homefile.Lease]:
    """The land lease of each home's current deed (community.homefile.current_leases):
    what stewardship turns into the fees the owner pays. One query."""
    deeds = Deed.objects.filter(ended_on__isnull=True, lease_starts_on__isnull=False, home__dwelling__isnull=False)
    if dwelling_ids is not None:
        deeds = deeds.filter(home__dwelling_id__in=list(dwelling_ids))
    return [
        homefile.Lease(dwelling_id=dwelling_id, household_id=household_id, starts_on=starts_on,
                       ends_on=policy.lease_end(starts_on, years), fee_cents=fee_cents, period=period, indexed=indexed)
        for dwelling_id, household_id, starts_on, years, fee_cents, period, indexed in deeds.order_by("pk").values_list(
            "home__dwelling_id", "household_id", "lease_starts_on", "lease_years", "lease_fee_cents", "lease_fee_period",
            "lease_fee_indexed")
    ]


def index_values(name: str) -> list[tuple]:
    """Every published value of an index, oldest first (community.homefile.index_values)."""
    return list(IndexValue.objects.filter(name=name).order_by("on").values_list("on", "value"))


def events(dwelling) -> list[Event]:
    """Purchases, resale prices and the offers of the home, read together in
    one query (the household an offer went to is not named: the seller reads
    this timeline)."""
    deeds, resales, offers = read_together(
        Branch(Deed.objects.filter(home__dwelling=dwelling).order_by("bought_on", "pk"),
               ("bought_on", "price_paid", "household__name")),
        Branch(Resale.objects.filter(deed__home__dwelling=dwelling).order_by("valued_on", "pk"), ("valued_on", "price")),
        Branch(Offer.objects.filter(home__dwelling=dwelling).order_by("made_at", "pk"), ("made_at", "status", "answered_at")),
    )
    result = [Event(on=deed.bought_on, text=_("Bought by %(household)s for %(price)s") % {
        "household": deed.household, "price": formatting.euros(deed.price_paid)}) for deed in deeds]
    result += [Event(on=resale.valued_on, text=_("Resale price set at %(price)s") % {
        "price": formatting.euros(resale.price)}) for resale in resales]
    for offer in offers:
        result.append(Event(on=timezone.localdate(offer.made_at), text=_("Offered to a household of the register")))
        if offer.answered_at is not None and offer.status in (Offer.Status.ACCEPTED, Offer.Status.DECLINED):
            result.append(Event(on=timezone.localdate(offer.answered_at),
                                text=_("The household accepted the offer") if offer.status == Offer.Status.ACCEPTED
                                else _("The household declined the offer")))
    return result


def ledger_panel(request, dwelling) -> dict | None:
    """The home's affordability ledger, for the trust's officers and the
    register's staff (it names the earlier owners): every owner's price, gain
    and the subsidy kept in the home."""
    user = request.user
    if not (getattr(user, "is_superuser", False) or is_steward(user) or selectors.operator_ids_of(user)):
        return None
    lines = selectors.affordability_ledger(dwelling.pk)
    return {"lines": lines} if lines else None
