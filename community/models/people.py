"""People and organisations: accounts, colleges, organisations and their
members, roles, invitations."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    CANDIDATE = "candidate", _("Candidate owner")
    ASSOCIATION_PARTNER = "association_partner", _("Association partner")
    PLATFORM_MEMBER = "platform_member", _("Platform member")
    COOWNER = "coowner", _("Co-owner")
    STAFF = "staff", _("Staff")
    EDITOR = "editor", _("Editor")
    # Follows the homes after the sale (issue 25): the owners' files, yearly checks.
    STEWARD = "steward", _("Stewardship officer")
    # Accompanies households in difficulty (issue 25): the only one to see the early-warning cases.
    SUPPORT = "support", _("Support worker")


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
