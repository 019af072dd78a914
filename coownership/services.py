"""One function per write: keyword-only, acting_user passed in, one
transaction, notifications on commit, refusals as CoownershipRefusal."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_q.tasks import async_task
from socle_site.kernel.banking.errors import StatementRefusal
from socle_site.kernel.banking.iban import bic_for, format_iban, normalise_iban
from socle_site.kernel.banking.matching import Payer, match_credits
from socle_site.kernel.banking.qr import epc_qr_png
from socle_site.kernel.banking.references import display
from socle_site.kernel.banking.statements import Movement, read_statement
from socle_site.kernel.formatting import money
from socle_site.kernel.uploads import UploadRefusal, check_upload

from community.models import Household, User
from community.services.audit import record_audit
from community.services.dwellings import dwelling_for
from community.services.notifications import notify

from . import policy, selectors
from .errors import CoownershipRefusal, ImportRefusal
from .meetings import sync_coownership_body
from .models import (
    Allocation,
    BankCredit,
    BudgetLine,
    Building,
    BuildingDocument,
    BuildingRole,
    CallForFunds,
    CallLine,
    DistributionKey,
    Expense,
    KeyWeight,
    Lot,
    MeterReading,
    Ownership,
    Payment,
    PaymentReference,
    Statement,
    StoredFile,
    Ticket,
    TicketComment,
    TicketPhoto,
)

MAX_PHOTO_SIZE = 5 * 1024 * 1024
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
PHOTO_TYPES = ("image/png", "image/jpeg")
DOCUMENT_TYPES = ("application/pdf", *PHOTO_TYPES)


def _require(acting_user, perm: str, obj) -> None:
    if acting_user is None or not acting_user.has_perm(perm, obj):
        raise PermissionDenied


def _cents(amount, *, allow_zero: bool = False) -> int:
    try:
        cents = policy.to_cents(amount)
    except ValueError:
        raise CoownershipRefusal(_("The amount must be a number of euros with at most two decimals.")) from None
    if cents < 0 or (cents == 0 and not allow_zero):
        raise CoownershipRefusal(_("The amount must be more than zero."))
    return cents


def _members(household_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            household_memberships__household_id__in=list(household_ids),
            household_memberships__until__isnull=True,
        ).distinct()
    )


def _url(name: str, *args):
    return lambda: reverse(name, args=args)


def _store(upload, *, allowed: tuple[str, ...], max_size: int) -> StoredFile:
    """Check the upload with the project's one upload check (type read from the
    bytes, size limited), then keep it in the database."""
    try:
        checked = check_upload(upload, allowed=allowed, max_size=max_size)
    except UploadRefusal as refusal:
        raise CoownershipRefusal(refusal.message) from None
    upload.seek(0)
    content = upload.read()
    return StoredFile.objects.create(
        filename=(upload.name or "file")[-200:], content_type=checked.content_type, size=len(content), content=content
    )


# --- Buildings, lots, owners, roles --------------------------------------------------------


def check_lot_shares(total_shares: int, lots: list[dict]) -> None:
    """The shares of the lots add up exactly to the building's total (art. 3.85 §1:
    the deed gives each lot its share of the common parts)."""
    if not lots:
        raise CoownershipRefusal(_("A building needs at least one lot."))
    references = [str(lot["reference"]).strip() for lot in lots]
    if any(not ref for ref in references) or len(set(references)) != len(references):
        raise CoownershipRefusal(_("Each lot needs its own reference."))
    if any(int(lot["shares"]) <= 0 for lot in lots):
        raise CoownershipRefusal(_("Each lot needs a positive number of shares."))
    total = sum(int(lot["shares"]) for lot in lots)
    if total != total_shares:
        raise CoownershipRefusal(
            _("The lots' shares add up to %(sum)d, not to the building's %(total)d: correct them so they match exactly.")
            % {"sum": total, "total": total_shares}
        )


@transaction.atomic
def create_building(
    *, acting_user: User | None, housing_project, name: str, slug: str, address: str = "", total_shares: int = 1000,
    lots: list[dict],
) -> Building:
    """A building with all its lots at once, so the shares always add up; it
    gets a general key by shares and a key of equal parts."""
    if acting_user is not None:
        _require(acting_user, "coownership.create_building", None)
    check_lot_shares(total_shares, lots)
    if Building.objects.filter(slug=slug).exists():
        raise CoownershipRefusal(_("Another building already has this short name."))
    building = Building.objects.create(
        housing_project=housing_project, name=name, slug=slug, address=address, total_shares=total_shares
    )
    new_lots = [
        Lot(building=building, reference=str(lot["reference"]).strip(), kind=lot.get("kind", Lot.Kind.FLAT),
            shares=int(lot["shares"]), description=lot.get("description", ""))
        for lot in lots
    ]
    for lot in new_lots:
        if lot.kind == Lot.Kind.FLAT:
            # A flat is a home: the one record of it, shared with the register's
            # home of the same label in the project (candidates.Home).
            lot.dwelling = dwelling_for(housing_project=housing_project, label=lot.reference)
            if Lot.objects.filter(dwelling=lot.dwelling).exists():
                raise CoownershipRefusal(
                    _("Another building of this housing project already has the flat %(reference)s.")
                    % {"reference": lot.reference}
                )
    Lot.objects.bulk_create(new_lots)
    all_lots = list(building.lots.all())
    general = DistributionKey.objects.create(building=building, name=_("General (shares)"), kind=DistributionKey.Kind.GENERAL)
    equal = DistributionKey.objects.create(building=building, name=_("Equal parts"), kind=DistributionKey.Kind.EQUAL)
    KeyWeight.objects.bulk_create(
        [KeyWeight(key=general, lot=lot, weight=lot.shares) for lot in all_lots]
        + [KeyWeight(key=equal, lot=lot, weight=1) for lot in all_lots]
    )
    record_audit(actor=acting_user, action="coownership.create_building", target=building, lots=len(all_lots))
    return building


@transaction.atomic
def change_lot_shares(*, acting_user: User | None, building: Building, shares: dict[str, int]) -> None:
    """New shares for every lot (decided unanimously, art. 3.88 §2); they must
    still add up to the total. The general key follows."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    lots = {lot.reference: lot for lot in Lot.objects.select_for_update().filter(building=building)}
    if set(shares) != set(lots):
        raise CoownershipRefusal(_("Give new shares for every lot of the building."))
    check_lot_shares(building.total_shares, [{"reference": ref, "shares": value} for ref, value in shares.items()])
    for ref, lot in lots.items():
        lot.shares = int(shares[ref])
    Lot.objects.bulk_update(lots.values(), ["shares"])
    for key in building.keys.filter(kind=DistributionKey.Kind.GENERAL):
        KeyWeight.objects.filter(key=key).delete()
        KeyWeight.objects.bulk_create([KeyWeight(key=key, lot=lot, weight=lot.shares) for lot in lots.values()])
    record_audit(actor=acting_user, action="coownership.change_lot_shares", target=building, shares=shares)


