"""The building's bank account: statements imported and matched, credits assigned, dismissed or undone, payment references."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.banking.errors import StatementRefusal
from socle_site.kernel.banking.iban import format_iban
from socle_site.kernel.banking.matching import Payee, Payer, match_credits, propose_payees
from socle_site.kernel.banking.references import display
from socle_site.kernel.banking.statements import Movement, read_statement

from community.models import BankAccount, Household, User
from community.services.audit import record_audit, record_audits
from community.services.bank_accounts import BankAccountRefusal, compact_iban, save_bank_account

from .. import policy, selectors
from ..errors import CoownershipRefusal, ImportRefusal
from ..models import (
    BankCredit,
    BankDebit,
    Building,
    CallLine,
    Expense,
    Fund,
    Ownership,
    Payment,
    PaymentReference,
)
from ._common import (
    _require,
)
from .calls import record_payment


@dataclass
class ImportResult:
    """What a statement import did: the payments it created, the movements
    already imported by an earlier import (left alone), and the credits it
    could not match, each with the co-owners proposed for it (never applied)."""

    created: list[Payment] = field(default_factory=list)
    already_imported: int = 0
    unmatched: list[tuple[Movement, list[str]]] = field(default_factory=list)
    debits: int = 0
    debits_proposed: int = 0


def _payers(building: Building, fund: str, today: date) -> list[Payer]:
    """Each co-owner as the matcher sees them on one fund's account: their
    structured communication for that account only, their household's name,
    and the amounts they could be paying into it (each call's part for that
    fund, and what of it is overdue)."""
    references = dict(building.payment_references.filter(fund=fund).values_list("household_id", "digits"))
    names = dict(Household.objects.filter(lot_ownerships__lot__building=building).values_list("pk", "name"))
    amounts = defaultdict(set)
    # A co-owner may pay a call's whole amount to one account: proposed too, a person decides.
    for household_id, part, whole in (
        CallLine.objects.filter(building=building).values("household_id", "call_id")
        .annotate(part=Sum(selectors.fund_part(fund)), whole=Sum("amount_cents"))
        .values_list("household_id", "part", "whole")
    ):
        amounts[household_id] |= {cents for cents in (part, whole) if cents}
    for household_id, cents in selectors.fund_arrears(building, fund, today).items():
        amounts[household_id].add(cents)
    return [
        Payer(key=household_id, references=frozenset({references[household_id]} if references.get(household_id) else ()),
              names=frozenset({name}), open_amounts=frozenset(amounts[household_id]))
        for household_id, name in sorted(names.items())
    ]


def _payees(building: Building, fund: str) -> list[Payee]:
    """The building's expenses paid from this fund and not yet confirmed against
    a debit, as the debit matcher sees them: amount, supplier's name and IBAN."""
    kinds = [Expense.Kind.RESERVE] if fund == Fund.RESERVE else [Expense.Kind.ORDINARY, Expense.Kind.EXTRAORDINARY]
    return [
        Payee(key=pk, amount_cents=cents, names=frozenset({supplier}), ibans=frozenset({iban} if iban else ()))
        for pk, cents, supplier, iban in Expense.objects.filter(
            building=building, kind__in=kinds, debit__isnull=True).values_list(
            "pk", "amount_cents", "supplier", "supplier_iban")
    ]


