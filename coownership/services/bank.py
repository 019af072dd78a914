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
from socle_site.kernel.banking.iban import bic_for, format_iban, normalise_iban
from socle_site.kernel.banking.matching import Payer, match_credits
from socle_site.kernel.banking.references import display
from socle_site.kernel.banking.statements import Movement, read_statement

from community.models import Household, User
from community.services.audit import record_audit

from .. import policy, selectors
from ..errors import CoownershipRefusal, ImportRefusal
from ..models import (
    BankCredit,
    Building,
    CallLine,
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


def _payers(building: Building, today: date) -> list[Payer]:
    """Each co-owner as the matcher sees them: their structured communication,
    their household's name, and the amounts they could be paying (each call's
    total for their lots, and what is overdue)."""
    references = dict(building.payment_references.values_list("household_id", "digits"))
    names = dict(Household.objects.filter(lot_ownerships__lot__building=building).values_list("pk", "name"))
    amounts = defaultdict(set)
    for household_id, cents in (
        CallLine.objects.filter(building=building).values("household_id", "call_id")
        .annotate(total=Sum("amount_cents")).values_list("household_id", "total")
    ):
        amounts[household_id].add(cents)
    for row in selectors.balances(building, today):
        if row["arrears_cents"] > 0:
            amounts[row["household_id"]].add(row["arrears_cents"])
    return [
        Payer(key=household_id, references=frozenset({references[household_id]} if references.get(household_id) else ()),
              names=frozenset({name}), open_amounts=frozenset(amounts[household_id]))
        for household_id, name in sorted(names.items())
    ]


def import_bank_statement(
    *, acting_user: User | None, building: Building, content: bytes, csv_columns: dict[str, str] | None = None
) -> ImportResult:
    """Payments from the bank's own statement file (CODA, CAMT.053, or CSV with
    its column mapping), the format read from the content. A damaged or
    hostile file, or a statement of another account, is refused as a whole
    and nothing is written. Credits are matched by the co-owner's structured
    communication, or by a free communication naming exactly one lot; the
    others wait, with proposals by amount and name. Each movement is imported
    once: importing the same statement again changes nothing."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    statement = _read(building, content, csv_columns)
    result = match_credits(statement.movements, _payers(building, timezone.localdate()))
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
            Payment(building=building, household_id=household_id, paid_on=movement.booked_on,
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
            [_credit(building, movement, status=BankCredit.Status.MATCHED, payment=payments[movement.identity])
             for movement, _h in new_matches]
            + [_credit(building, movement, status=BankCredit.Status.WAITING) for movement, _p in new_waiting]
        )
        by_identity = dict(BankCredit.objects.filter(
            building=building, movement__in=[c.movement for c in credits]).values_list("movement", "pk"))
        BankCredit.proposals.through.objects.bulk_create([
            BankCredit.proposals.through(bankcredit_id=by_identity[movement.identity], household_id=household_id)
            for movement, proposals in new_waiting for household_id in proposals
        ])
        outcome.unmatched = [(movement, [names[key] for key in proposals]) for movement, proposals in new_waiting]
        record_audit(actor=acting_user, action="coownership.import_payments", target=building,
                     format=statement.format, count=len(outcome.created),
                     cents=sum(p.amount_cents for p in outcome.created), already=outcome.already_imported,
                     unmatched=len(outcome.unmatched))
        for payment in outcome.created:
            record_audit(actor=acting_user, action="coownership.match_bank_credit", target=building,
                         credit=by_identity[payment.movement], payment=payment.pk, household=payment.household_id,
                         cents=payment.amount_cents)
    return outcome


def _read(building: Building, content: bytes, csv_columns: dict[str, str] | None):
    """The statement a file holds, for this building's account: a damaged or hostile
    file, or one of another account, is refused as a whole. A CSV is read through
    the columns given, else those saved for the account, else the default layout."""
    if csv_columns is None:
        csv_columns = building.csv_columns or None
    try:
        statement = read_statement(content, csv_columns=csv_columns)
    except StatementRefusal as refusal:
        raise ImportRefusal(_("Nothing was imported: correct the file and send it again."),
                            errors=[(refusal.line or 1, refusal.message)]) from None
    if statement.account_iban:
        if not building.iban:
            raise CoownershipRefusal(
                _("Enter the building's bank account (IBAN) before importing its statements: nothing was imported."))
        if statement.account_iban != building.iban:
            raise CoownershipRefusal(
                _("This statement is of the account %(theirs)s, not of the building's account %(ours)s: nothing "
                  "was imported.") % {"theirs": format_iban(statement.account_iban), "ours": format_iban(building.iban)})
    return statement


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
    *, acting_user: User | None, building: Building, content: bytes, csv_columns: dict[str, str] | None = None
) -> DryRun:
    """A dry run of an import: the file is read as the import would read it and
    nothing is imported. A CSV read through the columns the treasurer named has
    them saved for the account, so that its next imports need no mapping."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    columns = {f: " ".join(str(csv_columns.get(f) or "").split())[:60] for f in CSV_FIELDS} if csv_columns else None
    columns = {f: name for f, name in (columns or {}).items() if name} or None
    statement = _read(building, content, columns)
    run = DryRun(
        format=statement.format, count=len(statement.movements),
        credits_cents=sum(m.amount_cents for m in statement.movements if m.amount_cents > 0),
        debits_cents=-sum(m.amount_cents for m in statement.movements if m.amount_cents < 0),
        first=list(statement.movements[:10]),
    )
    if statement.format == "csv" and columns and columns != building.csv_columns:
        with transaction.atomic():
            building.csv_columns = columns
            building.save(update_fields=["csv_columns"])
            record_audit(actor=acting_user, action="coownership.save_csv_columns", target=building, columns=columns)
        run.columns_saved = True
    return run


def _credit(building: Building, movement: Movement, *, status: str, payment: Payment | None = None) -> BankCredit:
    return BankCredit(
        building=building, movement=movement.identity, booked_on=movement.booked_on,
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
        amount=Decimal(credit.amount_cents) / 100, reference=reference, movement=credit.movement,
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
def set_bank_account(*, acting_user: User | None, building: Building, iban: str, account_name: str = "") -> Building:
    """The account co-owners pay to; its BIC is derived from the IBAN when the
    bank registry knows it."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    try:
        compact = normalise_iban(iban)
    except ValueError:
        raise CoownershipRefusal(_("This is not a valid IBAN (check the letters and digits).")) from None
    building.iban, building.bic = compact, bic_for(compact)
    building.account_name = " ".join((account_name or "").split())[:70]
    building.save(update_fields=["iban", "bic", "account_name"])
    record_audit(actor=acting_user, action="coownership.set_bank_account", target=building, iban=compact)
    return building


def ensure_payment_reference(building: Building, household: Household) -> PaymentReference:
    """The co-owner's permanent structured communication for the building's
    account, made the first time they own a lot there."""
    reference, created = PaymentReference.objects.get_or_create(building=building, household=household)
    if created or not reference.digits:
        reference.digits = policy.reference_digits(reference.pk)
        reference.save(update_fields=["digits"])
    return reference