@transaction.atomic
def transfer_lot(*, acting_user: User | None, lot: Lot, household: Household, on_date: date) -> Ownership:
    """The lot belongs to ``household`` from ``on_date`` (first owner, or a
    resale): the previous owner's row ends that day, history kept."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", lot.building)
    current = Ownership.objects.select_for_update().filter(lot=lot, ends_on__isnull=True).first()
    if current is not None:
        if current.household_id == household.pk:
            raise CoownershipRefusal(_("This household already owns the lot."))
        if on_date <= current.starts_on:
            raise CoownershipRefusal(_("The new owner's date must come after the current owner's."))
        current.ends_on = on_date
        current.save(update_fields=["ends_on"])
    elif Ownership.objects.filter(lot=lot, ends_on__gt=on_date).exists():
        raise CoownershipRefusal(_("The new owner's date must come after the current owner's."))
    ownership = Ownership.objects.create(lot=lot, household=household, starts_on=on_date)
    ensure_payment_reference(lot.building, household)
    record_audit(
        actor=acting_user, action="coownership.transfer_lot", target=lot, household=household.pk,
        on=on_date.isoformat(), previous=current.household_id if current else None,
    )
    _sync_meeting_body(lot.building, acting_user)
    return ownership


def _sync_meeting_body(building: Building, acting_user: User | None) -> None:
    # The co-owners' meeting body follows owners and roles.
    sync_coownership_body(building=building, acting_user=acting_user)


@transaction.atomic
def assign_building_role(*, acting_user: User | None, building: Building, user: User, kind: str) -> BuildingRole:
    if acting_user is not None:
        _require(acting_user, "coownership.create_building", None)
    if kind not in BuildingRole.Kind.values:
        raise CoownershipRefusal(_("Choose a role of the building."))
    role, created = BuildingRole.objects.get_or_create(
        building=building, user=user, kind=kind, ends_on__isnull=True,
        defaults={"starts_on": timezone.localdate()},
    )
    if created:
        record_audit(actor=acting_user, action="coownership.assign_role", target=building, user=user.pk, kind=kind)
        _sync_meeting_body(building, acting_user)
    return role


@transaction.atomic
def end_building_role(*, acting_user: User | None, role: BuildingRole) -> BuildingRole:
    if acting_user is not None:
        _require(acting_user, "coownership.create_building", None)
    role.ends_on = timezone.localdate()
    role.save(update_fields=["ends_on"])
    record_audit(actor=acting_user, action="coownership.end_role", target=role.building, user=role.user_id, kind=role.kind)
    _sync_meeting_body(role.building, acting_user)
    return role


# --- Keys, budget, expenses -------------------------------------------------------------------


@transaction.atomic
def create_key(
    *, acting_user: User | None, building: Building, name: str, kind: str, weights: dict[int, int] | None = None
) -> DistributionKey:
    """A distribution key. General keys take the lots' shares, equal parts give
    each lot chosen (all by default) one part; a part of the building
    (staircase, lift) or meter readings give each lot its own weight."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    name = (name or "").strip()
    if not name:
        raise CoownershipRefusal(_("Give the key a name."))
    if building.keys.filter(name=name).exists():
        raise CoownershipRefusal(_("The building already has a key with this name."))
    lots = {lot.pk: lot for lot in building.lots.all()}
    if kind == DistributionKey.Kind.GENERAL:
        chosen = {pk: lot.shares for pk, lot in lots.items()}
    elif kind == DistributionKey.Kind.EQUAL:
        chosen = {pk: 1 for pk in (weights or lots)}
    elif kind in (DistributionKey.Kind.SUBSET, DistributionKey.Kind.METER):
        chosen = {pk: int(w) for pk, w in (weights or {}).items() if int(w) > 0}
    else:
        raise CoownershipRefusal(_("Choose a kind of key."))
    if not chosen or any(pk not in lots for pk in chosen) or any(w < 0 for w in chosen.values()):
        raise CoownershipRefusal(_("The key needs at least one lot of this building with a positive weight."))
    key = DistributionKey.objects.create(building=building, name=name, kind=kind)
    KeyWeight.objects.bulk_create([KeyWeight(key=key, lot_id=pk, weight=w) for pk, w in chosen.items()])
    record_audit(actor=acting_user, action="coownership.create_key", target=key, kind=kind)
    return key


