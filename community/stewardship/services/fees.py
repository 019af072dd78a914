"""Ground-lease fees (issue 25): the daily task opens each fee on its due
date from the lease the deed carries (community.homefile.current_leases),
each owner household has a permanent structured communication on the trust's
ground-lease account, and the account's bank statements are read by the
kernel's readers and matcher, the same as the co-ownerships' (a credit with
the owner's reference is theirs; any other waits for an officer, with
proposals by name and amount, never applied by themselves)."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from socle_site.kernel.banking.errors import StatementRefusal
from socle_site.kernel.banking.iban import format_iban
from socle_site.kernel.banking.matching import Payer, match_credits
from socle_site.kernel.banking.references import make_structured
from socle_site.kernel.banking.statements import read_statement

from community import homefile
from community.models import BankAccount, User
from community.services.audit import record_audit

from .. import policy, selectors
from ..models import FeeCharge, FeeCredit, FeeReference, FeeSetting
from ._common import StewardshipRefusal

# The fee references' range: apart from the co-ownerships' (10⁹ + row).
REFERENCE_BASE = 2 * 10**9


def fee_setting() -> FeeSetting:
    return FeeSetting.objects.get_or_create(pk=1)[0]


def ensure_fee_references(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], FeeReference]:
    """Each (home, owner household)'s permanent reference, made the first time
    a fee falls due for them. Two queries when none is new."""
    if not pairs:
        return {}
    homes = {d for d, _h in pairs}
    known = {(r.dwelling_id, r.household_id): r for r in FeeReference.objects.filter(dwelling_id__in=homes)}
    for dwelling_id, household_id in sorted(pairs - set(known)):
        reference, _created = FeeReference.objects.get_or_create(dwelling_id=dwelling_id, household_id=household_id)
        known[(dwelling_id, household_id)] = reference
    for reference in known.values():
        if not reference.digits:
            reference.digits = make_structured(REFERENCE_BASE + reference.pk)
            reference.save(update_fields=["digits"])
    return known


def open_fees(*, today: date | None = None, dwelling_ids=None) -> int:
    """Every fee fallen due by ``today`` for each home's current lease, opened
    once (the unique constraint holds when two workers run the task). A task
    stopped for a while opens the missed ones on its next run, each at its own
    date and amount. Returns how many were opened."""
    today = today or timezone.localdate()
    leases = homefile.current_leases(dwelling_ids)
    if not leases:
        return 0
    setting = fee_setting()
    values = homefile.index_values(setting.index_name) if any(lease.indexed for lease in leases) else []
    existing = set(FeeCharge.objects.filter(dwelling_id__in={lease.dwelling_id for lease in leases})
                   .values_list("dwelling_id", "household_id", "due_on"))
    new = []
    for lease in leases:
        for due_on in policy.due_dates(lease.starts_on, lease.ends_on, lease.period, today):
            if (lease.dwelling_id, lease.household_id, due_on) in existing or (
                    setting.fees_from is not None and due_on < setting.fees_from):
                continue
            fee = policy.fee_for(fee_cents=lease.fee_cents, indexed=lease.indexed, starts_on=lease.starts_on,
                                 due_on=due_on, index_values=values)
            new.append(FeeCharge(dwelling_id=lease.dwelling_id, household_id=lease.household_id, due_on=due_on,
                                 amount_cents=fee.cents, index_base=fee.index_base, index_now=fee.index_now))
    if new:
        ensure_fee_references({(c.dwelling_id, c.household_id) for c in new})
        FeeCharge.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)


@dataclass
class FeeImport:
    """What an import of the ground-lease account's statement did."""

    matched: int = 0
    matched_cents: int = 0
    waiting: int = 0
    already_imported: int = 0
    debits: int = 0
    waiting_rows: list[FeeCredit] = field(default_factory=list)


def _account() -> BankAccount:
    account = BankAccount.objects.filter(trust_purpose=BankAccount.TrustPurpose.GROUND_LEASE).first()
    if account is None:
        raise StewardshipRefusal(_("Enter the trust's ground-lease account (IBAN) in the administration before "
                                   "importing its statements: nothing was imported."))
    return account


def _read(account: BankAccount, content: bytes):
    try:
        statement = read_statement(content, csv_columns=account.csv_columns or None)
    except StatementRefusal as refusal:
        raise StewardshipRefusal(_("Nothing was imported: %(reason)s") % {"reason": refusal.message}) from None
    if statement.account_iban and statement.account_iban != account.iban:
        raise StewardshipRefusal(
            _("This statement is of the account %(theirs)s, not of the trust's ground-lease account %(ours)s: "
              "nothing was imported. A building's statements are imported in its co-ownership.")
            % {"theirs": format_iban(statement.account_iban), "ours": format_iban(account.iban)})
    return statement


