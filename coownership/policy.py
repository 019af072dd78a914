"""Pure co-ownership rules with no database: money in cents, bank files,
the quarter of a yearly budget. (The legal rules themselves are in law.py.)"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .law import allocate


def to_cents(amount) -> int:
    """Euros (Decimal or text, comma or point) to whole cents; ValueError if
    not a number with at most two decimals."""
    try:
        value = Decimal(str(amount).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(amount) from None
    # Nothing beyond a billion euros: such a figure is a typing error.
    if not value.is_finite() or abs(value) >= Decimal("1e9") or value != value.quantize(Decimal("0.01")):
        raise ValueError(amount)
    return int(value * 100)


def quarter_of(amount_cents: int, quarter: int) -> int:
    """A yearly amount called in four quarters that add up to it exactly."""
    return allocate(amount_cents, [1, 1, 1, 1])[quarter - 1]


@dataclass(frozen=True)
class BankRow:
    line: int
    paid_on: date
    amount_cents: int
    communication: str
    lot_reference: str


def _parse_date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_bank_csv(content: bytes, lot_references: set[str]) -> tuple[list[BankRow], list[tuple[int, str]]]:
    """Read a bank statement exported as CSV: a header with the columns
    date, amount and communication (any order, ``;`` or ``,``). Each row must
    name a lot of the building in its communication. Returns the rows read and
    the errors as (line number, reason); the caller imports nothing if there
    is any error."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            return [], [(1, _("The file is not a text (CSV) file."))]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        return [], [(1, _("The file is empty."))]
    missing = [name for name in ("date", "amount", "communication") if name not in header]
    if missing:
        return [], [(1, _("The first line must name the columns date, amount and communication."))]
    columns = {name: header.index(name) for name in ("date", "amount", "communication")}
    by_upper = {ref.upper(): ref for ref in lot_references}
    rows, errors = [], []
    try:
        records = list(reader)
    except csv.Error:
        return [], [(1, _("The file is not a readable CSV file."))]
    for number, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < len(header):
            errors.append((number, _("This line has too few columns.")))
            continue
        try:
            paid_on = _parse_date(record[columns["date"]])
        except ValueError:
            errors.append((number, _("The date cannot be read (use YYYY-MM-DD or DD/MM/YYYY).")))
            continue
        try:
            amount = to_cents(record[columns["amount"]])
        except ValueError:
            errors.append((number, _("The amount cannot be read.")))
            continue
        if amount <= 0:
            errors.append((number, _("Only money received can be imported (the amount must be positive).")))
            continue
        communication = record[columns["communication"]].strip()
        tokens = {t.upper() for t in re.split(r"[^0-9A-Za-z.\-]+", communication) if t}
        found = sorted(by_upper[t] for t in tokens if t in by_upper)
        if len(found) != 1:
            errors.append((number, _("The communication must name exactly one lot of the building.")))
            continue
        rows.append(BankRow(number, paid_on, amount, communication[:140], found[0]))
    if not rows and not errors:
        errors.append((1, _("The file has no payment.")))
    return rows, errors
