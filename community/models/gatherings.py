"""What people register for or are convened to: gatherings and registrations,
convocations and replies."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Gathering(models.Model):
    """Something people register for within a capacity: a public event of the
    website or an activity in a room (issue 17: one registration mechanism).

    A plain row, so that counting places locks this row and not a Wagtail page
    or a booking. The feature that owns the gathering keeps its capacity and
    its rules of who may register; ``kind`` names that feature's registration
    kind and ``key`` lets a feature find its gathering (a public event's
    translations share one ``translation_key``, hence one gathering)."""

    key = models.UUIDField(_("key"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # When it takes place, as the feature knows it: visitors' registrations
    # are deleted some time after it (community.privacy.records).
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A person's place (or place on the waiting list) at a gathering: a
    member's, or a visitor's without an account, known by a name and an
    e-mail address (issue 26). A visitor's registration counts only once
    they confirmed it from the e-mail (``UNCONFIRMED`` takes no place)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        UNCONFIRMED = "unconfirmed", _("Waiting for the e-mail confirmation")

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("gathering")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="registrations",
        verbose_name=_("member"),
    )
    # A visitor without an account (personal data: community.privacy.records).
    visitor_name = models.CharField(_("visitor's name"), max_length=120, blank=True)
    visitor_email = models.EmailField(_("visitor's e-mail"), blank=True)
    # The language of the page they registered from: their e-mails' language.
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live registration per person and gathering, in the database
            # (a double click or two tabs cannot take two places).
            models.UniqueConstraint(
                fields=["gathering", "user"], condition=~Q(status="cancelled"), name="one_live_registration"
            ),
            # A visitor's address once per gathering too (stored in lower case).
            models.UniqueConstraint(
                fields=["gathering", "visitor_email"], condition=~Q(status="cancelled") & ~Q(visitor_email=""),
                name="one_live_visitor_registration",
            ),
            # A member, or a visitor with an address: never both, never neither.
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(visitor_email=""))
                | (Q(user__isnull=True) & ~Q(visitor_email="")),
                name="registration_member_or_visitor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.visitor_name} – {self.gathering}"

    @property
    def is_visitor(self) -> bool:
        return self.user_id is None


class Convocation(models.Model):
    """A meeting of any kind as the base knows it: what people reply to
    (issue 17: one reply mechanism for assemblies and platform meetings).

    A plain row; each kind's meeting links to one (``convocation``) and keeps
    everything else its own. ``kind`` names the meeting's kind, ``title`` and
    ``starts_at`` follow the kind's meeting (they name the reply in a person's
    data and date its retention)."""

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")

    def __str__(self) -> str:
        return self.title


class MeetingReply(models.Model):
    """A person's reply to a convocation: will they come, online, not, or
    does a colleague come in their place. Each kind of meeting offers some of
    these answers (``community.services.meeting_replies``)."""

    class Answer(models.TextChoices):
        IN_PERSON = "in_person", _("I will come")
        ONLINE = "online", _("I will join online")
        ABSENT = "absent", _("I cannot come")
        DELEGATED = "delegated", _("A colleague comes in my place")

    convocation = models.ForeignKey(
        Convocation, on_delete=models.CASCADE, related_name="replies", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_replies", verbose_name=_("member")
    )
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    # Kept for the record but no longer meant: the meeting was cancelled or moved to another date.
    lapsed_at = models.DateTimeField(_("lapsed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["answered_at", "pk"]
        constraints = [
            # One reply per person and meeting, in the database (a second answer replaces the first).
            models.UniqueConstraint(fields=["convocation", "user"], name="one_reply_per_person"),
            models.CheckConstraint(
                condition=Q(answer__in=["in_person", "online", "absent", "delegated"]), name="meeting_reply_known_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_answer_display()}"
