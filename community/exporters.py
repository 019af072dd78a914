"""The base's own export: members and their households, for staff
(registered in apps.ready)."""

from django.utils.translation import gettext_lazy as _
from socle_site.kernel.dataio.exporters import Column, Exporter, register_exporter

from community.models import HouseholdMember


def member_rows(_user, _target, _params):
    return (
        HouseholdMember.objects.select_related("household", "user")
        .order_by("household__name", "household_id", "since", "pk")
    )


def member_subjects(rows):
    return [m.user for m in rows if m.user_id]


MEMBERS = Exporter(
    name="community.members",
    title=_("Members and households"),
    description=_("Every household with its members (past ones with the day they left), their contact details and language."),
    perm="community.manage_people",
    refusal=_("Only the staff export members and households."),
    rows=member_rows,
    personal_data=True,
    subjects=member_subjects,
    columns=(
        Column("household", _("Household"), lambda m: m.household.name),
        Column("address", _("Address"), lambda m: m.household.address),
        Column("postal_code", _("Postal code"), lambda m: m.household.postal_code),
        Column("municipality", _("Municipality"), lambda m: m.household.municipality),
        Column("member", _("Member"), lambda m: m.full_name),
        Column("relationship", _("Relationship"), lambda m: m.get_relationship_display()),
        Column("since", _("Since"), lambda m: m.since),
        Column("until", _("Until"), lambda m: m.until),
        Column("email", _("E-mail"), lambda m: m.user.email if m.user_id else ""),
        Column("phone", _("Phone"), lambda m: m.user.phone if m.user_id else ""),
        Column("language", _("Language"), lambda m: m.user.language if m.user_id else "", default=False),
    ),
)


def register() -> None:
    register_exporter(MEMBERS)
