"""Reads of the register, joins chosen once."""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel import formatting

from community.models import Household, User
from community.privacy import stats as privacy_stats
from community.privacy.stats import suppress_small_groups

from . import policy
from .models import (
    ActivationStep,
    Application,
    Appraisal,
    Deed,
    Home,
    IncomeCategory,
    IncomeThreshold,
    IndexValue,
    Offer,
    Operator,
    OperatorPriceRule,
    Person,
    PriorityRuleSetting,
    Resale,
    StepCompletion,
    SupportingDocument,
)

OPEN = [Application.Status.PENDING, Application.Status.ACTIVE]


def open_candidacies() -> QuerySet[Application]:
    return Application.objects.filter(status__in=OPEN)


def household_of(user: User) -> Household | None:
    return Household.objects.filter(members__user=user, members__until__isnull=True).first()


def candidacy_of(user: User) -> Application | None:
    """The household's current candidacy (open first, else the latest)."""
    return (
        Application.objects.filter(household__members__user=user, household__members__until__isnull=True)
        .select_related("household", "category")
        .order_by("-register_number")
        .first()
    )


def member_users(application: Application) -> list[User]:
    return list(User.objects.filter(household_memberships__household_id=application.household_id, household_memberships__until__isnull=True))


def is_member_of(user: User, application: Application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return application.household.members.filter(user=user, until__isnull=True).exists()


def operators_staffed_by(user: User) -> QuerySet[Operator]:
    if not getattr(user, "is_authenticated", False):
        return Operator.objects.none()
    return Operator.objects.filter(staff=user)


def operator_ids_of(user: User) -> frozenset[int]:
    # Perms and the member menu ask it on every page: read with the member's
    # other access rows (``community.access``), one query per request in all.
    from community.access import access_of

    return access_of(user).ids("candidates.operators")


def staffs(user: User, application: Application) -> bool:
    ids = operator_ids_of(user)
    return bool(ids) and application.operators.filter(pk__in=ids).exists()


def _threshold_rows(year: int) -> list[IncomeThreshold]:
    """The year's ceilings, else the latest year entered (until staff enter
    this one)."""
    rows = list(IncomeThreshold.objects.filter(year=year).select_related("category").order_by("category__rank"))
    if not rows:
        latest = IncomeThreshold.objects.order_by("-year").values_list("year", flat=True).first()
        rows = list(IncomeThreshold.objects.filter(year=latest).select_related("category").order_by("category__rank"))
    return rows


def as_threshold(row: IncomeThreshold) -> policy.Threshold:
    return policy.Threshold(row.category.code, row.base, row.per_adult, row.per_dependant)


def thresholds_for_year(year: int) -> tuple[list[policy.Threshold], dict[str, IncomeCategory]]:
    rows = _threshold_rows(year)
    return [as_threshold(r) for r in rows], {r.category.code: r.category for r in rows}


def current_thresholds() -> list[IncomeThreshold]:
    return _threshold_rows(timezone.localdate().year)


def missing_items(application: Application) -> list[str]:
    """What the candidacy still lacks to be active, in words for the candidate."""
    missing = []
    done = set(application.completions.values_list("step_id", flat=True))
    for step in ActivationStep.objects.all():
        if step.pk not in done:
            missing.append(step.name)
    adults = application.persons.filter(relationship=Person.Relationship.ADULT)
    validated = set(
        SupportingDocument.objects.filter(
            person__application=application, kind=SupportingDocument.Kind.INCOME, status=SupportingDocument.Status.VALIDATED
        ).values_list("person_id", flat=True)
    )
    for adult in adults:
        if adult.pk not in validated:
            missing.append(_("A validated proof of income for %(name)s") % {"name": adult.full_name})
    return missing


def checklist(application: Application) -> list[tuple[str, bool]]:
    """The activation steps, each done or not, then a validated proof of
    income per adult: two queries (each step and each adult carries its
    answer in its own row)."""
    steps = ActivationStep.objects.annotate(
        is_done=Exists(StepCompletion.objects.filter(application=application, step=OuterRef("pk")))
    )
    items = [(step.name, step.is_done) for step in steps]
    adults = application.persons.filter(relationship=Person.Relationship.ADULT).annotate(
        has_validated_income=Exists(SupportingDocument.objects.filter(
            person=OuterRef("pk"), kind=SupportingDocument.Kind.INCOME, status=SupportingDocument.Status.VALIDATED
        ))
    )
    for adult in adults:
        items.append((_("A validated proof of income for %(name)s") % {"name": adult.full_name}, adult.has_validated_income))
    return items


def positions(application: Application) -> list[dict]:
    """Per chosen operator: the place among open candidacies (overall and in
    the income category). One grouped query whatever the register's size."""
    rows = (
        Application.objects.filter(
            status__in=OPEN, register_number__lte=application.register_number, operators__in=application.operators.all()
        )
        .values("operators", "operators__name")
        .annotate(
            overall=Count("id"),
            in_category=Count("id", filter=Q(category_id=application.category_id)) if application.category_id else Count("id", filter=Q(pk__in=[])),
        )
        .order_by("operators__name")
    )
    return [{"operator": r["operators__name"], "overall": r["overall"], "in_category": r["in_category"]} for r in rows]


def register_for(user: User, *, category: str = "", status: str = "") -> QuerySet[Application]:
    """The register an operator's staff see: only households that chose one
    of their operators, in the register's order."""
    qs = Application.objects.filter(operators__in=operator_ids_of(user)).distinct()
    if category:
        qs = qs.filter(category__code=category)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("household", "category").order_by("register_number")


def priority_rules(operator_id: int) -> list[policy.PriorityRule]:
    """The operator's own priority rules: each operator weighs its priorities."""
    return [
        policy.PriorityRule(r.kind, r.points, r.get_kind_display())
        for r in PriorityRuleSetting.objects.filter(operator_id=operator_id, is_enabled=True).order_by("kind")
    ]


def _facts(row: dict) -> policy.CandidateFacts:
    return policy.CandidateFacts(
        application_id=row["id"],
        register_number=row["register_number"],
        applied_at=row["submitted_at"],
        household_size=row["household_size"],
        category=row["category__code"],
        needs_accessible=row["needs_accessible"],
        wished_municipalities=tuple(row["wished_municipalities"] or ()),
        current_municipality=row["current_municipality"],
        bedrooms_min=row["bedrooms_min"],
        bedrooms_max=row["bedrooms_max"],
    )


FACT_FIELDS = [
    "id", "register_number", "submitted_at", "household_size", "category__code", "needs_accessible",
    "wished_municipalities", "current_municipality", "bedrooms_min", "bedrooms_max",
]


def home_facts(home: Home) -> policy.HomeFacts:
    return policy.HomeFacts(bedrooms=home.bedrooms, is_accessible=home.is_accessible, municipality=home.housing_project.municipality)


class ListHolds(Func):
    """True when a JSON list column holds the value (SQLite has no JSON
    ``contains`` lookup; PostgreSQL's ``@>`` is the same test)."""

    output_field = BooleanField()

    def __init__(self, column: str, value: str):
        super().__init__(F(column), Value(value, output_field=CharField()))

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        value, value_params = compiler.compile(self.source_expressions[1])
        return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {value})", (*column_params, *value_params)

    def as_postgresql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        return f"({column} @> %s::jsonb)", (*column_params, json.dumps([self.source_expressions[1].value]))


