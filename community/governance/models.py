"""Governance bodies, their meetings and the one voting engine's storage.

Design (others build on it: the chair's console, live tallies, minutes, and the
co-owners' meetings of ``coownership``):

- ``Body``: a governance body (general assembly, board, co-owners' meeting of one
  building). Its rules are data (notice period, quorum share, per-college quorum,
  proxies per holder, who may hold one) plus a *rule set* chosen by ``kind``
  (``community.governance.rulesets``): the co-ownership rule set uses the double
  quorum and proxy limits of ``coownership.law``, the others the plain engine.
- ``BodyMembership``: who sits in a body, in which college, with which weight
  (1 in the general assembly, the lot's shares in a co-ownership), between dates.
- ``Meeting`` (draft → convened → in progress → closed, or cancelled) with its
  ``AgendaItem``s, ``AgendaDocument``s (bytes kept in the database, served only
  through a permission-checked view), ``Rsvp``s, ``Attendance`` (check-in and
  check-out) and ``Proxy``s (one active proxy per principal per meeting: DB
  constraint). A proxy counts only while its holder is checked in and its
  principal is not (DOMAIN.md §8; ``engine.proxies.represented``).
- ``Question``: a motion, single choice, multiple choice or election, inside a
  meeting (``meeting``) or an online vote between meetings (``meeting`` empty,
  ``opens_at``/``closes_at`` set). Its ``Choice``s (yes/no/abstain for a motion,
  options, or candidates with their college) and, for elections, ``Seat`` rows
  (seats per college). Status draft → open → closed → published; the result is
  computed by the pure engine at close and frozen in ``result`` (JSON): services
  refuse any change after close and the database refuses to update a closed
  question's result (``Question.save`` guard plus a check constraint).
- Ballots. ``Participation`` (question, member, cast_by) says WHO voted, once:
  unique (question, member). ``Receipt`` holds the fingerprint of the code
  shown once to the voter: it proves that a ballot is in the count, never
  what it chose. WHAT was chosen is stored by the kind of question:
  - a named (open) question keeps one ``Ballot`` per member (its weight and
    college, for the minutes that name those against and abstaining);
  - a secret question keeps no ballot at all, only ``SecretTotal`` rows (per
    answer, and per college where the double majority needs it): each choice
    goes through a sealed ``SecretEnvelope`` written in a transaction of its
    own, is added to the totals and deleted. See ``services.secret`` and the
    README's "Secret ballots" for why each step defeats which route.
"""

import uuid
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import College

from .engine.tally import Majority


class Body(models.Model):
    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
        BOARD = "board", _("Board")
        COOWNERSHIP = "coownership", _("Co-owners' general meeting")

    class ProxyHolders(models.TextChoices):
        ANY_MEMBER = "any_member", _("Any member of the body")
        SAME_COLLEGE = "same_college", _("A member of the same college")
        NOBODY = "nobody", _("No proxies")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL_ASSEMBLY)
    description = models.TextField(_("description"), blank=True)
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"), default=15, help_text=_("Convocations go out at least this many days before a meeting.")
    )
    quorum_share = models.DecimalField(
        _("quorum (share of the votes present or represented)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("For example 0.5 for half. Co-owners' meetings use the legal double quorum instead."),
    )
    quorum_per_college = models.BooleanField(_("quorum in every college"), default=False)
    max_proxies_per_holder = models.PositiveSmallIntegerField(_("proxies a member may hold"), default=1)
    proxy_holders = models.CharField(
        _("who may hold a proxy"), max_length=20, choices=ProxyHolders.choices, default=ProxyHolders.ANY_MEMBER
    )
    secret_ballot_minimum = models.PositiveSmallIntegerField(
        _("fewest voters for a secret vote"), default=10, validators=[MinValueValidator(2)],
        help_text=_(
            "With fewer voters present or represented, a secret result can reveal who chose what: "
            "the chair is warned before opening, and a co-owners' meeting refuses to open the vote."
        ),
    )
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="governance_bodies_as_secretary",
        verbose_name=_("secretaries"),
        help_text=_("Besides staff, they prepare and run this body's meetings."),
    )

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def quorum_fraction(self) -> Fraction:
        return Fraction(self.quorum_share)

    @property
    def rule_set(self):
        from .rulesets import rule_set_for

        return rule_set_for(self)


class BodyMembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        day = on or timezone.localdate()
        return self.filter(active_from__lte=day).filter(Q(active_until__isnull=True) | Q(active_until__gte=day))


