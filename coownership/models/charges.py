"""The charges: distribution keys and their weights, meter readings, the budget, expenses and their
allocation, calls for funds, payments, the co-owners' payment references and SEPA mandates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.banking.iban import validate_iban
from socle_site.kernel.formatting import format_money
from socle_site.kernel.generated_names import in_reader_language

from community.models import Household

from .buildings import Building, Fund, Lot, StoredFile


class DistributionKey(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General, by shares")
        SUBSET = "subset", _("Part of the building (staircase, lift)")
        METER = "meter", _("By meter readings")
        EQUAL = "equal", _("Equal parts")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="keys", verbose_name=_("building"))
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("distribution key")
        verbose_name_plural = _("distribution keys")
        ordering = ["building", "name"]
        constraints = [models.UniqueConstraint(fields=["building", "name"], name="coown_key_name_unique")]

    def __str__(self) -> str:
        # "General (shares)", "Equal parts": made with the building, read in the reader's language.
        return in_reader_language(self.name)


class KeyWeight(models.Model):
    """The weight of a lot in a key: its shares, 1 for equal parts, a meter
    reading, or the weight the statutes give it in a staircase or lift."""

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="weights")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="key_weights")
    weight = models.PositiveIntegerField(_("weight"))

    class Meta:
        ordering = ["key", "lot__reference"]
        constraints = [models.UniqueConstraint(fields=["key", "lot"], name="coown_weight_unique")]

    def __str__(self) -> str:
        return f"{self.lot_id}: {self.weight}"


class MeterReading(models.Model):
    """What a lot's meter counted over one period (a calendar year, the
    financial year), for a key shared by meter readings. The key's weights are
    the readings of its latest period, so the expenses recorded from then on
    are shared by them (``services.record_meter_readings``)."""

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="readings", verbose_name=_("key"))
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="meter_readings", verbose_name=_("lot"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.PositiveIntegerField(_("consumption"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        ordering = ["key", "-year", "lot__reference"]
        constraints = [models.UniqueConstraint(fields=["key", "lot", "year"], name="coown_reading_unique")]

    def __str__(self) -> str:
        return f"{self.key_id} {self.lot_id} {self.year}: {self.value}"


class BudgetLine(models.Model):
    """The yearly budget of one key; reserve lines feed the reserve fund."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    key = models.ForeignKey(DistributionKey, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("key"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    is_reserve = models.BooleanField(_("reserve fund"), default=False)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "is_reserve", "key__name"]
        constraints = [
            models.UniqueConstraint(fields=["building", "year", "key", "is_reserve"], name="coown_budget_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.key_id}"


class Expense(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary charge")
        EXTRAORDINARY = "extraordinary", _("Extraordinary charge")
        RESERVE = "reserve", _("Paid from the reserve fund")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="expenses")
    key = models.ForeignKey(DistributionKey, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("key"))
    supplier = models.CharField(_("supplier"), max_length=200)
    # The supplier's account, needed to pay the expense by a pain.001 transfer.
    supplier_iban = models.CharField(_("supplier's IBAN"), max_length=34, blank=True, validators=[validate_iban])
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=250, blank=True)
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.ORDINARY)
    document = models.OneToOneField(StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The transfer batch (pain.001) that pays it: an expense is put in one batch only.
    transfer_batch = models.ForeignKey(
        "TransferBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="expenses", editable=False
    )

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["building", "spent_on"])]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.supplier}"

    @property
    def fund(self) -> str:
        """The fund (and so the account) that pays it."""
        return Fund.RESERVE if self.kind == self.Kind.RESERVE else Fund.WORKING


class Allocation(models.Model):
    """One lot's part of an expense, to the cent; the owner on the expense's date pays it."""

    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="allocations")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="allocations")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, related_name="+")
    amount_cents = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["expense", "lot"], name="coown_allocation_unique")]

    def __str__(self) -> str:
        return f"{self.expense_id}/{self.lot_id}: {format_money(self.amount_cents)}"


class CallForFunds(models.Model):
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="calls")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    due_on = models.DateField(_("due on"))
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("call for funds")
        verbose_name_plural = _("calls for funds")
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["building", "year", "quarter"], name="coown_call_unique")]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}"


class CallLine(models.Model):
    call = models.ForeignKey(CallForFunds, on_delete=models.CASCADE, related_name="lines")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="call_lines")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    amount_cents = models.BigIntegerField()
    reserve_cents = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["building", "household"])]
        constraints = [models.UniqueConstraint(fields=["call", "lot"], name="coown_call_line_unique")]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.lot_id}: {format_money(self.amount_cents)}"


class Payment(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Recorded by hand")
        BANK = "bank", _("Bank statement")
        # What a co-owner owed (negative) or had in advance when the trust's
        # books moved to Socle: one per co-owner and building (issue 23).
        OPENING = "opening", _("Opening balance")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="payments")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("co-owner"))
    paid_on = models.DateField(_("paid on"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    reference = models.CharField(_("reference"), max_length=140, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    # The fund paid into: the payment clears the oldest open call of that fund first.
    fund = models.CharField(_("fund"), max_length=8, choices=Fund.choices, default=Fund.WORKING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The bank statement movement it came from: importing a statement twice adds nothing.
    movement = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]
        indexes = [models.Index(fields=["building", "household"])]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "movement"], condition=~Q(movement=""), name="coown_payment_movement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {format_money(self.amount_cents)}"


class PaymentReference(models.Model):
    """A co-owner's permanent structured communication for one of the
    building's accounts (its working fund's or its reserve fund's), so that a
    standing order keeps working from call to call and a credit on one account
    is matched only by that account's references. Its base is 10⁹ plus the
    row's number: unique, and never reused."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="payment_references")
    fund = models.CharField(_("fund"), max_length=8, choices=Fund.choices, default=Fund.WORKING)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("co-owner"))
    # Null only between the insert and the update that derives it from the row's number
    # (an empty string would collide with the next row's under the unique constraint).
    digits = models.CharField(  # noqa: DJ001
        _("structured communication"), max_length=12, unique=True, null=True, editable=False
    )

    class Meta:
        verbose_name = _("payment reference")
        verbose_name_plural = _("payment references")
        constraints = [
            models.UniqueConstraint(fields=["building", "fund", "household"], name="coown_one_reference_per_fund"),
        ]

    def __str__(self) -> str:
        return self.digits or ""


class SepaMandate(models.Model):
    """A co-owner's SEPA direct-debit mandate (core scheme) for the building's
    account: the signed form's identifier and date, the account debited. The
    provisions of each call are then collected with a pain.008 file the
    treasurer uploads; a revoked mandate is kept, and no longer collected."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="mandates")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("co-owner"))
    reference = models.CharField(_("mandate reference"), max_length=35)
    signed_on = models.DateField(_("signed on"))
    debtor_name = models.CharField(_("account holder"), max_length=70)
    debtor_iban = models.CharField(_("account debited (IBAN)"), max_length=34, validators=[validate_iban])
    debtor_bic = models.CharField(_("BIC"), max_length=11, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("direct-debit mandate")
        verbose_name_plural = _("direct-debit mandates")
        ordering = ["building", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["building", "reference"], name="coown_mandate_reference_unique"),
            models.UniqueConstraint(fields=["building", "household"], condition=Q(revoked_on__isnull=True),
                                    name="coown_one_standing_mandate"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.revoked_on is None
