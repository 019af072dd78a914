"""A household's candidacy: submitted, classed by income (policy.income_category), activated step by step, renewed, corrected; renewal reminders."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting

from community.models import Household, HouseholdMember, Role, User
from community.services.audit import record_audit
from community.services.notifications import notify
from community.services.roles import assign_role

from .. import policy, selectors
from ..models import (
    RENEWAL_PERIOD,
    ActivationStep,
    Application,
    Operator,
    Person,
    RegisterCounter,
    StepCompletion,
)
from ._common import CandidacyRefusal, _decimal, _url

# A household an application creates is named after its first adult; the name
# reads in each reader's language (registered in apps.py).
HOUSEHOLD_NAME = gettext_lazy("Household of %(name)s")


def log_access(*, user: User, application: Application, what: str) -> None:
    """Written to the project's one access log, once for each member of the
    household with an account: each sees the reading in "who opened my file"."""
    from community.privacy.services import log_access_to

    members = User.objects.filter(household_memberships__household_id=application.household_id).distinct()
    log_access_to(viewer=user, subjects=list(members), what=what, target=application)


def lock_register() -> None:
    """Hold the register's counter row until the transaction ends: whoever
    numbers candidacies (a submission, an import) takes it first, so two never
    read the same highest number (PostgreSQL waits on the row lock)."""
    RegisterCounter.objects.get_or_create(pk=1)
    RegisterCounter.objects.select_for_update().get(pk=1)


def next_register_number() -> int:
    """The number the next candidacy takes in the register: one more than the
    highest given, imported numbers included (art. 134/2: chronological
    order). The one place a number is chosen; call it inside the transaction
    that saves the candidacy."""
    assert transaction.get_connection().in_atomic_block, "a register number is chosen inside the saving transaction"
    lock_register()
    return (Application.objects.aggregate(last=Max("register_number"))["last"] or 0) + 1


def _classify(application: Application, persons: list[dict]) -> None:
    adults = sum(1 for p in persons if p["relationship"] == Person.Relationship.ADULT)
    incomes = [_decimal(p.get("yearly_income"), _("Income")) for p in persons]
    thresholds, categories = selectors.thresholds_for_year(timezone.localdate().year)
    code = policy.income_category(
        incomes=incomes, adults=adults, dependants=len(persons) - adults, thresholds=thresholds
    )
    application.category = categories.get(code)
    application.adults = adults
    application.household_size = len(persons)


def check_persons(persons: list[dict]) -> None:
    """The household as declared: at least one adult, a name and a plausible
    year of birth for each, incomes in euros (also checked step by step)."""
    if not any(p["relationship"] == Person.Relationship.ADULT for p in persons):
        raise CandidacyRefusal(_("A candidacy needs at least one adult."))
    this_year = timezone.localdate().year
    for p in persons:
        if not p.get("full_name", "").strip():
            raise CandidacyRefusal(_("Give the name of each member of the household."))
        if not 1900 <= int(p["birth_year"]) <= this_year:
            raise CandidacyRefusal(_("The year of birth of %(name)s is not plausible.") % {"name": p["full_name"]})
        _decimal(p.get("yearly_income"), _("Income"))


@transaction.atomic
def submit_application(
    *,
    acting_user: User,
    persons: list[dict],
    operators: list[Operator],
    current_tenure: str,
    current_municipality: str,
    current_rent: Decimal = Decimal(0),
    wished_municipalities: list[str] = (),
    bedrooms_min: int = 1,
    bedrooms_max: int = 4,
    needs_accessible: bool = False,
    consents: bool = False,
    household: Household | None = None,
    applicant: User | None = None,
) -> Application:
    """A household applies, online (applicant = acting_user) or on paper
    entered by register staff (applicant may be None, household given or
    created). The register number that fixes the place is given here, at
    submission (``next_register_number``)."""
    paper = applicant is None or applicant != acting_user
    if paper and not selectors.operators_staffed_by(acting_user).filter(pk__in=[o.pk for o in operators]).exists():
        raise CandidacyRefusal(_("Only the register staff of the chosen operators may enter a paper application."))
    if not consents:
        raise CandidacyRefusal(_("The candidacy needs your consent to the processing of your data and to the CLT's rules."))
    if not operators:
        raise CandidacyRefusal(_("Choose at least one operator that may consider your candidacy."))
    if bedrooms_min > bedrooms_max:
        raise CandidacyRefusal(_("The smallest number of bedrooms cannot exceed the largest."))
    check_persons(persons)
    if household is None:
        household = selectors.household_of(applicant) if applicant else None
    if household is None:
        first_adult = next(p for p in persons if p["relationship"] == Person.Relationship.ADULT)
        household = Household.objects.create(
            name=str(HOUSEHOLD_NAME) % {"name": first_adult["full_name"]}, municipality=current_municipality
        )
        if applicant:
            HouseholdMember.objects.create(household=household, user=applicant, full_name=applicant.get_full_name() or first_adult["full_name"])
    if Application.objects.select_for_update().filter(household=household, status__in=["pending", "active"]).exists():
        raise CandidacyRefusal(_("This household is already in the register: one registration is enough."))
    now = timezone.now()
    application = Application(
        household=household,
        channel=Application.Channel.ONLINE if not paper else Application.Channel.PAPER,
        current_tenure=current_tenure,
        current_municipality=current_municipality,
        current_rent=_decimal(current_rent, _("Rent")),
        wished_municipalities=list(wished_municipalities),
        bedrooms_min=bedrooms_min,
        bedrooms_max=bedrooms_max,
        needs_accessible=needs_accessible,
        consented_at=now,
        renew_by=(now + RENEWAL_PERIOD).date(),
        entered_by=acting_user,
    )
    _classify(application, persons)
    application.register_number = next_register_number()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        # Another member of the household applied at the same moment: the
        # partial unique constraint keeps the single registration.
        raise CandidacyRefusal(_("This household is already in the register: one registration is enough.")) from error
    application.operators.set(operators)
    Person.objects.bulk_create(
        [
            Person(
                application=application,
                full_name=p["full_name"].strip(),
                relationship=p["relationship"],
                birth_year=int(p["birth_year"]),
                national_number=(p.get("national_number") or "").strip(),
                yearly_income=str(_decimal(p.get("yearly_income"), _("Income"))),
            )
            for p in persons
        ]
    )
    record_audit(actor=acting_user, action="candidacy.submitted", target=application, channel=application.channel)
    members = [m.user for m in household.members.filter(until__isnull=True, user__isnull=False).select_related("user")]
    for member in members:
        assign_role(user=member, role=Role.CANDIDATE, acting_user=acting_user)
    transaction.on_commit(
        lambda: notify(
            members,
            category="candidacy",
            title=gettext_lazy("Your candidacy no. %(number)s is registered"),
            body=gettext_lazy("Your place in the register is fixed by this number. Complete the checklist to make it active."),
            url=_url("candidates:my_candidacy"),
            params={"number": application.pk},
        )
    )
    return application



def _require_staff(acting_user: User, application: Application) -> None:
    if not selectors.staffs(acting_user, application):
        raise CandidacyRefusal(_("Only the register staff of an operator this household chose may do this."))


def _refresh_status(application: Application) -> None:
    """A pending candidacy becomes active once every activation step is done
    and every adult's proof of income is validated."""
    if application.status != Application.Status.PENDING:
        return
    if not selectors.missing_items(application):
        application.status = Application.Status.ACTIVE
        application.save(update_fields=["status"])
        members = selectors.member_users(application)
        transaction.on_commit(
            lambda: notify(
                members,
                category="candidacy",
                title=gettext_lazy("Your candidacy no. %(number)s is active"),
                body=gettext_lazy("Homes can now be offered to you when your turn comes."),
                url=_url("candidates:my_candidacy"),
                params={"number": application.pk},
            )
        )