def import_bank_statement(
    *, acting_user: User | None, building: Building, content: bytes, csv_columns: dict[str, str] | None = None,
    fund: str | None = None,
) -> ImportResult:
    """Payments from the bank's own statement file (CODA, CAMT.053, or CSV with
    its column mapping), the format read from the content. The file's account
    says which fund it is (``fund``: the account of a CSV that names none). A
    damaged or hostile file, or a statement of an account Socle does not know
    or of another building's, is refused as a whole and nothing is written.
    Credits are matched by the co-owner's structured communication for that
    account, or by a free communication naming exactly one lot; the others
    wait, with proposals by amount and name. Debits wait for the treasurer with
    the expenses they may have paid proposed. Each movement is imported once:
    importing the same statement again changes nothing."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    statement, fund = _read(building, content, csv_columns, fund)
    result = match_credits(statement.movements, _payers(building, fund, timezone.localdate()))
    matched = [(m.movement, m.payer) for m in result.matched]
    lots = dict(building.lots.values_list("reference", "pk"))
    owners = defaultdict(list)
    for lot_id, household_id, starts_on, ends_on in Ownership.objects.filter(lot__building=building).values_list(
        "lot_id", "household_id", "starts_on", "ends_on"
    ):
        owners[lot_id].append((starts_on, ends_on, household_id))
    names = dict(Household.objects.filter(lot_ownerships__lot__building=building).values_list("pk", "name"))
    outcome = ImportResult(debits=sum(1 for m in statement.movements if m.amount_cents < 0))
    waiting: list[tuple[Movement, list[int]]] = []
    for left in result.unmatched:
        movement = left.movement
        if not movement.is_credit:
            continue
        lot = None if movement.is_reversal else policy.lot_named_in(movement.communication, set(lots))
        on = movement.booked_on
        household_id = lot and next(
            (h for s, e, h in owners[lots[lot]] if s <= on and (e is None or e > on)), None)
        if household_id:
            matched.append((movement, household_id))
        else:
            waiting.append((movement, [key for key in left.proposals if key in names]))
    debits = propose_payees(statement.movements, _payees(building, fund))
    with transaction.atomic():
        # One import of a building's statements at a time, so that two imports of
        # the same file cannot both find a movement new.
        Building.objects.select_for_update().get(pk=building.pk)
        identities = [m.identity for m, _h in matched] + [m.identity for m, _p in waiting]
        # A credit seen before stays as a person left it (matched, assigned, dismissed, or back in the
        # queue after an undo); payments imported before credits were kept are known by their movement.
        known = set(BankCredit.objects.filter(building=building, movement__in=identities)
                    .values_list("movement", flat=True))
        known |= set(Payment.objects.filter(building=building, movement__in=identities)
                     .values_list("movement", flat=True))
        outcome.already_imported = sum(1 for identity in identities if identity in known)
        new_matches = sorted(((m, h) for m, h in matched if m.identity not in known), key=lambda pair: pair[0].line)
        outcome.created = Payment.objects.bulk_create([
            Payment(building=building, household_id=household_id, paid_on=movement.booked_on, fund=fund,
                    amount_cents=movement.amount_cents, source=Payment.Source.BANK, recorded_by=acting_user,
                    movement=movement.identity,
                    reference=(display(movement.structured_reference) if movement.structured_reference
                               else movement.communication)[:140])
            for movement, household_id in new_matches
        ])
        if outcome.created and outcome.created[0].pk is None:
            # Backends that do not return the new rows' keys from a bulk insert.
            by_movement = dict(Payment.objects.filter(building=building, movement__in=[
                m.identity for m, _h in new_matches]).values_list("movement", "pk"))
            for payment in outcome.created:
                payment.pk = by_movement[payment.movement]
        payments = {p.movement: p for p in outcome.created}
        new_waiting = [(m, p) for m, p in sorted(waiting, key=lambda pair: pair[0].line) if m.identity not in known]
        credits = BankCredit.objects.bulk_create(
            [_credit(building, fund, movement, status=BankCredit.Status.MATCHED, payment=payments[movement.identity])
             for movement, _h in new_matches]
            + [_credit(building, fund, movement, status=BankCredit.Status.WAITING) for movement, _p in new_waiting]
        )
        by_identity = dict(BankCredit.objects.filter(
            building=building, movement__in=[c.movement for c in credits]).values_list("movement", "pk"))
        BankCredit.proposals.through.objects.bulk_create([
            BankCredit.proposals.through(bankcredit_id=by_identity[movement.identity], household_id=household_id)
            for movement, proposals in new_waiting for household_id in proposals
        ])
        known_debits = set(BankDebit.objects.filter(
            building=building, movement__in=[d.movement.identity for d in debits]).values_list("movement", flat=True))
        new_debits = [d for d in debits if d.movement.identity not in known_debits]
        BankDebit.objects.bulk_create([_debit(building, fund, d.movement) for d in new_debits])
        debit_ids = dict(BankDebit.objects.filter(
            building=building, movement__in=[d.movement.identity for d in new_debits if d.proposals]
        ).values_list("movement", "pk"))
        BankDebit.proposals.through.objects.bulk_create([
            BankDebit.proposals.through(bankdebit_id=debit_ids[d.movement.identity], expense_id=expense_id)
            for d in new_debits for expense_id in d.proposals
        ])
        outcome.debits_proposed = sum(1 for d in new_debits if d.proposals)
        outcome.unmatched = [(movement, [names[key] for key in proposals]) for movement, proposals in new_waiting]
        record_audit(actor=acting_user, action="coownership.import_payments", target=building,
                     format=statement.format, fund=fund, count=len(outcome.created),
                     cents=sum(p.amount_cents for p in outcome.created), already=outcome.already_imported,
                     unmatched=len(outcome.unmatched), debits=len(new_debits))
        # One insert for all the matches' audit rows, whatever the statement's size.
        record_audits(actor=acting_user, action="coownership.match_bank_credit", target=building, rows=[
            {"credit": by_identity[p.movement], "payment": p.pk, "household": p.household_id,
             "cents": p.amount_cents, "fund": fund}
            for p in outcome.created
        ])
    return outcome


def _read(building: Building, content: bytes, csv_columns: dict[str, str] | None, fund: str | None = None):
    """The statement a file holds and the building's fund whose account it is:
    a damaged or hostile file, or one of an account Socle does not know or of
    another building's, is refused as a whole. A file that names no account (a
    CSV) is of ``fund``'s account (the working fund's if not said). A CSV is read
    through the columns given, else those saved for the account, else the
    default layout."""
    fund = fund if fund in Fund.values else Fund.WORKING
    account = building.account_of(fund)
    if csv_columns is None:
        csv_columns = (account.csv_columns if account else None) or None
    try:
        statement = read_statement(content, csv_columns=csv_columns)
    except StatementRefusal as refusal:
        raise ImportRefusal(_("Nothing was imported: correct the file and send it again."),
                            errors=[(refusal.line or 1, refusal.message)]) from None
    if not statement.account_iban:
        return statement, fund
    theirs = format_iban(statement.account_iban)
    if statement.account_iban == getattr(building.working_account, "iban", None):
        return statement, Fund.WORKING
    if statement.account_iban == getattr(building.reserve_account, "iban", None):
        return statement, Fund.RESERVE
    if not building.working_account_id and not building.reserve_account_id:
        raise CoownershipRefusal(
            _("Enter the building's bank accounts (IBAN) before importing their statements: nothing was imported."))
    if not BankAccount.objects.filter(iban=statement.account_iban).exists():
        raise CoownershipRefusal(
            _("This statement is of the account %(theirs)s, which Socle does not know: it is neither the "
              "building's working fund account nor its reserve fund account. Nothing was imported.")
            % {"theirs": theirs})
    raise CoownershipRefusal(
        _("This statement is of the account %(theirs)s, which is not one of this building's accounts (another "
          "building's or the trust's): nothing was imported.") % {"theirs": theirs})


@dataclass
class DryRun:
    """What a statement file holds, read without writing anything: its format, how
    many movements, the credits and debits in cents, and its first movements."""

    format: str
    count: int
    credits_cents: int
    debits_cents: int
    first: list[Movement]
    columns_saved: bool = False


CSV_FIELDS = ("date", "amount", "communication", "name", "iban")


def check_bank_statement(
    *, acting_user: User | None, building: Building, content: bytes, csv_columns: dict[str, str] | None = None,
    fund: str | None = None,
) -> DryRun:
    """A dry run of an import: the file is read as the import would read it and
    nothing is imported. A CSV read through the columns the treasurer named has
    them saved for the account, so that its next imports need no mapping."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    columns = {f: " ".join(str(csv_columns.get(f) or "").split())[:60] for f in CSV_FIELDS} if csv_columns else None
    columns = {f: name for f, name in (columns or {}).items() if name} or None
    statement, fund = _read(building, content, columns, fund)
    account = building.account_of(fund)
    run = DryRun(
        format=statement.format, count=len(statement.movements),
        credits_cents=sum(m.amount_cents for m in statement.movements if m.amount_cents > 0),
        debits_cents=-sum(m.amount_cents for m in statement.movements if m.amount_cents < 0),
        first=list(statement.movements[:10]),
    )
    if statement.format == "csv" and columns and account is not None and columns != account.csv_columns:
        with transaction.atomic():
            account.csv_columns = columns
            account.save(update_fields=["csv_columns"])
            record_audit(actor=acting_user, action="coownership.save_csv_columns", target=building, fund=fund,
                         columns=columns)
        run.columns_saved = True
    return run


