"""Early-warning cases (issue 25): when signals add up for a household, Socle
proposes a confidential case to the trust's support worker, who decides to
open it (or not, with a reason) and writes to the household from a reviewed,
kind letter. Thresholds are data; every opening is in the access log."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from socle_site.kernel.text_limits import SHORT_TEXT, bounded


class SupportSetting(models.Model):
    """How many signals together make a proposal, and how long a proposal
    the worker declined stays quiet (one row)."""

    signals_to_propose = models.PositiveSmallIntegerField(
        _("signals that together propose a case"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)])
    quiet_days = models.PositiveSmallIntegerField(
        _("days a declined proposal is not made again"), default=90, validators=[MaxValueValidator(730)])

    class Meta:
        verbose_name = _("early-warning terms")
        verbose_name_plural = _("early-warning terms")

    def __str__(self) -> str:
        return str(_("Early-warning terms"))


class SignalRule(models.Model):
    """The trust's threshold for one signal a feature registered
    (community.warnings), and whether it counts at all."""

    key = models.CharField(_("signal"), max_length=40, unique=True)
    threshold = models.PositiveIntegerField(_("threshold"))
    is_enabled = models.BooleanField(_("counts"), default=True)

    class Meta:
        verbose_name = _("early-warning signal")
        verbose_name_plural = _("early-warning signals")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class LetterTemplate(models.Model):
    """A kind letter the support worker starts from. Only a template someone
    reviewed can be used; changing its text asks for a new review."""

    class Language(models.TextChoices):
        FR = "fr", "Français"
        NL = "nl", "Nederlands"
        EN = "en", "English"

    title = models.CharField(_("title"), max_length=120)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    body = models.TextField(_("text"), **bounded(SHORT_TEXT),
                            help_text=_("“{household}” is replaced by the household's name."))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("support letter template")
        verbose_name_plural = _("support letter templates")
        ordering = ["language", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class SupportCase(models.Model):
    """A household the support worker accompanies, opened from a proposal
    (with the signals seen that day), or a proposal the worker declined."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("a support case", "Open")
        CLOSED = "closed", pgettext_lazy("a support case", "Closed")
        DECLINED = "declined", _("Proposal declined")

    household = models.ForeignKey("community.Household", on_delete=models.PROTECT, related_name="support_cases",
                                  verbose_name=_("household"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The signals that proposed it: [{"key", "label", "detail"}], as read that day.
    signals = models.JSONField(_("signals"), default=list)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Why a proposal was declined, or how the case ended.
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=models.Q(status="open"),
                                    name="one_open_support_case_per_household"),
        ]

    def __str__(self) -> str:
        return f"{self.household} ({self.get_status_display()})"


class CaseEntry(models.Model):
    """A line of the case: the worker's note, or a letter sent to the household."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        LETTER = "letter", _("Letter to the household")

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    text = models.TextField(_("text"), **bounded(SHORT_TEXT))
    template = models.ForeignKey(LetterTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    written_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("case entry")
        verbose_name_plural = _("case entries")
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.written_at:%Y-%m-%d}"
