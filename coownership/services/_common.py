"""What the co-ownership's services share: permission checks, amounts in cents, members to notify, stored files."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from socle_site.kernel.photos import strip_and_shrink
from socle_site.kernel.uploads import UploadRefusal, prepare_upload

from community.models import User

from .. import policy
from ..errors import CoownershipRefusal
from ..models import (
    StoredFile,
)
from ..refusals import refusal

MAX_PHOTO_SIZE = 5 * 1024 * 1024
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
PHOTO_TYPES = ("image/png", "image/jpeg")
DOCUMENT_TYPES = ("application/pdf", *PHOTO_TYPES)


def _require(acting_user, perm: str, obj) -> None:
    if acting_user is None or not acting_user.has_perm(perm, obj):
        raise refusal(perm)


def _cents(amount, *, allow_zero: bool = False) -> int:
    try:
        cents = policy.to_cents(amount)
    except ValueError:
        raise CoownershipRefusal(_("The amount must be a number of euros with at most two decimals.")) from None
    if cents < 0 or (cents == 0 and not allow_zero):
        raise CoownershipRefusal(_("The amount must be more than zero."))
    return cents


def _members(household_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            household_memberships__household_id__in=list(household_ids),
            household_memberships__until__isnull=True,
        ).distinct()
    )


def _url(name: str, *args):
    return lambda: reverse(name, args=args)


def _store(upload, *, allowed: tuple[str, ...], max_size: int, is_photo: bool = False) -> StoredFile:
    """Check the upload with the project's one upload check (type read from the
    bytes, size limited), then keep it in the database."""
    try:
        # A phone's HEIC photo is stored as the JPEG it is converted to.
        upload, checked = prepare_upload(upload, allowed=allowed, max_size=max_size)
    except UploadRefusal as refusal:
        raise CoownershipRefusal(refusal.message) from None
    content_type = checked.content_type
    if is_photo:
        # Upright, shrunk and without EXIF (a phone's GPS position) before it is kept;
        # documents (a scanned invoice) keep their full resolution.
        try:
            upload, content_type = strip_and_shrink(upload)
        except UploadRefusal as refusal:
            raise CoownershipRefusal(refusal.message) from None
    upload.seek(0)
    content = upload.read()
    return StoredFile.objects.create(
        filename=(upload.name or "file")[-200:], content_type=content_type, size=len(content), content=content
    )
