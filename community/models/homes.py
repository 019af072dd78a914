"""Homes and households: housing projects, dwellings, the bank accounts Socle
manages, households and their members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.banking.iban import format_iban, validate_iban
from socle_site.kernel.crypto import EncryptedTextField
from socle_site.kernel.generated_names import in_reader_language


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
    # Who owns the home now and since when: the base's fact (issue 25), so the
    # features that follow an owner (stewardship, the co-ownership) need not ask
    # the register. Written only by community.services.dwellings.record_owner,
    # which the register's deed services call; the deeds keep the history.
    owner_household = models.ForeignKey(
        "community.Household", on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_dwellings",
        verbose_name=_("owner household"),
    )
    owned_since = models.DateField(_("owned since"), null=True, blank=True)

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
