"""Pure rules of the register of candidate owners: values in, values out, no
database. Income categories, the price cap, the three resale formulas, the
ranking for a home and the affordable-rent effort-rate curve."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from socle_site.kernel import formatting
from socle_site.kernel.refusals import Refusal

CENT = Decimal("0.01")


class PriceAboveCap(Refusal):
    pass


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """25.00 → "25", 2.50 → "2.5" ("2,5" in French), 100 → "100" (never "1E+2")."""
    return formats.number_format(Decimal(format(Decimal(value).normalize(), "f")))


# --- Income categories -------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """The income ceiling of one category for one year: a base for a person
    alone, plus an amount for each further adult and each dependant."""

    category: str
    base: Decimal
    per_adult: Decimal = Decimal(0)
    per_dependant: Decimal = Decimal(0)

    def ceiling(self, adults: int, dependants: int) -> Decimal:
        return income_ceiling(
            base=self.base, per_adult=self.per_adult, per_dependant=self.per_dependant, adults=adults, dependants=dependants
        )


def income_ceiling(*, base: Decimal, per_adult: Decimal, per_dependant: Decimal, adults: int, dependants: int) -> Decimal:
    """The yearly income ceiling of a category for a household: the ceiling
    for a person alone, plus the amount for each further adult and for each
    dependant (Housing Code art. 134/2: the region sets the categories). The
    one place the ceiling is computed: classing, the calculator and the
    register all come here."""
    return Decimal(base) + Decimal(per_adult) * max(adults - 1, 0) + Decimal(per_dependant) * dependants


def income_category(
    *, incomes: Iterable[Decimal], adults: int, dependants: int, thresholds: Sequence[Threshold]
) -> str | None:
    """The first category (thresholds given from the lowest incomes up) whose
    ceiling for this household's composition is not exceeded by the sum of the
    adults' incomes; None when the household earns above every ceiling
    (Housing Code art. 134/2: candidates are classed by income category)."""
    total = sum((Decimal(i) for i in incomes), Decimal(0))
    for threshold in sorted(thresholds, key=lambda t: t.ceiling(adults, dependants)):
        if total <= threshold.ceiling(adults, dependants):
            return threshold.category
    return None


# --- Price cap ---------------------------------------------------------------


@dataclass(frozen=True)
class PriceRule:
    """How a category's maximum price is set: a share of the legal cap
    (percent), a multiple of the household's yearly income, or a fixed amount."""

    SHARE_OF_CAP = "share_of_cap"
    INCOME_MULTIPLE = "income_multiple"
    FIXED = "fixed"

    kind: str
    value: Decimal


def legal_cap(*, cost_price: Decimal, land_value: Decimal) -> Decimal:
    # Housing Code art. 134/2: never above the cost price minus the land value.
    return money(Decimal(cost_price) - Decimal(land_value))


def check_price(*, price: Decimal, cost_price: Decimal, land_value: Decimal) -> None:
    cap = legal_cap(cost_price=cost_price, land_value=land_value)
    if Decimal(price) > cap:
        raise PriceAboveCap(
            _(
                "The price %(price)s is above the legal cap of %(cap)s: the cost price minus the "
                "value of the land (Brussels Housing Code art. 134/2)."
            )
            % {"price": formatting.format_euros(money(price)), "cap": formatting.format_euros(cap)}
        )


def maximum_price(
    *, rule: PriceRule, cost_price: Decimal, land_value: Decimal, yearly_income: Decimal
) -> Decimal:
    """The most a household of the rule's category may pay for a home: the
    category's rule, never above the legal cap."""
    cap = legal_cap(cost_price=cost_price, land_value=land_value)
    if rule.kind == PriceRule.SHARE_OF_CAP:
        price = cap * Decimal(rule.value) / 100
    elif rule.kind == PriceRule.INCOME_MULTIPLE:
        price = Decimal(yearly_income) * Decimal(rule.value)
    else:
        price = Decimal(rule.value)
    return money(max(min(price, cap), Decimal(0)))


def offered_price(
    *,
    home_price: Decimal,
    is_resale: bool,
    rule: PriceRule | None,
    cost_price: Decimal,
    land_value: Decimal,
    yearly_income: Decimal,
) -> Decimal:
    """The price a household is offered for a home (Housing Code art. 134/2:
    the price depends on the buyer's income and never exceeds the cost price
    minus the land value). On a resale the deed's formula already fixed the
    home's price (``resale_computation``); on a first sale it is the category's
    rule, within the legal cap, and never above the home's asking price. The
    one deciding function: the offer, the calculator and the register call it."""
    if is_resale or rule is None:
        return Decimal(home_price)
    cap = maximum_price(rule=rule, cost_price=cost_price, land_value=land_value, yearly_income=yearly_income)
    return min(cap, Decimal(home_price))