def _debit(building: Building, fund: str, movement: Movement) -> BankDebit:
    return BankDebit(
        building=building, fund=fund, movement=movement.identity, booked_on=movement.booked_on,
        amount_cents=-movement.amount_cents, counterparty_name=movement.counterparty_name[:140],
        counterparty_iban=movement.counterparty_iban[:34], communication=movement.communication[:300],
    )


def _credit(building: Building, fund: str, movement: Movement, *, status: str,
            payment: Payment | None = None) -> BankCredit:
    return BankCredit(
        building=building, fund=fund, movement=movement.identity, booked_on=movement.booked_on,
        amount_cents=movement.amount_cents, counterparty_name=movement.counterparty_name[:140],
        counterparty_iban=movement.counterparty_iban[:34], structured_reference=movement.structured_reference,
        communication=movement.communication[:300], is_reversal=movement.is_reversal, status=status, payment=payment,
    )


def _waiting_credit(credit: BankCredit) -> BankCredit:
    """The credit under a row lock, refused unless it still waits in the queue."""
    credit = BankCredit.objects.select_for_update(of=("self",)).select_related("building").get(pk=credit.pk)
    if credit.status != BankCredit.Status.WAITING:
        raise CoownershipRefusal(_("This credit was already handled by someone else: reload the page."))
    return credit


