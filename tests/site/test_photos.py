"""Uploaded photos come back upright, shrunk and without EXIF data (issue 24)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, TiffImagePlugin
from socle_site.kernel.photos import MAX_SIDE, strip_and_shrink
from socle_site.kernel.uploads import UploadRefusal

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_photo(size=(4000, 3000), orientation=6, fmt="JPEG") -> SimpleUploadedFile:
    """A photo as a phone writes it: GPS position (Brussels), camera, orientation 6
    (stored sideways, shown rotated 90° clockwise)."""
    image = Image.new("RGB", size, "white")
    image.paste((200, 0, 0), (0, 0, size[0] // 4, size[1] // 4))  # a red corner, top left as stored
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (TiffImagePlugin.IFDRational(50), TiffImagePlugin.IFDRational(50), TiffImagePlugin.IFDRational(0)),
                     3: "E", 4: (TiffImagePlugin.IFDRational(4), TiffImagePlugin.IFDRational(21), TiffImagePlugin.IFDRational(0))}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    name = "IMG_0001.jpg" if fmt == "JPEG" else "IMG_0001.png"
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg" if fmt == "JPEG" else "image/png")


def reopen(content) -> Image.Image:
    content.seek(0)
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_photo_with_gps_data_comes_back_without_it_upright_and_shrunk(fmt):
    upload = phone_photo(fmt=fmt)
    before = Image.open(io.BytesIO(upload.read()))
    assert before.getexif().get_ifd(GPS_IFD), "the test photo carries a GPS position"
    content, content_type = strip_and_shrink(upload)
    after = reopen(content)
    assert content_type == ("image/jpeg" if fmt == "JPEG" else "image/png")
    assert not after.getexif() and "exif" not in after.info and b"GPS" not in content.read()
    # Orientation 6 applied: the 4000×3000 stored image stands 3000×4000, shrunk to fit.
    assert after.size == (MAX_SIDE * 3 // 4, MAX_SIDE)
    # The red corner, top left as stored, is top right once turned upright.
    assert after.getpixel((after.width - 10, 10))[0] > 150 and after.getpixel((10, 10))[1] > 200


def test_a_small_photo_keeps_its_size():
    content, _ = strip_and_shrink(phone_photo(size=(640, 480), orientation=1))
    assert reopen(content).size == (640, 480)


def test_what_pillow_cannot_read_is_refused_with_a_message():
    broken = SimpleUploadedFile("x.jpg", b"\xff\xd8\xff" + b"\x00" * 64, content_type="image/jpeg")
    for language, message in [("en", "This image cannot be read: send a JPEG or PNG photo."),
                              ("nl", "Deze afbeelding kan niet gelezen worden: stuur een JPEG- of PNG-foto.")]:
        with translation.override(language), pytest.raises(UploadRefusal) as refused:
            strip_and_shrink(broken)
        assert refused.value.message == message
