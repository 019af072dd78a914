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
    # A sub-commission's forum also names its platform (the space it belongs to).
    sub_commission = models.OneToOneField(
        "SubCommission",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forum",
        verbose_name=_("sub-commission"),
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
    # Always the output of socle_site.kernel.sanitise.sanitise_html, never raw input.
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
    purpose = models.TextField(_("purpose"), blank=True)
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


class Meeting(models.Model):
    """A platform meeting, or a meeting of one of its sub-commissions. Several
    can be convened at once from a frequency (rules_meetings.meeting_dates)."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("platform")
    )
    sub_commission = models.ForeignKey(
        SubCommission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("sub-commission"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=250)
    convened_at = models.DateTimeField(_("convened"), null=True, blank=True)
    # Always the output of socle_site.kernel.sanitise.sanitise_html.
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


def _private_storage():
    from .storage import private_storage

    return private_storage()


class PostAttachment(models.Model):
    """A file joined to a post. Stored outside the public web root (storage.py)
    and served only by a view that checks who may read the forum."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("post")
    )
    file = models.FileField(_("file"), upload_to="forum/%Y/%m/", storage=_private_storage)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class Opinion(models.Model):
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
        return f"{self.opinion} @ {self.created_at:%Y-%m-%d %H:%M}"


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


class Practice(models.Model):
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
