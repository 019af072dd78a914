"""The base's import of the General Assembly's colleges."""


from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.dataio.importers import (
    Column,
    Importer,
    Refused,
    TextWidget,
    WholeNumberWidget,
)

from community.models import (
    College,
)
from community.services.audit import record_audit

from ._common import PERM

# --- Colleges ------------------------------------------------------------------------


def _code(value: str) -> str:
    from django.utils.text import slugify

    code = slugify(value).replace("-", "_")
    if not code:
        raise Refused(_("A college's code is made of letters, digits and underscores."))
    return code


COLLEGE_COLUMNS = [
    Column("code", gettext_lazy("Code"), TextWidget(), required=True, check=_code),
    Column("name", gettext_lazy("Name"), TextWidget(), required=True),
    Column("order", gettext_lazy("Order"), WholeNumberWidget()),
    Column("description", gettext_lazy("Description"), TextWidget()),
]


def existing_colleges(keys: list[tuple]) -> dict[tuple, dict]:
    return {
        (c.code,): {"name": c.name, "order": c.order, "description": c.description}
        for c in College.objects.filter(code__in=[k[0] for k in keys])
    }


def check_college_row(values: dict) -> None:
    values["order"] = values["order"] or 0
    values["description"] = values["description"] or ""


def write_colleges(*, create: list[dict], update: list[dict], acting_user) -> None:
    for row in [*create, *update]:
        College.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "order": row["order"], "description": row["description"]}
        )
    record_audit(actor=acting_user, action="community.colleges.imported", created=len(create), updated=len(update))


COLLEGES = Importer(
    key="colleges",
    label=gettext_lazy("Colleges"),
    columns=COLLEGE_COLUMNS,
    natural_key=("code",),
    perm=PERM,
    existing=existing_colleges,
    write=write_colleges,
    example=lambda: [
        {"code": "residents", "name": "Habitants", "order": 1},
        {"code": "civil_society", "name": "Société civile", "order": 2},
        {"code": "public_authorities", "name": "Pouvoirs publics", "order": 3},
    ],
    check_row=check_college_row,
    order=3,
)
