"""The register's entries in the record of processing (Brussels Housing Code
art. 166/1): candidates' data is kept while the application is examined,
then for the time of disputes; then the people are taken out and the
anonymised candidacy stays for the statistics."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from community.models import AuditEvent
from community.privacy import retention_rules as rr
from community.privacy.consents import ConsentPurpose, register_purpose
from community.privacy.registry import (
    Category,
    Hold,
    LegalBasis,
    Retention,
    declare,
)

from .models import (
    Application,
    Deed,
    Offer,
    Operator,
    Person,
    Resale,
    StepCompletion,
    SupportingDocument,
)

CLOSED = [Application.Status.LAPSED, Application.Status.WITHDRAWN, Application.Status.HOUSED]
REGISTER_STAFF = _("the register staff of the operators the household chose")
RULE = _("Kept while the candidacy is examined, then one year for disputes; then the people are taken out and the anonymised candidacy stays for statistics (Brussels Housing Code art. 166/1)")


def with_last_activity(applications):
    """The candidacy's last recorded step (its audit trail), or its date."""
    content_type = ContentType.objects.get_for_model(Application)
    last = (
        AuditEvent.objects.filter(target_type=content_type, target_id=Cast(OuterRef("pk"), CharField()))
        .values("target_id")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    return applications.annotate(last_activity=Coalesce(Subquery(last, output_field=DateTimeField()), "submitted_at"))


def closed_before(now):
    return with_last_activity(Application.objects.filter(status__in=CLOSED)).filter(last_activity__lt=rr.candidacies_closed_before(now))


def persons_expired(now):
    return Person.objects.filter(application__in=closed_before(now).values("pk"))


def candidacy_hold(user, today):
    applications = with_last_activity(Application.objects.filter(household__members__user=user)).distinct()
    latest = None
    for application in applications:
        if application.is_open:
            return Hold(RULE, None)
        end = rr.candidate_data_kept_until(application.last_activity).date()
        if end > today and (latest is None or end > latest):
            latest = end
    return Hold(RULE, latest) if latest else None


declare(
    Operator,
    purpose=_("Know which staff members keep each operator's register"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.IDENTITY],
    visible_to=_("the staff of the CLT"),
    retention=Retention(_("As long as the person keeps the register")),
    subject=["staff"],
    on_erasure=rr.keep_rows,
)
declare(
    Application,
    purpose=_("Register households that apply for a CLT home and allocate homes in the order of the register"),
    legal_basis=LegalBasis.PUBLIC_INTEREST,
    categories=[Category.HOUSEHOLD, Category.HOUSING, Category.INCOME, Category.DISABILITY],
    sensitive_fields=["needs_accessible", "current_rent", "category"],
    visible_to=REGISTER_STAFF,
    retention=Retention(RULE),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
    hold=candidacy_hold,
)
declare(
    Person,
    purpose=_("Know the household's members, their incomes and national register numbers to check the income conditions"),
    legal_basis=LegalBasis.PUBLIC_INTEREST,
    categories=[Category.IDENTITY, Category.HOUSEHOLD, Category.NATIONAL_NUMBER, Category.INCOME],
    sensitive_fields=["national_number", "yearly_income"],
    visible_to=REGISTER_STAFF,
    retention=Retention(RULE, expired=persons_expired),
    subject=["application__household__members__user"],
)
declare(
    SupportingDocument,
    purpose=_("Prove incomes, identity and household composition"),
    legal_basis=LegalBasis.PUBLIC_INTEREST,
    categories=[Category.IDENTITY, Category.INCOME, Category.NATIONAL_NUMBER],
    sensitive_fields=["encrypted_content"],
    visible_to=REGISTER_STAFF,
    retention=Retention(RULE, expired=lambda now: SupportingDocument.objects.filter(person__in=persons_expired(now))),
    subject=["person__application__household__members__user"],
    not_exported=["encrypted_content"],
)
declare(
    StepCompletion,
    purpose=_("Follow the steps that activate a candidacy"),
    legal_basis=LegalBasis.PUBLIC_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=REGISTER_STAFF,
    retention=Retention(RULE),
    subject=["application__household__members__user"],
    on_erasure=rr.keep_rows,
)
declare(
    Offer,
    purpose=_("Offer homes to candidates in the order of the register, and record their answers"),
    legal_basis=LegalBasis.PUBLIC_INTEREST,
    categories=[Category.HOUSING, Category.INCOME],
    sensitive_fields=["max_price"],
    visible_to=REGISTER_STAFF,
    retention=Retention(RULE),
    subject=["application__household__members__user"],
    on_erasure=rr.keep_rows,
)
def deed_hold(user, today):
    """Owners through the CLT: the ownership (the deed) plus five years."""
    latest = None
    for deed in Deed.objects.filter(household__members__user=user).distinct():
        if deed.ended_on is None:
            return Hold(rr.OWNER_RULE, None)
        end = rr.owner_data_kept_until(deed.ended_on)
        if end > today and (latest is None or end > latest):
            latest = end
    return Hold(rr.OWNER_RULE, latest) if latest else None


declare(
    Deed,
    purpose=_("Record the deeds of the homes sold by the CLT and the resale formula they carry"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSEHOLD, Category.HOUSING, Category.INCOME],
    sensitive_fields=["price_paid"],
    visible_to=_("the household and the staff of the CLT"),
    retention=Retention(rr.OWNER_RULE),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
    hold=deed_hold,
)
declare(
    Resale,
    purpose=_("Price a resale with the deed's formula"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING],
    visible_to=_("the household and the staff of the CLT"),
    retention=Retention(rr.OWNER_RULE),
    subject=["recorded_by"],
    on_erasure=rr.null_out("recorded_by"),
)


def keep_first_operator(consent) -> None:
    """Withdrawing the sharing consent: the open candidacy stays with the
    operator chosen first and leaves the others' registers."""
    through = Application.operators.through
    for application in Application.objects.filter(household__members__user=consent.user, status__in=["pending", "active"]).distinct():
        links = list(through.objects.filter(application=application).order_by("pk").values_list("pk", flat=True))
        through.objects.filter(pk__in=links[1:]).delete()


register_purpose(
    ConsentPurpose(
        key="candidacy_sharing",
        label=_("Sharing my candidacy with the other operators I chose"),
        text_version="v1",
        text=_("I agree that my candidacy, with my household's data, is shared with every operator I chose, so each may offer me a home."),
        on_withdraw=keep_first_operator,
    )
)
