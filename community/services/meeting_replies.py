"""The one reply service of the meeting core: a person answers a convocation
(I will come, online, not, a colleague in my place), for any kind of meeting.
Issue 17: assemblies (``Rsvp``) and platform meetings (``Attendance``) each
had their own.

The kind of meeting decides who may reply and whether replies are open
(``community.meetings.rules.replies_open``), and says which answers it offers;
this service refuses any other answer and keeps one reply per person (the
database refuses a second one too). A reply made again replaces the first
and is meant again if it had lapsed. It tells nobody."""

from collections.abc import Collection
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.exceptions import CommunityError
from community.models import Convocation, MeetingReply, User


class ReplyRefusal(CommunityError):
    """A reply that cannot be recorded."""


def convocation_for(*, kind: str, title: str, starts_at: datetime, convocation: Convocation | None = None) -> Convocation:
    """The meeting's row in the base, made the first time it is needed; its
    title and date follow the kind's meeting."""
    title = title[:255]
    if convocation is None:
        return Convocation.objects.create(kind=kind, title=title, starts_at=starts_at)
    if (convocation.title, convocation.starts_at) != (title, starts_at):
        Convocation.objects.filter(pk=convocation.pk).update(title=title, starts_at=starts_at)
        convocation.title, convocation.starts_at = title, starts_at
    return convocation


def reply(*, acting_user: User, convocation: Convocation, answer: str, offered: Collection[str]) -> MeetingReply:
    """Record ``acting_user``'s answer, one of those the meeting ``offered``."""
    if answer not in offered or answer not in MeetingReply.Answer.values:
        raise ReplyRefusal(_("Choose one of the answers."))
    with transaction.atomic():
        replied, _created = MeetingReply.objects.update_or_create(
            convocation=convocation,
            user=acting_user,
            defaults={"answer": answer, "answered_at": timezone.now(), "lapsed_at": None},
        )
    return replied


def lapse(*, convocation: Convocation | None, now: datetime) -> int:
    """The meeting was cancelled or moved: the replies no longer mean what
    they said, but stay for the record. How many lapsed."""
    if convocation is None:
        return 0
    return MeetingReply.objects.filter(convocation=convocation, lapsed_at__isnull=True).update(lapsed_at=now)
