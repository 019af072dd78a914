"""The kernel's tables: rate-limit counts while the cache is away; files staff import."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCount(models.Model):
    """A rate limit's count for one window, kept here only while the cache
    (Redis) cannot be reached (``ratelimit.hit``): limits never silently
    vanish. The key is a hash; rows go once their window has passed."""

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=1)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class ImportRun(models.Model):
    """One file staff import (``dataio.importers``): checked first (the dry
    run), written only once staff confirm, all or nothing. The file waits in
    private storage until it is written or expires."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked: waiting for your confirmation")
        REFUSED = "refused", _("Refused: the file has errors")
        WRITING = "writing", _("Being written")
        DONE = "done", _("Written")
        FAILED = "failed", _("Failed: nothing was written")
        EXPIRED = "expired", _("Expired without confirmation")

    importer = models.CharField(_("import"), max_length=60)
    filename = models.CharField(_("file name"), max_length=200)
    stored_as = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, default="fr")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.importer}: {self.filename}"
