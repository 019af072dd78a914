from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.formatting import format_day


class Bounce(models.Model):
    """A message the mail server could not deliver (a DSN), recorded by
    ``manage.py record_bounce``, so that staff see which addresses fail."""

    address = models.EmailField(_("address"), db_index=True)
    # The member whose address it is, when one has it (for "my data" and erasure).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("member"),
    )
    occurred_at = models.DateTimeField(_("date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    is_permanent = models.BooleanField(_("permanent failure"), default=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("e-mail bounce")
        verbose_name_plural = _("e-mail bounces")

    def __str__(self) -> str:
        return f"{self.address} ({format_day(self.occurred_at, length='medium')})"


class AlertSent(models.Model):
    """An alert e-mailed to the administrators: one per problem per day."""

    problem = models.CharField(_("problem"), max_length=50)
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["problem", "day"], name="ops_alert_once_a_day")]
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")

    def __str__(self) -> str:
        return f"{self.problem} {self.day}"
