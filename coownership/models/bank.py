"""The bank: the movements read from statements (credits and debits), the statements themselves and
the transfer batches paying suppliers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.formatting import format_money

from community.models import Household

from .buildings import Building, Fund, StoredFile
from .charges import Expense, Payment


class BankMovement(models.Model):
    """What every line read from a building's bank statement holds, credit or
    debit: the fund whose account it came from, its stable identity (so
    that importing a statement again finds it and changes nothing), its date,
    amount in cents (positive: the direction is the model), its free
    communication, and who decided what it is, when."""

    fund = models.CharField(_("fund"), max_length=8, choices=Fund.choices, default=Fund.WORKING)
    movement = models.CharField(max_length=64, editable=False)
    booked_on = models.DateField(_("booked on"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    communication = models.CharField(_("communication"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["booked_on", "id"]


class BankCredit(BankMovement):
    """A credit read from one of the building's bank statements, kept by the
    movement's stable identity: importing the same statement again finds it
    and changes nothing, even after a person undid its match. A credit the
    co-owner's structured communication (or a lot named in a free
    communication) matched has its payment; the others wait in the queue
    until the treasurer assigns them to a co-owner or marks them "not for us"."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        MATCHED = "matched", _("Matched")
        ASSIGNED = "assigned", _("Assigned by hand")
        DISMISSED = "dismissed", _("Not for us")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="bank_credits")
    counterparty_name = models.CharField(_("from"), max_length=140, blank=True)
    counterparty_iban = models.CharField(_("from account"), max_length=34, blank=True)
    structured_reference = models.CharField(_("structured communication"), max_length=12, blank=True)
    is_reversal = models.BooleanField(_("reversed payment"), default=False)
    # Co-owners proposed by amount and name or IBAN: shown, never applied by themselves.
    proposals = models.ManyToManyField(Household, related_name="+", blank=True, verbose_name=_("proposed co-owners"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    payment = models.OneToOneField(Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="credit")

    class Meta(BankMovement.Meta):
        verbose_name = _("bank credit")
        verbose_name_plural = _("bank credits")
        indexes = [models.Index(fields=["building", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["building", "movement"], name="coown_bank_credit_movement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {format_money(self.amount_cents)} {self.get_status_display()}"


class BankDebit(BankMovement):
    """A debit (money out: a supplier paid) read from one of the building's
    statements. Expenses of the same amount whose supplier's name or IBAN is
    the counterparty's are proposed, never applied by themselves: the
    treasurer confirms which expense it paid, or marks it "not an expense";
    either can be undone."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CONFIRMED = "confirmed", _("Expense confirmed")
        DISMISSED = "dismissed", _("Not an expense")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="bank_debits")
    counterparty_name = models.CharField(_("to"), max_length=140, blank=True)
    counterparty_iban = models.CharField(_("to account"), max_length=34, blank=True)
    proposals = models.ManyToManyField(Expense, related_name="+", blank=True, verbose_name=_("proposed expenses"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    expense = models.OneToOneField(Expense, on_delete=models.SET_NULL, null=True, blank=True, related_name="debit")

    class Meta(BankMovement.Meta):
        verbose_name = _("bank debit")
        verbose_name_plural = _("bank debits")
        indexes = [models.Index(fields=["building", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["building", "movement"], name="coown_bank_debit_movement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} -{format_money(self.amount_cents)} {self.get_status_display()}"


class TransferBatch(models.Model):
    """A pain.001 credit-transfer file the treasurer downloaded to pay
    expenses from one fund's account: the expenses in it are paid (they are
    not offered again), and the file is kept as it was given."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="transfer_batches")
    fund = models.CharField(_("fund"), max_length=8, choices=Fund.choices, default=Fund.WORKING)
    execute_on = models.DateField(_("execution date"))
    message_id = models.CharField(max_length=35, unique=True)
    total_cents = models.BigIntegerField(_("total (cents)"))
    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("transfer batch")
        verbose_name_plural = _("transfer batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message_id


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="statements")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(max_length=8, default="fr")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    pdf = models.OneToOneField(StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year} {self.household_id}"
