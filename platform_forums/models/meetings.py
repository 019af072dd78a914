"""Meetings of the housing platforms."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.formatting import format_moment

from community.content_translation.fields import TranslatableContent
from community.models import MeetingReply, Organisation

from .platforms import Platform
from .sub_commissions import SubCommission


class Meeting(TranslatableContent):
    """A platform meeting, or a meeting of one of its sub-commissions. Several
    can be convened at once from a frequency (rules_meetings.meeting_dates)."""

    # The answers a member replies to a convocation with (the meeting core's
    # ``MeetingReply``): an organisation may send a colleague in one's place.
    REPLY_ANSWERS = (MeetingReply.Answer.IN_PERSON, MeetingReply.Answer.ABSENT, MeetingReply.Answer.DELEGATED)

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("platform")
    )
    sub_commission = models.ForeignKey(
        SubCommission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("sub-commission"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=250)
    convened_at = models.DateTimeField(_("convened"), null=True, blank=True)
    # Always the output of socle_site.kernel.sanitise.sanitise_html.
    minutes_html = models.TextField(_("minutes"), blank=True)
    minutes_recorded_at = models.DateTimeField(_("minutes recorded"), null=True, blank=True)
    # What members reply to, in the meeting core (community.MeetingReply), made at the first reply.
    convocation = models.OneToOneField(
        "community.Convocation", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="platform_meeting", verbose_name=_("replies"),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({format_moment(self.starts_at, length='medium')})"


class AgendaItem(TranslatableContent):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    title = models.CharField(_("title"), max_length=250)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    """A decision's follow-up: one organisation owns it, by a due date."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("meeting")
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="platform_actions",
        verbose_name=_("owner organisation"),
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    progress_note = models.CharField(_("progress"), max_length=300, blank=True)
    reminded_on = models.DateField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description