def record_meter_readings(
    *, acting_user: User | None, building: Building, key: DistributionKey, year: int, readings: dict[int, object]
) -> list[MeterReading]:
    """Record what each lot's meter counted in ``year`` for a key shared by meter
    readings; a blank reading is left out. All or nothing: any bad value, a lot
    outside the key or another building's key refuses the whole entry. The
    key's weights become the readings of its latest period, so the expenses
    recorded from then on are shared by them (earlier allocations stay)."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if key.building_id != building.pk:
        raise CoownershipRefusal(_("Choose a key of this building."))
    if key.kind != DistributionKey.Kind.METER:
        raise CoownershipRefusal(_("Only a key shared by meter readings takes readings."))
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise CoownershipRefusal(_("Choose a year between 2000 and 2100."))
    lot_ids = set(key.weights.values_list("lot_id", flat=True))
    values: dict[int, int] = {}
    for lot_id, raw in readings.items():
        text = str(raw if raw is not None else "").strip()
        if not text:
            continue
        if lot_id not in lot_ids:
            raise CoownershipRefusal(_("A reading is for a lot that does not share this key."))
        if not text.isdigit() or len(text) > 9:
            raise CoownershipRefusal(_("Each reading is a whole number, zero or more (no letters, signs or decimals)."))
        values[lot_id] = int(text)
    if not values:
        raise CoownershipRefusal(_("Enter at least one reading."))
    with transaction.atomic():
        rows = []
        for lot_id, value in sorted(values.items()):
            row, _created = MeterReading.objects.update_or_create(
                key=key, lot_id=lot_id, year=year, defaults={"value": value, "recorded_by": acting_user},
            )
            rows.append(row)
        latest = key.readings.order_by("-year").values_list("year", flat=True).first()
        if latest == year:
            # Every lot of the key takes its reading of the period; one not read yet keeps its weight.
            for lot_id, value in values.items():
                KeyWeight.objects.filter(key=key, lot_id=lot_id).update(weight=value)
            if not key.weights.filter(weight__gt=0).exists():
                # Nothing to share the next expense by (law.allocate needs a positive sum).
                raise CoownershipRefusal(_("The readings cannot all be zero: the key would share nothing."))
        record_audit(actor=acting_user, action="coownership.record_meter_readings", target=key, year=year,
                     lots=len(values))
    return rows


@transaction.atomic
def set_budget_line(
    *, acting_user: User | None, building: Building, year: int, key: DistributionKey, amount, is_reserve: bool = False
) -> BudgetLine:
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if key.building_id != building.pk:
        raise CoownershipRefusal(_("Choose a key of this building."))
    if not 2000 <= int(year) <= 2100:
        raise CoownershipRefusal(_("Choose a year between 2000 and 2100."))
    cents = _cents(amount, allow_zero=True)
    line, _created = BudgetLine.objects.update_or_create(
        building=building, year=year, key=key, is_reserve=is_reserve, defaults={"amount_cents": cents}
    )
    record_audit(actor=acting_user, action="coownership.set_budget", target=building, year=year, key=key.pk,
                 cents=cents, reserve=is_reserve)
    return line


def allocate_expenses(expenses: list[Expense]) -> int:
    """Each lot's part of each expense, to the cent (largest remainder,
    law.allocate), charged to the lot's owner on the expense's date. Reads the
    keys and owners once for the whole list; returns the rows written."""
    if not expenses:
        return 0
    key_ids = {e.key_id for e in expenses}
    weights = defaultdict(list)
    for key_id, lot_id, weight in KeyWeight.objects.filter(key_id__in=key_ids).order_by("lot_id").values_list(
        "key_id", "lot_id", "weight"
    ):
        weights[key_id].append((lot_id, weight))
    lot_ids = {lot_id for rows in weights.values() for lot_id, _w in rows}
    owners = defaultdict(list)
    for lot_id, household_id, starts_on, ends_on in Ownership.objects.filter(lot_id__in=lot_ids).values_list(
        "lot_id", "household_id", "starts_on", "ends_on"
    ):
        owners[lot_id].append((starts_on, ends_on, household_id))

    def owner(lot_id, on):
        for starts_on, ends_on, household_id in owners[lot_id]:
            if starts_on <= on and (ends_on is None or ends_on > on):
                return household_id
        return None

    rows = []
    for expense in expenses:
        rows.extend(
            (expense.pk, lot_id, owner(lot_id, expense.spent_on), part)
            for lot_id, part in policy.charge_shares(expense.amount_cents, weights[expense.key_id])
            if part
        )
    # Plain rows, 500 to an INSERT: a five-year benchmark writes 210,000 rows, and building a
    # model instance for each (bulk_create), or a round trip per row (executemany on
    # PostgreSQL), was most of the time (bench/coownership.py).
    meta = Allocation._meta
    columns = ", ".join(meta.get_field(name).column for name in ("expense", "lot", "household", "amount_cents"))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            cursor.execute(
                f"INSERT INTO {meta.db_table} ({columns}) VALUES " + ", ".join(["(%s, %s, %s, %s)"] * len(chunk)),
                [value for row in chunk for value in row],
            )
    return len(rows)


@transaction.atomic
def record_expense(
    *, acting_user: User | None, building: Building, key: DistributionKey, supplier: str, spent_on: date, amount,
    kind: str = Expense.Kind.ORDINARY, description: str = "", document=None,
) -> Expense:
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if key.building_id != building.pk:
        raise CoownershipRefusal(_("Choose a key of this building."))
    if kind not in Expense.Kind.values:
        raise CoownershipRefusal(_("Choose a kind of expense."))
    if not (supplier or "").strip():
        raise CoownershipRefusal(_("Name the supplier."))
    cents = _cents(amount)
    stored = _store(document, allowed=DOCUMENT_TYPES, max_size=MAX_DOCUMENT_SIZE) if document else None
    expense = Expense.objects.create(
        building=building, key=key, supplier=supplier.strip()[:200], spent_on=spent_on, amount_cents=cents, kind=kind,
        description=(description or "").strip()[:250], document=stored, recorded_by=acting_user,
    )
    allocate_expenses([expense])
    record_audit(actor=acting_user, action="coownership.record_expense", target=expense, cents=cents)
    return expense


# --- Calls for funds, payments, reminders, statements ----------------------------------------

QUARTER_DUE = {1: (1, 15), 2: (4, 15), 3: (7, 15), 4: (10, 15)}


@transaction.atomic
def issue_call_for_funds(
    *, acting_user: User | None, building: Building, year: int, quarter: int, due_on: date | None = None
) -> CallForFunds:
    """A quarter of the year's budget (ordinary lines and reserve fund),
    split over the lots by each line's key and called from each lot's owner on
    the due date. Co-owners are notified."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if quarter not in QUARTER_DUE:
        raise CoownershipRefusal(_("Choose a quarter from 1 to 4."))
    Building.objects.select_for_update().get(pk=building.pk)
    if CallForFunds.objects.filter(building=building, year=year, quarter=quarter).exists():
        raise CoownershipRefusal(_("This quarter has already been called."))
    lines = list(BudgetLine.objects.filter(building=building, year=year, amount_cents__gt=0))
    if not lines:
        raise CoownershipRefusal(_("Enter the year's budget before calling funds."))
    due_on = due_on or date(year, *QUARTER_DUE[quarter])
    weights = defaultdict(list)
    for key_id, lot_id, weight in KeyWeight.objects.filter(key_id__in={li.key_id for li in lines}).order_by(
        "lot_id"
    ).values_list("key_id", "lot_id", "weight"):
        weights[key_id].append((lot_id, weight))
    amounts, reserves = defaultdict(int), defaultdict(int)
    for line in lines:
        for lot_id, part in policy.charge_shares(policy.quarter_of(line.amount_cents, quarter), weights[line.key_id]):
            amounts[lot_id] += part
            if line.is_reserve:
                reserves[lot_id] += part
    owners = dict(
        Ownership.objects.filter(selectors.owned_on(due_on), lot__building=building).values_list("lot_id", "household_id")
    )
    call = CallForFunds.objects.create(building=building, year=year, quarter=quarter, due_on=due_on)
    CallLine.objects.bulk_create(
        [
            CallLine(call=call, building=building, lot_id=lot_id, household_id=owners[lot_id], due_on=due_on,
                     amount_cents=amount, reserve_cents=reserves[lot_id])
            for lot_id, amount in sorted(amounts.items())
            if amount and lot_id in owners
        ]
    )
    record_audit(actor=acting_user, action="coownership.issue_call", target=building, year=year, quarter=quarter)
    # notify() itself sends the e-mails and live counts once the transaction commits.
    notify(
        _members(set(owners.values())), category="coownership",
        title=gettext_lazy("Call for funds: %(building)s, quarter %(quarter)s %(year)s"),
        body=gettext_lazy("Your share is in your account, to pay by %(due)s."),
        url=_url("coownership:my_account", building.slug),
        params={"building": building.name, "quarter": quarter, "year": year, "due": due_on.isoformat()},
    )
    return call


