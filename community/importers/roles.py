"""The base's import of roles given to members."""


from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.dataio.importers import (
    Column,
    DayWidget,
    Importer,
    RowRefusal,
    TextWidget,
    an_email,
    past_day,
)

from community.models import (
    Organisation,
    Role,
    RoleAssignment,
    User,
)
from community.services.audit import record_audit
from community.services.roles import assign_role

from ._common import (
    PERM,
    _noon,
    _role,
)

# --- Roles ---------------------------------------------------------------------------

ROLE_COLUMNS = [
    Column("email", gettext_lazy("E-mail address"), TextWidget(), required=True, check=an_email),
    Column("role", gettext_lazy("Role"), TextWidget(), required=True, check=_role),
    Column("organisation", gettext_lazy("On behalf of (organisation)"), TextWidget()),
    Column("since", gettext_lazy("Since"), DayWidget(), check=past_day),
]


def check_role_row(values: dict) -> None:
    values["organisation"] = values["organisation"] or ""
    if values["role"] == Role.ASSOCIATION_PARTNER and not values["organisation"]:
        raise RowRefusal("organisation", _("An association partner acts on behalf of an organisation: choose it."))


def check_role_file(rows: list[dict]) -> list[tuple[int, str, str]]:
    people = set(User.objects.filter(email__in=[r["email"] for r in rows]).values_list("email", flat=True))
    organisations = set(Organisation.objects.filter(name__in=[r["organisation"] for r in rows]).values_list("name", flat=True))
    refused = []
    for row in rows:
        if row["email"] not in people:
            refused.append((row["_line"], "email", _("No member has this e-mail address: import the members first.")))
        elif row["organisation"] and row["organisation"] not in organisations:
            refused.append((row["_line"], "organisation", _("Unknown organisation: “%(value)s”.") % {"value": row["organisation"]}))
    return refused


def existing_roles(keys: list[tuple]) -> dict[tuple, dict]:
    assignments = RoleAssignment.objects.filter(
        user__email__in=[k[0] for k in keys], ended_at__isnull=True
    ).select_related("user", "organisation")
    return {
        (a.user.email, a.role): {"organisation": a.organisation.name if a.organisation else ""}
        for a in assignments
    }


def write_roles(*, create: list[dict], update: list[dict], acting_user) -> None:
    people = {u.email: u for u in User.objects.filter(email__in=[r["email"] for r in [*create, *update]])}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[r["organisation"] for r in [*create, *update]])}
    for row in update:
        RoleAssignment.objects.filter(user=people[row["email"]], role=row["role"], ended_at__isnull=True).update(
            organisation=organisations.get(row["organisation"])
        )
    for row in create:
        assignment = assign_role(user=people[row["email"]], role=row["role"], acting_user=acting_user,
                                 organisation=organisations.get(row["organisation"]))
        if row["since"]:
            RoleAssignment.objects.filter(pk=assignment.pk).update(granted_at=_noon(row["since"]))
    record_audit(actor=acting_user, action="community.roles.imported", created=len(create), updated=len(update))


def example_roles() -> list[dict]:
    since = (timezone.localdate() - timedelta(days=400)).isoformat()
    return [
        {"email": "els.janssens@example.org", "role": "resident", "since": since},
        {"email": "a.dubois@bonnevie.example.org", "role": "association_partner", "organisation": "Maison de quartier Bonnevie",
         "since": since},
    ]


ROLES = Importer(
    key="roles",
    label=gettext_lazy("Roles"),
    columns=ROLE_COLUMNS,
    natural_key=("email", "role"),
    perm=PERM,
    existing=existing_roles,
    write=write_roles,
    example=example_roles,
    check_row=check_role_row,
    check_file=check_role_file,
    compared=("organisation",),
    order=4,
)
