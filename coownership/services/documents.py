"""The building's documents."""


from django.db import transaction
from django.utils.translation import gettext as _

from community.models import User
from community.services.audit import record_audit

from ..errors import CoownershipRefusal
from ..models import (
    Building,
    BuildingDocument,
)
from ._common import DOCUMENT_TYPES, MAX_DOCUMENT_SIZE, _require, _store

# --- Documents -------------------------------------------------------------------------------


@transaction.atomic
def upload_document(*, acting_user: User | None, building: Building, kind: str, title: str, upload) -> BuildingDocument:
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if kind not in BuildingDocument.Kind.values:
        raise CoownershipRefusal(_("Choose a kind of document."))
    title = (title or "").strip()
    if not title:
        raise CoownershipRefusal(_("Give the document a title."))
    stored = _store(upload, allowed=DOCUMENT_TYPES, max_size=MAX_DOCUMENT_SIZE)
    document = BuildingDocument.objects.create(building=building, kind=kind, title=title[:200], file=stored,
                                               uploaded_by=acting_user)
    record_audit(actor=acting_user, action="coownership.upload_document", target=document)
    return document
