"""Requests people make about their data, the consents they give, and the
one append-only log of who read sensitive personal data."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.crypto import EncryptedTextField
from socle_site.kernel.formatting import format_day, format_moment
from socle_site.kernel.text_limits import MEDIUM_TEXT, bounded

# GDPR art. 12(3): an answer within one month of the request.
ANSWER_WITHIN = relativedelta(months=1)


class DataRequest(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Copy of my data")
        CORRECTION = "correction", _("Correction")
        ERASURE = "erasure", _("Erasure")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        READY = "ready", _("Ready to download")
        ON_HOLD = "on_hold", _("Kept for a legal reason")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_requests", verbose_name=_("member")
    )
    kind = models.CharField(_("request"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    details = models.TextField(_("what to correct"), blank=True, **bounded(MEDIUM_TEXT))
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    answer = models.TextField(_("answer"), blank=True, **bounded(MEDIUM_TEXT))
    # What erasure could not remove yet: [{"rule": ..., "until": "YYYY-MM-DD" or None}].
    holds = models.JSONField(_("kept for a legal reason"), default=list, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("handled by")
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    # The export, encrypted at rest and served only to its owner.
    export_json = EncryptedTextField(_("export (JSON)"), blank=True, editable=False)
    export_html = EncryptedTextField(_("export (page)"), blank=True, editable=False)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["status", "received_at"], name="privacy_request_queue_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {format_day(self.received_at, length='medium')}"

    @property
    def deadline(self):
        # The day counts in Brussels: a request made at 00:30 there is
        # still the previous day in UTC.
        return (timezone.localtime(self.received_at) + ANSWER_WITHIN).date()

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.ON_HOLD)


class Consent(models.Model):
    """A consent as given: to which purpose, which version of the text, when;
    withdrawn in one click (the row stays as proof, GDPR art. 7(1))."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents", verbose_name=_("member")
    )
    purpose = models.CharField(_("purpose"), max_length=40)
    text_version = models.CharField(_("version of the text"), max_length=40)
    text = models.TextField(_("text agreed to"))
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("about"))
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose", "target_type", "target_id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_live_consent_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.text_version})"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None

    @property
    def purpose_label(self) -> str:
        from .consents import get_purpose

        purpose = get_purpose(self.purpose)
        return str(purpose.label) if purpose else self.purpose


class AccessLog(models.Model):
    """Append-only: each reading of a person's sensitive data, by whom, when.
    Every app writes here through ``services.log_access``."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("read by")
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="data_accesses", verbose_name=_("whose data")
    )
    what = models.CharField(_("what"), max_length=120)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("object type"))
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sensitive data access")
        verbose_name_plural = _("sensitive data accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "at"], name="privacy_access_subject_idx")]

    def __str__(self) -> str:
        return f"{format_moment(self.at, length='medium')} {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The access log is append-only.")
