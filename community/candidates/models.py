"""The register of candidate owners (Brussels Housing Code art. 134/1-134/3):
operators, yearly income thresholds and price rules, applications in the
order of their register number, supporting documents, homes to allocate and
offers, and the append-only log of who read personal data."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.crypto import EncryptedTextField
from socle_site.kernel.formatting import format_day

from community.models import Household, HousingProject, Organisation

from . import policy

RENEWAL_PERIOD = timedelta(days=365)


class Operator(models.Model):
    """A CLT or social landlord that runs a register on this Socle. A household
    registers once and chooses the operators that may consider it."""

    class Kind(models.TextChoices):
        CLT = "clt", _("Community land trust")
        SOCIAL_LANDLORD = "social_landlord", _("Social landlord")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLT)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("organisation")
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="candidate_operators",
        verbose_name=_("register staff"),
        help_text=_("People who hold the candidates role for this operator: they see its register."),
    )
    offer_answer_days = models.PositiveSmallIntegerField(
        _("days to answer an offer"),
        default=14,
        help_text=_("An offer not answered within this many days expires and the home goes to the next candidate."),
    )

    class Meta:
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IncomeCategory(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=120)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 for the lowest incomes."))

    class Meta:
        verbose_name = _("income category")
        verbose_name_plural = _("income categories")
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


PRICE_RULES = [
    ("share_of_cap", _("Share of the legal cap (percent)")),
    ("income_multiple", _("Multiple of the yearly income")),
    ("fixed", _("Fixed amount")),
]


class IncomeThreshold(models.Model):
    """A category's yearly income ceiling, by household composition. The
    categories and their ceilings are set by the region for every operator
    (Brussels Housing Code art. 134/2: candidates meet conditions set by the
    government and are classed by income category), so they are shared. The
    price rule here is the default an operator may replace with its own
    (OperatorPriceRule): the law only caps the price."""

    year = models.PositiveSmallIntegerField(_("year"))
    category = models.ForeignKey(IncomeCategory, on_delete=models.CASCADE, verbose_name=_("category"))
    base = models.DecimalField(_("ceiling for a person alone"), max_digits=10, decimal_places=2)
    per_adult = models.DecimalField(_("for each further adult"), max_digits=10, decimal_places=2, default=0)
    per_dependant = models.DecimalField(_("for each dependant"), max_digits=10, decimal_places=2, default=0)
    price_rule = models.CharField(
        _("price rule"),
        max_length=20,
        choices=PRICE_RULES,
        default="share_of_cap",
    )
    price_value = models.DecimalField(_("price rule value"), max_digits=12, decimal_places=2, default=100)

    class Meta:
        verbose_name = _("income threshold")
        verbose_name_plural = _("income thresholds")
        ordering = ["-year", "category__rank"]
        constraints = [models.UniqueConstraint(fields=["year", "category"], name="one_threshold_per_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.category.code}"


class OperatorPriceRule(models.Model):
    """An operator's own price rule for one income category, within the
    legal cap; without one, the category's default rule applies."""

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="price_rules", verbose_name=_("operator"))
    category = models.ForeignKey(IncomeCategory, on_delete=models.CASCADE, related_name="+", verbose_name=_("category"))
    price_rule = models.CharField(_("price rule"), max_length=20, choices=PRICE_RULES, default="share_of_cap")
    price_value = models.DecimalField(_("price rule value"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("operator's price rule")
        verbose_name_plural = _("operators' price rules")
        ordering = ["operator__name", "category__rank"]
        constraints = [models.UniqueConstraint(fields=["operator", "category"], name="one_price_rule_per_operator_category")]

    def __str__(self) -> str:
        return f"{self.operator} {self.category.code}"


class PriorityRuleSetting(models.Model):
    """A priority rule of one operator: each operator weighs its own
    priorities (the law sets only the income classes and the order)."""

    operator = models.ForeignKey(
        Operator, on_delete=models.CASCADE, related_name="priority_rules", verbose_name=_("operator")
    )
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=[
            ("needs_accessibility", _("Needs an accessible home, and the home is accessible")),
            ("wishes_municipality", _("Wishes to live in the home's municipality")),
            ("lives_in_municipality", _("Already lives in the home's municipality")),
        ],
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    is_enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("priority rule")
        verbose_name_plural = _("priority rules")
        ordering = ["operator__name", "kind"]
        constraints = [models.UniqueConstraint(fields=["operator", "kind"], name="one_priority_rule_per_operator_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class ActivationStep(models.Model):
    """A step a candidacy must complete to be active (information session
    attended, membership paid…), shown to the candidate as a checklist."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("activation step")
        verbose_name_plural = _("activation steps")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """A household's candidacy. Its register number, given once at
    submission (``services.candidacies.next_register_number``) or kept from
    the trust's own register when imported, fixes the place in the register
    for good (art. 134/2: chronological order), with ``submitted_at``.
    Neither is ever edited: corrections go through an audited service with a
    reason. The database id says nothing about the order (an imported
    register keeps numbers given years before Socle)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being completed")
        ACTIVE = "active", _("Active")
        LAPSED = "lapsed", _("Lapsed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        HOUSED = "housed", _("Housed")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper form entered by staff")

    class Tenure(models.TextChoices):
        PRIVATE_RENT = "private_rent", _("Private rental")
        SOCIAL_RENT = "social_rent", _("Social housing")
        FAMILY = "family", _("Living with family or friends")
        TEMPORARY = "temporary", _("Emergency or temporary housing")
        OTHER = "other", _("Other")

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("household")
    )
    register_number = models.PositiveIntegerField(_("register number"), unique=True, editable=False)
    submitted_at = models.DateTimeField(_("applied on"), default=timezone.now, editable=False, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    operators = models.ManyToManyField(Operator, related_name="applications", verbose_name=_("operators"))
    category = models.ForeignKey(
        IncomeCategory, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("income category")
    )
    household_size = models.PositiveSmallIntegerField(_("household size"), default=1)
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    current_tenure = models.CharField(_("current housing"), max_length=20, choices=Tenure.choices)
    current_municipality = models.CharField(_("current municipality"), max_length=120)
    current_rent = models.DecimalField(_("current monthly rent"), max_digits=8, decimal_places=2, default=0)
    wished_municipalities = models.JSONField(_("wished municipalities"), default=list, blank=True)
    bedrooms_min = models.PositiveSmallIntegerField(_("bedrooms, at least"), default=1)
    bedrooms_max = models.PositiveSmallIntegerField(_("bedrooms, at most"), default=4)
    needs_accessible = models.BooleanField(_("needs an accessible home"), default=False)
    consented_at = models.DateTimeField(_("consents given"), null=True)
    renew_by = models.DateField(_("renew by"))
    reminder_sent_for = models.DateField(_("reminder sent for"), null=True, blank=True)
    lapse_notice_sent_at = models.DateTimeField(_("lapse notice sent"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["register_number"]
        indexes = [
            models.Index(fields=["status", "category", "register_number"], name="candidacy_register_idx"),
            models.Index(fields=["status", "renew_by"], name="candidacy_renewal_idx"),
        ]
        constraints = [
            # A household registers once: one open candidacy at a time.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status__in=["pending", "active"]),
                name="one_open_candidacy_per_household",
            )
        ]

    def __str__(self) -> str:
        return _("Candidacy no. %(number)s") % {"number": self.register_number}

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.ACTIVE)


class RegisterCounter(models.Model):
    """One row, locked while a register number is chosen, so two candidacies
    submitted at the same moment never get the same number (PostgreSQL
    serialises them on this row; SQLite has one writer anyway)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)

    class Meta:
        verbose_name = _("register counter")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class Person(models.Model):
    """A member of the household as declared in the candidacy. National
    register number and income are encrypted at rest (art. 166/1)."""

    class Relationship(models.TextChoices):
        ADULT = "adult", _("Adult")
        DEPENDANT = "dependant", _("Dependent child or person")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="persons", verbose_name=_("candidacy")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    national_number = EncryptedTextField(_("national register number"), blank=True)
    yearly_income = EncryptedTextField(_("taxable yearly income"), blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["relationship", "id"]

    def __str__(self) -> str:
        return self.full_name


class StepCompletion(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="completions")
    step = models.ForeignKey(ActivationStep, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "step"], name="one_completion_per_step")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.step_id}"


class SupportingDocument(models.Model):
    """A proof (income, identity…). Its bytes are encrypted and kept in the
    database, never under MEDIA_ROOT: it is served only by a view that checks
    permissions and logs the access."""

    class Kind(models.TextChoices):
        INCOME = "income", _("Proof of income (tax assessment)")
        IDENTITY = "identity", _("Identity document")
        COMPOSITION = "composition", _("Household composition certificate")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("To be checked")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Rejected")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents", verbose_name=_("person"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    encrypted_content = models.BinaryField(editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    uploaded_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    review_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Home(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("To allocate")
        OFFERED = "offered", _("Offered")
        ALLOCATED = "allocated", _("Allocated")

    housing_project = models.ForeignKey(
        HousingProject, on_delete=models.PROTECT, related_name="homes_to_allocate", verbose_name=_("housing project")
    )
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="homes", verbose_name=_("operator"))
    # The one record of this home, which the co-ownership's lot shares.
    dwelling = models.OneToOneField(
        "community.Dwelling", on_delete=models.PROTECT, related_name="home", verbose_name=_("dwelling")
    )
    label = models.CharField(_("home"), max_length=80)
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms"))
    floor_area = models.DecimalField(_("floor area (m²)"), max_digits=6, decimal_places=1)
    is_accessible = models.BooleanField(_("accessible"), default=False)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2)
    cost_price = models.DecimalField(_("cost price"), max_digits=10, decimal_places=2)
    land_value = models.DecimalField(_("land value"), max_digits=10, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # When the home was last put up for allocation (first sale or resale):
    # offers declined or expired since then take a household off its list.
    listed_at = models.DateTimeField(_("put up for allocation on"), default=timezone.now)
    # Resold by its owner: the price is the one the deed's formula gave.
    is_resale = models.BooleanField(_("resale"), default=False)

    class Meta:
        verbose_name = _("home to allocate")
        verbose_name_plural = _("homes to allocate")
        ordering = ["housing_project__name", "label"]
        constraints = [models.UniqueConstraint(fields=["housing_project", "label"], name="one_home_label_per_project")]

    def __str__(self) -> str:
        return f"{self.housing_project.name} – {self.label}"


class Offer(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired without an answer")

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="offers", verbose_name=_("home"))
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="offers", verbose_name=_("candidacy"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    max_price = models.DecimalField(_("maximum price for this household"), max_digits=10, decimal_places=2)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    answer_by = models.DateField(_("answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Why eligible households ranked before this one were passed over (art. 134/2:
    # the register's order); required when there were any (policy.passed_over).
    skip_reason = models.CharField(_("why higher-ranked households were passed over"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-made_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["home"], condition=Q(status="proposed"), name="one_open_offer_per_home")
        ]

    def __str__(self) -> str:
        return f"{self.home} – {self.application}"


class Deed(models.Model):
    """An owner's deed: the household that bought a home, when, at what
    price, and the resale formula it holds (the anti-speculative clause that
    keeps the home affordable for the next household). One current deed per
    home; a resale ends it when the next buyer's deed is recorded."""

    class Formula(models.TextChoices):
        APPRAISAL = "appraisal", _("Appraisal-based: price paid plus a share of the increase in value")
        INDEX = "index", _("Index-based: price paid moved by an index")
        FIXED_RATE = "fixed_rate", _("Fixed rate: price paid grown by a yearly rate")

    class FeePeriod(models.TextChoices):
        MONTHLY = "monthly", _("monthly")
        YEARLY = "yearly", _("yearly")

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="deeds", verbose_name=_("home"))
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="deeds", verbose_name=_("owner household"))
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="deeds", verbose_name=_("candidacy")
    )
    bought_on = models.DateField(_("bought on"))
    price_paid = models.DecimalField(_("price paid"), max_digits=10, decimal_places=2)
    formula = models.CharField(_("resale formula"), max_length=12, choices=Formula.choices)
    share_percent = models.DecimalField(_("owner's share of the increase (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    appraisal_at_purchase = models.DecimalField(_("appraised value at purchase"), max_digits=10, decimal_places=2, null=True, blank=True)
    index_name = models.CharField(_("index"), max_length=80, blank=True)
    index_at_purchase = models.DecimalField(_("index at purchase"), max_digits=8, decimal_places=2, null=True, blank=True)
    rate_percent = models.DecimalField(_("yearly rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    # The land lease signed with the deed (the CLT keeps the land): all four
    # parts or none, checked by policy.check_lease (see clean()).
    lease_starts_on = models.DateField(_("land lease starts on"), null=True, blank=True)
    lease_years = models.PositiveSmallIntegerField(_("land lease duration (years)"), null=True, blank=True)
    lease_fee_cents = models.PositiveIntegerField(_("land lease fee (cents)"), null=True, blank=True)
    lease_fee_period = models.CharField(_("land lease fee paid"), max_length=8, choices=FeePeriod.choices, blank=True)
    lease_fee_indexed = models.BooleanField(_("land lease fee indexed"), default=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("owner's deed")
        verbose_name_plural = _("owners' deeds")
        ordering = ["home", "-bought_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["home"], condition=Q(ended_on__isnull=True), name="one_current_deed_per_home")
        ]

    def __str__(self) -> str:
        return _("Deed of %(home)s (%(date)s)") % {"home": self.home, "date": format_day(self.bought_on)}

    @property
    def lease(self) -> policy.LeaseTerms:
        return policy.LeaseTerms(
            starts_on=self.lease_starts_on, years=self.lease_years, fee_cents=self.lease_fee_cents,
            fee_period=self.lease_fee_period, indexed=self.lease_fee_indexed,
        )

    @property
    def lease_ends_on(self):
        if self.lease_starts_on is None or self.lease_years is None:
            return None
        return policy.lease_end(self.lease_starts_on, self.lease_years)

    def clean(self):
        # The same rule as the services and the import (policy.check_lease).
        try:
            policy.check_lease(self.lease, bought_on=self.bought_on)
        except policy.LeaseRefusal as refusal:
            raise ValidationError({"lease_" + refusal.field: refusal.message}) from None


class Resale(models.Model):
    """An owner sells: the price computed with the deed's formula from the
    values staff entered; the home goes back to the register's ranked list.
    Only the inputs are stored: the computation is shown again from them."""

    deed = models.OneToOneField(Deed, on_delete=models.PROTECT, related_name="resale", verbose_name=_("deed"))
    valued_on = models.DateField(_("sale date"))
    appraisal_now = models.DecimalField(_("appraised value today"), max_digits=10, decimal_places=2, null=True, blank=True)
    index_now = models.DecimalField(_("index today"), max_digits=8, decimal_places=2, null=True, blank=True)
    improvements = models.DecimalField(_("recognised improvement works"), max_digits=10, decimal_places=2, default=0)
    price = models.DecimalField(_("resale price"), max_digits=10, decimal_places=2)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("resale")
        verbose_name_plural = _("resales")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return _("Resale of %(home)s") % {"home": self.deed.home}


class IndexValue(models.Model):
    """A published value of an index that deeds follow (the health index, ABEX…),
    with its date: staff enter them as they are published, and the owner's file
    estimates an index-based resale price from the latest one."""

    name = models.CharField(_("index"), max_length=80, help_text=_("As the deeds name it, e.g. “Indice santé”."))
    on = models.DateField(_("published for"))
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("index value")
        verbose_name_plural = _("index values")
        ordering = ["name", "-on"]
        constraints = [models.UniqueConstraint(fields=["name", "on"], name="one_index_value_per_date")]

    def __str__(self) -> str:
        return f"{self.name} {format_day(self.on)}: {self.value}"


class Appraisal(models.Model):
    """An appraised value of a home on a date (an appraiser's report): the
    owner's file estimates an appraisal-based resale price from the latest one."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="appraisals", verbose_name=_("home"))
    on = models.DateField(_("appraised on"))
    value = models.DecimalField(_("appraised value"), max_digits=10, decimal_places=2)
    by = models.CharField(_("appraiser"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["home", "-on"]
        constraints = [models.UniqueConstraint(fields=["home", "on"], name="one_appraisal_per_home_and_date")]

    def __str__(self) -> str:
        return f"{self.home} {format_day(self.on)}"