@transaction.atomic
def record_payment(
    *, acting_user: User | None, building: Building, household: Household, paid_on: date, amount, reference: str = "",
    movement: str = "",
) -> Payment:
    """A co-owner's payment; it clears their oldest open call first (the
    balances allocate payments oldest first). ``movement`` is the identity of
    the bank statement movement it comes from, when a person assigned one."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if not selectors.is_owner_ever(building, household):
        raise CoownershipRefusal(_("This household owns no lot in the building."))
    payment = Payment.objects.create(
        building=building, household=household, paid_on=paid_on, amount_cents=_cents(amount),
        reference=(reference or "").strip()[:140], recorded_by=acting_user,
        source=Payment.Source.BANK if movement else Payment.Source.MANUAL, movement=movement,
    )
    record_audit(actor=acting_user, action="coownership.record_payment", target=building, payment=payment.pk,
                 cents=payment.amount_cents)
    return payment


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


@transaction.atomic
def send_arrears_reminders(*, acting_user: User | None, building: Building, today: date | None = None) -> int:
    """Remind each co-owner in arrears of what is due, quoting the account,
    their structured communication and, attached, the payment QR code for the
    amount; returns how many households."""
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    today = today or timezone.localdate()
    late = [row for row in selectors.balances(building, today) if row["arrears_cents"] > 0]
    instructions = {row["household_id"]: row for row in selectors.payment_instructions(
        building, [row["household_id"] for row in late], today)}
    for row in late:
        to_pay = instructions.get(row["household_id"]) or {}
        params = {"building": building.name, "amount": money(row["arrears_cents"])}
        if to_pay.get("iban") and to_pay.get("reference"):
            body = gettext_lazy(
                "%(amount)s of your calls for funds is still unpaid. Thank you for paying it soon to the account "
                "%(iban)s (%(beneficiary)s) with the structured communication %(reference)s, or by scanning the "
                "payment QR code attached with your banking app.") if to_pay.get("epc_payload") else gettext_lazy(
                "%(amount)s of your calls for funds is still unpaid. Thank you for paying it soon to the account "
                "%(iban)s (%(beneficiary)s) with the structured communication %(reference)s.")
            params |= {"iban": to_pay["iban"], "beneficiary": to_pay["beneficiary"], "reference": to_pay["reference"]}
        else:
            body = gettext_lazy("%(amount)s of your calls for funds is still unpaid. Thank you for paying it soon.")
        attachments = [("payment-qr-code.png", epc_qr_png(to_pay["epc_payload"]), "image/png")] if to_pay.get(
            "epc_payload") else []
        notify(
            _members([row["household_id"]]), category="coownership",
            title=gettext_lazy("Reminder: charges due for %(building)s"), body=body,
            url=_url("coownership:my_account", building.slug), params=params, attachments=attachments,
        )
    record_audit(actor=acting_user, action="coownership.send_reminders", target=building, households=len(late))
    return len(late)


@transaction.atomic
def request_statement(*, acting_user: User, building: Building, household: Household, year: int) -> Statement:
    """A statement of the year as PDF, made in the background."""
    _require(acting_user, "coownership.view_own_account", building)
    if household.pk not in selectors.households_of(acting_user):
        raise PermissionDenied
    if not 2000 <= int(year) <= timezone.localdate().year:
        raise CoownershipRefusal(_("Choose a past or current year."))
    statement = Statement.objects.create(
        building=building, household=household, year=year, requested_by=acting_user,
        language=translation.get_language() or acting_user.language,
    )
    transaction.on_commit(lambda: async_task("coownership.tasks.render_statement", statement.pk))
    return statement


def render_statement(statement_id: int) -> None:
    """Render the statement's PDF (called by the django-q2 task) and tell the
    person who asked that it is ready."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    statement = Statement.objects.select_related("building", "household", "requested_by").get(pk=statement_id)
    with translation.override(statement.language):
        context = selectors.statement_data(statement.building, statement.household, statement.year)
        html = render_to_string("coownership/statement_pdf.html", {"statement": statement, **context})
        pdf = HTML(string=html).write_pdf()
    with transaction.atomic():
        stored = StoredFile.objects.create(
            filename=f"statement-{statement.building.slug}-{statement.year}.pdf", content_type="application/pdf",
            size=len(pdf), content=pdf,
        )
        statement.pdf = stored
        statement.status = Statement.Status.READY
        statement.save(update_fields=["pdf", "status"])
        if statement.requested_by:
            notify(
                [statement.requested_by], category="coownership", title=gettext_lazy("Your statement %(year)s is ready"),
                url=_url("coownership:my_account", statement.building.slug), params={"year": statement.year},
            )


