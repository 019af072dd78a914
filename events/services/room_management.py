"""Rooms run by their manager in the portal: details, photos, opening
hours and closures."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from socle_site.kernel.photos import strip_and_shrink
from socle_site.kernel.uploads import UploadRefusal, prepare_upload

from community.models import User
from community.services.audit import record_audit

from .. import policy
from ..errors import BookingRefusal
from ..models import (
    AvailabilityWindow,
    Closure,
    Room,
    RoomPhoto,
)
from .availability import require
from .bookings import cancel_occurrence

ROOM_DETAIL_FIELDS = ("description", "capacity", "equipment", "accessibility", "house_rules")


PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


PHOTO_MAX_BYTES = 5 * 1024 * 1024


def update_room_details(*, acting_user: User, room: Room, **details) -> Room:
    """The room's manager describes it: capacity, equipment, accessibility, house rules."""
    require(acting_user, "events.manage_room", room, _("Only the room's manager may change its details."))
    unknown = set(details) - set(ROOM_DETAIL_FIELDS)
    if unknown:
        raise ValueError(unknown)
    capacity = details.get("capacity", room.capacity)
    if not isinstance(capacity, int) or not 1 <= capacity <= 1000:
        raise BookingRefusal(_("The capacity is a number of people between 1 and 1000."))
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=room.pk)
        for name, value in details.items():
            setattr(room, name, value.strip() if isinstance(value, str) else value)
        room.save(update_fields=list(details))
        record_audit(actor=acting_user, action="events.room_updated", target=room, fields=sorted(details))
    return room


