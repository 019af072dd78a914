"""Writes of sub-commissions (thematic working groups of a platform): create,
join, leave. Their meetings go through meetings.convene_meetings, their forum
through the forum services."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from socle_site.kernel.text_limits import MEDIUM_TEXT

from community.access import forget_access
from community.models import User
from community.services.audit import record_audit

from .errors import ForumRefusal
from .models import Forum, Platform, SubCommission, SubCommissionMember


def create_sub_commission(
    *,
    acting_user: User | None,
    platform: Platform,
    name: str,
    purpose: str = "",
    coordinator: User | None = None,
) -> SubCommission:
    """The pilot or secretariat opens a working group, with its forum
    (acting_user None: set up by the CLT, as in the demo)."""
    if acting_user is not None and not acting_user.has_perm(
        "platform_forums.create_sub_commission", platform
    ):
        raise ForumRefusal(_("Only the platform's pilot or secretariat may do this."))
    name = name.strip()
    if not name or len(name) > 200:
        raise ForumRefusal(_("Give the sub-commission a name (at most 200 characters)."))
    if len(purpose) > MEDIUM_TEXT:
        raise ForumRefusal(_("The purpose is too long (at most 5,000 characters)."))
    slug = slugify(name)[:60] or "sub-commission"
    with transaction.atomic():
        if SubCommission.objects.filter(platform=platform, slug=slug).exists():
            raise ForumRefusal(_("This platform already has a sub-commission of that name."))
        sub = SubCommission.objects.create(
            platform=platform, name=name, slug=slug, purpose=purpose.strip()
        )
        Forum.objects.create(
            platform=platform,
            sub_commission=sub,
            title=name,
            slug=f"sub-{platform.slug}-{slug}"[:80],
        )
        if coordinator is not None:
            _add(sub, coordinator, is_coordinator=True)
        record_audit(actor=acting_user, action="platform.sub_commission_created", target=sub)
    return sub


def _add(sub: SubCommission, user: User, *, is_coordinator: bool = False) -> SubCommissionMember:
    place, _created = SubCommissionMember.objects.get_or_create(
        sub_commission=sub,
        user=user,
        left_at=None,
        defaults={"is_coordinator": is_coordinator, "joined_at": timezone.localdate()},
    )
    if is_coordinator and not place.is_coordinator:
        place.is_coordinator = True
        place.save(update_fields=["is_coordinator"])
    forget_access(user)  # this object's perms change within the request
    return place


def join_sub_commission(*, acting_user: User, sub_commission: SubCommission) -> SubCommissionMember:
    """A member of the platform joins a working group of it."""
    if not acting_user.has_perm("platform_forums.join_sub_commission", sub_commission.platform):
        raise ForumRefusal(_("Only the platform's members may join its sub-commissions."))
    with transaction.atomic():
        if SubCommissionMember.objects.filter(
            sub_commission=sub_commission, user=acting_user, left_at__isnull=True
        ).exists():
            raise ForumRefusal(_("You are already a member of this sub-commission."))
        place = _add(sub_commission, acting_user)
        record_audit(actor=acting_user, action="platform.sub_commission_joined", target=sub_commission)
    return place


def leave_sub_commission(*, acting_user: User, sub_commission: SubCommission) -> None:
    with transaction.atomic():
        changed = SubCommissionMember.objects.filter(
            sub_commission=sub_commission, user=acting_user, left_at__isnull=True
        ).update(left_at=timezone.localdate())
        if not changed:
            raise ForumRefusal(_("You are not a member of this sub-commission."))
        forget_access(acting_user)
        record_audit(actor=acting_user, action="platform.sub_commission_left", target=sub_commission)
