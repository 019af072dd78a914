"""The one check every upload goes through: the type is read from the bytes
(never the name or the browser's word) and the size is limited."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.refusals import Refusal

DEFAULT_MAX_SIZE = 5 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
    # Office documents (docx, xlsx, odt, ods) are ZIP archives.
    b"PK\x03\x04": "application/zip",
}
DOCUMENTS = ("application/pdf", "image/png", "image/jpeg")
IMAGES = ("image/png", "image/jpeg", "image/gif", "image/webp")


class UploadRefusal(Refusal):
    pass


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head and b"\x00" not in head and _is_text(head):
        return "text/plain"
    return None


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


NAMES = {"application/zip": gettext_lazy("office document"), "text/plain": gettext_lazy("text"), "application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP"}


def _type_names(allowed: tuple[str, ...]) -> str:
    names = [str(NAMES.get(t, t)) for t in allowed]
    if len(names) == 1:
        return names[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _megabytes(size: int) -> str:
    if size % (1024 * 1024) == 0:
        return _("%(n)s MB") % {"n": size // (1024 * 1024)}
    return filesizeformat(size)


@dataclass(frozen=True)
class Checked:
    content_type: str
    size: int


def check_upload(upload, *, allowed: tuple[str, ...] = DOCUMENTS, max_size: int = DEFAULT_MAX_SIZE) -> Checked:
    """Raises UploadRefusal (translated) for a missing, empty, too big or
    wrongly typed file; returns the sniffed type and size."""
    if upload is None:
        raise UploadRefusal(_("Choose a file."))
    size = getattr(upload, "size", None)
    if not size:
        raise UploadRefusal(_("The file is empty."))
    if size > max_size:
        raise UploadRefusal(_("The file is larger than %(size)s.") % {"size": _megabytes(max_size)})
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    content_type = sniff(head)
    if content_type not in allowed:
        raise UploadRefusal(_("Send a %(types)s file.") % {"types": _type_names(allowed)})
    return Checked(content_type, size)


@deconstructible
class UploadValidator:
    """The same check as a form or model field validator."""

    def __init__(self, allowed: tuple[str, ...] = DOCUMENTS, max_size: int = DEFAULT_MAX_SIZE):
        self.allowed = tuple(allowed)
        self.max_size = max_size

    def __call__(self, upload):
        try:
            check_upload(upload, allowed=self.allowed, max_size=self.max_size)
        except UploadRefusal as refusal:
            raise ValidationError(refusal.message, code="invalid_upload") from refusal

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.allowed, self.max_size) == (other.allowed, other.max_size)