def import_fee_statement(*, acting_user: User | None, content: bytes) -> FeeImport:
    """The trust's ground-lease account statement (CODA, CAMT.053 or CSV),
    read as a whole or refused as a whole. Credits with an owner's structured
    communication are their payments; the others wait for an officer with the
    owners they may be from. Debits are not fees and are left out. Importing
    the same statement again changes nothing."""
    if acting_user is not None and not selectors.is_steward(acting_user):
        raise StewardshipRefusal(_("Only the trust's stewardship officers import the ground-lease account's statements."))
    account = _account()
    statement = _read(account, content)
    references = {r.pk: r for r in FeeReference.objects.select_related("household")}
    fees = selectors.open_fee_amounts()
    payers = [Payer(key=pk, references=frozenset({r.digits}) if r.digits else frozenset(),
                    names=frozenset({r.household.name}), open_amounts=frozenset(fees.get((r.dwelling_id, r.household_id), ())))
              for pk, r in sorted(references.items())]
    result = match_credits(statement.movements, payers)
    outcome = FeeImport(debits=sum(1 for m in statement.movements if not m.is_credit and not m.is_reversal))
    rows = []
    for match in result.matched:
        reference = references[match.payer]
        rows.append(_credit(account, match.movement, FeeCredit.Status.MATCHED, reference))
    for left in result.unmatched:
        # A credit not recognised, or a payment the bank returned (a reversal, negative): an officer
        # assigns it to the owner it concerns, and a returned payment then takes its amount back.
        if left.movement.is_credit or left.movement.is_reversal:
            rows.append(_credit(account, left.movement, FeeCredit.Status.WAITING, None, proposed=list(left.proposals)))
    with transaction.atomic():
        # One import at a time: two imports of one file cannot both find a movement new.
        BankAccount.objects.select_for_update().get(pk=account.pk)
        known = set(FeeCredit.objects.filter(identity__in=[r.identity for r in rows]).values_list("identity", flat=True))
        new = [r for r in rows if r.identity not in known]
        FeeCredit.objects.bulk_create(new)
        outcome.already_imported = len(rows) - len(new)
        for row in new:
            if row.status == FeeCredit.Status.MATCHED:
                outcome.matched += 1
                outcome.matched_cents += row.amount_cents
            else:
                outcome.waiting += 1
                outcome.waiting_rows.append(row)
        record_audit(actor=acting_user, action="stewardship.import_fee_statement", target=account,
                     matched=outcome.matched, waiting=outcome.waiting, already_imported=outcome.already_imported)
    return outcome


def _credit(account, movement, status, reference, proposed=()) -> FeeCredit:
    return FeeCredit(
        identity=movement.identity, account_iban=account.iban, booked_on=movement.booked_on,
        amount_cents=movement.amount_cents, counterparty_name=movement.counterparty_name[:140],
        counterparty_iban=movement.counterparty_iban[:34], communication=movement.communication[:200], status=status,
        dwelling_id=reference.dwelling_id if reference else None, household_id=reference.household_id if reference else None,
        proposed=list(proposed),
    )


def _waiting(credit: FeeCredit) -> FeeCredit:
    credit = FeeCredit.objects.select_for_update().get(pk=credit.pk)
    if credit.status != FeeCredit.Status.WAITING:
        raise StewardshipRefusal(_("This credit was already handled by someone else: reload the page."))
    return credit


@transaction.atomic
def assign_credit(*, acting_user: User, credit: FeeCredit, reference: FeeReference) -> FeeCredit:
    """The officer says whose fee a waiting credit pays (a proposal, or any
    home's owner): it then counts for them as a payment."""
    if not selectors.is_steward(acting_user):
        raise StewardshipRefusal(_("Only the trust's stewardship officers assign the account's credits."))
    credit = _waiting(credit)
    credit.status, credit.dwelling_id, credit.household_id = (FeeCredit.Status.ASSIGNED, reference.dwelling_id,
                                                              reference.household_id)
    credit.handled_by, credit.handled_at = acting_user, timezone.now()
    credit.save(update_fields=["status", "dwelling", "household", "handled_by", "handled_at"])
    record_audit(actor=acting_user, action="stewardship.assign_fee_credit", target=credit,
                 dwelling=reference.dwelling_id, household=reference.household_id, amount_cents=credit.amount_cents)
    return credit


@transaction.atomic
def set_credit_aside(*, acting_user: User, credit: FeeCredit, note: str) -> FeeCredit:
    """A credit that is no fee (a gift, a refund to make): set aside with the reason."""
    if not selectors.is_steward(acting_user):
        raise StewardshipRefusal(_("Only the trust's stewardship officers assign the account's credits."))
    note = " ".join((note or "").split())
    if not note:
        raise StewardshipRefusal(_("Say why this credit is not a fee (the note stays with it)."))
    credit = _waiting(credit)
    credit.status, credit.note = FeeCredit.Status.SET_ASIDE, note[:500]
    credit.handled_by, credit.handled_at = acting_user, timezone.now()
    credit.save(update_fields=["status", "note", "handled_by", "handled_at"])
    record_audit(actor=acting_user, action="stewardship.set_fee_credit_aside", target=credit, note=credit.note)
    return credit