# --- Maintenance tickets -------------------------------------------------------------------


def _notify_reporter(ticket: Ticket, acting_user: User, title) -> None:
    if ticket.reporter_id == getattr(acting_user, "pk", None):
        return
    notify(
        [ticket.reporter], category="coownership", title=title,
        url=_url("coownership:ticket", ticket.building.slug, ticket.pk),
        params={"title": ticket.title, "status": ticket.get_status_display()},
    )


@transaction.atomic
def report_ticket(
    *, acting_user: User, building: Building, title: str, location: str, description: str, photos: list | None = None
) -> Ticket:
    _require(acting_user, "coownership.report_ticket", building)
    title, location, description = (title or "").strip(), (location or "").strip(), (description or "").strip()
    if not title or not location or not description:
        raise CoownershipRefusal(_("Say what the problem is, where, and describe it."))
    photos = photos or []
    if len(photos) > 5:
        raise CoownershipRefusal(_("Add five photos at most."))
    ticket = Ticket.objects.create(
        building=building, reporter=acting_user, title=title[:150], location=location[:150], description=description
    )
    for upload in photos:
        TicketPhoto.objects.create(ticket=ticket, file=_store(upload, allowed=PHOTO_TYPES, max_size=MAX_PHOTO_SIZE))
    managers = list(User.objects.filter(selectors.role_now(), building_roles__building=building).distinct())
    notify(
        [m for m in managers if m.pk != acting_user.pk], category="coownership",
        title=gettext_lazy("New maintenance ticket: %(title)s"),
        url=_url("coownership:ticket", building.slug, ticket.pk), params={"title": ticket.title},
    )
    record_audit(actor=acting_user, action="coownership.report_ticket", target=ticket)
    return ticket