# --- Resale ------------------------------------------------------------------


def resale_appraisal_based(
    *,
    price_paid: Decimal,
    appraisal_at_purchase: Decimal,
    appraisal_now: Decimal,
    share_percent: Decimal = Decimal(25),
    improvements: Decimal = Decimal(0),
) -> Decimal:
    """What the owner paid, plus their share (commonly 25%) of the increase in
    appraised value, plus recognised improvement works. A fall in value is
    not passed on: the deed shares a gain, the CLT keeps the land's risk."""
    increase = max(Decimal(appraisal_now) - Decimal(appraisal_at_purchase), Decimal(0))
    return money(Decimal(price_paid) + increase * Decimal(share_percent) / 100 + Decimal(improvements))


def resale_index_based(
    *,
    price_paid: Decimal,
    index_at_purchase: Decimal,
    index_now: Decimal,
    improvements: Decimal = Decimal(0),
) -> Decimal:
    """The price paid moved by an index (e.g. the health index or the
    construction cost index), plus recognised improvement works."""
    if Decimal(index_at_purchase) <= 0:
        raise Refusal(_("The index at purchase must be a positive number."))
    return money(Decimal(price_paid) * Decimal(index_now) / Decimal(index_at_purchase) + Decimal(improvements))


def full_years(start: date, end: date) -> int:
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)


def resale_fixed_rate(
    *,
    price_paid: Decimal,
    rate_percent: Decimal,
    bought_on: date,
    sold_on: date,
    improvements: Decimal = Decimal(0),
) -> Decimal:
    """The price paid grown by a yearly rate, compounded once per full year
    of ownership, plus recognised improvement works."""
    factor = (1 + Decimal(rate_percent) / 100) ** full_years(bought_on, sold_on)
    return money(Decimal(price_paid) * factor + Decimal(improvements))


class ResaleRefusal(Refusal):
    pass


@dataclass(frozen=True)
class DeedTerms:
    """The resale clause of an owner's deed, with what the owner paid."""

    APPRAISAL = "appraisal"
    INDEX = "index"
    FIXED_RATE = "fixed_rate"

    formula: str
    price_paid: Decimal
    bought_on: date
    share_percent: Decimal | None = None
    appraisal_at_purchase: Decimal | None = None
    index_at_purchase: Decimal | None = None
    rate_percent: Decimal | None = None


@dataclass(frozen=True)
class SaleFacts:
    sold_on: date
    appraisal_now: Decimal | None = None
    index_now: Decimal | None = None
    improvements: Decimal = Decimal(0)


def check_deed_terms(terms: DeedTerms) -> None:
    """A deed must carry the values its formula needs."""
    if Decimal(terms.price_paid) <= 0:
        raise ResaleRefusal(_("The price paid must be a positive amount."))
    if terms.formula == DeedTerms.APPRAISAL:
        if terms.appraisal_at_purchase is None or terms.share_percent is None:
            raise ResaleRefusal(_("An appraisal-based deed needs the appraised value at purchase and the owner's share."))
        if not 0 <= Decimal(terms.share_percent) <= 100:
            raise ResaleRefusal(_("The owner's share must be between 0 and 100%."))
    elif terms.formula == DeedTerms.INDEX:
        if terms.index_at_purchase is None or Decimal(terms.index_at_purchase) <= 0:
            raise ResaleRefusal(_("The index at purchase must be a positive number."))
    elif terms.formula == DeedTerms.FIXED_RATE:
        if terms.rate_percent is None or not 0 <= Decimal(terms.rate_percent) <= 20:
            raise ResaleRefusal(_("A fixed-rate deed needs a yearly rate between 0 and 20%."))
    else:
        raise ResaleRefusal(_("Choose the deed's resale formula."))


