"""Questions (motions, choices, elections, online votes), their choices and seats, and who voted."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from socle_site.kernel.text_limits import LONG_TEXT, bounded

from community.content_translation.fields import TranslatableContent
from community.models import College

from ..engine.tally import Majority
from .bodies import Body
from .meetings import AgendaItem, Meeting


class Question(TranslatableContent):
    class Kind(models.TextChoices):
        MOTION = "motion", _("Motion (yes, no, abstain)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        ELECTION = "election", _("Election")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("vote status", "Not open yet")
        OPEN = "open", pgettext_lazy("vote status", "Open")
        CLOSED = "closed", pgettext_lazy("vote status", "Closed")
        PUBLISHED = "published", pgettext_lazy("vote status", "Results published")

    MAJORITY_CHOICES = [
        (Majority.SIMPLE.value, _("Simple majority")),
        (Majority.ABSOLUTE.value, _("Absolute majority")),
        (Majority.TWO_THIRDS.value, _("Two thirds")),
        (Majority.FOUR_FIFTHS.value, _("Four fifths")),
        (Majority.UNANIMITY.value, _("Unanimity")),
    ]

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="questions", verbose_name=_("body"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="questions", verbose_name=_("meeting"),
        help_text=_("Empty for an online vote between meetings."),
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions", verbose_name=_("agenda item")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("explanation"), blank=True, help_text=_("Sanitised HTML."), **bounded(LONG_TEXT))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MOTION)
    max_choices = models.PositiveSmallIntegerField(
        _("choices per ballot"), default=1, help_text=_("For multiple choice: how many options a voter may tick.")
    )
    is_secret = models.BooleanField(_("secret ballot"), default=False)
    majority = models.CharField(_("majority"), max_length=12, choices=MAJORITY_CHOICES, default=Majority.SIMPLE.value)
    abstentions_count = models.BooleanField(
        _("abstentions count in the base"), default=False,
        help_text=_("When ticked, an abstention weighs like a vote against."),
    )
    double_majority_per_college = models.BooleanField(_("majority needed in every college"), default=False)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True, help_text=_("Online votes only."))
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True, help_text=_("Online votes only."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # Frozen at close by services.voting.close_question from the pure engine.
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            # A closed or published question always carries its frozen result.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open"]) | Q(result__isnull=False), name="closed_question_has_result"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Results are final once closed: refuse any rewrite of a frozen result
        # (services never try; this guards admin, shell and future code).
        if self.pk:
            stored = Question.objects.filter(pk=self.pk).values("status", "result").first()
            if stored and stored["status"] in ("closed", "published"):
                if self.result != stored["result"] or self.status not in ("closed", "published"):
                    raise ValueError("A closed question's result is final.")
        super().save(*args, **kwargs)

    @property
    def is_online_vote(self) -> bool:
        return self.meeting_id is None

    @property
    def is_final(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.PUBLISHED)


MOTION_LABELS = {"yes": _("Yes"), "no": _("No"), "abstain": _("Abstain")}


class Choice(models.Model):
    """An answer a ballot may select: yes/no/abstain of a motion (``code``),
    an option, or a candidate (``candidate`` and their ``college``)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=10, blank=True, help_text=_("yes, no or abstain for a motion."))
    label = models.CharField(_("label"), max_length=250)
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("candidate")
    )
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("college")
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return str(self.display_label)

    @property
    def display_label(self):
        """A motion's answers in the reader's language; options and candidates as written."""
        return MOTION_LABELS.get(self.code, self.label)


class Seat(models.Model):
    """How many seats an election fills in a college (or overall, no college)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="seats", verbose_name=_("question"))
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("college")
    )
    count = models.PositiveSmallIntegerField(_("seats"), default=1)

    class Meta:
        verbose_name = _("seats")
        verbose_name_plural = _("seats")
        constraints = [models.UniqueConstraint(fields=["question", "college"], name="one_seat_row_per_college")]

    def __str__(self) -> str:
        return f"{self.question}: {self.count}"


class Participation(models.Model):
    """WHO voted on a question: one row per member whose vote was cast,
    by themselves or by their proxy holder (``cast_by``). Never says what.

    ``token_hash`` exists only while a secret choice is on its way to the
    totals: it is the fingerprint of its envelope's random token, so that the
    envelope is counted once its participation is durable, and never when the
    cast failed in between. Closing the vote empties it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="participations", verbose_name=_("question"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("cast by"))
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["question", "member"], name="one_vote_per_member_per_question")]

    def __str__(self) -> str:
        return f"{self.member} – {self.question}"


class Ballot(models.Model):
    """WHAT a member chose on a named (open) question. Secret questions have
    no ballot rows (``SecretTotal``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("question"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("college")
    )
    weight = models.PositiveIntegerField(_("votes"), default=1)
    selections = models.JSONField(_("choices"), default=list)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            # Named ballots: one per member per question, in the ballot table too.
            models.UniqueConstraint(fields=["question", "member"], name="one_named_ballot_per_member"),
        ]

    def __str__(self) -> str:
        return str(self.id)


class Receipt(models.Model):
    """That a ballot is in the count of its question: the fingerprint of the
    code shown once to the voter. No choice, no voter, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("question"))
    code_hash = models.CharField(_("receipt fingerprint"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return str(self.id)