@transaction.atomic
def assign_ticket(*, acting_user: User, ticket: Ticket, assignee: User | None) -> Ticket:
    _require(acting_user, "coownership.handle_ticket", ticket.building)
    if assignee is not None and ticket.building_id not in selectors.managed_ids(assignee):
        raise CoownershipRefusal(_("Assign the ticket to a committee member or the syndic of this building."))
    ticket.assignee = assignee
    if assignee is not None and ticket.status == Ticket.Status.OPEN:
        ticket.status = Ticket.Status.ASSIGNED
    ticket.updated_at = timezone.now()
    ticket.save(update_fields=["assignee", "status", "updated_at"])
    record_audit(actor=acting_user, action="coownership.assign_ticket", target=ticket, assignee=getattr(assignee, "pk", None))
    _notify_reporter(ticket, acting_user, gettext_lazy("Your ticket “%(title)s” was assigned"))
    return ticket


@transaction.atomic
def change_ticket_status(*, acting_user: User, ticket: Ticket, status: str) -> Ticket:
    _require(acting_user, "coownership.handle_ticket", ticket.building)
    if status not in Ticket.Status.values:
        raise CoownershipRefusal(_("Choose a status."))
    if status == ticket.status:
        raise CoownershipRefusal(_("The ticket already has this status."))
    ticket.status = status
    ticket.updated_at = timezone.now()
    ticket.save(update_fields=["status", "updated_at"])
    record_audit(actor=acting_user, action="coownership.ticket_status", target=ticket, status=status)
    _notify_reporter(ticket, acting_user, gettext_lazy("Your ticket “%(title)s” is now: %(status)s"))
    return ticket