@transaction.atomic
def assign_bank_credit(*, acting_user: User | None, credit: BankCredit, household: Household) -> Payment:
    """The treasurer says whose payment a credit of the queue is: it becomes
    that co-owner's payment, which clears their oldest open call first."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", credit.building)
    credit = _waiting_credit(credit)
    if credit.is_reversal:
        raise CoownershipRefusal(_("A reversed payment is not a co-owner's payment: mark it “not for us”."))
    reference = display(credit.structured_reference) if credit.structured_reference else credit.communication
    payment = record_payment(
        acting_user=acting_user, building=credit.building, household=household, paid_on=credit.booked_on,
        amount=Decimal(credit.amount_cents) / 100, reference=reference, movement=credit.movement, fund=credit.fund,
    )
    credit.status, credit.payment = BankCredit.Status.ASSIGNED, payment
    credit.decided_by, credit.decided_at = acting_user, timezone.now()
    credit.save(update_fields=["status", "payment", "decided_by", "decided_at"])
    record_audit(actor=acting_user, action="coownership.assign_bank_credit", target=credit.building,
                 credit=credit.pk, payment=payment.pk, household=household.pk, cents=credit.amount_cents)
    return payment


@transaction.atomic
def dismiss_bank_credit(*, acting_user: User | None, credit: BankCredit) -> BankCredit:
    """A credit of the queue that is no co-owner's payment (a refund, a
    supplier's credit note, a reversal): it leaves the queue, no payment made."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", credit.building)
    credit = _waiting_credit(credit)
    credit.status = BankCredit.Status.DISMISSED
    credit.decided_by, credit.decided_at = acting_user, timezone.now()
    credit.save(update_fields=["status", "decided_by", "decided_at"])
    record_audit(actor=acting_user, action="coownership.dismiss_bank_credit", target=credit.building,
                 credit=credit.pk, cents=credit.amount_cents)
    return credit


@transaction.atomic
def undo_bank_credit(*, acting_user: User | None, credit: BankCredit) -> BankCredit:
    """A wrong match, assignment or dismissal undone: the payment it made is
    removed and the credit waits in the queue again."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", credit.building)
    # Only the credit's row is locked (PostgreSQL locks no nullable side of an outer join).
    credit = BankCredit.objects.select_for_update(of=("self",)).select_related("building", "payment").get(pk=credit.pk)
    if credit.status == BankCredit.Status.WAITING:
        raise CoownershipRefusal(_("This credit is already waiting in the queue."))
    payment = credit.payment
    previous = credit.status
    credit.status, credit.payment = BankCredit.Status.WAITING, None
    credit.decided_by, credit.decided_at = acting_user, timezone.now()
    credit.save(update_fields=["status", "payment", "decided_by", "decided_at"])
    undone = {}
    if payment is not None:
        undone = {"payment": payment.pk, "household": payment.household_id, "cents": payment.amount_cents}
        payment.delete()
    record_audit(actor=acting_user, action="coownership.undo_bank_credit", target=credit.building,
                 credit=credit.pk, previous=previous, **undone)
    return credit


@transaction.atomic
def set_bank_account(*, acting_user: User | None, building: Building, iban: str, account_name: str = "",
                     fund: str = Fund.WORKING) -> Building:
    """The account of one of the building's funds (art. 3.89 §5: the working
    fund and the reserve fund each on its own account); its BIC is derived
    from the IBAN when the bank registry knows it. Changing the IBAN keeps the
    account's row, so the co-owners' references for it stay the same."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if fund not in Fund.values:
        raise CoownershipRefusal(_("Choose the working fund or the reserve fund."))
    given = building
    # Only the building's row is locked (PostgreSQL locks no nullable side of an outer join).
    building = Building.objects.select_for_update(of=("self",)).select_related(
        "working_account", "reserve_account").get(pk=building.pk)
    other = building.account_of(Fund.RESERVE if fund == Fund.WORKING else Fund.WORKING)
    try:
        compact = compact_iban(iban)
        if other is not None and other.iban == compact:
            raise CoownershipRefusal(_("The working fund and the reserve fund must be on two different accounts "
                                       "(Civil Code art. 3.89 §5)."))
        account = save_bank_account(iban=compact, holder=account_name or building.name,
                                    account=building.account_of(fund))
    except BankAccountRefusal as refusal:
        raise CoownershipRefusal(refusal.message) from None
    field_name = "reserve_account" if fund == Fund.RESERVE else "working_account"
    setattr(building, field_name, account)
    building.save(update_fields=[field_name])
    setattr(given, field_name, account)  # the caller's copy reads the new account too
    record_audit(actor=acting_user, action="coownership.set_bank_account", target=building, fund=fund, iban=compact)
    return building