def priority_condition(rule: policy.PriorityRule, home: policy.HomeFacts) -> Q | ListHolds | None:
    """``policy._priority_applies`` as a database condition on a candidacy,
    for this home (None: never applies to it). Both are held equal by
    tests/candidates/test_ranking_db.py."""
    if rule.kind == policy.PriorityRule.NEEDS_ACCESSIBILITY:
        return Q(needs_accessible=True) if home.is_accessible else None
    if rule.kind == policy.PriorityRule.WISHES_MUNICIPALITY:
        return ListHolds("wished_municipalities", home.municipality)
    if rule.kind == policy.PriorityRule.LIVES_IN_MUNICIPALITY:
        return Q(current_municipality=home.municipality)
    return None


def eligible_for(home: Home) -> QuerySet[Application]:
    """The active candidacies a home may be offered to (``policy.ineligibility``
    in the database: operator, category, size, bedrooms, accessibility), less
    those that declined it or let its offer expire since it was listed."""
    qs = Application.objects.filter(
        status=Application.Status.ACTIVE,
        operators=home.operator_id,
        category__isnull=False,
        household_size__gte=max(home.bedrooms, 1),
        household_size__lte=max(2 * home.bedrooms + 1, 2),
        bedrooms_min__lte=home.bedrooms,
        bedrooms_max__gte=home.bedrooms,
    )
    if not home.is_accessible:
        qs = qs.filter(needs_accessible=False)
    # A household that declined this home, or let the offer expire, since it
    # was put up for allocation is not offered it again: the next one is.
    return qs.exclude(
        pk__in=Offer.objects.filter(
            home=home, status__in=[Offer.Status.DECLINED, Offer.Status.EXPIRED], made_at__gte=home.listed_at
        ).values("application_id")
    )


