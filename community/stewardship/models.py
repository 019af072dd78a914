"""Stewardship after the sale (issue 25): the yearly checks a land trust asks
of each owner household, and the dates the trust sets for them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import SHORT_TEXT, bounded


class CheckKind(models.TextChoices):
    # The owner promised, with the deed, to live in the home and to insure it.
    OCCUPANCY = "occupancy", _("We live in our home")
    INSURANCE = "insurance", _("Our home is insured")


class CheckRule(models.Model):
    """When the trust opens a kind of yearly check and how long owners have to
    answer: data the staff set in the administration, one row per kind."""

    kind = models.CharField(_("check"), max_length=12, choices=CheckKind.choices, unique=True)
    opens_month = models.PositiveSmallIntegerField(
        _("opens in month"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)])
    opens_day = models.PositiveSmallIntegerField(
        _("opens on day"), default=15, validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("From 1 to 28, so that every month has it."))
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"), default=60, validators=[MinValueValidator(7), MaxValueValidator(365)])
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"), default=14, validators=[MaxValueValidator(120)])
    is_enabled = models.BooleanField(_("asked each year"), default=True)

    class Meta:
        verbose_name = _("yearly check rule")
        verbose_name_plural = _("yearly check rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class YearlyCheck(models.Model):
    """One year's check for one home and its owner household: opened by the
    daily task, answered by the owner with a supporting document, accepted by
    the stewardship officer (or sent back with a reason)."""

    class Status(models.TextChoices):
        OPEN = "open", _("To answer")
        SUBMITTED = "submitted", _("Sent, to be checked")
        ACCEPTED = "accepted", _("Accepted")

    dwelling = models.ForeignKey("community.Dwelling", on_delete=models.PROTECT, related_name="yearly_checks",
                                 verbose_name=_("home"))
    household = models.ForeignKey("community.Household", on_delete=models.PROTECT, related_name="yearly_checks",
                                  verbose_name=_("owner household"))
    kind = models.CharField(_("check"), max_length=12, choices=CheckKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("answer by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    # The supporting document, encrypted at rest like the register's (socle_site.kernel.crypto).
    document_name = models.CharField(_("file name"), max_length=200, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(default=0)
    document = models.BinaryField(editable=False, default=b"")
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Past the deadline without an answer: the officer was told (never a silent lapse).
    escalated_at = models.DateTimeField(_("sent to the officer"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("checked"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    # Why a document was sent back: the household reads it.
    review_note = models.CharField(_("note for the household"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("yearly check")
        verbose_name_plural = _("yearly checks")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["dwelling", "kind", "year"], name="one_check_per_home_kind_year"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="stewardship_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} – {self.dwelling}"


class RequestKind(models.TextChoices):
    # What the deed says the owner asks the trust first.
    SUBLET = "sublet", _("Sublet the home")
    REFINANCE = "refinance", _("Take out or change a mortgage")
    WORKS = "works", _("Carry out improvement works")


class DecisionRule(models.Model):
    """Up to where the stewardship officers decide an owner's request alone;
    above it, the trust's board decides (and the officer records its
    decision). Data the staff set in the administration, one row per kind."""

    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices, unique=True)
    staff_up_to_cents = models.PositiveBigIntegerField(
        _("officers decide amounts up to (cents)"), null=True, blank=True,
        help_text=_("Loans and works up to this amount; empty: any amount."))
    staff_up_to_months = models.PositiveSmallIntegerField(
        _("officers decide sublets up to (months)"), null=True, blank=True,
        help_text=_("Empty: any length."))

    class Meta:
        verbose_name = _("decision rule")
        verbose_name_plural = _("decision rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class OwnerRequest(models.Model):
    """An owner household asks the trust before subletting, borrowing against
    the home or carrying out works; the officers (or, above the rule's
    threshold, the board) decide, with a reason the household reads. Approved
    works count in the resale price once their invoices are in."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Works done, counted in the resale price")

    dwelling = models.ForeignKey("community.Dwelling", on_delete=models.PROTECT, related_name="owner_requests",
                                 verbose_name=_("home"))
    household = models.ForeignKey("community.Household", on_delete=models.PROTECT, related_name="owner_requests",
                                  verbose_name=_("owner household"))
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField(_("what and why"), **bounded(SHORT_TEXT))
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    # The loan, or the works' estimated cost, in cents.
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"), null=True, blank=True)
    # Above the rule's threshold when it was sent: the board decides.
    for_board = models.BooleanField(_("decided by the board"), default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("reason of the decision"), max_length=1000, blank=True)
    board_decided_on = models.DateField(_("board's decision of"), null=True, blank=True)
    # Works: the amount approved (at most the estimate), then what the invoices show.
    approved_cents = models.PositiveBigIntegerField(_("approved amount (cents)"), null=True, blank=True)
    invoiced_cents = models.PositiveBigIntegerField(_("invoiced amount (cents)"), null=True, blank=True)
    invoices_recorded_at = models.DateTimeField(_("invoices recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("owner's request")
        verbose_name_plural = _("owners' requests")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="stewardship_request_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.dwelling}"


class ResaleSetting(models.Model):
    """The trust's resale terms as its deeds write them (one row)."""

    first_refusal_days = models.PositiveSmallIntegerField(
        _("days the trust has to use its right of first refusal"), default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)])

    class Meta:
        verbose_name = _("resale terms")
        verbose_name_plural = _("resale terms")

    def __str__(self) -> str:
        return str(_("Resale terms"))


