"""The room's manager edits its details and photos in the portal; others cannot;
uploads are checked by content and size; the room page shows the photos in one query."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from events.errors import BookingRefusal
from events.models import Room, RoomPhoto
from events.services import room_management
from tests.refusals import assert_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(name="room.png", content_type="image/png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def test_manager_edits_details_in_the_portal(setup, client_of):
    url = f"/en/rooms/{setup.room.slug}/manage/"
    response = client_of(setup.manager).post(url, {"description": "Big room", "capacity": "45", "equipment": "Kitchen, 40 chairs", "accessibility": "Step-free", "house_rules": "No noise after 22:00"}, follow=True)
    assert "The room&#x27;s details are saved." in response.content.decode() or "details are saved" in response.content.decode()
    room = Room.objects.get(pk=setup.room.pk)
    assert (room.capacity, room.equipment, room.accessibility, room.house_rules) == (45, "Kitchen, 40 chairs", "Step-free", "No noise after 22:00")
    page = client_of(setup.resident).get(f"/en/rooms/{room.slug}/").content.decode()
    assert "Kitchen, 40 chairs" in page and "No noise after 22:00" in page and "45 people" in page


@pytest.mark.parametrize("who", ["resident", "partner", "stranger"])
def test_others_may_not_manage(setup, client_of, who):
    user = getattr(setup, who)
    assert_not_found(client_of(user).get(f"/en/rooms/{setup.room.slug}/manage/"))
    assert_not_found(client_of(user).post(f"/en/rooms/{setup.room.slug}/manage/", {"capacity": "2"}))
    assert_not_found(client_of(user).post(f"/en/rooms/{setup.room.slug}/photos/", {"alt_text": "x", "image": png()}))
    with pytest.raises(BookingRefusal, match="Only the room's manager"):
        room_management.update_room_details(acting_user=user, room=setup.room, capacity=2)
    assert Room.objects.get(pk=setup.room.pk).capacity == 30 and not RoomPhoto.objects.exists()


def test_bad_capacity_is_a_form_error(setup, client_of):
    response = client_of(setup.manager).post(f"/en/rooms/{setup.room.slug}/manage/", {"capacity": "-3"})
    assert response.status_code == 200 and Room.objects.get(pk=setup.room.pk).capacity == 30
    with pytest.raises(BookingRefusal, match="between 1 and 1000"):
        room_management.update_room_details(acting_user=setup.manager, room=setup.room, capacity=0)


def test_photo_with_alt_text_shown_on_the_room_page_and_removed(setup, client_of):
    client = client_of(setup.manager)
    response = client.post(f"/en/rooms/{setup.room.slug}/photos/", {"alt_text": "The kitchen and its long table", "image": png()}, follow=True)
    assert "The photo is added." in response.content.decode()
    photo = RoomPhoto.objects.get()
    page = client_of(setup.resident).get(f"/en/rooms/{setup.room.slug}/").content.decode()
    assert 'alt="The kitchen and its long table"' in page and photo.image.url in page
    client.post(f"/en/rooms/{setup.room.slug}/photos/{photo.pk}/remove/")
    assert not RoomPhoto.objects.exists()


def gif():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")
    return SimpleUploadedFile("room.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "alt", "message"),
    [
        (lambda: png(), "  ", "Describe the photo"),
        # The bytes decide, never the name or the browser's word.
        (lambda: SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png"), "x", "Send a JPEG, PNG or WebP file."),
        (lambda: SimpleUploadedFile("x.jpg", b"%PDF-1.7 not a photo", content_type="image/jpeg"), "x", "Send a JPEG, PNG or WebP file."),
        (gif, "x", "Send a JPEG, PNG or WebP file."),
        (lambda: SimpleUploadedFile("x.png", b"", content_type="image/png"), "x", "The file is empty."),
        (lambda: SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), content_type="image/png"), "x", "larger than 5 MB"),
    ],
)
def test_uploads_go_through_the_one_upload_check(setup, upload, alt, message):
    with pytest.raises(BookingRefusal, match=message):
        room_management.add_room_photo(acting_user=setup.manager, room=setup.room, image=upload(), alt_text=alt)
    assert not RoomPhoto.objects.exists()


def test_photo_type_comes_from_the_bytes_not_the_browser(setup):
    photo = room_management.add_room_photo(acting_user=setup.manager, room=setup.room, image=png(name="room.gif", content_type="image/gif"), alt_text="x")
    assert photo.image.name.endswith(".png")


def test_too_big_and_missing_alt_text_through_the_page(setup, client_of, monkeypatch):
    monkeypatch.setattr(room_management, "PHOTO_MAX_BYTES", 10)
    response = client_of(setup.manager).post(f"/en/rooms/{setup.room.slug}/photos/", {"alt_text": "A photo", "image": png()}, follow=True)
    assert "The file is larger than" in response.content.decode()
    response = client_of(setup.manager).post(f"/en/rooms/{setup.room.slug}/photos/", {"image": png()}, follow=True)
    assert response.status_code == 200 and not RoomPhoto.objects.exists()


def test_room_page_queries_do_not_grow_with_photos(setup, client_of):
    client = client_of(setup.resident)
    url = f"/en/rooms/{setup.room.slug}/"

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    room_management.add_room_photo(acting_user=setup.manager, room=setup.room, image=png(), alt_text="One")
    count()
    count()  # per-process and per-session caches are filled by now
    one = count()
    for n in range(5):
        room_management.add_room_photo(acting_user=setup.manager, room=setup.room, image=png(), alt_text=f"More {n}")
    assert count() == one


def test_a_room_photo_is_kept_upright_shrunk_and_without_its_gps_position(setup):
    from socle_site.kernel.photos import MAX_SIDE

    from tests.site.test_photos import GPS_IFD, phone_photo

    photo = room_management.add_room_photo(acting_user=setup.manager, room=setup.room, image=phone_photo(), alt_text="The hall")
    photo.image.open()
    kept = Image.open(photo.image)
    assert photo.image.name.endswith(".jpg") and kept.size == (MAX_SIDE * 3 // 4, MAX_SIDE)
    assert not kept.getexif().get_ifd(GPS_IFD) and not kept.getexif()
    photo.image.close()