class LeaseRefusal(Refusal):
    """A refused land lease; ``field`` names the part at fault, so that a form
    or an import points at it."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


MONTHLY, YEARLY = "monthly", "yearly"
LEASE_PARTS = ("starts_on", "years", "fee_cents", "fee_period")


@dataclass(frozen=True)
class LeaseTerms:
    """The land lease signed with the purchase deed (emphyteusis or building
    right): the CLT keeps the land and the owner pays it a fee (redevance).
    All four parts or none: a deed without a lease is a deed of before the
    trust kept its land, or one whose lease staff have not entered yet."""

    starts_on: date | None = None
    years: int | None = None
    fee_cents: int | None = None
    fee_period: str = ""
    indexed: bool = False

    @property
    def given(self) -> bool:
        return any(getattr(self, part) not in (None, "") for part in LEASE_PARTS)


def lease_end(starts_on: date, years: int) -> date:
    """The day a lease of ``years`` from ``starts_on`` ends (a lease begun on
    29 February ends on the 28th in a common year)."""
    try:
        return starts_on.replace(year=starts_on.year + years)
    except ValueError:
        return starts_on.replace(year=starts_on.year + years, day=28)


def check_lease(lease: LeaseTerms, *, bought_on: date | None) -> None:
    """The one rule of a deed's lease, for the form, the import and the
    services alike. The duration is the deed's own figure: no legal maximum
    is encoded here (emphyteusis and building rights have their own, and the
    deed is what binds), only a plausible 1 to 999 years."""
    if not lease.given:
        if lease.indexed:
            raise LeaseRefusal(_("An indexed fee needs the lease: its start, duration, fee and period."), "starts_on")
        return
    for part in LEASE_PARTS:
        if getattr(lease, part) in (None, ""):
            raise LeaseRefusal(
                _("A land lease needs its start, duration, fee and period together (or none of them)."), part
            )
    if not 1 <= lease.years <= 999:
        raise LeaseRefusal(_("The lease's duration must be between 1 and 999 years."), "years")
    if lease.fee_cents < 0:
        raise LeaseRefusal(_("The lease's fee cannot be negative."), "fee_cents")
    if lease.fee_period not in (MONTHLY, YEARLY):
        raise LeaseRefusal(_("The lease's fee is paid monthly or yearly."), "fee_period")
    if bought_on is not None and lease.starts_on < bought_on:
        raise LeaseRefusal(_("The land lease cannot start before the purchase."), "starts_on")


def resale_computation(terms: DeedTerms, sale: SaleFacts) -> tuple[Decimal, list[tuple[str, Decimal]]]:
    """The resale price under the deed's formula, and the lines that explain
    it (each an amount; they add up to the price). The one deciding function
    of the resale price: recording a resale, its explanation and the public
    calculator call it; the three formulas above are its parts."""
    check_deed_terms(terms)
    if sale.sold_on < terms.bought_on:
        raise ResaleRefusal(_("The sale cannot come before the purchase."))
    improvements = Decimal(sale.improvements or 0)
    if improvements < 0:
        raise ResaleRefusal(_("Improvement works cannot be negative."))
    paid = money(terms.price_paid)
    lines = [(_("Price paid on %(date)s") % {"date": formatting.format_day(terms.bought_on)}, paid)]
    if terms.formula == DeedTerms.APPRAISAL:
        if sale.appraisal_now is None or Decimal(sale.appraisal_now) < 0:
            raise ResaleRefusal(_("Enter today's appraised value."))
        price = resale_appraisal_based(
            price_paid=paid, appraisal_at_purchase=terms.appraisal_at_purchase, appraisal_now=sale.appraisal_now,
            share_percent=terms.share_percent, improvements=improvements,
        )
        increase = max(Decimal(sale.appraisal_now) - Decimal(terms.appraisal_at_purchase), Decimal(0))
        lines.append((
            _("%(share)s%% of the increase in appraised value (%(then)s then, %(now)s now: +%(increase)s)")
            % {"share": plain(terms.share_percent), "then": formatting.format_euros(money(terms.appraisal_at_purchase)),
               "now": formatting.format_euros(money(sale.appraisal_now)), "increase": formatting.format_euros(money(increase))},
            price - paid - money(improvements),
        ))
    elif terms.formula == DeedTerms.INDEX:
        if sale.index_now is None or Decimal(sale.index_now) <= 0:
            raise ResaleRefusal(_("Enter today's index."))
        price = resale_index_based(
            price_paid=paid, index_at_purchase=terms.index_at_purchase, index_now=sale.index_now, improvements=improvements
        )
        lines.append((
            _("Moved by the index: %(then)s at purchase, %(now)s today")
            % {"then": plain(terms.index_at_purchase), "now": plain(sale.index_now)},
            price - paid - money(improvements),
        ))
    else:
        price = resale_fixed_rate(
            price_paid=paid, rate_percent=terms.rate_percent, bought_on=terms.bought_on, sold_on=sale.sold_on,
            improvements=improvements,
        )
        lines.append((
            _("%(rate)s%% a year, compounded over %(years)s full years")
            % {"rate": plain(terms.rate_percent), "years": full_years(terms.bought_on, sale.sold_on)},
            price - paid - money(improvements),
        ))
    lines.append((_("Recognised improvement works"), money(improvements)))
    return price, lines


# --- Ranking for a home ------------------------------------------------------


def fits_home(*, household_size: int, bedrooms: int) -> bool:
    """Occupancy norm: at least one person per bedroom, at most two per
    bedroom plus one (a couple's room and children sharing)."""
    return max(bedrooms, 1) <= household_size <= max(2 * bedrooms + 1, 2)


@dataclass(frozen=True)
class PriorityRule:
    NEEDS_ACCESSIBILITY = "needs_accessibility"
    WISHES_MUNICIPALITY = "wishes_municipality"
    LIVES_IN_MUNICIPALITY = "lives_in_municipality"

    kind: str
    points: int
    label: str


@dataclass(frozen=True)
class HomeFacts:
    bedrooms: int
    is_accessible: bool
    municipality: str


@dataclass(frozen=True)
class CandidateFacts:
    application_id: int
    register_number: int  # the register's order (art. 134/2), kept from an imported register
    applied_at: datetime
    household_size: int
    category: str | None
    needs_accessible: bool = False
    wished_municipalities: tuple[str, ...] = ()
    current_municipality: str = ""
    bedrooms_min: int = 0
    bedrooms_max: int = 99


@dataclass
class RankedLine:
    candidate: CandidateFacts
    points: int
    category_rank: int
    home: HomeFacts | None = None
    rules_applied: tuple[PriorityRule, ...] = ()

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.category_rank, -self.points, self.candidate.register_number)

    @property
    def reasons(self) -> list[str]:
        """The reasons of its place, written out when read: a register of
        thousands is ranked whole, but only a page of it is shown."""
        candidate, home = self.candidate, self.home
        reasons = [
            _("A household of %(size)s fits %(bedrooms)s bedrooms.")
            % {"size": candidate.household_size, "bedrooms": home.bedrooms},
            _("Income category %(category)s.") % {"category": candidate.category},
        ]
        for rule in self.rules_applied:
            reasons.append(_("Priority +%(points)s: %(rule)s.") % {"points": rule.points, "rule": rule.label})
        reasons.append(
            _("Register no. %(number)s, applied on %(date)s.")
            % {"number": candidate.register_number, "date": formatting.format_day(candidate.applied_at)}
        )
        return reasons