@transaction.atomic
def complete_step(*, acting_user: User, application: Application, step: ActivationStep) -> StepCompletion:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_staff(acting_user, application)
    completion, _created = StepCompletion.objects.get_or_create(
        application=application, step=step, defaults={"recorded_by": acting_user}
    )
    record_audit(actor=acting_user, action="candidacy.step_completed", target=application, step=step.code)
    _refresh_status(application)
    return completion


@transaction.atomic
def renew_application(*, acting_user: User, application: Application, persons: list[dict]) -> Application:
    """The yearly confirmation: incomes and household updated, the category
    recomputed, the renewal date moved one year on. The place is kept."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not selectors.is_member_of(acting_user, application):
        raise CandidacyRefusal(_("This candidacy is not yours."))
    if not application.is_open:
        raise CandidacyRefusal(_("This candidacy has lapsed or is closed: it can no longer be renewed. Contact the CLT."))
    check_persons(persons)
    _classify(application, persons)
    today = timezone.localdate()
    application.renew_by = max(application.renew_by, today) + RENEWAL_PERIOD
    application.reminder_sent_for = None
    application.lapse_notice_sent_at = None
    application.save()
    existing = list(application.persons.order_by("id"))
    for person, data in zip(existing, persons, strict=False):
        person.yearly_income = str(_decimal(data.get("yearly_income"), _("Income")))
        person.full_name = data["full_name"].strip()
        person.save(update_fields=["yearly_income", "full_name"])
    record_audit(actor=acting_user, action="candidacy.renewed", target=application, renew_by=application.renew_by.isoformat())
    return application


@transaction.atomic
def correct_register(*, acting_user: User, application: Application, status: str, reason: str) -> Application:
    """The one way to correct a candidacy's standing (reinstate a lapse made
    in error, withdraw at the household's request). The number and date of
    application are never edited."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_staff(acting_user, application)
    if not reason.strip():
        raise CandidacyRefusal(_("A correction of the register needs a reason."))
    if status not in Application.Status.values or status == Application.Status.HOUSED:
        raise CandidacyRefusal(_("This status cannot be set by a correction."))
    previous = application.status
    application.status = status
    if status in (Application.Status.PENDING, Application.Status.ACTIVE):
        application.renew_by = max(application.renew_by, timezone.localdate() + RENEWAL_PERIOD)
        application.lapse_notice_sent_at = None
    application.save(update_fields=["status", "renew_by", "lapse_notice_sent_at"])
    record_audit(actor=acting_user, action="candidacy.corrected", target=application, before=previous, after=status, reason=reason.strip())
    return application



