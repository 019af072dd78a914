"""Distribution keys, meter readings, the budget and expenses, each shared over the lots (policy.charge_shares)."""

import json
from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.utils.translation import gettext as _
from socle_site.kernel.banking.iban import normalise_iban

from community.models import User
from community.services.audit import record_audit

from .. import policy
from ..errors import CoownershipRefusal
from ..models import (
    Allocation,
    BudgetLine,
    Building,
    DistributionKey,
    Expense,
    KeyWeight,
    MeterReading,
    Ownership,
)
from ._common import (
    DOCUMENT_TYPES,
    MAX_DOCUMENT_SIZE,
    _cents,
    _require,
    _store,
)

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
    policy.charge_shares), charged to the lot's owner on the expense's date.
    Three queries whatever the number of expenses: the keys' weights, the
    owners, and one INSERT of every row; returns the rows written."""
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

    # Owners change a few times in a building's life, expenses share a handful of keys and
    # days: each key's lots and owners on a day are looked up once (bench/coownership.py).
    owners_on: dict[tuple[int, date], list] = {}
    rows = []
    for expense in expenses:
        key_weights = weights[expense.key_id]
        households = owners_on.get((expense.key_id, expense.spent_on))
        if households is None:
            households = owners_on[expense.key_id, expense.spent_on] = [
                owner(lot_id, expense.spent_on) for lot_id, _w in key_weights]
        rows.extend(
            [expense.pk, lot_id, household_id, part]
            for (lot_id, part), household_id in zip(
                policy.charge_shares(expense.amount_cents, key_weights), households, strict=True)
            if part
        )
    _insert_allocations(rows)
    return len(rows)


def _insert_allocations(rows: list[list]) -> None:
    """Every row in one INSERT, whatever their number: the rows travel as one JSON
    parameter that the database unpacks (json_each in SQLite, jsonb_array_elements in
    PostgreSQL). A five-year benchmark writes 210,000 rows: a model instance per row
    (bulk_create), a round trip per row (executemany) or one INSERT per 500 rows made
    the time and the query count grow with the expenses (bench/coownership.py)."""
    if not rows:
        return
    meta = Allocation._meta
    columns = ", ".join(meta.get_field(name).column for name in ("expense", "lot", "household", "amount_cents"))
    if connection.vendor == "postgresql":
        select = ("SELECT (r->>0)::bigint, (r->>1)::bigint, (r->>2)::bigint, (r->>3)::bigint "
                  "FROM jsonb_array_elements(%s::jsonb) AS r")
    else:
        select = ("SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
                  "json_extract(value, '$[3]') FROM json_each(%s)")
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {meta.db_table} ({columns}) {select}",
                       [json.dumps(rows, separators=(",", ":"))])


@transaction.atomic
def record_expense(
    *, acting_user: User | None, building: Building, key: DistributionKey, supplier: str, spent_on: date, amount,
    kind: str = Expense.Kind.ORDINARY, description: str = "", document=None, supplier_iban: str = "",
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
    iban = ""
    if (supplier_iban or "").strip():
        try:
            iban = normalise_iban(supplier_iban)
        except ValueError:
            raise CoownershipRefusal(_("This is not a valid IBAN (check the letters and digits).")) from None
    stored = _store(document, allowed=DOCUMENT_TYPES, max_size=MAX_DOCUMENT_SIZE) if document else None
    expense = Expense.objects.create(
        building=building, key=key, supplier=supplier.strip()[:200], spent_on=spent_on, amount_cents=cents, kind=kind,
        description=(description or "").strip()[:250], document=stored, recorded_by=acting_user,
        supplier_iban=iban,
    )
    allocate_expenses([expense])
    record_audit(actor=acting_user, action="coownership.record_expense", target=expense, cents=cents)
    return expense
