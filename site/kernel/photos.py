"""Photos people upload (a ticket's, a room's) are re-encoded before they are kept:
turned upright, shrunk, and stripped of their metadata (issue 24).

Why: a phone writes into every photo its EXIF data — often the GPS position where it
was taken (a resident's home), the device and the time. Nobody asked to publish that,
and the GDPR's data minimisation (art. 5.1.c) says not to keep it. Pillow reads the
image, applies its EXIF orientation (``ImageOps.exif_transpose``, or the photo would
show sideways once the tag is gone), shrinks it to fit ``MAX_SIDE`` and writes it again
with no EXIF, XMP, ICC profile or comment. Only the pixels remain.

This is its own step, called after the one upload check (``socle_site.kernel.uploads``)
has read the type from the bytes: other conversions (another format into JPEG) come
before it in the same path without touching it.
"""

from __future__ import annotations

import io
import warnings

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from socle_site.kernel.uploads import UploadRefusal

# Long side in pixels: enough to read a crack or a meter on a phone or a screen, far
# smaller than a phone camera's 4000+ pixels.
MAX_SIDE = 1600
JPEG_QUALITY = 85
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def strip_and_shrink(upload, *, max_side: int = MAX_SIDE) -> tuple[ContentFile, str]:
    """The photo again, upright, at most ``max_side`` pixels on its long side, without
    metadata; with its content type. Raises UploadRefusal for what Pillow cannot read."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, on decompression bombs: refuse at the warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as original:
                kind = original.format
                if kind not in FORMATS:
                    raise UploadRefusal(_("This image cannot be read: send a JPEG or PNG photo."))
                image = ImageOps.exif_transpose(original)
                image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError, SyntaxError):
        raise UploadRefusal(_("This image cannot be read: send a JPEG or PNG photo.")) from None
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # Keep only what drawing needs (a palette's transparency), never EXIF, XMP, ICC or comments.
    image.info = {key: value for key, value in image.info.items() if key in ("transparency",)}
    out = io.BytesIO()
    if kind == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=JPEG_QUALITY)
    else:
        image.save(out, kind, optimize=True)
    name = getattr(upload, "name", None) or "photo"
    return ContentFile(out.getvalue(), name=name.rsplit("/", 1)[-1]), FORMATS[kind]