def ensure_payment_reference(building: Building, household: Household) -> PaymentReference:
    """The co-owner's permanent structured communications, one per fund's
    account, made the first time they own a lot there; returns the working
    fund's."""
    references = {}
    for fund in Fund.values:
        reference, created = PaymentReference.objects.get_or_create(building=building, household=household, fund=fund)
        if created or not reference.digits:
            reference.digits = policy.reference_digits(reference.pk)
            reference.save(update_fields=["digits"])
        references[fund] = reference
    return references[Fund.WORKING]


def _waiting_debit(debit: BankDebit) -> BankDebit:
    """The debit under a row lock, refused unless it still waits in the queue."""
    debit = BankDebit.objects.select_for_update(of=("self",)).select_related("building").get(pk=debit.pk)
    if debit.status != BankDebit.Status.WAITING:
        raise CoownershipRefusal(_("This debit was already handled by someone else: reload the page."))
    return debit


@transaction.atomic
def confirm_bank_debit(*, acting_user: User | None, debit: BankDebit, expense: Expense) -> BankDebit:
    """The treasurer confirms which recorded expense a debit paid (a proposal,
    or another expense of the building): the expense is then paid, and is
    neither proposed again nor put in a transfer batch."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", debit.building)
    debit = _waiting_debit(debit)
    expense = Expense.objects.select_for_update().filter(pk=expense.pk, building=debit.building).first()
    if expense is None:
        raise CoownershipRefusal(_("This expense is not one of the building's."))
    if BankDebit.objects.filter(expense=expense).exists():
        raise CoownershipRefusal(_("This expense is already confirmed as paid by another debit."))
    debit.status, debit.expense = BankDebit.Status.CONFIRMED, expense
    debit.decided_by, debit.decided_at = acting_user, timezone.now()
    debit.save(update_fields=["status", "expense", "decided_by", "decided_at"])
    record_audit(actor=acting_user, action="coownership.confirm_bank_debit", target=debit.building,
                 debit=debit.pk, expense=expense.pk, cents=debit.amount_cents)
    return debit


@transaction.atomic
def dismiss_bank_debit(*, acting_user: User | None, debit: BankDebit) -> BankDebit:
    """A debit that pays no recorded expense (bank fees, a refund): it leaves the queue."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", debit.building)
    debit = _waiting_debit(debit)
    debit.status = BankDebit.Status.DISMISSED
    debit.decided_by, debit.decided_at = acting_user, timezone.now()
    debit.save(update_fields=["status", "decided_by", "decided_at"])
    record_audit(actor=acting_user, action="coownership.dismiss_bank_debit", target=debit.building,
                 debit=debit.pk, cents=debit.amount_cents)
    return debit


@transaction.atomic
def undo_bank_debit(*, acting_user: User | None, debit: BankDebit) -> BankDebit:
    """A wrong confirmation or dismissal undone: the debit waits in the queue
    again and its expense is unpaid again."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", debit.building)
    debit = BankDebit.objects.select_for_update(of=("self",)).select_related("building").get(pk=debit.pk)
    if debit.status == BankDebit.Status.WAITING:
        raise CoownershipRefusal(_("This debit is already waiting in the queue."))
    previous, expense_id = debit.status, debit.expense_id
    debit.status, debit.expense = BankDebit.Status.WAITING, None
    debit.decided_by, debit.decided_at = acting_user, timezone.now()
    debit.save(update_fields=["status", "expense", "decided_by", "decided_at"])
    record_audit(actor=acting_user, action="coownership.undo_bank_debit", target=debit.building,
                 debit=debit.pk, previous=previous, expense=expense_id)
    return debit
