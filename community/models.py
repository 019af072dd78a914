"""People of the CLT: accounts, households, organisations, roles, colleges,
plus the two mechanisms every app shares: notifications and the audit log."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.banking.iban import format_iban, validate_iban
from socle_site.kernel.crypto import EncryptedTextField
from socle_site.kernel.formatting import format_moment
from socle_site.kernel.generated_names import in_reader_language
from socle_site.kernel.text_limits import MEDIUM_TEXT, bounded


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        # A member without e-mail (created by staff, convened by post) has no
        # address and cannot log in: NULL, so that uniqueness holds among the others.
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, **extra_fields)
        if email is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. People log in with their e-mail address; a
    member without one (``email`` NULL) is managed by staff, cannot log in and
    is written to at the postal address of their household."""

    username = None
    # NULL for a member without e-mail: unique among those who have one (NULLs never clash).
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages and e-mails are shown in this language."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email or f"#{self.pk}"

    @property
    def display_name(self) -> str:
        return self.get_full_name() or (self.email or "").split("@")[0] or f"#{self.pk}"

    @property
    def has_email(self) -> bool:
        """Whether Socle can write to the person by e-mail (and they can log in)."""
        return bool(self.email)

    def save(self, *args, **kwargs):
        # A form leaves "" for no address: stored as NULL, so it never clashes.
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)


class College(models.Model):
    """One of the CLT's three governance colleges (residents, civil society,
    public authorities). Data, because the assemblies count votes per college."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, **bounded(MEDIUM_TEXT))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("college")
        verbose_name_plural = _("colleges")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    SOCIAL_WELFARE_CENTRE = "cpas", _("Social-welfare centre (CPAS/OCMW)")
    MUNICIPALITY = "municipality", _("Municipality")
    SOCIAL_HOUSING_COMPANY = "social_housing_company", _("Social housing company")
    SOCIAL_RENTAL_AGENCY = "social_rental_agency", _("Social rental agency")
    HOUSING_FUND = "housing_fund", _("Housing fund")
    CITIZEN_COLLECTIVE = "citizen_collective", _("Citizen collective")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    DEVELOPER = "developer", _("Developer")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    description = models.TextField(_("description"), blank=True, **bounded(MEDIUM_TEXT))
    college = models.ForeignKey(
        College,
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("The governance college this organisation sits in, if any."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="organisations",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationMembership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("member"),
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    is_contact = models.BooleanField(_("main contact"), default=False)
    since = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class HousingProject(models.Model):
    """A CLT housing project: the space that buildings, community rooms,
    residents' forums and the public project page hang off."""

    class Status(models.TextChoices):
        STUDY = "study", _("Study")
        PERMIT = "permit", _("Building permit")
        WORKS = "works", _("Works")
        INHABITED = "inhabited", _("Inhabited")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    municipality = models.CharField(_("municipality"), max_length=120)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.STUDY)
    homes_count = models.PositiveSmallIntegerField(_("number of homes"), default=0)
    community_spaces_count = models.PositiveSmallIntegerField(_("number of community spaces"), default=0)

    class Meta:
        verbose_name = _("housing project")
        verbose_name_plural = _("housing projects")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Dwelling(models.Model):
    """The one record of a home in a housing project. The register allocates
    it and records who bought it (candidates.Home), the co-ownership charges
    it (coownership.Lot): each points here one to one, so neither feature
    imports the other and both name the same home."""

    housing_project = models.ForeignKey(
        HousingProject, on_delete=models.PROTECT, related_name="dwellings", verbose_name=_("housing project")
    )
    label = models.CharField(_("label"), max_length=80, help_text=_("As the deed and the residents name it, e.g. “A3”."))
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)

    class Meta:
        verbose_name = _("dwelling")
        verbose_name_plural = _("dwellings")
        ordering = ["housing_project__name", "label"]
        constraints = [models.UniqueConstraint(fields=["housing_project", "label"], name="one_dwelling_label_per_project")]

    def __str__(self) -> str:
        return f"{self.housing_project.name} – {self.label}"


