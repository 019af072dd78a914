"""Sub commissions of the housing platforms."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import MEDIUM_TEXT, bounded

from .platforms import Platform


class SubCommission(models.Model):
    """A thematic working group of a platform, with its own members (people of
    the platform's organisations), meetings and forum."""

    platform = models.ForeignKey(
        Platform,
        on_delete=models.CASCADE,
        related_name="sub_commissions",
        verbose_name=_("platform"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    purpose = models.TextField(_("purpose"), blank=True, **bounded(MEDIUM_TEXT))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("sub-commission")
        verbose_name_plural = _("sub-commissions")
        ordering = ["platform", "name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "slug"], name="one_sub_commission_slug")
        ]

    def __str__(self) -> str:
        return self.name


class SubCommissionMember(models.Model):
    """A person's place in a sub-commission; leaving keeps the history."""

    sub_commission = models.ForeignKey(
        SubCommission,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("sub-commission"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sub_commission_seats",
        verbose_name=_("person"),
    )
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    joined_at = models.DateField(_("joined"), default=timezone.localdate)
    left_at = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("sub-commission member")
        verbose_name_plural = _("sub-commission members")
        ordering = ["sub_commission", "-is_coordinator", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_commission", "user"],
                condition=models.Q(left_at__isnull=True),
                name="one_active_place_per_sub_commission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.sub_commission}"
