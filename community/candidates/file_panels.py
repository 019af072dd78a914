"""The register's part of a home's owner file (community.homefile, issue 25):
the current owner's deed with its resale formula and land lease, and the
purchases and resales in the home's timeline."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel import formatting

from community import homefile
from community.homefile import Event

from . import selectors
from .models import Deed


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
    deed = Deed.objects.filter(home__dwelling=dwelling, ended_on__isnull=True).first()
    if deed is None:
        return None
    improvements = Decimal(homefile.improvements_cents(dwelling)) / 100
    result = selectors.estimate(deed, on, improvements)
    return None if result.price is None else int(result.price * 100)


def events(dwelling) -> list[Event]:
    result = []
    for deed in Deed.objects.filter(home__dwelling=dwelling).select_related("household", "resale"):
        result.append(Event(on=deed.bought_on, text=_("Bought by %(household)s for %(price)s") % {
            "household": deed.household, "price": formatting.euros(deed.price_paid)}))
        resale = getattr(deed, "resale", None)
        if resale is not None:
            result.append(Event(on=resale.valued_on, text=_("Resale price set at %(price)s") % {
                "price": formatting.euros(resale.price)}))
    return result
