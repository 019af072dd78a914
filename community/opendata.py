"""The base's open dataset: housing projects (registered in apps.ready)."""

from django.utils.translation import gettext_lazy as _
from socle_site.kernel.dataio.exporters import Column, OpenDataset, register_open_dataset

from community.models import HousingProject

PROJECTS = OpenDataset(
    name="projects",
    title=_("Housing projects"),
    description=_("Each housing project of the trust: municipality, stage, number of homes and of community spaces."),
    rows=lambda: HousingProject.objects.order_by("name"),
    order=10,
    columns=(
        Column("slug", _("Identifier"), lambda p: p.slug),
        Column("name", _("Name"), lambda p: p.name),
        Column("municipality", _("Municipality"), lambda p: p.municipality),
        Column("postal_code", _("Postal code"), lambda p: p.postal_code),
        Column("status", _("Stage"), lambda p: p.get_status_display()),
        Column("homes", _("Homes"), lambda p: p.homes_count),
        Column("community_spaces", _("Community spaces"), lambda p: p.community_spaces_count),
    ),
)


def register() -> None:
    register_open_dataset(PROJECTS)
