"""Minutes of a closed meeting, and their signatures (chair, secretary, members present at the end)."""


from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import MINUTES_TEXT, bounded

from .meetings import Meeting


class Minutes(models.Model):
    """The minutes of a meeting: drafted from the frozen results, edited by
    the secretary, signed, approved, then published to members. Once the
    first signature is on, the text no longer changes (what was signed stays
    what is read); a co-owners' meeting's minutes are approved by the
    signatures of its chair and secretary (``services.minutes.sign_minutes``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting"))
    body_html = models.TextField(_("text"), blank=True, help_text=_("Sanitised HTML."), **bounded(MINUTES_TEXT))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_at = models.DateTimeField(_("drafted"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)


class MinutesSignature(models.Model):
    """A signature under the minutes. Civil Code art. 3.87 §10: the minutes of a
    co-owners' meeting are signed at the end of the meeting, after reading, by
    its chair, its secretary and the co-owners still present (each attendee
    signs if they wish; nobody signs for another). The general assembly uses
    the same signatures."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        ATTENDEE = "attendee", _("Member present")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("minutes"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("signed by")
    )
    role = models.CharField(_("signs as"), max_length=10, choices=Role.choices)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        verbose_name = _("signature of the minutes")
        verbose_name_plural = _("signatures of the minutes")
        ordering = ["minutes", "signed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["minutes", "signer"], name="one_signature_per_signer")]

    def __str__(self) -> str:
        return f"{self.signer} – {self.get_role_display()}"
