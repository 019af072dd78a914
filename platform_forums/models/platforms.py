"""Platforms of the housing platforms."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import MEDIUM_TEXT, bounded

from community.models import Organisation


class Platform(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    municipalities = models.CharField(
        _("municipalities covered"), max_length=300, help_text=_("Separated by commas.")
    )
    purpose = models.TextField(_("purpose"), **bounded(MEDIUM_TEXT))
    themes = models.CharField(
        _("priority themes"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    since = models.DateField(_("active since"), null=True, blank=True)

    class Meta:
        verbose_name = _("housing platform")
        verbose_name_plural = _("housing platforms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality_list(self) -> list[str]:
        return [m.strip() for m in self.municipalities.split(",") if m.strip()]

    @property
    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.themes.split(",") if t.strip()]


class PlatformRole(models.TextChoices):
    PILOT = "pilot", _("pilot")
    SECRETARIAT = "secretariat", _("secretariat")
    MEMBER = "member", _("member")
    EXPERT = "expert", _("invited outside expert")


class PlatformMembership(models.Model):
    """An organisation's seat on a platform. Its people are the organisation's
    members (community.OrganisationMembership); leaving ends the seat, and with
    it their access to the members' space, without erasing the history."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("platform")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="platform_memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PlatformRole.choices, default=PlatformRole.MEMBER
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    # None while the request to join waits for the pilot's answer.
    joined_at = models.DateField(_("joined"), null=True, blank=True)
    left_at = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("platform membership")
        verbose_name_plural = _("platform memberships")
        ordering = ["platform", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "organisation"],
                condition=models.Q(left_at__isnull=True),
                name="one_active_seat_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.platform}"