def ranked(home: Home, rules: list[policy.PriorityRule] | None = None) -> QuerySet[Application]:
    """The eligible candidacies in the order of ``policy.rank_candidates``,
    sorted and paged by the database: income category, then priority points,
    then register number (art. 134/2)."""
    facts = home_facts(home)
    rules = priority_rules(home.operator_id) if rules is None else rules
    points = Value(0, output_field=IntegerField())
    for rule in rules:
        condition = priority_condition(rule, facts)
        if condition is not None and rule.points:
            points = points + Case(When(condition, then=Value(rule.points)), default=Value(0), output_field=IntegerField())
    return eligible_for(home).annotate(points=points).order_by("category__rank", "category__code", "-points", "register_number")


def _category_order() -> list[str]:
    # The same order as ``ranked``: rank, then code for equal ranks.
    return list(IncomeCategory.objects.order_by("rank", "code").values_list("code", flat=True))


def ranking(
    home: Home, *, only: Application | None = None, offset: int = 0, limit: int | None = None
) -> list[policy.RankedLine]:
    """Ranked lines for a home, best first: the database orders and cuts the
    page; the pure rule explains the page's rows (points and reasons). Three
    queries whatever the register's size."""
    return ranked_page(home, only=only, offset=offset, limit=limit)[0]


def ranked_page(
    home: Home, *, only: Application | None = None, offset: int = 0, limit: int | None = None
) -> tuple[list[policy.RankedLine], int]:
    """A page of the ranked list and how many candidacies are eligible in all
    (counted by the same query: a window over the whole list)."""
    rules = priority_rules(home.operator_id)
    qs = ranked(home, rules)
    if only is not None:
        qs = qs.filter(pk=only.pk)
    rows = qs.annotate(eligible_total=Window(Count("id"))).values(*FACT_FIELDS, "eligible_total")
    rows = list(rows[offset : offset + limit] if limit is not None else rows[offset:])
    lines = policy.rank_candidates(
        home=home_facts(home), candidates=(_facts(row) for row in rows),
        category_order=_category_order(), priority_rules=rules,
    )
    return lines, rows[0]["eligible_total"] if rows else 0


def ranked_ids(home: Home) -> list[int]:
    """The eligible candidacies' keys in the ranked list's order (one query)."""
    return list(ranked(home).values_list("pk", flat=True))


def ranking_line(home: Home, application: Application) -> policy.RankedLine | None:
    lines = ranking(home, only=application)
    return lines[0] if lines else None


def price_rule_for(operator_id: int, category_id: int | None) -> policy.PriceRule | None:
    """The operator's own rule for the category, else the category's default
    (the latest year's threshold)."""
    own = OperatorPriceRule.objects.filter(operator_id=operator_id, category_id=category_id).first()
    if own is not None:
        return policy.PriceRule(own.price_rule, own.price_value)
    threshold = IncomeThreshold.objects.filter(category_id=category_id).order_by("-year").first()
    return policy.PriceRule(threshold.price_rule, threshold.price_value) if threshold else None


def price_rules_by_operator() -> dict[tuple[int, int], policy.PriceRule]:
    return {
        (r.operator_id, r.category_id): policy.PriceRule(r.price_rule, r.price_value)
        for r in OperatorPriceRule.objects.all()
    }


def yearly_income(application: Application) -> Decimal:
    return sum((Decimal(p.yearly_income or 0) for p in application.persons.all()), Decimal(0))


def max_price_for(home: Home, application: Application) -> Decimal:
    """The facts ``policy.offered_price`` needs, read for this household and
    home; the policy decides the price."""
    rule = None if home.is_resale else price_rule_for(home.operator_id, application.category_id)
    return policy.offered_price(
        home_price=home.price, is_resale=home.is_resale, rule=rule, cost_price=home.cost_price,
        land_value=home.land_value, yearly_income=yearly_income(application) if rule else Decimal(0),
    )


# --- Owners' deeds and resales ----------------------------------------------


