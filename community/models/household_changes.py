"""A change in an owner household (issue 25): a death, a separation, a member
leaving. Recorded once by the staff, it ends the member's place in the
household and lists the steps each feature registered for it (the deed, the
lot, the yearly checks and fees, the votes and proxies), each done with a note."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import SHORT_TEXT, bounded

from .homes import Household, HouseholdMember


class HouseholdChange(models.Model):
    class Kind(models.TextChoices):
        DEATH = "death", _("A death")
        SEPARATION = "separation", _("A separation")
        LEAVING = "leaving", _("A member leaves the household")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="changes", verbose_name=_("household"))
    # Gone with the member's row when its retention ends (five years after leaving, as this change).
    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    kind = models.CharField(_("what happened"), max_length=12, choices=Kind.choices)
    happened_on = models.DateField(_("on"))
    note = models.TextField(_("note"), blank=True, **bounded(SHORT_TEXT))
    # The steps as registered when it was recorded: [{"key", "done_at", "done_by", "note"}].
    steps = models.JSONField(default=list)
    # Said by the base when it was recorded: no member is left in the household.
    household_left_empty = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    completed_at = models.DateTimeField(_("all steps done"), null=True, blank=True)

    class Meta:
        verbose_name = _("household change")
        verbose_name_plural = _("household changes")
        ordering = ["-recorded_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["member"], name="one_change_per_member_leaving")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.household}"
