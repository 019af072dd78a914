"""What the register's staff export (registered in apps.ready)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.dataio.exporters import Column, Exporter, OpenDataset

from . import selectors
from .models import Application


def register_number(application: Application) -> int:
    # The register's own number (issue 23 §1), kept from an imported register.
    return application.register_number


def _flags(application: Application) -> str:
    flags = []
    if application.needs_accessible:
        flags.append(str(_("needs an accessible home")))
    return ", ".join(flags)


def register_rows(user, _target, _params):
    """The register the user's operators see, in its legal order
    (art. 134/2: chronological order), as the register page lists it."""
    return selectors.register_for(user)


def register_subjects(rows):
    """The members with an account of the households in the file."""
    return get_user_model().objects.filter(
        household_memberships__household__in=[a.household_id for a in rows],
        household_memberships__until__isnull=True,
    ).distinct()


REGISTER = Exporter(
    name="candidates.register",
    title=_("Register of candidate owners"),
    description=_("Every candidacy your operators see, in the order of the register (chronological order of application, art. 134/2 of the Brussels Housing Code)."),
    perm="candidates.view_register",
    refusal=_("Only the register staff of a housing operator see the register."),
    rows=register_rows,
    personal_data=True,
    subjects=register_subjects,
    columns=(
        Column("number", _("Register number"), register_number),
        Column("applied_on", _("Applied on"), lambda a: a.submitted_at),
        Column("household", _("Household"), lambda a: a.household.name, default=False),
        Column("household_size", _("Household size"), lambda a: a.household_size),
        Column("adults", _("Adults"), lambda a: a.adults, default=False),
        Column("category", _("Income category"), lambda a: a.category.code if a.category_id else ""),
        Column("municipality", _("Current municipality"), lambda a: a.current_municipality),
        Column("wished", _("Wished municipalities"), lambda a: ", ".join(a.wished_municipalities or []), default=False),
        Column("priorities", _("Priority flags"), _flags),
        Column("bedrooms", _("Bedrooms"), lambda a: f"{a.bedrooms_min}–{a.bedrooms_max}", default=False),
        Column("status", _("Status"), lambda a: a.get_status_display()),
        Column("channel", _("Channel"), lambda a: a.get_channel_display(), default=False),
        Column("renew_by", _("Renew by"), lambda a: a.renew_by, default=False),
    ),
)


def _figures_rows(_user, _target, _params):
    figures = selectors.anonymised_figures()
    names = {"category": _("Income category"), "size": _("Household size"), "waiting": _("Waiting time")}
    return [(str(names[key]), label, count) for key, rows in figures.items() for label, count in rows]


FIGURES = Exporter(
    name="candidates.figures",
    title=_("Anonymised figures of the register"),
    description=_("Active candidacies by income category, household size and waiting time; groups of fewer than five households are left empty."),
    perm="candidates.view_register",
    refusal=_("Only the register staff of a housing operator see the register."),
    rows=_figures_rows,
    public_figures=True,
    columns=(
        Column("dimension", _("By"), lambda r: r[0]),
        Column("group", _("Group"), lambda r: r[1]),
        Column("count", _("Active candidacies"), lambda r: r[2]),
    ),
)




# --- Open data -------------------------------------------------------------------
def _home_rows():
    from .models import Home

    return Home.objects.select_related("housing_project", "operator").order_by("housing_project__name", "bedrooms", "pk")


HOMES = OpenDataset(
    name="homes",
    title=_("Homes"),
    description=_("Each home of the trust: its project, municipality, bedrooms, floor area and accessibility; never who lives there."),
    rows=_home_rows,
    order=20,
    columns=(
        Column("project", _("Housing project"), lambda h: h.housing_project.name),
        Column("municipality", _("Municipality"), lambda h: h.housing_project.municipality),
        Column("operator", _("Operator"), lambda h: h.operator.name),
        Column("bedrooms", _("Bedrooms"), lambda h: h.bedrooms),
        Column("floor_area", _("Floor area (m²)"), lambda h: h.floor_area),
        Column("accessible", _("Accessible"), lambda h: h.is_accessible),
        Column("resale", _("Resale"), lambda h: h.is_resale),
    ),
)

REGISTER_FIGURES = OpenDataset(
    name="register-figures",
    title=_("The register in figures"),
    description=_("Active candidacies by income category, household size and waiting time. A group of fewer than five households is left empty, so that nobody can be recognised."),
    rows=lambda: _figures_rows(None, None, {}),
    order=30,
    columns=FIGURES.columns,
)


def register() -> None:
    from socle_site.kernel.dataio.exporters import register_exporter, register_open_dataset

    register_exporter(REGISTER)
    register_exporter(FIGURES)
    register_open_dataset(HOMES)
    register_open_dataset(REGISTER_FIGURES)