class SaleNotice(models.Model):
    """The owner household tells the trust it wants to sell: the resale
    begins. The trust first decides whether it buys the home back (its right
    of first refusal, by a deadline); if it does not, the register prices the
    home with the deed's formula and offers it to the next household."""

    class Status(models.TextChoices):
        GIVEN = "given", _("Notice given: the trust decides on its right of first refusal")
        WAIVED = "waived", _("The trust does not buy: the home goes to the next household of the register")
        EXERCISED = "exercised", _("The trust buys the home back")
        WITHDRAWN = "withdrawn", _("Withdrawn by the owner")

    dwelling = models.ForeignKey("community.Dwelling", on_delete=models.PROTECT, related_name="sale_notices",
                                 verbose_name=_("home"))
    household = models.ForeignKey("community.Household", on_delete=models.PROTECT, related_name="sale_notices",
                                  verbose_name=_("owner household"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GIVEN)
    given_on = models.DateField(_("notice given on"))
    wished_on = models.DateField(_("sale wished for"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    first_refusal_until = models.DateField(_("the trust decides by"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decision_note = models.CharField(_("reason of the decision"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("notice of sale")
        verbose_name_plural = _("notices of sale")
        ordering = ["-given_on", "-pk"]
        constraints = [
            # One sale under way per home.
            models.UniqueConstraint(fields=["dwelling"], condition=models.Q(status="given"),
                                    name="one_open_sale_notice_per_home"),
        ]

    def __str__(self) -> str:
        return f"{self.dwelling} ({self.given_on})"


# --- Ground-lease fees (the redevance the owner pays the trust for the land) ---
class FeeSetting(models.Model):
    """How the trust runs its ground-lease fees (one row): the index an
    indexed fee follows and when an unpaid fee counts as arrears."""

    index_name = models.CharField(
        _("index an indexed fee follows"), max_length=80, default="Indice santé",
        help_text=_("As the index values are entered, e.g. “Indice santé”."))
    grace_days = models.PositiveSmallIntegerField(
        _("days after the due date before a fee is in arrears"), default=30, validators=[MaxValueValidator(180)])
    # A trust moving to Socle kept its fees elsewhere until then: the older ones are not asked again.
    fees_from = models.DateField(
        _("fees asked in Socle from"), null=True, blank=True,
        help_text=_("Fees due before this date were followed before Socle and are not opened here. Empty: every fee "
                    "since each lease's start."))

    class Meta:
        verbose_name = _("ground-lease fee terms")
        verbose_name_plural = _("ground-lease fee terms")

    def __str__(self) -> str:
        return str(_("Ground-lease fee terms"))


class FeeReference(models.Model):
    """The owner household's permanent structured communication for the fees
    of one home, on the trust's ground-lease account: a standing order keeps
    working from month to month. Its base is 2·10⁹ plus the row's number
    (unique, never reused, apart from the co-ownerships' 10⁹ range)."""

    dwelling = models.ForeignKey("community.Dwelling", on_delete=models.PROTECT, related_name="fee_references",
                                 verbose_name=_("home"))
    household = models.ForeignKey("community.Household", on_delete=models.PROTECT, related_name="fee_references",
                                  verbose_name=_("owner household"))
    # Null only between the insert and the update that derives it from the row's number.
    digits = models.CharField(_("structured communication"), max_length=12, unique=True, null=True,  # noqa: DJ001
                              editable=False)

    class Meta:
        verbose_name = _("fee payment reference")
        verbose_name_plural = _("fee payment references")
        constraints = [models.UniqueConstraint(fields=["dwelling", "household"], name="one_fee_reference_per_owner")]

    def __str__(self) -> str:
        return self.digits or ""


class FeeCharge(models.Model):
    """One fee falling due: opened by the daily task on its due date from the
    lease the deed carries, at the amount of that period (indexed on each
    anniversary when the deed says so)."""

    dwelling = models.ForeignKey("community.Dwelling", on_delete=models.PROTECT, related_name="fee_charges",
                                 verbose_name=_("home"))
    household = models.ForeignKey("community.Household", on_delete=models.PROTECT, related_name="fee_charges",
                                  verbose_name=_("owner household"))
    due_on = models.DateField(_("due on"))
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    # The index values the amount was moved by (empty: the deed's fee as it is).
    index_base = models.DecimalField(_("index at the lease's start"), max_digits=8, decimal_places=2, null=True, blank=True)
    index_now = models.DecimalField(_("index at the anniversary"), max_digits=8, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ground-lease fee")
        verbose_name_plural = _("ground-lease fees")
        ordering = ["-due_on", "-pk"]
        constraints = [
            # Opened once, whichever worker runs the task.
            models.UniqueConstraint(fields=["dwelling", "household", "due_on"], name="one_fee_per_home_owner_date"),
        ]

    def __str__(self) -> str:
        return f"{self.dwelling} {self.due_on}"


class FeeCredit(models.Model):
    """A credit on the trust's ground-lease account, from its bank statement:
    matched to an owner by their structured communication, or waiting for the
    officer, who assigns it to a home's owner or sets it aside with a note.
    Imported once: the movement's identity is unique."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched by its reference")
        ASSIGNED = "assigned", _("Assigned by an officer")
        WAITING = "waiting", _("To assign")
        SET_ASIDE = "set_aside", _("Set aside: not a fee")

    identity = models.CharField(max_length=80, unique=True, editable=False)
    account_iban = models.CharField(_("account"), max_length=34)
    booked_on = models.DateField(_("booked on"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    counterparty_name = models.CharField(_("payer"), max_length=140, blank=True)
    counterparty_iban = models.CharField(_("payer's IBAN"), max_length=34, blank=True)
    communication = models.CharField(_("communication"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    dwelling = models.ForeignKey("community.Dwelling", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="fee_credits", verbose_name=_("home"))
    household = models.ForeignKey("community.Household", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="fee_credits", verbose_name=_("owner household"))
    # The owners the matcher proposed (their FeeReference rows): never applied by itself.
    proposed = models.JSONField(default=list, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ground-lease account credit")
        verbose_name_plural = _("ground-lease account credits")
        ordering = ["-booked_on", "-pk"]
        indexes = [models.Index(fields=["dwelling", "household", "status"], name="stewardship_credit_owner_idx")]
        constraints = [
            # A credit counts for an owner exactly when it is matched or assigned to one.
            models.CheckConstraint(
                condition=(models.Q(status__in=["matched", "assigned"], dwelling__isnull=False, household__isnull=False)
                           | models.Q(status__in=["waiting", "set_aside"], dwelling__isnull=True, household__isnull=True)),
                name="fee_credit_owner_iff_counted"),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount_cents}"