def add_room_photo(*, acting_user: User, room: Room, image, alt_text: str) -> RoomPhoto:
    """A photo of the room, with the text read to people who cannot see it.
    Checked by the project's one upload check: the type read from the bytes
    (JPEG, PNG or WebP), at most 5 MB."""
    require(acting_user, "events.manage_room", room, _("Only the room's manager may change its details."))
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise BookingRefusal(_("Describe the photo for people who cannot see it."))
    try:
        # A phone's HEIC photo becomes the JPEG it is converted to, then is kept upright,
        # shrunk and without EXIF (a phone's GPS position).
        image, _checked = prepare_upload(image, allowed=PHOTO_TYPES, max_size=PHOTO_MAX_BYTES)
        image, content_type = strip_and_shrink(image)
    except UploadRefusal as refusal:
        raise BookingRefusal(refusal.message) from None
    with transaction.atomic():
        order = (room.photos.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        photo = RoomPhoto(room=room, alt_text=alt_text[:250], order=order)
        photo.image.save(f"{room.slug}-{order}.{PHOTO_EXTENSIONS[content_type]}", image, save=False)
        photo.save()
        record_audit(actor=acting_user, action="events.room_photo_added", target=room, photo=photo.pk)
    return photo


def remove_room_photo(*, acting_user: User, photo: RoomPhoto) -> None:
    require(acting_user, "events.manage_room", photo.room, _("Only the room's manager may change its details."))
    with transaction.atomic():
        RoomPhoto.objects.filter(pk=photo.pk).delete()
        record_audit(actor=acting_user, action="events.room_photo_removed", target=photo.room, photo=photo.pk)
    photo.image.delete(save=False)


def set_opening_hours(*, acting_user: User, room: Room, windows: list[policy.Window]) -> list[AvailabilityWindow]:
    """Replace the room's weekly windows (who may book when, at once or on
    request) as a whole; refused with every problem, and then nothing changes.
    Bookings already made stay: the windows decide only new requests."""
    require(acting_user, "events.manage_room", room, _("Only the room's manager may change its opening hours."))
    allowed = {value for value, _label in AvailabilityWindow._meta.get_field("audience").choices}
    if any(w.audience not in allowed or not 0 <= w.weekday <= 6 for w in windows):
        raise BookingRefusal(_("Choose a day and an audience for each slot."))
    problems = policy.window_problems(windows)
    if problems:
        raise BookingRefusal(" ".join(problems))
    with transaction.atomic():
        Room.objects.select_for_update().filter(pk=room.pk).first()
        AvailabilityWindow.objects.filter(room=room).delete()
        created = AvailabilityWindow.objects.bulk_create(
            [AvailabilityWindow(room=room, audience=w.audience, weekday=w.weekday, starts=w.starts, ends=w.ends, needs_approval=w.needs_approval)
             for w in sorted(windows, key=lambda w: (w.weekday, w.starts, w.audience))]
        )
        record_audit(actor=acting_user, action="events.opening_hours_changed", target=room, windows=[w.label() for w in windows])
    return created


def _checked_closure(first_day: date | None, last_day: date | None, reason: str) -> str:
    if first_day is None or last_day is None:
        raise BookingRefusal(_("Give the first and the last day of the closure."))
    if not policy.closure_is_ordered(first_day, last_day):
        raise BookingRefusal(str(policy.CLOSURE_ENDS_BEFORE_START))
    return (reason or "").strip()[:200]


def add_closure(*, acting_user: User, room: Room, first_day: date, last_day: date, reason: str = "") -> Closure:
    """Close the room for some days: no new booking there. The bookings
    already made in those days are listed to the manager, who may cancel them."""
    require(acting_user, "events.manage_room", room, _("Only the room's manager may close it."))
    reason = _checked_closure(first_day, last_day, reason)
    with transaction.atomic():
        closure = Closure.objects.create(room=room, first_day=first_day, last_day=last_day, reason=reason)
        record_audit(actor=acting_user, action="events.closure_added", target=room, first_day=str(first_day), last_day=str(last_day), reason=reason)
    return closure


def update_closure(*, acting_user: User, closure: Closure, first_day: date, last_day: date, reason: str = "") -> Closure:
    require(acting_user, "events.manage_room", closure.room, _("Only the room's manager may close it."))
    reason = _checked_closure(first_day, last_day, reason)
    with transaction.atomic():
        closure = Closure.objects.select_for_update().select_related("room").get(pk=closure.pk)
        closure.first_day, closure.last_day, closure.reason = first_day, last_day, reason
        closure.save(update_fields=["first_day", "last_day", "reason"])
        record_audit(actor=acting_user, action="events.closure_changed", target=closure.room, first_day=str(first_day), last_day=str(last_day), reason=reason)
    return closure


def remove_closure(*, acting_user: User, closure: Closure) -> None:
    require(acting_user, "events.manage_room", closure.room, _("Only the room's manager may close it."))
    with transaction.atomic():
        Closure.objects.filter(pk=closure.pk).delete()
        record_audit(actor=acting_user, action="events.closure_removed", target=closure.room, first_day=str(closure.first_day), last_day=str(closure.last_day))


def cancel_for_closure(*, acting_user: User, closure: Closure, occurrence_ids: Iterable[int]) -> tuple[int, list[str]]:
    """Cancel the chosen dates that fall in the closure, each through the one
    cancel service (so each holder is told and the waiting list moves).
    Returns how many were cancelled and the refusals of the others."""
    require(acting_user, "events.manage_room", closure.room, _("Only the room's manager may close it."))
    from ..selectors import occurrences_during

    chosen = set(occurrence_ids)
    cancelled, refusals = 0, []
    for occurrence in occurrences_during(closure):
        if occurrence.pk not in chosen:
            continue
        try:
            cancel_occurrence(acting_user=acting_user, occurrence=occurrence)
        except BookingRefusal as refusal:
            refusals.append(refusal.message)
        else:
            cancelled += 1
    return cancelled, refusals


def save_imported_room(*, acting_user: User, housing_project, slug: str, name: str, capacity: int | None) -> Room:
    """A room the trust already had, from its spreadsheet (issue 23): created
    with the room's defaults, or its name and capacity corrected. Staff only
    (the import's perm); its windows are then set with ``set_opening_hours``."""
    require(acting_user, "events.import_rooms", None, _("Only staff import rooms and bookings."))
    with transaction.atomic():
        room = Room.objects.select_for_update().filter(slug=slug).first()
        if room is None:
            room = Room.objects.create(
                housing_project=housing_project, slug=slug, name=name, **({"capacity": capacity} if capacity else {})
            )
            record_audit(actor=acting_user, action="events.room_imported", target=room)
        elif (room.name, room.capacity) != (name, capacity or room.capacity):
            room.name, room.capacity = name, capacity or room.capacity
            room.save(update_fields=["name", "capacity"])
            record_audit(actor=acting_user, action="events.room_imported", target=room)
    return room
