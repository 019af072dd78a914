"""The trust's register of candidate owners, imported from its spreadsheet
(issue 23): each candidacy keeps its register number (the natural key) and
its original application date, so the legal order (art. 134/2) is exactly the
file's. Registered with ``socle_site.kernel.dataio.importers`` when the app
loads."""

from datetime import datetime, time, timedelta

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
    known_municipality,
    past_day,
)

from community.models import Household

from .models import RENEWAL_PERIOD, Application, IncomeCategory, Operator, Person
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