def current_deed(home: Home) -> Deed | None:
    return Deed.objects.filter(home=home, ended_on__isnull=True).select_related("household", "resale").first()


def deed_terms(deed: Deed) -> policy.DeedTerms:
    return policy.DeedTerms(
        formula=deed.formula, price_paid=deed.price_paid, bought_on=deed.bought_on, share_percent=deed.share_percent,
        appraisal_at_purchase=deed.appraisal_at_purchase, index_at_purchase=deed.index_at_purchase,
        rate_percent=deed.rate_percent,
    )


@dataclass(frozen=True)
class Estimate:
    """What the deed's formula gives on a date, from the latest values staff
    entered (or why it cannot be estimated yet)."""

    on: date
    price: Decimal | None = None
    lines: list = field(default_factory=list)
    based_on: str = ""
    missing: str = ""
    # The legal cap of any sale of the home (art. 134/2): a formula price above
    # it could not be a sale's price.
    cap: Decimal | None = None

    @property
    def above_cap(self) -> bool:
        return self.price is not None and self.cap is not None and self.price > self.cap

    @property
    def sale_price(self) -> Decimal | None:
        """What a sale could be priced at: the formula's, within the cap."""
        return None if self.price is None else (min(self.price, self.cap) if self.cap is not None else self.price)


def estimate(deed: Deed, on: date, improvements: Decimal = Decimal(0)) -> Estimate:
    """"If you sold today": the one resale computation (policy.resale_computation)
    with the latest index value or appraisal dated on or before ``on``, and the
    improvement works that count (approved, invoices in). One query at most."""
    terms = deed_terms(deed)
    index_now = appraisal_now = None
    based_on = ""
    if deed.formula == Deed.Formula.INDEX:
        latest = IndexValue.objects.filter(name=deed.index_name, on__lte=on).order_by("-on").first()
        if latest is None:
            return Estimate(on=on, missing=_("The trust has not entered a value of the index “%(index)s” yet.")
                            % {"index": deed.index_name})
        index_now = latest.value
        based_on = _("the index of %(date)s") % {"date": formatting.format_day(latest.on)}
    elif deed.formula == Deed.Formula.APPRAISAL:
        latest = Appraisal.objects.filter(home_id=deed.home_id, on__lte=on).order_by("-on").first()
        if latest is None:
            return Estimate(on=on, missing=_("The home has not been appraised since the purchase yet."))
        appraisal_now = latest.value
        based_on = _("the appraisal of %(date)s") % {"date": formatting.format_day(latest.on)}
    try:
        price, lines = policy.resale_computation(
            terms, policy.SaleFacts(sold_on=on, appraisal_now=appraisal_now, index_now=index_now,
                                    improvements=improvements))
    except policy.ResaleRefusal as refusal:
        return Estimate(on=on, missing=refusal.message)
    cap = policy.legal_cap(cost_price=deed.home.cost_price, land_value=deed.home.land_value)
    return Estimate(on=on, price=price, lines=lines, based_on=based_on, cap=cap)


def affordability_ledger(dwelling_id: int) -> list[policy.LedgerLine]:
    """Each owner of the home, oldest first: price paid, resale price, the
    equity they gained and the subsidy kept in the home (policy.LedgerLine).
    Market values are the deed's or the resale's appraisal, else the latest
    appraisal staff entered on or before the day. Two queries."""
    deeds = list(Deed.objects.filter(home__dwelling_id=dwelling_id).select_related("household", "resale")
                 .order_by("bought_on", "pk"))
    appraisals = sorted(Appraisal.objects.filter(home__dwelling_id=dwelling_id).values_list("on", "value"))

    def market_on(day: date, given: Decimal | None) -> Decimal | None:
        if given is not None:
            return given
        known = [value for on, value in appraisals if on <= day]
        return known[-1] if known else None

    lines = []
    for deed in deeds:
        resale = getattr(deed, "resale", None)
        lines.append(policy.LedgerLine(
            owner=str(deed.household), bought_on=deed.bought_on, price_paid=deed.price_paid,
            market_at_purchase=market_on(deed.bought_on, deed.appraisal_at_purchase),
            sold_on=resale.valued_on if resale else None, resale_price=resale.price if resale else None,
            improvements=resale.improvements if resale else Decimal(0),
            market_at_resale=market_on(resale.valued_on, resale.appraisal_now) if resale else None,
        ))
    return lines


