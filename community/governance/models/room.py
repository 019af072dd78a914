"""Votes taken in the room: the totals a chair or secretary records for a
show of hands or paper ballots (``services.room``), never who chose what."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import College

from .questions import Choice, Question


class RoomCount(models.Model):
    """The count of a vote taken in the room, recorded once per question (one
    question is one round of a motion: the database refuses a second record,
    so two secretaries entering it at once leave one). Members who voted
    online are not in it (``voters`` says how many voted in the room)."""

    class Method(models.TextChoices):
        SHOW_OF_HANDS = "show_of_hands", _("Show of hands")
        PAPER_BALLOTS = "paper_ballots", _("Paper ballots")

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="room_count", verbose_name=_("question"))
    method = models.CharField(_("how the room voted"), max_length=20, choices=Method.choices)
    voters = models.PositiveIntegerField(_("voted in the room"))
    weight = models.PositiveIntegerField(_("votes in the room"))
    counted_by = models.CharField(_("counted by"), max_length=200, help_text=_("The tellers who counted, as the minutes name them."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("count in the room")
        verbose_name_plural = _("counts in the room")
        constraints = [models.CheckConstraint(condition=Q(weight__gte=F("voters")), name="room_count_votes_cover_voters")]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_method_display()}"


class RoomTotal(models.Model):
    """How many voted one way in the room (``choice``; empty for blank ballots),
    per college only where the double majority needs it, and their votes
    (shares for co-owners). Totals only, as a secret ballot requires."""

    room_count = models.ForeignKey(RoomCount, on_delete=models.CASCADE, related_name="totals", verbose_name=_("count in the room"))
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("choice"))
    college = models.ForeignKey(College, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("college"))
    voters = models.PositiveIntegerField(_("voters"))
    weight = models.PositiveIntegerField(_("votes"))

    class Meta:
        verbose_name = _("total in the room")
        verbose_name_plural = _("totals in the room")
        constraints = [
            models.CheckConstraint(
                condition=Q(voters=0, weight=0) | Q(voters__gt=0, weight__gte=F("voters")), name="room_total_votes_cover_voters"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.choice_id}: {self.voters}"
