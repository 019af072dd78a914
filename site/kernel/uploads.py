"""The one check every upload goes through: the type is read from the bytes
(never the name or the browser's word) and the size is limited."""

import io
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
# Phones (iPhones by default) take photos as HEIC/HEIF: an ISO box "ftyp"
# naming one of these brands. They are converted to JPEG (prepare_upload).
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
HEIF = "image/heif"
# A converted photo keeps at most this many pixels on its longer side: enough
# for any screen or print in the portal, and a JPEG of a few hundred kB.
CONVERTED_MAX_SIDE = 3000
IMAGES = ("image/png", "image/jpeg", "image/gif", "image/webp")


class UploadRefusal(Refusal):
    pass


def sniff(head: bytes) -> str | None:
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return HEIF
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


NAMES = {HEIF: "HEIC", "application/zip": gettext_lazy("office document"), "text/plain": gettext_lazy("text"), "application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP"}


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


def _as_jpeg(upload):
    """The HEIC/HEIF photo as a JPEG file (turned upright, colours kept, at
    most CONVERTED_MAX_SIDE pixels on its longer side), or UploadRefusal."""
    import pillow_heif
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageOps

    pillow_heif.register_heif_opener()
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((CONVERTED_MAX_SIDE, CONVERTED_MAX_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    except Exception:  # noqa: BLE001 — any decoder failure is the same refusal for the person
        raise UploadRefusal(_(
            "This phone photo (HEIC format) could not be read. Save it as JPEG "
            "(on an iPhone: Settings, Camera, Formats, Most Compatible) and send it again."
        )) from None
    stem = (getattr(upload, "name", "") or "photo").rsplit(".", 1)[0] or "photo"
    return SimpleUploadedFile(f"{stem}.jpg", out.getvalue(), content_type="image/jpeg")


def prepare_upload(upload, *, allowed: tuple[str, ...] = DOCUMENTS, max_size: int = DEFAULT_MAX_SIZE):
    """check_upload, where a phone's HEIC/HEIF photo is first converted to
    JPEG when JPEG is accepted. Returns the file to store (the upload itself,
    or the converted JPEG) and what was checked of it."""
    if upload is not None and "image/jpeg" in allowed and getattr(upload, "size", 0):
        if getattr(upload, "size", 0) > max_size:
            raise UploadRefusal(_("The file is larger than %(size)s.") % {"size": _megabytes(max_size)})
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        head = upload.read(16)
        upload.seek(position)
        if sniff(head) == HEIF:
            upload = _as_jpeg(upload)
    return upload, check_upload(upload, allowed=allowed, max_size=max_size)
