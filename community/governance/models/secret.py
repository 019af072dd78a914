"""Secret ballots: sealed envelopes and running totals, never who chose what (``services.secret``)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from community.models import College

from .questions import Choice, Question


class SecretEnvelope(models.Model):
    """A secret choice on its way to the totals, for a moment: sealed (its
    selections and counted weight encrypted, no timestamp), written in a
    transaction that writes no participation, then added to ``SecretTotal``
    and deleted (``services.secret``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("sealed secret choice")
        verbose_name_plural = _("sealed secret choices")

    def __str__(self) -> str:
        return str(self.id)


class SecretTotal(models.Model):
    """The running total of a secret question for one answer (``choice``;
    empty for blank ballots), per college only where the double majority needs
    it. ``key`` "ballots" holds the number of ballots and their weight. Never
    a row per ballot, a weight per voter or a combination of answers: a rare
    combination times a weight would name a person. Deleted when the vote
    closes (the frozen ``Question.result`` keeps the figures)."""

    # A random key: no sequence moves as ballots come in.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    college = models.ForeignKey(College, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ballots = models.PositiveIntegerField(default=0)
    # A Fraction as text ("12", "35/2"): a capped co-owner's votes may be fractional.
    weight = models.CharField(max_length=60, default="0")

    class Meta:
        verbose_name = _("secret ballot total")
        verbose_name_plural = _("secret ballot totals")
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="one_secret_total_per_key")]

    def __str__(self) -> str:
        return self.key
