"""The buildings, their lots and who owns them, the roles in a building, and the files and documents
kept for it (with the e-mail consents and registered letters)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Household, HousingProject


class Fund(models.TextChoices):
    """The two funds of a co-ownership (Civil Code art. 3.86 §3), each on its
    own account (art. 3.89 §5): a call's reserve part is paid to the reserve
    fund's account, the rest to the working fund's."""

    WORKING = "working", _("Working fund")
    RESERVE = "reserve", _("Reserve fund")


class Building(models.Model):
    housing_project = models.ForeignKey(
        HousingProject, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("housing project")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    # Art. 3.85 §1: the deed fixes each lot's share of the common parts.
    total_shares = models.PositiveIntegerField(_("total shares"), default=1000)
    # The co-owners' general meeting, held through the assembly's voting engine.
    body = models.OneToOneField(
        "governance.Body", on_delete=models.SET_NULL, null=True, blank=True, related_name="building",
        verbose_name=_("co-owners' meeting body"),
    )
    # Civil Code art. 3.89 §5, 5°: the syndic keeps the working fund and the
    # reserve fund on separate accounts in the association's name. The accounts
    # are the base's (community.BankAccount: IBAN validated, BIC derived), so that
    # the trust's own accounts and the buildings' are one kind of data.
    working_account = models.OneToOneField(
        "community.BankAccount", on_delete=models.PROTECT, null=True, blank=True, related_name="working_fund_of",
        verbose_name=_("working fund account"),
    )
    reserve_account = models.OneToOneField(
        "community.BankAccount", on_delete=models.PROTECT, null=True, blank=True, related_name="reserve_fund_of",
        verbose_name=_("reserve fund account"),
    )
    # The association's SEPA creditor identifier, needed to collect by direct debit.
    creditor_id = models.CharField(_("SEPA creditor identifier"), max_length=35, blank=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def account_of(self, fund: str):
        """The bank account of one fund (``Fund``), or None if not entered yet."""
        return self.reserve_account if fund == Fund.RESERVE else self.working_account


class Lot(models.Model):
    class Kind(models.TextChoices):
        FLAT = "flat", _("Flat")
        PARKING = "parking", _("Parking space")
        CELLAR = "cellar", _("Cellar")
        SHOP = "shop", _("Shop")
        COMMUNITY = "community", _("Community space")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="lots", verbose_name=_("building"))
    reference = models.CharField(_("reference"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.FLAT)
    shares = models.PositiveIntegerField(_("shares"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    # A flat is a home: the one record of it, which the register's home shares.
    dwelling = models.OneToOneField(
        "community.Dwelling", on_delete=models.PROTECT, null=True, blank=True, related_name="lot",
        verbose_name=_("dwelling"),
    )

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["building", "reference"]
        constraints = [models.UniqueConstraint(fields=["building", "reference"], name="coown_lot_reference_unique")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()})"


class Ownership(models.Model):
    """A household owns a lot from a date; a resale closes the row and opens
    another, so the history is kept."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="ownerships", verbose_name=_("lot"))
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="lot_ownerships", verbose_name=_("household")
    )
    starts_on = models.DateField(_("owner from"))
    ends_on = models.DateField(_("owner until"), null=True, blank=True)

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        ordering = ["lot", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["lot"], condition=Q(ends_on__isnull=True), name="coown_one_current_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.lot} – {self.household}"


class BuildingRole(models.Model):
    """Roles of one building, not global roles: the building committee
    (art. 3.90) and the syndic (art. 3.89)."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Building committee member")
        SYNDIC = "syndic", _("Syndic")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="roles", verbose_name=_("building"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="building_roles", verbose_name=_("person")
    )
    kind = models.CharField(_("role"), max_length=12, choices=Kind.choices)
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("building role")
        verbose_name_plural = _("building roles")
        ordering = ["building", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "user", "kind"], condition=Q(ends_on__isnull=True), name="coown_one_current_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user}"


class StoredFile(models.Model):
    """Bytes of an uploaded or generated file, served only through a view
    that checks who asks."""

    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    content = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.filename


class BuildingDocument(models.Model):
    class Kind(models.TextChoices):
        DEED = "deed", _("Basic deed")
        RULES = "rules", _("Rules of the building")
        MINUTES = "minutes", _("Minutes")
        INSURANCE = "insurance", _("Insurance")
        CONTRACT = "contract", _("Contract")
        OTHER = "other", _("Other")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.OneToOneField(StoredFile, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("building document")
        verbose_name_plural = _("building documents")
        ordering = ["kind", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class EmailConsent(models.Model):
    """A co-owner's written agreement to be convened to the co-owners' meetings
    by e-mail (Civil Code art. 3.87 §3); without one, by registered letter.
    The household is the co-owner (it votes as one, art. 3.87 §2)."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="email_consents")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    agreed_on = models.DateField(_("signed on"))
    # The signed agreement: the proof that an e-mail convocation was valid.
    document = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("consent to e-mail convocations")
        verbose_name_plural = _("consents to e-mail convocations")
        ordering = ["-agreed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "household"], condition=Q(withdrawn_on__isnull=True),
                name="coownership_one_standing_email_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} ({self.agreed_on})"


class RegisteredLetters(models.Model):
    """When the registered letters convening a co-owners' meeting were posted:
    the notice period of those convened by letter runs from that day."""

    meeting = models.OneToOneField("governance.Meeting", on_delete=models.CASCADE, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))
    letters = models.PositiveIntegerField(_("letters"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("registered letters of a convocation")
        verbose_name_plural = _("registered letters of convocations")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.sent_on}"
