"""Supporting documents: uploaded encrypted, reviewed by the register's staff."""


from django.db import transaction
from django.utils.translation import gettext as _
from socle_site.kernel.crypto import encrypt_bytes
from socle_site.kernel.uploads import DOCUMENTS, UploadRefusal, prepare_upload

from community.models import User
from community.services.audit import record_audit

from .. import selectors
from ..models import (
    Application,
    Person,
    SupportingDocument,
)
from ._common import MAX_DOCUMENT_SIZE, CandidacyRefusal
from .candidacies import _refresh_status, _require_staff


def _check_document(upload):
    # The one upload check of Socle: type read from the bytes, size limited;
    # a phone's HEIC photo of a document is kept as the JPEG it is converted to.
    try:
        upload, checked = prepare_upload(upload, allowed=DOCUMENTS, max_size=MAX_DOCUMENT_SIZE)
        return upload, checked.content_type
    except UploadRefusal as refusal:
        raise CandidacyRefusal(refusal.message) from refusal


@transaction.atomic
def upload_document(*, acting_user: User, person: Person, kind: str, upload) -> SupportingDocument:
    application = person.application
    if not (selectors.is_member_of(acting_user, application) or selectors.staffs(acting_user, application)):
        raise CandidacyRefusal(_("This candidacy is not yours."))
    if not application.is_open:
        raise CandidacyRefusal(_("This candidacy is closed: documents can no longer be added."))
    if kind not in SupportingDocument.Kind.values:
        raise CandidacyRefusal(_("Choose the kind of document."))
    upload, content_type = _check_document(upload)
    data = upload.read()
    document = SupportingDocument.objects.create(
        person=person,
        kind=kind,
        filename=upload.name[-200:],
        content_type=content_type,
        size=len(data),
        encrypted_content=encrypt_bytes(data),
    )
    record_audit(actor=acting_user, action="candidacy.document_uploaded", target=application, document=document.pk)
    return document



@transaction.atomic
def review_document(*, acting_user: User, document: SupportingDocument, validated: bool, note: str = "") -> SupportingDocument:
    application = Application.objects.select_for_update().get(pk=document.person.application_id)
    _require_staff(acting_user, application)
    if not validated and not note.strip():
        raise CandidacyRefusal(_("Say why the document is rejected: the household will read it."))
    document.status = SupportingDocument.Status.VALIDATED if validated else SupportingDocument.Status.REJECTED
    document.reviewed_by = acting_user
    document.review_note = note.strip()[:300]
    document.save(update_fields=["status", "reviewed_by", "review_note"])
    record_audit(actor=acting_user, action="candidacy.document_reviewed", target=application, document=document.pk, validated=validated, note=document.review_note)
    _refresh_status(application)
    return document
