"""Co-ownership in the record of processing.

Owners' data is kept during the ownership and five years after it (Brussels
Housing Code art. 166/1). The accounts (calls for funds, allocations,
payments, statements) are the association of co-owners' books: the syndic
keeps them (Civil Code art. 3.89 §5, 17°: accounts kept by the minimum
chart of accounts) for seven years from the first of January after their
financial year closed (Code of Economic Law art. III.88). The financial year
is the calendar year. After both, a former co-owner's household is
anonymised: the amounts stay, so every year still adds up, but no longer say
whose they were. Closed maintenance tickets go two years after closing.
"""

from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from community.models import Household, HouseholdMember
from community.privacy import retention_rules as rr
from community.privacy.records import ANONYMISED_PREFIX, anonymise_households
from community.privacy.registry import (
    Category,
    Hold,
    LegalBasis,
    Retention,
    declare,
    declare_not_personal,
)
from community.privacy.retention_rules import accounts_open_since

from .models import (
    Allocation,
    BankCredit,
    BankDebit,
    Building,
    BuildingDocument,
    BuildingRole,
    CallLine,
    EmailConsent,
    Expense,
    MeterReading,
    Ownership,
    Payment,
    PaymentReference,
    RegisteredLetters,
    SepaMandate,
    Statement,
    StoredFile,
    Ticket,
    TicketComment,
    TicketPhoto,
    TransferBatch,
)

TICKETS_KEPT = relativedelta(years=2)
CO_OWNERS = _("the building's co-owners, its syndic and the staff")
ACCOUNTS_RULE = _(
    "Seven years from the first of January after the financial year closed (Code of Economic Law art. III.88), "
    "and five years after the ownership ended; then the former co-owner's household is anonymised and the amounts stay"
)


def former_co_owner_households(now: datetime) -> models.QuerySet:
    """Households that owned a lot, sold every one more than five years ago
    (art. 166/1) and appear in no accounts the law still keeps (art. III.88),
    with no candidacy open: who they were can go, their amounts stay."""
    kept_from = accounts_open_since(now)
    left_before = rr.owners_left_before(now)

    def named_in(queryset):
        # NOT IN over a column holding NULL matches nothing: leave them out.
        return queryset.filter(household__isnull=False).values("household")

    return (
        Household.objects.filter(lot_ownerships__isnull=False)
        .exclude(name__startswith=ANONYMISED_PREFIX)
        .exclude(lot_ownerships__ends_on__isnull=True)
        .exclude(lot_ownerships__ends_on__gte=left_before)
        .exclude(pk__in=named_in(Payment.objects.filter(paid_on__gte=kept_from)))
        .exclude(pk__in=named_in(CallLine.objects.filter(due_on__gte=kept_from)))
        .exclude(pk__in=named_in(Allocation.objects.filter(expense__spent_on__gte=kept_from)))
        .exclude(pk__in=named_in(Statement.objects.filter(year__gte=kept_from.year)))
        .exclude(candidacies__status__in=["pending", "active"])
        .distinct()
    )


def _delete_files(ids) -> None:
    StoredFile.objects.filter(pk__in=[i for i in ids if i is not None]).delete()


def anonymise_former_co_owners(households: models.QuerySet) -> int:
    """The household keeps its rows in the books under a number; its name,
    address and members (names, links to accounts) go, and so do the
    references, recorders and statement PDFs that named it."""
    ids = list(households.values_list("pk", flat=True))
    if not ids:
        return 0
    Payment.objects.filter(household__in=ids).update(reference="", recorded_by=None)
    statements = Statement.objects.filter(household__in=ids)
    pdfs = list(statements.values_list("pdf", flat=True))
    statements.update(pdf=None, requested_by=None)
    _delete_files(pdfs)
    HouseholdMember.objects.filter(household__in=ids).delete()
    return anonymise_households(Household.objects.filter(pk__in=ids))


def _households_of(rows: models.QuerySet) -> models.QuerySet:
    """The former co-owners among the rows' households (a row past the
    accounting limit may belong to a household that still owns its lot)."""
    return former_co_owner_households(rr.run_now()).filter(pk__in=rows.filter(household__isnull=False).values("household"))