def send_renewal_reminders(*, today: date | None = None, notice_days: int = 30) -> dict[str, int]:
    """Daily: remind a month before the renewal date; past it, send a lapse
    notice; a month after the notice, lapse and say so. Never silent."""
    today = today or timezone.localdate()
    counts = {"reminded": 0, "noticed": 0, "lapsed": 0}
    soon = today + timezone.timedelta(days=notice_days)
    for application in selectors.open_candidacies().filter(renew_by__lte=soon, renew_by__gte=today).exclude(reminder_sent_for=F("renew_by")):
        with transaction.atomic():
            application.reminder_sent_for = application.renew_by
            application.save(update_fields=["reminder_sent_for"])
            _notify_renewal(application, gettext_lazy("Renew your candidacy before %(date)s"),
                            gettext_lazy("Confirm or update your incomes and household in your candidacy page."))
        counts["reminded"] += 1
    for application in selectors.open_candidacies().filter(renew_by__lt=today, lapse_notice_sent_at__isnull=True):
        with transaction.atomic():
            application.lapse_notice_sent_at = timezone.now()
            application.save(update_fields=["lapse_notice_sent_at"])
            record_audit(actor=None, action="candidacy.lapse_notice", target=application)
            _notify_renewal(application, gettext_lazy("Last notice: your candidacy will lapse"),
                            gettext_lazy("You did not renew your candidacy by %(date)s. Renew it within 30 days or it will lapse."))
        counts["noticed"] += 1
    limit = timezone.now() - timezone.timedelta(days=notice_days)
    for application in selectors.open_candidacies().filter(lapse_notice_sent_at__lte=limit):
        with transaction.atomic():
            application.status = Application.Status.LAPSED
            application.save(update_fields=["status"])
            record_audit(actor=None, action="candidacy.lapsed", target=application)
            _notify_renewal(application, gettext_lazy("Your candidacy has lapsed"),
                            gettext_lazy("It was not renewed after the notice. Contact the CLT if this is a mistake."))
        counts["lapsed"] += 1
    return counts


def _notify_renewal(application: Application, title, body) -> None:
    members = selectors.member_users(application)
    params = {"date": formatting.day(application.renew_by), "number": application.pk}
    transaction.on_commit(
        lambda: notify(members, category="candidacy", title=title, body=body, url=_url("candidates:my_candidacy"), params=params)
    )
