"""A ticket photo taken on a phone (HEIC) is kept as a JPEG (issue 26)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from coownership import services
from tests.site.test_phone_photos import heic_photo

from .conftest import fresh


def test_a_ticket_photo_from_a_phone_is_stored_as_jpeg(setup):
    ticket = services.report_ticket(
        acting_user=fresh(setup.tenant), building=setup.building, title="Leak", location="Cellar",
        description="Water on the floor", photos=[SimpleUploadedFile("IMG_0044.HEIC", heic_photo())],
    )
    stored = ticket.photos.get().file
    assert stored.content_type == "image/jpeg" and stored.filename == "IMG_0044.jpg"
    assert bytes(stored.content)[:3] == b"\xff\xd8\xff"