def _ledger_retention(model: type[models.Model], *, own_fields: models.Q | None = None, clear=None) -> Retention:
    """Rows naming a former co-owner's household are anonymised with it;
    ``own_fields`` also catches rows past the accounting limit that still
    name someone themselves (a bank reference, who recorded it), which
    ``clear`` empties."""

    def expired(now: datetime) -> models.QuerySet:
        query = models.Q(household__in=former_co_owner_households(now))
        if own_fields is not None:
            query |= own_fields(now)
        return model.objects.filter(query)

    def anonymise(rows: models.QuerySet) -> int:
        count = len(rows)
        if clear is not None:
            clear(rows)
        anonymise_former_co_owners(_households_of(rows))
        return count

    return Retention(ACCOUNTS_RULE, expired=expired, anonymise=anonymise)


def _payments_naming_someone(now):
    return models.Q(paid_on__lt=accounts_open_since(now)) & (~models.Q(reference="") | models.Q(recorded_by__isnull=False))


def _statements_naming_someone(now):
    return models.Q(year__lt=accounts_open_since(now).year) & (models.Q(pdf__isnull=False) | models.Q(requested_by__isnull=False))


def _clear_statements(rows: models.QuerySet) -> None:
    pdfs = list(rows.values_list("pdf", flat=True))
    rows.update(pdf=None, requested_by=None)
    _delete_files(pdfs)


def tickets_closed_long_ago(now: datetime) -> models.QuerySet:
    # A closed ticket's last change is its closing (or a later comment).
    return Ticket.objects.filter(status__in=[Ticket.Status.RESOLVED, Ticket.Status.CLOSED], updated_at__lt=now - TICKETS_KEPT)


@transaction.atomic
def delete_tickets(tickets: models.QuerySet) -> int:
    """A ticket goes with its comments and its photos' files (the photo rows
    alone would leave the pictures in the database)."""
    files = list(TicketPhoto.objects.filter(ticket__in=tickets).values_list("file", flat=True))
    count = tickets.delete()[0]
    _delete_files(files)
    return count


def ownership_hold(user, today):
    latest = None
    for ownership in Ownership.objects.filter(household__members__user=user).distinct():
        if ownership.ends_on is None:
            return Hold(rr.OWNER_RULE, None)
        end = rr.owner_data_kept_until(ownership.ends_on)
        if end > today and (latest is None or end > latest):
            latest = end
    return Hold(rr.OWNER_RULE, latest) if latest else None