def notary_pack(home: Home) -> dict | None:
    """What the notary needs for the sale of a home to the household that
    accepted it (issue 25): the seller's deed and the resale computation (or
    the trust's first sale), the legal cap, the buyer's candidacy and why it
    was eligible and first (or the written reason it was not first), and the
    buyer's deed clauses once recorded. None before an offer is accepted."""
    from community.models import AuditEvent

    offer = (home.offers.filter(status=Offer.Status.ACCEPTED).select_related("application__household", "application__category")
             .order_by("-answered_at", "-pk").first())
    if offer is None:
        return None
    application = offer.application
    buyer_deed = Deed.objects.filter(home=home, application=application).first()
    # The seller's is the latest deed with a resale (the buyer's has none yet).
    seller_deed = (Deed.objects.filter(home=home, resale__isnull=False)
                   .select_related("household", "resale").order_by("-bought_on", "-pk").first())
    resale = seller_deed.resale if seller_deed is not None else None
    made = (AuditEvent.objects.filter(action="candidacy.offer_made", target_id=str(application.pk),
                                      target_type__model="application").order_by("-created_at", "-pk").first())
    return {
        "home": home, "offer": offer, "application": application,
        "persons": list(application.persons.order_by("pk")),
        "seller_deed": seller_deed, "resale": resale, "resale_lines": resale_lines(resale) if resale else [],
        "cap": policy.legal_cap(cost_price=home.cost_price, land_value=home.land_value),
        "reasons": (made.data.get("reasons") or []) if made else [],
        "buyer_deed": buyer_deed,
    }


def resale_lines(resale: Resale) -> list[tuple[str, Decimal]]:
    """The computation of a recorded resale, explained in the reader's language."""
    _price, lines = policy.resale_computation(
        deed_terms(resale.deed),
        policy.SaleFacts(sold_on=resale.valued_on, appraisal_now=resale.appraisal_now, index_now=resale.index_now,
                         improvements=resale.improvements),
    )
    return lines


def deeds_of(user: User) -> list[Deed]:
    """The homes the user's household owns (its current deeds)."""
    return list(
        Deed.objects.filter(household__members__user=user, household__members__until__isnull=True, ended_on__isnull=True)
        .select_related("home__housing_project")
    )


def homes_for(user: User) -> QuerySet[Home]:
    return Home.objects.filter(operator__in=operator_ids_of(user)).select_related("housing_project", "operator").order_by("housing_project__name", "label")


def accepted_offer(home: Home) -> Offer | None:
    """The offer accepted since the home was last put up for allocation."""
    return (
        home.offers.filter(status=Offer.Status.ACCEPTED, made_at__gte=home.listed_at)
        .select_related("application__household")
        .first()
    )


def open_offers_for(application: Application) -> list[Offer]:
    return list(application.offers.filter(status=Offer.Status.PROPOSED).select_related("home__housing_project"))


MIN_GROUP = privacy_stats.MIN_GROUP


def anonymised_figures() -> dict[str, list[tuple[str, int | None]]]:
    """Active candidacies by income category, household size and waiting
    time. A group under five households is shown as None ("fewer than 5"),
    so nobody can be singled out (art. 166/1: anonymised statistics)."""

    def suppress(rows):
        return suppress_small_groups(rows, threshold=MIN_GROUP)

    active = Application.objects.filter(status=Application.Status.ACTIVE)
    names = {c.pk: str(c) for c in IncomeCategory.objects.all()}  # in the reader's language
    by_category = [
        (names.get(r["category_id"]) or str(_("Above the ceilings")), r["n"])
        for r in active.values("category_id", "category__rank").annotate(n=Count("id")).order_by("category__rank")
    ]
    sizes: dict[str, int] = {}
    for r in active.values("household_size").annotate(n=Count("id")).order_by("household_size"):
        label = str(r["household_size"]) if r["household_size"] < 5 else _("5 or more")
        sizes[label] = sizes.get(label, 0) + r["n"]
    today = timezone.now()
    bands = [(0, 1, _("Less than a year")), (1, 3, _("1 to 3 years")), (3, 5, _("3 to 5 years")), (5, 200, _("5 years or more"))]
    waiting = []
    for low, high, label in bands:
        n = active.filter(submitted_at__lte=today - timezone.timedelta(days=365 * low), submitted_at__gt=today - timezone.timedelta(days=365 * high)).count()
        waiting.append((str(label), n))
    return {"category": suppress(by_category), "size": suppress(list(sizes.items())), "waiting": suppress(waiting)}