@transaction.atomic
def comment_ticket(*, acting_user: User, ticket: Ticket, body: str) -> TicketComment:
    if not (
        acting_user.has_perm("coownership.handle_ticket", ticket.building)
        or (ticket.reporter_id == acting_user.pk and acting_user.has_perm("coownership.view_building", ticket.building))
    ):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise CoownershipRefusal(_("Write a comment."))
    comment = TicketComment.objects.create(ticket=ticket, author=acting_user, body=body[:4000])
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
    _notify_reporter(ticket, acting_user, gettext_lazy("New comment on your ticket “%(title)s”"))
    return comment


# --- Documents -------------------------------------------------------------------------------


@transaction.atomic
def upload_document(*, acting_user: User | None, building: Building, kind: str, title: str, upload) -> BuildingDocument:
    if acting_user is not None:
        _require(acting_user, "coownership.manage_building", building)
    if kind not in BuildingDocument.Kind.values:
        raise CoownershipRefusal(_("Choose a kind of document."))
    title = (title or "").strip()
    if not title:
        raise CoownershipRefusal(_("Give the document a title."))
    stored = _store(upload, allowed=DOCUMENT_TYPES, max_size=MAX_DOCUMENT_SIZE)
    document = BuildingDocument.objects.create(building=building, kind=kind, title=title[:200], file=stored,
                                               uploaded_by=acting_user)
    record_audit(actor=acting_user, action="coownership.upload_document", target=document)
    return document

