"""Partner organisations' keys to the API and the calls made with them."""


from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import Organisation


class PartnerToken(models.Model):
    """A key of the read-only partner API, issued by staff to one partner
    organisation. Only the key's SHA-256 is kept (shown once when issued);
    it opens only its scopes, until it expires or is revoked
    (community.api; rules in community.api.policy)."""

    class Scope(models.TextChoices):
        FIGURES = "figures", _("Public figures: projects, activities, anonymised statistics of the register")
        PLATFORM = "platform", _("The meetings, agendas and actions of the platforms the organisation sits on")
        ROOMS = "rooms", _("Availability of the community rooms (free or busy, never who)")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("organisation")
    )
    label = models.CharField(_("label"), max_length=120, help_text=_("What the partner uses it for."))
    # The first characters of the key, to tell keys apart in lists and logs.
    prefix = models.CharField(_("key starts with"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("issued by"), editable=False,
    )
    created_at = models.DateTimeField(_("issued"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.label} ({self.prefix}…)"


class ApiCall(models.Model):
    """One call to the partner API with a valid key: which key, which
    endpoint (its route name, never the query), the answer's status."""

    token = models.ForeignKey(PartnerToken, on_delete=models.CASCADE, related_name="calls", verbose_name=_("key"))
    route = models.CharField(_("endpoint"), max_length=100)
    status = models.PositiveSmallIntegerField(_("status"))
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("partner API call")
        verbose_name_plural = _("partner API calls")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.route} {self.status}"