def ineligibility(candidate: CandidateFacts, home: HomeFacts) -> str | None:
    """Why a candidate cannot be offered this home, or None."""
    if candidate.category is None:
        return _("Income above every category ceiling.")
    if not fits_home(household_size=candidate.household_size, bedrooms=home.bedrooms):
        return _("A household of %(size)s does not fit a home with %(bedrooms)s bedrooms.") % {
            "size": candidate.household_size,
            "bedrooms": home.bedrooms,
        }
    if candidate.needs_accessible and not home.is_accessible:
        return _("The household needs an accessible home.")
    if not candidate.bedrooms_min <= home.bedrooms <= candidate.bedrooms_max:
        return _("The household did not ask for this number of bedrooms.")
    return None


def _priority_applies(rule: PriorityRule, candidate: CandidateFacts, home: HomeFacts) -> bool:
    # The ranked list orders in the database with the same three conditions
    # (``selectors.priority_condition``); tests/candidates/test_ranking_db.py
    # holds the two equal on random registers.
    if rule.kind == PriorityRule.NEEDS_ACCESSIBILITY:
        return candidate.needs_accessible and home.is_accessible
    if rule.kind == PriorityRule.WISHES_MUNICIPALITY:
        return home.municipality in candidate.wished_municipalities
    if rule.kind == PriorityRule.LIVES_IN_MUNICIPALITY:
        return candidate.current_municipality == home.municipality
    return False


