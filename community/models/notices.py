"""The two mechanisms every app shares: notifications (with each person's
preferences) and the audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.formatting import format_moment


class Notification(models.Model):
    """An in-app notification, kept as its message and written out in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # A recipient who is only an e-mail address (a visitor registered for a
    # public event, issue 26): no account, no in-app list, e-mailed at once
    # in ``language``.
    email = models.EmailField(_("e-mail"), blank=True)
    email_name = models.CharField(_("name"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    category = models.CharField(_("category"), max_length=40)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    # False when the person is told by post and in the portal only (a co-owner
    # who did not agree to e-mail convocations, Civil Code art. 3.87 §3): no
    # e-mail, at once or in a digest.
    by_email = models.BooleanField(_("by e-mail"), default=True)
    # Files the e-mail carries (e.g. a convocation's .ics), kept with the
    # notification so a daily digest sent later still attaches them:
    # [{"filename", "mimetype", "content" (text) or "base64"}].
    attachments = models.JSONField(default=list, blank=True, editable=False)
    # The message itself (message ids, typed parameters, the objects it names),
    # written out when read, in the reader's language then
    # (community.notification_messages). Empty on rows from before: their text above is shown.
    message = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(recipient__isnull=False) | ~Q(email=""), name="notification_has_recipient"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def rendered(self):
        """Title, body and link in the active language (the one render function)."""
        from community.notification_messages import render_notification

        return render_notification(self)


class NotificationPreference(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("An e-mail for each notification")
        DAILY = "daily", _("One daily digest e-mail")
        NEVER = "never", _("No e-mail (in the portal only)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("member"),
    )
    category = models.CharField(_("category"), max_length=40)
    email_frequency = models.CharField(
        _("e-mail"), max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="one_preference_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.category}: {self.email_frequency}"


class AuditEvent(models.Model):
    """Who did what to which object, and when. Append-only: governance
    writes of every app record themselves here."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("object type")
    )
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("object"), max_length=250, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{format_moment(self.created_at, length='medium')} {self.action} {self.target_repr}"
