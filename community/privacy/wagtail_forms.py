"""The editors' uploads in Wagtail go through the project's one upload
check: a document's bytes must be what its extension says, within a size
limit. (Images: Wagtail itself reads the format from the bytes and applies
WAGTAILIMAGES_EXTENSIONS and WAGTAILIMAGES_MAX_UPLOAD_SIZE.)"""

import os

from django import forms
from socle_site.kernel.uploads import UploadRefusal, check_upload
from wagtail.documents.forms import BaseDocumentForm

DOCUMENT_MAX_SIZE = 20 * 1024 * 1024
# What each allowed extension (WAGTAILDOCS_EXTENSIONS) must contain.
CONTENT_OF_EXTENSION = {
    "pdf": "application/pdf",
    "docx": "application/zip",
    "xlsx": "application/zip",
    "odt": "application/zip",
    "ods": "application/zip",
    "csv": "text/plain",
    "txt": "text/plain",
}


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Editing a document without a new file keeps the stored one.
        if upload is None or not hasattr(upload, "content_type"):
            return upload
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        expected = CONTENT_OF_EXTENSION.get(extension)
        if expected is None:
            return upload  # Wagtail refuses extensions outside WAGTAILDOCS_EXTENSIONS
        try:
            check_upload(upload, allowed=(expected,), max_size=DOCUMENT_MAX_SIZE)
        except UploadRefusal as refusal:
            raise forms.ValidationError(refusal.message, code="invalid_upload") from refusal
        return upload
