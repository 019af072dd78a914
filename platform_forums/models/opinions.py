"""Opinions of the housing platforms."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.formatting import format_moment

from community.content_translation.fields import TranslatableContent

from .meetings import Meeting
from .platforms import Platform


class Opinion(TranslatableContent):
    """An opinion of the platform to a decision-maker (e.g. on a municipal
    housing project): drafted together by the members, approved by the pilot
    (or by a decision recorded in a meeting's minutes), then public with its
    date and addressee, and followed up."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("approved and published")

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("platform")
    )
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(_("addressee"), max_length=200)
    # Always the output of socle_site.kernel.sanitise.sanitise_html.
    body_html = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_in = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_opinions",
        verbose_name=_("approved in the meeting"),
    )
    published_on = models.DateField(_("sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-published_on", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def latest_follow_up(self):
        """The last follow-up entry (from the prefetched list when there is one)."""
        entries = list(self.follow_ups.all())
        return entries[-1] if entries else None


class OpinionRevision(models.Model):
    """Each saved version of a draft: who wrote it and when."""

    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("opinion")
    )
    body_html = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("opinion revision")
        verbose_name_plural = _("opinion revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.opinion} @ {format_moment(self.created_at, length='medium')}"


class OpinionComment(models.Model):
    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="comments", verbose_name=_("opinion")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body_html = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("comment on an opinion")
        verbose_name_plural = _("comments on opinions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.opinion} #{self.pk}"


class OpinionFollowUp(models.Model):
    """What became of a published opinion, entry by dated entry."""

    class Kind(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        ANSWERED = "answered", _("answered")
        TAKEN_INTO_ACCOUNT = "taken", _("taken into account")
        PARTLY = "partly", _("partly taken into account")
        NOT_FOLLOWED = "not_followed", _("not followed")

    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("opinion")
    )
    kind = models.CharField(_("follow-up"), max_length=15, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("opinion follow-up")
        verbose_name_plural = _("opinion follow-ups")
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.opinion}: {self.get_kind_display()}"


class Practice(TranslatableContent):
    """The catalogue: a good practice or an innovative project, public or for
    the platform's members only, searchable by theme and full text."""

    class Kind(models.TextChoices):
        GOOD_PRACTICE = "practice", _("good practice")
        INNOVATIVE_PROJECT = "project", _("innovative project")

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="practices", verbose_name=_("platform")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=100, db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=400)
    # Always the output of socle_site.kernel.sanitise.sanitise_html.
    body_html = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("good practice or project")
        verbose_name_plural = _("good practices and projects")
        ordering = ["theme", "title"]

    def __str__(self) -> str:
        return self.title