declare_not_personal(Building, reason=_("The address is the building's, not a person's."))
declare(
    Ownership,
    purpose=_("Know who owns each lot, to share charges and count votes in the co-owners' meeting"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSEHOLD, Category.HOUSING],
    visible_to=CO_OWNERS,
    # The rows stay: who owned a lot on a date says who paid each share.
    retention=Retention(
        _(
            "During the ownership and five years after it ends (Brussels Housing Code art. 166/1), and as long as the "
            "accounts naming the household are kept (Code of Economic Law art. III.88); then the household is "
            "anonymised and the lot's history stays"
        ),
        expired=lambda now: Ownership.objects.filter(household__in=former_co_owner_households(now)),
        anonymise=lambda rows: anonymise_former_co_owners(_households_of(rows)),
    ),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
    hold=ownership_hold,
)
declare(
    BuildingRole,
    purpose=_("Know who is syndic, auditor or council member of a building"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=CO_OWNERS,
    retention=Retention(_("Five years after the role ended, then deleted"), expired=rr.rows_older_than(BuildingRole, "ends_on", rr.AFTER_LEAVING)),
    subject=["user"],
)
declare(
    Expense,
    purpose=_("Keep the building's accounts"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING],
    visible_to=CO_OWNERS,
    retention=Retention(
        _("Kept with the accounts (Code of Economic Law art. III.88); who recorded it is removed seven years after its financial year"),
        expired=lambda now: Expense.objects.filter(spent_on__lt=accounts_open_since(now), recorded_by__isnull=False),
        anonymise=lambda rows: rows.update(recorded_by=None),
    ),
    subject=["recorded_by"],
    on_erasure=rr.null_out("recorded_by"),
)
declare(
    MeterReading,
    purpose=_("Share the charges by meter readings"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING],
    visible_to=_("the building's committee, its syndic and the staff"),
    retention=Retention(
        _("Kept with the accounts (Code of Economic Law art. III.88); who recorded it is removed seven years after its year"),
        expired=lambda now: MeterReading.objects.filter(year__lt=accounts_open_since(now).year, recorded_by__isnull=False),
        anonymise=lambda rows: rows.update(recorded_by=None),
    ),
    subject=["recorded_by"],
    on_erasure=rr.null_out("recorded_by"),
)
for _model in (Allocation, CallLine):
    declare(
        _model,
        purpose=_("Share the building's charges among the owners"),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        categories=[Category.HOUSING, Category.DISPUTES],
        visible_to=_("the household, the syndic and the staff"),
        retention=_ledger_retention(_model),
        subject=["household__members__user"],
        on_erasure=rr.keep_rows,
    )
declare(
    Payment,
    purpose=_("Record owners' payments and arrears"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING, Category.DISPUTES],
    sensitive_fields=["amount_cents"],
    visible_to=_("the household, the syndic and the staff"),
    retention=_ledger_retention(
        Payment, own_fields=_payments_naming_someone, clear=lambda rows: rows.update(reference="", recorded_by=None)
    ),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
)
declare(
    BankCredit,
    purpose=_("Reconcile the building's bank statements with the co-owners' payments"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING, Category.DISPUTES],
    sensitive_fields=["amount_cents", "counterparty_iban"],
    visible_to=_("the building's committee, its syndic and the staff"),
    # Part of the books; the payer's name, account and words go when the accounts need no longer be kept.
    retention=Retention(
        _("Kept with the accounts (Code of Economic Law art. III.88); the payer's name, account and communication, "
          "and who handled it, are removed seven years after its financial year"),
        expired=lambda now: BankCredit.objects.filter(booked_on__lt=accounts_open_since(now)).exclude(
            counterparty_name="", counterparty_iban="", communication="", decided_by__isnull=True),
        anonymise=lambda rows: rows.update(counterparty_name="", counterparty_iban="", communication="",
                                           decided_by=None),
    ),
    subject=["payment__household__members__user", "decided_by"],
    on_erasure=rr.keep_rows,
)
declare(
    BankDebit,
    purpose=_("Match the building's payments to its suppliers with its recorded expenses"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING],
    sensitive_fields=["counterparty_iban"],
    visible_to=_("the building's committee, its syndic and the staff"),
    # Part of the books, as the credits: the payee's name, account and words, and who handled it, go when the
    # accounts need no longer be kept (a supplier may be a self-employed person).
    retention=Retention(
        _("Kept with the accounts (Code of Economic Law art. III.88); the payee's name, account and communication, "
          "and who handled it, are removed seven years after its financial year"),
        expired=lambda now: BankDebit.objects.filter(booked_on__lt=accounts_open_since(now)).exclude(
            counterparty_name="", counterparty_iban="", communication="", decided_by__isnull=True),
        anonymise=lambda rows: rows.update(counterparty_name="", counterparty_iban="", communication="",
                                           decided_by=None),
    ),
    subject=["decided_by"],
    on_erasure=rr.keep_rows,
)
declare(
    TransferBatch,
    purpose=_("Pay the building's suppliers by a batch of transfers the treasurer uploads to the bank"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING],
    visible_to=_("the building's committee, its syndic and the staff"),
    # Part of the books; who made the batch goes with the accounts' retention, as for the debits.
    retention=Retention(
        _("Kept with the accounts (Code of Economic Law art. III.88); who made the batch is removed seven years "
          "after its financial year"),
        expired=lambda now: TransferBatch.objects.filter(execute_on__lt=accounts_open_since(now)).exclude(
            created_by__isnull=True),
        anonymise=lambda rows: rows.update(created_by=None),
    ),
    subject=["created_by"],
    on_erasure=rr.keep_rows,
)
declare(
    PaymentReference,
    purpose=_("Recognise each co-owner's payments on the building's bank statements"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING],
    visible_to=_("the household, the syndic and the staff"),
    # The number names nobody once the household is anonymised; it stays so that old payments still match.
    retention=Retention(_("As long as the household's ownership rows: it is a number, kept so that the books add up")),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
)
declare(
    SepaMandate,
    purpose=_("Collect the calls for funds by direct debit from the co-owners who signed a mandate"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.IDENTITY, Category.HOUSING],
    visible_to=_("the building's committee, its syndic and the staff"),
    # The mandate is proof of the collections made under it: kept with the accounts,
    # then the account holder's name and account go (the reference and dates stay).
    retention=Retention(
        _("Kept while it stands, then with the accounts (Code of Economic Law art. III.88): the account holder's "
          "name and account are removed seven years after it was revoked"),
        expired=lambda now: SepaMandate.objects.filter(revoked_on__lt=accounts_open_since(now)).exclude(
            debtor_name="", debtor_iban=""),
        anonymise=lambda rows: rows.update(debtor_name="", debtor_iban="", debtor_bic=""),
    ),
    subject=["household__members__user"],
    on_erasure=rr.keep_rows,
)
declare(
    Statement,
    purpose=_("Give each owner the yearly statement of their charges"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.HOUSING],
    visible_to=_("the household, the syndic and the staff"),
    retention=_ledger_retention(Statement, own_fields=_statements_naming_someone, clear=_clear_statements),
    subject=["household__members__user", "requested_by"],
    on_erasure=rr.keep_rows,
)
declare(
    Ticket,
    purpose=_("Follow the repairs and problems reported in the building"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION, Category.IMAGE],
    visible_to=CO_OWNERS,
    retention=Retention(
        _("Two years after the ticket was resolved or closed, then deleted with its photos and comments; what the repair cost stays in the accounts"),
        expired=tickets_closed_long_ago,
        delete=delete_tickets,
    ),
    subject=["reporter", "assignee"],
    on_erasure=rr.null_out("assignee"),
)
declare(
    TicketComment,
    purpose=_("Follow the repairs and problems reported in the building"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=CO_OWNERS,
    retention=Retention(_("Deleted with the ticket, two years after it was resolved or closed")),
    subject=["author"],
    on_erasure=rr.keep_rows,
)
declare(
    BuildingDocument,
    purpose=_("Share the building's documents with its co-owners"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.TECHNICAL],
    visible_to=CO_OWNERS,
    retention=Retention(_("As long as the document is useful; the uploader is anonymised on erasure")),
    subject=["uploaded_by"],
    on_erasure=rr.null_out("uploaded_by"),
)

@transaction.atomic
def delete_consents(consents: models.QuerySet) -> int:
    """A consent goes with its signed document."""
    files = list(consents.values_list("document", flat=True))
    count = consents.delete()[0]
    _delete_files(files)
    return count


declare(
    EmailConsent,
    purpose=_("Convene each co-owner as the law requires: by e-mail for those who agreed in writing, otherwise by registered letter"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.CONTACT, Category.PARTICIPATION],
    visible_to=_("the co-owner, the syndic and the staff"),
    # The signed agreement proves the e-mail convocations were valid (Civil Code art. 3.87 §3)
    # for as long as a meeting's decisions may be challenged; kept five years after withdrawal.
    retention=Retention(
        _("While the consent stands, and five years after it is withdrawn; then deleted with its signed document"),
        expired=rr.rows_older_than(EmailConsent, "withdrawn_on", rr.AFTER_LEAVING),
        delete=delete_consents,
    ),
    subject=["household__members__user", "recorded_by", "withdrawn_by"],
    # The household's agreement stays as proof; only who recorded or withdrew it goes.
    on_erasure=rr.null_out("recorded_by", "withdrawn_by"),
)
declare(
    RegisteredLetters,
    purpose=_("Prove when the co-owners were convened by registered letter"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=[Category.PARTICIPATION],
    visible_to=_("the building's syndic and the staff"),
    retention=Retention(_("Kept with the meeting; who recorded it is removed on erasure")),
    subject=["recorded_by"],
    on_erasure=rr.null_out("recorded_by"),
)
del _model
