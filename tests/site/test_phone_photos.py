"""Phone photos (issue 26): a HEIC/HEIF upload is converted to JPEG by the one
upload check, or refused with a message the person can act on."""

import io

import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from socle_site.kernel.uploads import DOCUMENTS, HEIF, UploadRefusal, prepare_upload, sniff


def heic_photo(width: int = 64, height: int = 48) -> bytes:
    """A real HEIC file, as an iPhone sends it (made here with pillow-heif)."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, quality=60)
    return out.getvalue()


BROKEN_HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def test_a_heic_photo_is_converted_to_a_jpeg_of_the_same_picture():
    data = heic_photo()
    assert sniff(data[:16]) == HEIF
    upload, checked = prepare_upload(SimpleUploadedFile("IMG_0042.HEIC", data), allowed=DOCUMENTS)
    assert checked.content_type == "image/jpeg" and upload.name == "IMG_0042.jpg"
    upload.seek(0)
    with Image.open(upload) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        red, green, blue = image.getpixel((32, 24))
        assert red > 150 and green < 100 and blue < 100


def test_a_heic_is_refused_where_no_photo_is_accepted():
    with translation.override("en"), pytest.raises(UploadRefusal, match="Send a PDF file"):
        prepare_upload(SimpleUploadedFile("scan.heic", heic_photo()), allowed=("application/pdf",))


@pytest.mark.parametrize(("language", "message"), [
    ("en", "This phone photo (HEIC format) could not be read."),
    ("fr", "Cette photo de téléphone (format HEIC) n’a pas pu être lue."),
    ("nl", "Deze telefoonfoto (HEIC-formaat) kon niet worden gelezen."),
])
def test_a_heic_that_cannot_be_read_is_refused_in_the_persons_language(language, message):
    with translation.override(language), pytest.raises(UploadRefusal) as refused:
        prepare_upload(SimpleUploadedFile("IMG_0043.heic", BROKEN_HEIC), allowed=DOCUMENTS)
    assert refused.value.message.startswith(message)
