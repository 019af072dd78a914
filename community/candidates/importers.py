"""The trust's register of candidate owners, imported from its spreadsheet
(issue 23): each candidacy keeps its register number (the natural key) and
its original application date, so the legal order (art. 134/2) is exactly the
file's. Registered with ``socle_site.kernel.dataio.importers`` when the app
loads."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.dataio.importers import (
    AmountWidget,
    Column,
    DayWidget,
    Importer,
    ListWidget,
    Refused,
    RowRefusal,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
    an_email,
    known_municipality,
    past_day,
)

from community.models import Household, HouseholdMember

from . import policy
from .models import RENEWAL_PERIOD, Application, Deed, Home, IncomeCategory, Operator, Person
from .services.candidacies import lock_register

COMPARED = (
    "applied_on", "status", "category", "household_size", "adults", "current_municipality",
    "wished_municipalities", "bedrooms_min", "bedrooms_max", "needs_accessible",
)


def _status(value: str) -> str:
    """A status as its code or its name in French, Dutch or English."""
    wanted = value.strip().casefold()
    for code, label in Application.Status.choices:
        names = {code}
        for language in ("fr", "nl", "en"):
            with translation.override(language):
                names.add(str(label).casefold())
        if wanted in names:
            return code
    raise Refused(_("Unknown status: “%(value)s”.") % {"value": value})


def _municipalities(names: list[str]) -> list[str]:
    return [known_municipality(name) for name in names]


def _year(value: int) -> int:
    if not 1900 <= value <= timezone.localdate().year:
        raise Refused(_("This year of birth is not plausible."))
    return value


def _positive(value: int) -> int:
    if value < 1:
        raise Refused(_("Give a number of at least 1."))
    return value


def _income(value):
    if value < 0:
        raise Refused(_("An income cannot be negative."))
    return value


COLUMNS = [
    Column("register_number", gettext_lazy("Register number"), WholeNumberWidget(), required=True, check=_positive),
    Column("applied_on", gettext_lazy("Applied on"), DayWidget(), required=True, check=past_day),
    Column("household", gettext_lazy("Household"), TextWidget(), required=True),
    Column("contact_name", gettext_lazy("Adult's full name"), TextWidget(), required=True),
    Column("birth_year", gettext_lazy("Year of birth"), WholeNumberWidget(), required=True, check=_year),
    Column("yearly_income", gettext_lazy("Household's taxable yearly income"), AmountWidget(), check=_income),
    Column("household_size", gettext_lazy("Household size"), WholeNumberWidget(), required=True, check=_positive),
    Column("adults", gettext_lazy("Adults"), WholeNumberWidget(), required=True, check=_positive),
    Column("category", gettext_lazy("Income category"), TextWidget()),
    Column("status", gettext_lazy("Status"), TextWidget(), required=True, check=_status),
    Column("operators", gettext_lazy("Operators"), ListWidget(), required=True),
    Column("current_municipality", gettext_lazy("Current municipality"), TextWidget(), required=True, check=known_municipality),
    Column("wished_municipalities", gettext_lazy("Wished municipalities"), ListWidget(), check=_municipalities),
    Column("bedrooms_min", gettext_lazy("Bedrooms, at least"), WholeNumberWidget(), required=True),
    Column("bedrooms_max", gettext_lazy("Bedrooms, at most"), WholeNumberWidget(), required=True),
    Column("needs_accessible", gettext_lazy("Needs an accessible home"), YesNoWidget()),
    Column("renew_by", gettext_lazy("Renew by"), DayWidget()),
]


def check_row(values: dict) -> None:
    if values["bedrooms_min"] > values["bedrooms_max"]:
        raise RowRefusal("bedrooms_max", _("The smallest number of bedrooms cannot exceed the largest."))
    if values["adults"] > values["household_size"]:
        raise RowRefusal("adults", _("More adults than persons in the household."))


def check_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    """Categories and operators named must exist (two queries for the file)."""
    categories = set(IncomeCategory.objects.values_list("code", flat=True))
    operators = {name.casefold() for name in Operator.objects.values_list("name", flat=True)}
    refused = []
    for row in rows:
        if row["category"] and row["category"] not in categories:
            refused.append((row["_line"], "category", _("Unknown income category: “%(value)s”.") % {"value": row["category"]}))
            continue
        unknown = [name for name in row["operators"] if name.casefold() not in operators]
        if unknown:
            refused.append((row["_line"], "operators", _("Unknown operator: “%(value)s”.") % {"value": unknown[0]}))
    return refused


def existing(keys: list[tuple]) -> dict[tuple, dict]:
    numbers = [key[0] for key in keys]
    found = {}
    rows = Application.objects.filter(register_number__in=numbers).values(
        "register_number", "submitted_at", "status", "category__code", "household_size", "adults",
        "current_municipality", "wished_municipalities", "bedrooms_min", "bedrooms_max", "needs_accessible",
    )
    for row in rows:
        found[(row["register_number"],)] = {
            "applied_on": timezone.localtime(row["submitted_at"]).date(), "status": row["status"],
            "category": row["category__code"] or "", "household_size": row["household_size"], "adults": row["adults"],
            "current_municipality": row["current_municipality"], "wished_municipalities": row["wished_municipalities"],
            "bedrooms_min": row["bedrooms_min"], "bedrooms_max": row["bedrooms_max"],
            "needs_accessible": row["needs_accessible"],
        }
    return found


def _applied_at(day):
    # The file gives the day: noon in Brussels, so the day reads the same everywhere.
    return timezone.make_aware(datetime.combine(day, time(12)))


def _fields(values: dict, categories: dict) -> dict:
    return {
        "submitted_at": _applied_at(values["applied_on"]), "status": values["status"],
        "category": categories.get(values["category"] or None), "household_size": values["household_size"],
        "adults": values["adults"], "current_municipality": values["current_municipality"],
        "wished_municipalities": values["wished_municipalities"] or [], "bedrooms_min": values["bedrooms_min"],
        "bedrooms_max": values["bedrooms_max"], "needs_accessible": bool(values["needs_accessible"]),
    }


def write(*, create: list[dict], update: list[dict], acting_user) -> None:
    """Creates the new candidacies (household, adult, operators) and updates
    the others, in bulk: 10,000 rows in a few seconds (bench/import_register.py).
    The register is locked meanwhile, so no submission takes a number."""
    lock_register()
    categories = {c.code: c for c in IncomeCategory.objects.all()}
    operators = {o.name.casefold(): o for o in Operator.objects.all()}
    households = Household.objects.bulk_create(
        [Household(name=values["household"], municipality=values["current_municipality"]) for values in create], batch_size=1000
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                household=household, register_number=values["register_number"], channel=Application.Channel.PAPER,
                current_tenure=Application.Tenure.OTHER, entered_by=acting_user,
                renew_by=values["renew_by"] or values["applied_on"] + RENEWAL_PERIOD,
                **_fields(values, categories),
            )
            for values, household in zip(create, households, strict=True)
        ],
        batch_size=1000,
    )
    Through = Application.operators.through
    Through.objects.bulk_create(
        [
            Through(application_id=application.pk, operator_id=operators[name.casefold()].pk)
            for application, values in zip(applications, create, strict=True)
            for name in dict.fromkeys(values["operators"])
        ],
        batch_size=2000,
    )
    # The adult's income is encrypted at rest, as when typed in the form (art. 166/1).
    Person.objects.bulk_create(
        [
            Person(
                application=application, full_name=values["contact_name"], relationship=Person.Relationship.ADULT,
                birth_year=values["birth_year"], yearly_income=str(values["yearly_income"] or 0),
            )
            for application, values in zip(applications, create, strict=True)
        ],
        batch_size=1000,
    )
    if update:
        by_number = {a.register_number: a for a in Application.objects.filter(register_number__in=[v["register_number"] for v in update])}
        changed = []
        for values in update:
            application = by_number[values["register_number"]]
            for name, value in _fields(values, categories).items():
                setattr(application, name, value)
            changed.append(application)
        Application.objects.bulk_update(changed, [*_fields(update[0], categories)], batch_size=1000)


def example() -> list[dict]:
    today = timezone.localdate()
    return [
        {"register_number": 1, "applied_on": (today - timedelta(days=3000)).isoformat(), "household": "Famille Janssens",
         "contact_name": "Els Janssens", "birth_year": 1979, "yearly_income": "28500", "household_size": 3, "adults": 1,
         "category": "A", "status": "active", "operators": ["CLT Brussels"], "current_municipality": "Anderlecht",
         "wished_municipalities": ["Anderlecht", "Forest"], "bedrooms_min": 2, "bedrooms_max": 3, "needs_accessible": False},
        {"register_number": 2, "applied_on": (today - timedelta(days=2000)).isoformat(), "household": "Famille Benali",
         "contact_name": "Karim Benali", "birth_year": 1985, "yearly_income": "34200", "household_size": 4, "adults": 2,
         "category": "B", "status": "active", "operators": ["CLT Brussels"], "current_municipality": "Sint-Jans-Molenbeek",
         "wished_municipalities": ["Molenbeek-Saint-Jean"], "bedrooms_min": 2, "bedrooms_max": 3, "needs_accessible": True},
    ]


REGISTER = Importer(
    key="candidate-register",
    label=gettext_lazy("Register of candidate owners"),
    columns=COLUMNS,
    natural_key=("register_number",),
    perm="candidates.add_application",
    existing=existing,
    write=write,
    example=example,
    check_row=check_row,
    check_file=check_file,
    compared=COMPARED,
    order=10,
)


# --- Owners' deeds (issue 23) -------------------------------------------------------
# The trust's deeds with their price, date and resale formula, and the land
# lease signed with each (start, duration, fee and its period, indexed or
# not): optional as a group, all four or none (policy.check_lease).


def _formula(value: str) -> str:
    wanted = value.strip().casefold()
    for code, label in Deed.Formula.choices:
        names = {code}
        for language in ("fr", "nl", "en"):
            with translation.override(language):
                names.add(str(label).casefold())
                names.add(str(label).split(":")[0].strip().casefold())  # "Index-based", "Indexée"
        if wanted in names:
            return code
    raise Refused(_("Unknown resale formula: “%(value)s”.") % {"value": value})


def _fee_cents(value):
    """The fee, read like the prices (AmountWidget), kept in whole cents as
    the deed keeps it."""
    if value is None:
        return None
    if value != value.quantize(Decimal("0.01")) or abs(value) >= Decimal("1e7"):
        raise Refused(_("The amount must be a number of euros with at most two decimals."))
    return int(value * 100)


def _fee_period(value: str) -> str:
    """"monthly"/"yearly", or their name in French, Dutch or English."""
    if not value:
        return ""
    wanted = value.strip().casefold()
    for code, label in Deed.FeePeriod.choices:
        names = {code}
        for language in ("fr", "nl", "en"):
            with translation.override(language):
                names.add(str(label).casefold())
        if wanted in names:
            return code
    raise Refused(_("Unknown fee period: “%(value)s” (monthly or yearly).") % {"value": value})


def _positive_amount(value):
    if value <= 0:
        raise Refused(_("The price paid must be a positive amount."))
    return value


DEED_COLUMNS = [
    Column("housing_project", gettext_lazy("Housing project (short name)"), TextWidget(), required=True),
    Column("home", gettext_lazy("Home"), TextWidget(), required=True),
    Column("bought_on", gettext_lazy("Bought on"), DayWidget(), required=True, check=past_day),
    Column("owner_email", gettext_lazy("Owner's e-mail"), TextWidget(), required=True, check=an_email),
    Column("price_paid", gettext_lazy("Price paid (€)"), AmountWidget(), required=True, check=_positive_amount),
    Column("formula", gettext_lazy("Resale formula"), TextWidget(), required=True, check=_formula),
    Column("share_percent", gettext_lazy("Owner's share of the increase (%)"), AmountWidget()),
    Column("appraisal_at_purchase", gettext_lazy("Appraised value at purchase (€)"), AmountWidget()),
    Column("index_name", gettext_lazy("Index"), TextWidget()),
    Column("index_at_purchase", gettext_lazy("Index at purchase"), AmountWidget()),
    Column("rate_percent", gettext_lazy("Yearly rate (%)"), AmountWidget()),
    Column("lease_starts_on", gettext_lazy("Land lease starts on"), DayWidget()),
    Column("lease_years", gettext_lazy("Land lease duration (years)"), WholeNumberWidget()),
    Column("lease_fee", gettext_lazy("Land lease fee (€)"), AmountWidget(), check=_fee_cents),
    Column("lease_fee_period", gettext_lazy("Land lease fee paid (monthly or yearly)"), TextWidget(), check=_fee_period),
    Column("lease_fee_indexed", gettext_lazy("Land lease fee indexed (yes/no)"), YesNoWidget()),
]
# Which column a refusal of the lease points at (policy.check_lease's field).
_LEASE_COLUMN = {"starts_on": "lease_starts_on", "years": "lease_years", "fee_cents": "lease_fee",
                 "fee_period": "lease_fee_period"}
DEED_TERMS = ("share_percent", "appraisal_at_purchase", "index_name", "index_at_purchase", "rate_percent")
# Which column a refusal of the deed's terms points at (policy.check_deed_terms).
_TERM_COLUMN = {Deed.Formula.APPRAISAL: "appraisal_at_purchase", Deed.Formula.INDEX: "index_at_purchase",
                Deed.Formula.FIXED_RATE: "rate_percent"}


def _terms(values: dict) -> policy.DeedTerms:
    return policy.DeedTerms(
        formula=values["formula"], price_paid=values["price_paid"], bought_on=values["bought_on"],
        share_percent=values["share_percent"], appraisal_at_purchase=values["appraisal_at_purchase"],
        index_at_purchase=values["index_at_purchase"], rate_percent=values["rate_percent"],
    )


def _lease(values: dict) -> policy.LeaseTerms:
    return policy.LeaseTerms(
        starts_on=values["lease_starts_on"], years=values["lease_years"], fee_cents=values["lease_fee"],
        fee_period=values["lease_fee_period"], indexed=bool(values["lease_fee_indexed"]),
    )


def deeds_check_row(values: dict) -> None:
    try:
        policy.check_deed_terms(_terms(values))
    except policy.ResaleRefusal as refusal:
        raise RowRefusal(_TERM_COLUMN.get(values["formula"], "formula"), refusal.message) from None
    try:
        policy.check_lease(_lease(values), bought_on=values["bought_on"])
    except policy.LeaseRefusal as refusal:
        raise RowRefusal(_LEASE_COLUMN[refusal.field], refusal.message) from None
    # The values another formula would need are not kept (as in record_deed): compared empty.
    for name in DEED_TERMS:
        if name not in _FORMULA_TERMS[values["formula"]]:
            values[name] = "" if name == "index_name" else None


_FORMULA_TERMS = {
    Deed.Formula.APPRAISAL: ("share_percent", "appraisal_at_purchase"),
    Deed.Formula.INDEX: ("index_name", "index_at_purchase"),
    Deed.Formula.FIXED_RATE: ("rate_percent",),
}


def _households_by_email(emails) -> dict[str, int]:
    rows = HouseholdMember.objects.filter(user__email__in={e for e in emails if e}, until__isnull=True).values_list(
        "user__email", "household_id"
    )
    return {email.casefold(): household_id for email, household_id in rows}


def deeds_check_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    homes = set(
        Home.objects.filter(housing_project__slug__in={r["housing_project"] for r in rows}).values_list(
            "housing_project__slug", "label"
        )
    )
    owners = _households_by_email(r["owner_email"] for r in rows)
    refused = []
    for row in rows:
        if (row["housing_project"], row["home"]) not in homes:
            refused.append((row["_line"], "home", _("Unknown home: “%(value)s” in this housing project.") % {"value": row["home"]}))
        elif row["owner_email"] not in owners:
            refused.append((row["_line"], "owner_email", _("Unknown owner: no member has the e-mail “%(value)s”.") % {"value": row["owner_email"]}))
    return refused


def deeds_existing(keys: list[tuple]) -> dict[tuple, dict]:
    found = {}
    for deed in Deed.objects.filter(home__housing_project__slug__in={k[0] for k in keys}).select_related("home__housing_project"):
        found[(deed.home.housing_project.slug, deed.home.label, deed.bought_on)] = {
            "price_paid": deed.price_paid, "formula": deed.formula, "share_percent": deed.share_percent,
            "appraisal_at_purchase": deed.appraisal_at_purchase, "index_name": deed.index_name,
            "index_at_purchase": deed.index_at_purchase, "rate_percent": deed.rate_percent,
            "lease_starts_on": deed.lease_starts_on, "lease_years": deed.lease_years, "lease_fee": deed.lease_fee_cents,
            "lease_fee_period": deed.lease_fee_period, "lease_fee_indexed": deed.lease_fee_indexed,
        }
    return found


def deeds_write(*, create: list[dict], update: list[dict], acting_user) -> None:
    """Each deed through ``services.deeds.record_imported_deed``, oldest first,
    so that each home's chain of owners is built in order."""
    from .services.deeds import record_imported_deed

    rows = sorted(create + update, key=lambda r: r["bought_on"])
    homes = {
        (h.housing_project.slug, h.label): h
        for h in Home.objects.filter(housing_project__slug__in={r["housing_project"] for r in rows}).select_related("housing_project")
    }
    owners = _households_by_email(r["owner_email"] for r in rows)
    households = Household.objects.in_bulk(set(owners.values()))
    for row in rows:
        record_imported_deed(
            acting_user=acting_user, home=homes[(row["housing_project"], row["home"])],
            household=households[owners[row["owner_email"]]], bought_on=row["bought_on"], terms=_terms(row),
            index_name=row["index_name"] or "", lease=_lease(row),
        )


def deeds_example() -> list[dict]:
    bought = (timezone.localdate() - timedelta(days=1500)).isoformat()
    return [
        {"housing_project": "nova", "home": "A1", "bought_on": bought, "owner_email": "els.janssens@example.org",
         "price_paid": "185000,00", "formula": "appraisal", "share_percent": "25", "appraisal_at_purchase": "240000",
         "lease_starts_on": bought, "lease_years": "50", "lease_fee": "15,00", "lease_fee_period": "monthly",
         "lease_fee_indexed": "no"},
        {"housing_project": "nova", "home": "A2", "bought_on": bought, "owner_email": "karim.benali@example.org",
         "price_paid": "172500", "formula": "index", "index_name": "ABEX", "index_at_purchase": "905"},
    ]


DEEDS = Importer(
    key="candidates-deeds",
    label=gettext_lazy("Owners' deeds"),
    columns=DEED_COLUMNS,
    natural_key=("housing_project", "home", "bought_on"),
    perm="candidates.add_deed",
    existing=deeds_existing,
    write=deeds_write,
    example=deeds_example,
    check_row=deeds_check_row,
    check_file=deeds_check_file,
    order=20,
)