class BankAccount(models.Model):
    """A bank account Socle manages, as data: its IBAN (validated), its BIC
    (derived from the IBAN by the kernel, socle_site.kernel.banking.iban), the
    holder's name as the bank knows it, and the CSV columns of its statements.

    It lives in the base, not in a feature, because accounts belong to "a
    building or the trust": the trust's own accounts (ground-lease fees, room
    hire, memberships) carry their ``trust_purpose`` and are found by it (the
    stewardship feature will use them); a feature's account (a building's
    working and reserve funds) has no trust purpose and is pointed at by the
    feature's own row (coownership.Building), so the base knows no feature and
    needs no generic owner. Each IBAN is known once, so a statement file names
    exactly one account, and an unknown or other account can be refused."""

    class TrustPurpose(models.TextChoices):
        GROUND_LEASE = "ground_lease", _("Ground-lease fees")
        ROOM_HIRE = "room_hire", _("Room hire")
        MEMBERSHIPS = "memberships", _("Memberships")

    iban = models.CharField(_("IBAN"), max_length=34, unique=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    holder = models.CharField(
        _("account holder"), max_length=70, blank=True,
        help_text=_("As the bank knows it, e.g. “ACP Résidence Maple”."),
    )
    trust_purpose = models.CharField(_("trust account for"), max_length=14, choices=TrustPurpose.choices, blank=True)
    # Which column of this account's CSV statements holds the date, the amount, the
    # communication, the name and the IBAN: saved after a dry run (banks differ).
    csv_columns = models.JSONField(_("CSV columns"), default=dict, blank=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["trust_purpose", "iban"]
        constraints = [
            models.UniqueConstraint(fields=["trust_purpose"], condition=~Q(trust_purpose=""),
                                    name="community_one_trust_account_per_purpose"),
        ]

    def __str__(self) -> str:
        return format_iban(self.iban)


class Household(models.Model):
    """People who live (or will live) together: the unit that applies for a
    home, owns a lot and books rooms."""

    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    # The household's address is its members' postal address (letters, convocations by post).
    # db_default: rows written by code that predates the field (older migrations' states) get "".
    country = models.CharField(_("country"), max_length=80, blank=True, default="", db_default="",
                               help_text=_("Left empty for Belgium."))
    housing_project = models.ForeignKey(
        HousingProject,
        verbose_name=_("housing project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
        help_text=_("The CLT project the household lives in, once it has moved in."),
    )
    # The trust's own number for the household in the spreadsheet it came from:
    # the members import's natural key (issue 23), so a file imported twice changes nothing.
    external_id = models.CharField(_("household number in the trust's files"), max_length=80, blank=True, default="",
                                   db_default="")
    # Encrypted at rest like the candidates' incomes (Brussels Housing Code art. 166/1).
    yearly_income = EncryptedTextField(_("taxable yearly income"), blank=True, default="", db_default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["external_id"], condition=~Q(external_id=""), name="one_household_per_external_id")
        ]

    def __str__(self) -> str:
        # "Household of Fatima Diallo" is read in the reader's language (candidates registers it).
        return in_reader_language(self.name)


class HouseholdMember(models.Model):
    """A person in a household. Children and others without an account are
    named here; adults with an account are linked to it."""

    class Relationship(models.TextChoices):
        ADULT = "adult", _("Adult")
        CHILD = "child", _("Child")
        OTHER = "other", _("Other dependant")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="household_memberships",
        verbose_name=_("account"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    relationship = models.CharField(
        _("relationship"), max_length=10, choices=Relationship.choices, default=Relationship.ADULT
    )
    since = models.DateField(_("since"), default=timezone.localdate)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["relationship", "full_name"]
        constraints = [
            # A person belongs to one household at a time.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(until__isnull=True, user__isnull=False),
                name="one_current_household_per_user",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    CANDIDATE = "candidate", _("Candidate owner")
    ASSOCIATION_PARTNER = "association_partner", _("Association partner")
    PLATFORM_MEMBER = "platform_member", _("Platform member")
    COOWNER = "coowner", _("Co-owner")
    STAFF = "staff", _("Staff")
    EDITOR = "editor", _("Editor")


class RoleAssignment(models.Model):
    """A role a person holds, from a date, possibly until a date. Ended
    assignments are kept: they are the history of who was what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("member"),
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("on behalf of"),
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_active_assignment_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Gathering(models.Model):
    """Something people register for within a capacity: a public event of the
    website or an activity in a room (issue 17: one registration mechanism).

    A plain row, so that counting places locks this row and not a Wagtail page
    or a booking. The feature that owns the gathering keeps its capacity and
    its rules of who may register; ``kind`` names that feature's registration
    kind and ``key`` lets a feature find its gathering (a public event's
    translations share one ``translation_key``, hence one gathering)."""

    key = models.UUIDField(_("key"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # When it takes place, as the feature knows it: visitors' registrations
    # are deleted some time after it (community.privacy.records).
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A person's place (or place on the waiting list) at a gathering: a
    member's, or a visitor's without an account, known by a name and an
    e-mail address (issue 26). A visitor's registration counts only once
    they confirmed it from the e-mail (``UNCONFIRMED`` takes no place)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        UNCONFIRMED = "unconfirmed", _("Waiting for the e-mail confirmation")

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("gathering")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="registrations",
        verbose_name=_("member"),
    )
    # A visitor without an account (personal data: community.privacy.records).
    visitor_name = models.CharField(_("visitor's name"), max_length=120, blank=True)
    visitor_email = models.EmailField(_("visitor's e-mail"), blank=True)
    # The language of the page they registered from: their e-mails' language.
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live registration per person and gathering, in the database
            # (a double click or two tabs cannot take two places).
            models.UniqueConstraint(
                fields=["gathering", "user"], condition=~Q(status="cancelled"), name="one_live_registration"
            ),
            # A visitor's address once per gathering too (stored in lower case).
            models.UniqueConstraint(
                fields=["gathering", "visitor_email"], condition=~Q(status="cancelled") & ~Q(visitor_email=""),
                name="one_live_visitor_registration",
            ),
            # A member, or a visitor with an address: never both, never neither.
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(visitor_email=""))
                | (Q(user__isnull=True) & ~Q(visitor_email="")),
                name="registration_member_or_visitor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.visitor_name} – {self.gathering}"

    @property
    def is_visitor(self) -> bool:
        return self.user_id is None


class Convocation(models.Model):
    """A meeting of any kind as the base knows it: what people reply to
    (issue 17: one reply mechanism for assemblies and platform meetings).

    A plain row; each kind's meeting links to one (``convocation``) and keeps
    everything else its own. ``kind`` names the meeting's kind, ``title`` and
    ``starts_at`` follow the kind's meeting (they name the reply in a person's
    data and date its retention)."""

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")

    def __str__(self) -> str:
        return self.title


class MeetingReply(models.Model):
    """A person's reply to a convocation: will they come, online, not, or
    does a colleague come in their place. Each kind of meeting offers some of
    these answers (``community.services.meeting_replies``)."""

    class Answer(models.TextChoices):
        IN_PERSON = "in_person", _("I will come")
        ONLINE = "online", _("I will join online")
        ABSENT = "absent", _("I cannot come")
        DELEGATED = "delegated", _("A colleague comes in my place")

    convocation = models.ForeignKey(
        Convocation, on_delete=models.CASCADE, related_name="replies", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_replies", verbose_name=_("member")
    )
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    # Kept for the record but no longer meant: the meeting was cancelled or moved to another date.
    lapsed_at = models.DateTimeField(_("lapsed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["answered_at", "pk"]
        constraints = [
            # One reply per person and meeting, in the database (a second answer replaces the first).
            models.UniqueConstraint(fields=["convocation", "user"], name="one_reply_per_person"),
            models.CheckConstraint(
                condition=Q(answer__in=["in_person", "online", "absent", "delegated"]), name="meeting_reply_known_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_answer_display()}"


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


class Invitation(models.Model):
    """An imported member's invitation to set their password (issue 23): made
    with the account, sent only when staff ask (a separate, throttled step),
    accepted when the person sets their password through its link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation", verbose_name=_("member")
    )
    created_at = models.DateTimeField(_("imported"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=0)
    failed_at = models.DateTimeField(_("sending failed"), null=True, blank=True)
    failure = models.CharField(_("why sending failed"), max_length=300, blank=True)
    accepted_at = models.DateTimeField(_("password set"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to set a password")
        verbose_name_plural = _("invitations to set a password")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(self.user)