class BodyMembership(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_memberships", verbose_name=_("member")
    )
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("college")
    )
    weight = models.PositiveIntegerField(
        _("votes"), default=1, help_text=_("1 in the general assembly; the lot's shares in a co-owners' meeting.")
    )
    may_hold_proxies = models.BooleanField(
        _("may hold proxies"), default=True, help_text=_("Off for the syndic of a co-ownership (Civil Code art. 3.87 §7).")
    )
    active_from = models.DateField(_("member from"), default=timezone.localdate)
    active_until = models.DateField(_("member until"), null=True, blank=True)

    objects = BodyMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")
        ordering = ["body", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"], condition=Q(active_until__isnull=True), name="one_open_membership_per_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.body}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        CONVENED = "convened", _("Convened")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("body"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at (planned)"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("chair")
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("secretary")
    )
    second_meeting_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="second_meetings",
        verbose_name=_("second meeting of"),
        help_text=_("Called because the first meeting lacked a quorum; it decides whatever the attendance."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # Cancelled before it started (services.meetings.cancel_meeting): the reason is shown to members.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancellation_reason = models.TextField(_("reason for the cancellation"), blank=True)
    # Postponed (services.meetings.postpone_meeting): the date members were first convened for,
    # and how many times it moved (the .ics SEQUENCE, so calendars replace the old date).
    first_starts_at = models.DateTimeField(_("first planned for"), null=True, blank=True)
    postponements = models.PositiveSmallIntegerField(_("times postponed"), default=0)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["body", "starts_at"], name="meeting_body_start_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def has_started(self) -> bool:
        return self.status in (self.Status.IN_PROGRESS, self.Status.CLOSED) or self.starts_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def was_postponed(self) -> bool:
        return self.postponements > 0


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DEBATE = "debate", _("Debate")
        DECISION = "decision", _("Decision")
        ELECTION = "election", _("Election")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INFORMATION)
    description = models.TextField(_("description"), blank=True, help_text=_("Sanitised HTML."))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaDocument(models.Model):
    """A document attached to an agenda item. Its bytes stay in the database
    and are served only to those who may see the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agenda item"))
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100, default="application/pdf")
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.title


class Rsvp(models.Model):
    class Answer(models.TextChoices):
        IN_PERSON = "in_person", _("I will come")
        ONLINE = "online", _("I will join online")
        ABSENT = "absent", _("I cannot come")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("meeting"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    # Kept for the record but no longer meant: the meeting was cancelled or moved to another date.
    lapsed_at = models.DateTimeField(_("lapsed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_rsvp_per_member")]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_answer_display()}"


class Attendance(models.Model):
    """A stay in the meeting: from check-in to check-out. A member may leave
    and come back (several rows), but is in at most once at a time."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    checked_in_at = models.DateTimeField(_("checked in"), default=timezone.now)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked in by")
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], condition=Q(checked_out_at__isnull=True), name="one_open_attendance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.meeting}"