@dataclass(frozen=True)
class LedgerLine:
    """One owner of a home in its affordability ledger (issue 25)."""

    owner: str
    bought_on: date
    price_paid: Decimal
    market_at_purchase: Decimal | None
    sold_on: date | None
    resale_price: Decimal | None
    improvements: Decimal
    market_at_resale: Decimal | None

    @property
    def subsidy_at_purchase(self) -> Decimal | None:
        """What the buyer did not pay of the home's market value."""
        return None if self.market_at_purchase is None else money(self.market_at_purchase - self.price_paid)

    @property
    def equity_gained(self) -> Decimal | None:
        """What the seller takes away beyond the price paid and the works they paid for."""
        if self.resale_price is None:
            return None
        return money(self.resale_price - self.price_paid - self.improvements)

    @property
    def subsidy_kept(self) -> Decimal | None:
        """What stays in the home for the next household: the market value the
        resale price leaves out."""
        if self.resale_price is None or self.market_at_resale is None:
            return None
        return money(self.market_at_resale - self.resale_price)


def passed_over(ranked_ids, chosen_id: int, had_their_turn: set[int]) -> list[int]:
    """The eligible candidacies ranked before the chosen one (in the order of
    the ranked list) that have not had their turn for this home: offering the
    home past them needs a written reason (Brussels Housing Code art. 134/2,
    the register's order), for a first sale and a resale alike."""
    before = []
    for pk in ranked_ids:
        if pk == chosen_id:
            return before
        if pk not in had_their_turn:
            before.append(pk)
    return before


def rank_candidates(
    *,
    home: HomeFacts,
    candidates: Iterable[CandidateFacts],
    category_order: Sequence[str],
    priority_rules: Sequence[PriorityRule] = (),
) -> list[RankedLine]:
    """The eligible candidates for a home, best first: the household fits the
    home, then the income category (lowest incomes first, art. 134/2), then
    priority points, then the register's chronological order (the register
    number). Each line carries the reasons of its place. The database sorts
    and pages the same order (``selectors.ranked``); this function stays the
    rule, applied to the page's rows and to a single candidacy."""
    ranks = {code: i for i, code in enumerate(category_order)}
    lines = []
    for candidate in candidates:
        if ineligibility(candidate, home) is not None or candidate.category not in ranks:
            continue
        applied = tuple(rule for rule in priority_rules if _priority_applies(rule, candidate, home))
        lines.append(RankedLine(candidate, sum(rule.points for rule in applied), ranks[candidate.category], home, applied))
    lines.sort(key=lambda line: line.key)
    return lines


# --- Affordable rent -----------------------------------------------------------


@dataclass(frozen=True)
class EffortCurve:
    """An effort-rate curve: the share of income a household pays as rent.
    ``points`` are (monthly income, rate) pairs joined by straight lines; above
    ``constant_rent_from`` the rent stops growing."""

    name: str
    points: tuple[tuple[Decimal, Decimal], ...]
    constant_rent_from: Decimal
    deciles: tuple[Decimal, ...] = ()  # upper bounds of deciles 1 to 9, for display and tests


def _rate_on_curve(curve: EffortCurve, income: Decimal) -> Decimal:
    points = curve.points
    if income <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if income <= x1:
            return y0 + (y1 - y0) * (income - x0) / (x1 - x0)
    return points[-1][1]


def affordable_rent(*, curve: EffortCurve, monthly_income: Decimal) -> tuple[Decimal, Decimal]:
    """(monthly rent, effort rate in percent) for a household's monthly income."""
    income = max(Decimal(monthly_income), Decimal(0))
    if income > curve.constant_rent_from:
        rent = curve.constant_rent_from * _rate_on_curve(curve, curve.constant_rent_from)
    else:
        rent = income * _rate_on_curve(curve, income)
    rate = (rent / income * 100) if income else _rate_on_curve(curve, Decimal(0)) * 100
    return money(rent), rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Luxembourg, law of 2023 on affordable housing (DOMAIN.md §6): 10% at the
# bottom, rising to 35% at the 6th decile, 35% through the 7th, then a
# constant rent from the 8th. The decile bounds are illustrative monthly net
# household incomes; staff replace them with the year's published figures.
LUXEMBOURG_2023_DECILES = tuple(
    Decimal(d) for d in ("1900", "2500", "3000", "3500", "4000", "4750", "5500", "6400", "8000")
)
LUXEMBOURG_2023 = EffortCurve(
    name="Luxembourg 2023",
    points=(
        (Decimal(0), Decimal("0.10")),
        (LUXEMBOURG_2023_DECILES[5], Decimal("0.35")),  # upper bound of the 6th decile
        (LUXEMBOURG_2023_DECILES[6], Decimal("0.35")),  # through the 7th decile
    ),
    constant_rent_from=LUXEMBOURG_2023_DECILES[6],
    deciles=LUXEMBOURG_2023_DECILES,
)
