"""The kernel's one table: rate-limit counts while the cache is away."""

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
