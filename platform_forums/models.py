"""Housing platforms (organisations of one or several municipalities working
together on housing) and the forums where their members, or the residents of
one housing project, talk."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import HousingProject, Organisation


class Platform(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    municipalities = models.CharField(
        _("municipalities covered"), max_length=300, help_text=_("Separated by commas.")
    )
    purpose = models.TextField(_("purpose"))
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


class Forum(models.Model):
    """A forum belongs to exactly one space: a platform (its members) or a
    housing project (its residents)."""

    platform = models.ForeignKey(
        Platform,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name=_("platform"),
    )
    housing_project = models.ForeignKey(
        HousingProject,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name=_("housing project"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(platform__isnull=False, housing_project__isnull=True)
                | models.Q(platform__isnull=True, housing_project__isnull=False),
                name="forum_in_one_space",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Thread(models.Model):
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="threads", verbose_name=_("forum")
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post"), default=timezone.now, db_index=True)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-is_pinned", "-last_post_at"]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    # Always the output of socle_site.sanitise.sanitise_html, never raw input.
    body_html = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"], name="post_thread_created_idx")]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"


class PostRevision(models.Model):
    """The previous text of an edited post: edits stay visible to moderators."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    body_html = models.TextField(_("previous message"))
    replaced_at = models.DateTimeField(_("replaced"), default=timezone.now)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return f"{self.post} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class PostFlag(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="flags", verbose_name=_("post")
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("flagged by")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["post", "flagged_by"], name="one_flag_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.post} ({self.flagged_by})"


class ThreadReadMark(models.Model):
    """When a person last read a thread: the unread marker compares it with last_post_at."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_read_mark_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.thread}"


class Meeting(models.Model):
    """A platform meeting. Several can be convened at once from a frequency
    (e.g. every two months, rules_meetings.meeting_dates)."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("platform")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=250)
    convened_at = models.DateTimeField(_("convened"), null=True, blank=True)
    # Always the output of socle_site.sanitise.sanitise_html.
    minutes_html = models.TextField(_("minutes"), blank=True)
    minutes_recorded_at = models.DateTimeField(_("minutes recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    title = models.CharField(_("title"), max_length=250)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Answer(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        DELEGATED = "delegated", _("delegated to a colleague")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_answer_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.answer}"


class ActionItem(models.Model):
    """A decision's follow-up: one organisation owns it, by a due date."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("meeting")
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="platform_actions",
        verbose_name=_("owner organisation"),
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    progress_note = models.CharField(_("progress"), max_length=300, blank=True)
    reminded_on = models.DateField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description
