"""Writes of the register: one function per write, one transaction each,
notifications on commit, refusals as CandidacyRefusal with a translated
message (nothing changed)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.crypto import encrypt_bytes
from socle_site.kernel.refusals import Refusal
from socle_site.kernel.uploads import DOCUMENTS, UploadRefusal, check_upload

from community.models import Household, HouseholdMember, Role, User
from community.services.audit import record_audit
from community.services.dwellings import dwelling_for
from community.services.notifications import notify
from community.services.roles import assign_role

from . import policy, selectors
from .models import (
    RENEWAL_PERIOD,
    ActivationStep,
    Application,
    Deed,
    Home,
    Offer,
    Operator,
    Person,
    Resale,
    StepCompletion,
    SupportingDocument,
)

MAX_DOCUMENT_SIZE = 5 * 1024 * 1024


class CandidacyRefusal(Refusal):
    pass


def _url(name: str, *args) -> callable:
    return lambda: reverse(name, args=args)


def _decimal(value, label) -> Decimal:
    try:
        amount = Decimal(str(value or 0))
    except InvalidOperation as error:
        raise CandidacyRefusal(_("%(label)s must be an amount in euros.") % {"label": label}) from error
    if amount < 0:
        raise CandidacyRefusal(_("%(label)s cannot be negative.") % {"label": label})
    return amount


def log_access(*, user: User, application: Application, what: str) -> None:
    """Written to the project's one access log, once for each member of the
    household with an account: each sees the reading in "who opened my file"."""
    from community.privacy.services import log_access_to

    members = User.objects.filter(household_memberships__household_id=application.household_id).distinct()
    log_access_to(viewer=user, subjects=list(members), what=what, target=application)


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


def _check_persons(persons: list[dict]) -> None:
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
    created). The INSERT assigns the sequence number that fixes the place."""
    paper = applicant is None or applicant != acting_user
    if paper and not selectors.operators_staffed_by(acting_user).filter(pk__in=[o.pk for o in operators]).exists():
        raise CandidacyRefusal(_("Only the register staff of the chosen operators may enter a paper application."))
    if not consents:
        raise CandidacyRefusal(_("The candidacy needs your consent to the processing of your data and to the CLT's rules."))
    if not operators:
        raise CandidacyRefusal(_("Choose at least one operator that may consider your candidacy."))
    if bedrooms_min > bedrooms_max:
        raise CandidacyRefusal(_("The smallest number of bedrooms cannot exceed the largest."))
    _check_persons(persons)
    if household is None:
        household = selectors.household_of(applicant) if applicant else None
    if household is None:
        first_adult = next(p for p in persons if p["relationship"] == Person.Relationship.ADULT)
        household = Household.objects.create(
            name=_("Household of %(name)s") % {"name": first_adult["full_name"]}, municipality=current_municipality
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


def _check_document(upload) -> str:
    # The one upload check of Socle: type read from the bytes, size limited.
    try:
        return check_upload(upload, allowed=DOCUMENTS, max_size=MAX_DOCUMENT_SIZE).content_type
    except UploadRefusal as refusal:
        raise CandidacyRefusal(refusal.message) from refusal


@transaction.atomic
def upload_document(*, acting_user: User, person: Person, kind: str, upload) -> SupportingDocument:
    application = person.application
    if not (selectors.is_member_of(acting_user, application) or selectors.staffs(acting_user, application)):
        raise CandidacyRefusal(_("This candidacy is not yours."))
    if not application.is_open:
        raise CandidacyRefusal(_("This candidacy is closed: documents can no longer be added."))
    if kind not in SupportingDocument.Kind.values:
        raise CandidacyRefusal(_("Choose the kind of document."))
    content_type = _check_document(upload)
    data = upload.read()
    document = SupportingDocument.objects.create(
        person=person,
        kind=kind,
        filename=upload.name[-200:],
        content_type=content_type,
        size=len(data),
        encrypted_content=encrypt_bytes(data),
    )
    record_audit(actor=acting_user, action="candidacy.document_uploaded", target=application, document=document.pk)
    return document


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
def review_document(*, acting_user: User, document: SupportingDocument, validated: bool, note: str = "") -> SupportingDocument:
    application = Application.objects.select_for_update().get(pk=document.person.application_id)
    _require_staff(acting_user, application)
    if not validated and not note.strip():
        raise CandidacyRefusal(_("Say why the document is rejected: the household will read it."))
    document.status = SupportingDocument.Status.VALIDATED if validated else SupportingDocument.Status.REJECTED
    document.reviewed_by = acting_user
    document.review_note = note.strip()[:300]
    document.save(update_fields=["status", "reviewed_by", "review_note"])
    record_audit(actor=acting_user, action="candidacy.document_reviewed", target=application, document=document.pk, validated=validated, note=document.review_note)
    _refresh_status(application)
    return document


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
    _check_persons(persons)
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


@transaction.atomic
def create_home(*, acting_user: User, operator: Operator, housing_project, label: str, bedrooms: int, floor_area: Decimal,
                is_accessible: bool, price: Decimal, cost_price: Decimal, land_value: Decimal) -> Home:
    if not selectors.operators_staffed_by(acting_user).filter(pk=operator.pk).exists():
        raise CandidacyRefusal(_("Only the register staff of this operator may describe its homes."))
    policy.check_price(price=price, cost_price=cost_price, land_value=land_value)
    if Home.objects.filter(housing_project=housing_project, label=label).exists():
        raise CandidacyRefusal(_("This project already has a home with this name."))
    # The one record of this home: the co-ownership's lot of the same label
    # in the project, if the building is already described, is this dwelling.
    dwelling = dwelling_for(housing_project=housing_project, label=label)
    home = Home.objects.create(operator=operator, housing_project=housing_project, dwelling=dwelling, label=label, bedrooms=bedrooms, floor_area=floor_area,
                               is_accessible=is_accessible, price=price, cost_price=cost_price, land_value=land_value)
    record_audit(actor=acting_user, action="candidacy.home_created", target=home, price=str(price))
    return home


@transaction.atomic
def make_offer(*, acting_user: User, home: Home, application: Application) -> Offer:
    home = Home.objects.select_for_update().select_related("housing_project").get(pk=home.pk)
    if not selectors.operators_staffed_by(acting_user).filter(pk=home.operator_id).exists():
        raise CandidacyRefusal(_("Only the register staff of this operator may offer its homes."))
    if home.status != Home.Status.OPEN:
        raise CandidacyRefusal(_("This home is already offered or allocated."))
    line = selectors.ranking_line(home, application)
    if line is None:
        raise CandidacyRefusal(_("This household is not eligible for this home: it is not on the home's ranked list."))
    max_price = selectors.max_price_for(home, application)
    answer_by = timezone.localdate() + timezone.timedelta(days=home.operator.offer_answer_days)
    offer = Offer.objects.create(home=home, application=application, made_by=acting_user, max_price=max_price, answer_by=answer_by)
    home.status = Home.Status.OFFERED
    home.save(update_fields=["status"])
    record_audit(actor=acting_user, action="candidacy.offer_made", target=application, home=str(home), reasons=line.reasons,
                 max_price=str(max_price), answer_by=answer_by.isoformat())
    members = selectors.member_users(application)
    transaction.on_commit(
        lambda: notify(
            members,
            category="candidacy",
            title=gettext_lazy("A home is offered to you: %(home)s"),
            body=gettext_lazy("Answer the offer in your candidacy page by %(date)s: accept it or decline it with a reason. Without an answer by then, the offer expires."),
            url=_url("candidates:my_candidacy"),
            params={"home": str(home), "date": answer_by.isoformat()},
        )
    )
    return offer


@transaction.atomic
def answer_offer(*, acting_user: User, offer: Offer, accept: bool, reason: str = "") -> Offer:
    offer = Offer.objects.select_for_update().select_related("home", "application").get(pk=offer.pk)
    # The household answers in the portal; the operator's staff may record an
    # answer the household gave on paper or by phone.
    on_behalf = offer.home.operator_id in selectors.operator_ids_of(acting_user)
    if not (on_behalf or selectors.is_member_of(acting_user, offer.application)):
        raise CandidacyRefusal(_("This offer was not made to your household."))
    if offer.status == Offer.Status.EXPIRED or (
        offer.status == Offer.Status.PROPOSED and offer.answer_by and offer.answer_by < timezone.localdate()
    ):
        raise CandidacyRefusal(_("The deadline to answer this offer has passed: the home goes to the next candidate."))
    if offer.status != Offer.Status.PROPOSED:
        raise CandidacyRefusal(_("This offer has already been answered."))
    if not accept and not reason.strip():
        raise CandidacyRefusal(_("Tell the CLT why you decline: it helps the next offers."))
    offer.status = Offer.Status.ACCEPTED if accept else Offer.Status.DECLINED
    offer.reason = reason.strip()[:500]
    offer.answered_at = timezone.now()
    offer.save(update_fields=["status", "reason", "answered_at"])
    home = offer.home
    home.status = Home.Status.ALLOCATED if accept else Home.Status.OPEN
    home.save(update_fields=["status"])
    if accept:
        offer.application.status = Application.Status.HOUSED
        offer.application.save(update_fields=["status"])
    record_audit(actor=acting_user, action="candidacy.offer_answered", target=offer.application, home=str(home), accepted=accept, reason=offer.reason, recorded_by_staff=on_behalf)
    staff = list(home.operator.staff.all())
    transaction.on_commit(
        lambda: notify(
            staff,
            category="candidacy_staff",
            title=gettext_lazy("Offer of %(home)s accepted") if accept else gettext_lazy("Offer of %(home)s declined"),
            url=_url("candidates:home_ranking", home.pk),
            params={"home": str(home)},
        )
    )
    return offer


def expire_offers(*, today: date | None = None) -> int:
    """Daily: an offer still unanswered after its deadline expires; the home
    goes back to its ranked list (without this household) and both sides are
    told. Run twice, it expires nothing more."""
    today = today or timezone.localdate()
    expired = 0
    due = Offer.objects.filter(status=Offer.Status.PROPOSED, answer_by__lt=today).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            offer = Offer.objects.select_for_update().select_related("home__operator", "application").get(pk=pk)
            if offer.status != Offer.Status.PROPOSED:  # answered meanwhile
                continue
            offer.status = Offer.Status.EXPIRED
            offer.answered_at = timezone.now()
            offer.save(update_fields=["status", "answered_at"])
            home = Home.objects.select_for_update().get(pk=offer.home_id)
            home.status = Home.Status.OPEN
            home.save(update_fields=["status"])
            record_audit(actor=None, action="candidacy.offer_expired", target=offer.application, home=str(home),
                         answer_by=offer.answer_by.isoformat())
            members = selectors.member_users(offer.application)
            staff = list(offer.home.operator.staff.all())
            params = {"home": str(home), "date": offer.answer_by.isoformat()}
            transaction.on_commit(lambda members=members, params=params: notify(
                members, category="candidacy",
                title=gettext_lazy("The offer of %(home)s has expired"),
                body=gettext_lazy("It was not answered by %(date)s. Your candidacy stays in the register."),
                url=_url("candidates:my_candidacy"), params=params,
            ))
            transaction.on_commit(lambda staff=staff, params=params, home_pk=home.pk: notify(
                staff, category="candidacy_staff",
                title=gettext_lazy("The offer of %(home)s has expired"),
                body=gettext_lazy("It was not answered by %(date)s: the home can be offered to the next candidate."),
                url=_url("candidates:home_ranking", home_pk), params=params,
            ))
        expired += 1
    return expired


def _decimal_or_none(value, label) -> Decimal | None:
    return None if value in (None, "") else _decimal(value, label)


@transaction.atomic
def record_deed(
    *,
    acting_user: User,
    home: Home,
    bought_on: date,
    price_paid: Decimal,
    formula: str,
    share_percent: Decimal | None = None,
    appraisal_at_purchase: Decimal | None = None,
    index_name: str = "",
    index_at_purchase: Decimal | None = None,
    rate_percent: Decimal | None = None,
) -> Deed:
    """The buyer's deed, once the household accepted the home: who owns it,
    from when, at what price, and the resale formula the deed holds. On a
    resale it ends the seller's deed."""
    home = Home.objects.select_for_update().select_related("operator").get(pk=home.pk)
    if home.operator_id not in selectors.operator_ids_of(acting_user):
        raise CandidacyRefusal(_("Only the register staff of this operator may record its owners' deeds."))
    offer = selectors.accepted_offer(home)
    if home.status != Home.Status.ALLOCATED or offer is None:
        raise CandidacyRefusal(_("A deed is recorded once a household has accepted the home."))
    previous = selectors.current_deed(home)
    if previous is not None and previous.application_id == offer.application_id:
        raise CandidacyRefusal(_("This household's deed is already recorded."))
    if previous is not None and not hasattr(previous, "resale"):
        raise CandidacyRefusal(_("This home already has an owner: record their resale first."))
    if previous is not None and bought_on < previous.bought_on:
        raise CandidacyRefusal(_("The purchase cannot come before the seller's own purchase."))
    terms = policy.DeedTerms(
        formula=formula, price_paid=_decimal(price_paid, _("Price paid")), bought_on=bought_on,
        share_percent=_decimal_or_none(share_percent, _("Share")),
        appraisal_at_purchase=_decimal_or_none(appraisal_at_purchase, _("Appraised value")),
        index_at_purchase=_decimal_or_none(index_at_purchase, _("Index")),
        rate_percent=_decimal_or_none(rate_percent, _("Rate")),
    )
    policy.check_deed_terms(terms)
    if previous is not None:
        previous.ended_on = bought_on
        previous.save(update_fields=["ended_on"])
    deed = Deed.objects.create(
        home=home, household=offer.application.household, application=offer.application, bought_on=bought_on,
        price_paid=terms.price_paid, formula=formula,
        share_percent=terms.share_percent if formula == Deed.Formula.APPRAISAL else None,
        appraisal_at_purchase=terms.appraisal_at_purchase if formula == Deed.Formula.APPRAISAL else None,
        index_name=index_name.strip()[:80] if formula == Deed.Formula.INDEX else "",
        index_at_purchase=terms.index_at_purchase if formula == Deed.Formula.INDEX else None,
        rate_percent=terms.rate_percent if formula == Deed.Formula.FIXED_RATE else None,
        recorded_by=acting_user,
    )
    record_audit(actor=acting_user, action="candidacy.deed_recorded", target=home, household=str(deed.household),
                 bought_on=bought_on.isoformat(), price_paid=str(deed.price_paid), formula=formula,
                 seller_deed=previous.pk if previous else None)
    return deed


@transaction.atomic
def record_resale(
    *,
    acting_user: User,
    deed: Deed,
    valued_on: date,
    appraisal_now: Decimal | None = None,
    index_now: Decimal | None = None,
    improvements: Decimal = Decimal(0),
) -> Resale:
    """An owner sells: the price comes from the deed's formula (nothing else
    may set it), the home goes back to the register's ranked list, under the
    same income rules, at that price."""
    deed = Deed.objects.select_for_update().select_related("home__operator", "household").get(pk=deed.pk)
    home = Home.objects.select_for_update().get(pk=deed.home_id)
    if home.operator_id not in selectors.operator_ids_of(acting_user):
        raise CandidacyRefusal(_("Only the register staff of this operator may record a resale."))
    if deed.ended_on is not None or Resale.objects.filter(deed=deed).exists():
        raise CandidacyRefusal(_("This deed's resale is already recorded."))
    sale = policy.SaleFacts(
        sold_on=valued_on, appraisal_now=_decimal_or_none(appraisal_now, _("Appraised value")),
        index_now=_decimal_or_none(index_now, _("Index")), improvements=_decimal(improvements, _("Improvement works")),
    )
    price, lines = policy.resale_computation(selectors.deed_terms(deed), sale)
    resale = Resale.objects.create(
        deed=deed, valued_on=valued_on, appraisal_now=sale.appraisal_now, index_now=sale.index_now,
        improvements=sale.improvements, price=price, recorded_by=acting_user,
    )
    home.price = price
    home.is_resale = True
    home.status = Home.Status.OPEN
    home.listed_at = timezone.now()
    home.save(update_fields=["price", "is_resale", "status", "listed_at"])
    record_audit(actor=acting_user, action="candidacy.resale_recorded", target=home, seller=str(deed.household),
                 formula=deed.formula, price=str(price), computation=[[label, str(amount)] for label, amount in lines])
    members = list(User.objects.filter(household_memberships__household_id=deed.household_id, household_memberships__until__isnull=True))
    transaction.on_commit(lambda: notify(
        members, category="candidacy",
        title=gettext_lazy("Resale of %(home)s: %(price)s €"),
        body=gettext_lazy("The CLT computed the resale price with your deed's formula. The buyer will come from the register."),
        params={"home": str(home), "price": str(price)},
    ))
    return resale


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
    params = {"date": application.renew_by.isoformat(), "number": application.pk}
    transaction.on_commit(
        lambda: notify(members, category="candidacy", title=title, body=body, url=_url("candidates:my_candidacy"), params=params)
    )
