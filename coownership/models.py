"""Buildings run as co-ownerships (Civil Code, book 3, art. 3.84 ff.).

Money is kept in whole cents (integers) so that allocations add up exactly.
Files (expense invoices, ticket photos, building documents, statements) are
kept in the database and served only by views that check the perm."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.banking.iban import validate_iban
from socle_site.kernel.formatting import format_money
from socle_site.kernel.generated_names import in_reader_language
from socle_site.kernel.text_limits import MEDIUM_TEXT, bounded

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


class BankCredit(models.Model):
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
    # The fund whose account's statement it came from.
    fund = models.CharField(_("fund"), max_length=8, choices=Fund.choices, default=Fund.WORKING)
    movement = models.CharField(max_length=64, editable=False)
    booked_on = models.DateField(_("booked on"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    counterparty_name = models.CharField(_("from"), max_length=140, blank=True)
    counterparty_iban = models.CharField(_("from account"), max_length=34, blank=True)
    structured_reference = models.CharField(_("structured communication"), max_length=12, blank=True)
    communication = models.CharField(_("communication"), max_length=300, blank=True)
    is_reversal = models.BooleanField(_("reversed payment"), default=False)
    # Co-owners proposed by amount and name or IBAN: shown, never applied by themselves.
    proposals = models.ManyToManyField(Household, related_name="+", blank=True, verbose_name=_("proposed co-owners"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    payment = models.OneToOneField(Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="credit")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bank credit")
        verbose_name_plural = _("bank credits")
        ordering = ["booked_on", "id"]
        indexes = [models.Index(fields=["building", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["building", "movement"], name="coown_bank_credit_movement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {format_money(self.amount_cents)} {self.get_status_display()}"


class BankDebit(models.Model):
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
    fund = models.CharField(_("fund"), max_length=8, choices=Fund.choices, default=Fund.WORKING)
    movement = models.CharField(max_length=64, editable=False)
    booked_on = models.DateField(_("booked on"))
    # What left the account, in cents (positive).
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    counterparty_name = models.CharField(_("to"), max_length=140, blank=True)
    counterparty_iban = models.CharField(_("to account"), max_length=34, blank=True)
    communication = models.CharField(_("communication"), max_length=300, blank=True)
    proposals = models.ManyToManyField(Expense, related_name="+", blank=True, verbose_name=_("proposed expenses"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    expense = models.OneToOneField(Expense, on_delete=models.SET_NULL, null=True, blank=True, related_name="debit")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bank debit")
        verbose_name_plural = _("bank debits")
        ordering = ["booked_on", "id"]
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


class Ticket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Reported")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="tickets")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    title = models.CharField(_("title"), max_length=150)
    location = models.CharField(_("common part"), max_length=150)
    description = models.TextField(_("description"), **bounded(MEDIUM_TEXT))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("maintenance ticket")
        verbose_name_plural = _("maintenance tickets")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.RESOLVED, self.Status.CLOSED}


class TicketPhoto(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="photos")
    file = models.OneToOneField(StoredFile, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.file_id}"


class TicketComment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), **bounded(MEDIUM_TEXT))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.pk}"


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
