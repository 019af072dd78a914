"""Meetings of a body: agenda, documents, attendance and proxies (replies are
the meeting core's, ``community.MeetingReply``)."""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import LONG_TEXT, MEDIUM_TEXT, SHORT_TEXT, bounded

from community.content_translation.fields import TranslatableContent
from community.models import MeetingReply

from .bodies import Body


class Meeting(TranslatableContent):
    # The answers a member replies to a convocation with (the meeting core's
    # ``MeetingReply``): in the room, online, or not at all; a proxy is given apart.
    REPLY_ANSWERS = (MeetingReply.Answer.IN_PERSON, MeetingReply.Answer.ONLINE, MeetingReply.Answer.ABSENT)

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        CONVENED = "convened", _("Convened")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("body"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, **bounded(MEDIUM_TEXT))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at (planned)"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("chair")
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("secretary")
    )
    second_meeting_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="second_meetings",
        verbose_name=_("second meeting of"),
        help_text=_("Called because the first meeting lacked a quorum; it decides whatever the attendance."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # Cancelled before it started (services.meetings.cancel_meeting): the reason is shown to members.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancellation_reason = models.TextField(_("reason for the cancellation"), blank=True, **bounded(SHORT_TEXT))
    # Postponed (services.meetings.postpone_meeting): the date members were first convened for,
    # and how many times it moved (the .ics SEQUENCE, so calendars replace the old date).
    first_starts_at = models.DateTimeField(_("first planned for"), null=True, blank=True)
    postponements = models.PositiveSmallIntegerField(_("times postponed"), default=0)
    # What members reply to, in the meeting core (community.MeetingReply), made at the first reply.
    convocation = models.OneToOneField(
        "community.Convocation", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="assembly_meeting", verbose_name=_("replies"),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["body", "starts_at"], name="meeting_body_start_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def has_started(self) -> bool:
        return self.status in (self.Status.IN_PROGRESS, self.Status.CLOSED) or self.starts_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def was_postponed(self) -> bool:
        return self.postponements > 0


class AgendaItem(TranslatableContent):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DEBATE = "debate", _("Debate")
        DECISION = "decision", _("Decision")
        ELECTION = "election", _("Election")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INFORMATION)
    description = models.TextField(_("description"), blank=True, help_text=_("Sanitised HTML."), **bounded(LONG_TEXT))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaDocument(models.Model):
    """A document attached to an agenda item. Its bytes stay in the database
    and are served only to those who may see the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agenda item"))
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100, default="application/pdf")
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A stay in the meeting: from check-in to check-out. A member may leave
    and come back (several rows), but is in at most once at a time."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    checked_in_at = models.DateTimeField(_("checked in"), default=timezone.now)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked in by")
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], condition=Q(checked_out_at__isnull=True), name="one_open_attendance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.meeting}"


class Proxy(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies", verbose_name=_("meeting"))
    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proxies_given", verbose_name=_("given by")
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proxies_held", verbose_name=_("holder")
    )
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # The meeting was cancelled: the proxy ends (``withdrawn_at`` is set too, so every
    # reader of active proxies agrees) and this says it was not the member's doing.
    lapsed_at = models.DateTimeField(_("lapsed (meeting cancelled)"), null=True, blank=True)
    # A signed paper proxy handed in (``services.meetings.record_paper_proxy``):
    # who recorded it, when it was signed, and its scan, served only to those who run the meeting.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("paper proxy recorded by"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    scan = models.BinaryField(null=True, blank=True, editable=False)
    scan_type = models.CharField(_("type of the scan"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["meeting", "given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "principal"], condition=Q(withdrawn_at__isnull=True), name="one_active_proxy_per_principal"
            ),
            models.CheckConstraint(condition=~Q(principal=models.F("holder")), name="proxy_not_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.principal} → {self.holder}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def is_on_paper(self) -> bool:
        return self.recorded_by_id is not None