class Proxy(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies", verbose_name=_("meeting"))
    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proxies_given", verbose_name=_("given by")
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proxies_held", verbose_name=_("holder")
    )
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # The meeting was cancelled: the proxy ends (``withdrawn_at`` is set too, so every
    # reader of active proxies agrees) and this says it was not the member's doing.
    lapsed_at = models.DateTimeField(_("lapsed (meeting cancelled)"), null=True, blank=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["meeting", "given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "principal"], condition=Q(withdrawn_at__isnull=True), name="one_active_proxy_per_principal"
            ),
            models.CheckConstraint(condition=~Q(principal=models.F("holder")), name="proxy_not_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.principal} → {self.holder}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Question(models.Model):
    class Kind(models.TextChoices):
        MOTION = "motion", _("Motion (yes, no, abstain)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        ELECTION = "election", _("Election")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("vote status", "Not open yet")
        OPEN = "open", pgettext_lazy("vote status", "Open")
        CLOSED = "closed", pgettext_lazy("vote status", "Closed")
        PUBLISHED = "published", pgettext_lazy("vote status", "Results published")

    MAJORITY_CHOICES = [
        (Majority.SIMPLE.value, _("Simple majority")),
        (Majority.ABSOLUTE.value, _("Absolute majority")),
        (Majority.TWO_THIRDS.value, _("Two thirds")),
        (Majority.FOUR_FIFTHS.value, _("Four fifths")),
        (Majority.UNANIMITY.value, _("Unanimity")),
    ]

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="questions", verbose_name=_("body"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="questions", verbose_name=_("meeting"),
        help_text=_("Empty for an online vote between meetings."),
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions", verbose_name=_("agenda item")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("explanation"), blank=True, help_text=_("Sanitised HTML."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MOTION)
    max_choices = models.PositiveSmallIntegerField(
        _("choices per ballot"), default=1, help_text=_("For multiple choice: how many options a voter may tick.")
    )
    is_secret = models.BooleanField(_("secret ballot"), default=False)
    majority = models.CharField(_("majority"), max_length=12, choices=MAJORITY_CHOICES, default=Majority.SIMPLE.value)
    abstentions_count = models.BooleanField(
        _("abstentions count in the base"), default=False,
        help_text=_("When ticked, an abstention weighs like a vote against."),
    )
    double_majority_per_college = models.BooleanField(_("majority needed in every college"), default=False)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True, help_text=_("Online votes only."))
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True, help_text=_("Online votes only."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # Frozen at close by services.voting.close_question from the pure engine.
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            # A closed or published question always carries its frozen result.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open"]) | Q(result__isnull=False), name="closed_question_has_result"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Results are final once closed: refuse any rewrite of a frozen result
        # (services never try; this guards admin, shell and future code).
        if self.pk:
            stored = Question.objects.filter(pk=self.pk).values("status", "result").first()
            if stored and stored["status"] in ("closed", "published"):
                if self.result != stored["result"] or self.status not in ("closed", "published"):
                    raise ValueError("A closed question's result is final.")
        super().save(*args, **kwargs)

    @property
    def is_online_vote(self) -> bool:
        return self.meeting_id is None

    @property
    def is_final(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.PUBLISHED)


MOTION_LABELS = {"yes": _("Yes"), "no": _("No"), "abstain": _("Abstain")}


class Choice(models.Model):
    """An answer a ballot may select: yes/no/abstain of a motion (``code``),
    an option, or a candidate (``candidate`` and their ``college``)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=10, blank=True, help_text=_("yes, no or abstain for a motion."))
    label = models.CharField(_("label"), max_length=250)
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("candidate")
    )
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("college")
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return str(self.display_label)

    @property
    def display_label(self):
        """A motion's answers in the reader's language; options and candidates as written."""
        return MOTION_LABELS.get(self.code, self.label)


class Seat(models.Model):
    """How many seats an election fills in a college (or overall, no college)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="seats", verbose_name=_("question"))
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("college")
    )
    count = models.PositiveSmallIntegerField(_("seats"), default=1)

    class Meta:
        verbose_name = _("seats")
        verbose_name_plural = _("seats")
        constraints = [models.UniqueConstraint(fields=["question", "college"], name="one_seat_row_per_college")]

    def __str__(self) -> str:
        return f"{self.question}: {self.count}"


class Participation(models.Model):
    """WHO voted on a question: one row per member whose vote was cast,
    by themselves or by their proxy holder (``cast_by``). Never says what.

    ``token_hash`` exists only while a secret choice is on its way to the
    totals: it is the fingerprint of its envelope's random token, so that the
    envelope is counted once its participation is durable, and never when the
    cast failed in between. Closing the vote empties it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="participations", verbose_name=_("question"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("cast by"))
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["question", "member"], name="one_vote_per_member_per_question")]

    def __str__(self) -> str:
        return f"{self.member} – {self.question}"


class Ballot(models.Model):
    """WHAT a member chose on a named (open) question. Secret questions have
    no ballot rows (``SecretTotal``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("question"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("college")
    )
    weight = models.PositiveIntegerField(_("votes"), default=1)
    selections = models.JSONField(_("choices"), default=list)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            # Named ballots: one per member per question, in the ballot table too.
            models.UniqueConstraint(fields=["question", "member"], name="one_named_ballot_per_member"),
        ]

    def __str__(self) -> str:
        return str(self.id)


class Receipt(models.Model):
    """That a ballot is in the count of its question: the fingerprint of the
    code shown once to the voter. No choice, no voter, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("question"))
    code_hash = models.CharField(_("receipt fingerprint"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return str(self.id)


class SecretEnvelope(models.Model):
    """A secret choice on its way to the totals, for a moment: sealed (its
    selections and counted weight encrypted, no timestamp), written in a
    transaction that writes no participation, then added to ``SecretTotal``
    and deleted (``services.secret``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("sealed secret choice")
        verbose_name_plural = _("sealed secret choices")

    def __str__(self) -> str:
        return str(self.id)


class SecretTotal(models.Model):
    """The running total of a secret question for one answer (``choice``;
    empty for blank ballots), per college only where the double majority needs
    it. ``key`` "ballots" holds the number of ballots and their weight. Never
    a row per ballot, a weight per voter or a combination of answers: a rare
    combination times a weight would name a person. Deleted when the vote
    closes (the frozen ``Question.result`` keeps the figures)."""

    # A random key: no sequence moves as ballots come in.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    college = models.ForeignKey(College, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ballots = models.PositiveIntegerField(default=0)
    # A Fraction as text ("12", "35/2"): a capped co-owner's votes may be fractional.
    weight = models.CharField(max_length=60, default="0")

    class Meta:
        verbose_name = _("secret ballot total")
        verbose_name_plural = _("secret ballot totals")
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="one_secret_total_per_key")]

    def __str__(self) -> str:
        return self.key


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
    body_html = models.TextField(_("text"), blank=True, help_text=_("Sanitised HTML."))
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
