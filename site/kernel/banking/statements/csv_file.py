"""A statement exported as CSV, read through a column mapping: which header
holds the date, the amount (signed, comma or point), the communication and,
if the bank gives them, the counterparty's name and IBAN. The file does not
say which account it is of."""

import csv
import io
from collections import Counter
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..errors import StatementRefusal
from ..iban import normalise_iban
from ..references import find_in
from ._text import decode_lines
from .movement import Movement, Statement, identity_of

DEFAULT_COLUMNS = {"date": "date", "amount": "amount", "communication": "communication"}
REQUIRED = ("date", "amount")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def _refuse(line: int, reason: str):
    raise StatementRefusal(_("Line %(line)d: %(reason)s") % {"line": line, "reason": reason}, line=line)


def _date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _cents(text: str) -> int:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or abs(value) >= Decimal("1e9") or value != value.quantize(Decimal("0.01")):
        raise ValueError(text)
    return int(value * 100)


def read_csv(content: bytes, *, columns: dict[str, str] | None = None) -> Statement:
    columns = {**DEFAULT_COLUMNS, **(columns or {})}
    lines = decode_lines(content, encodings=("utf-8", "cp1252"))
    if not lines:
        raise StatementRefusal(_("The file is empty."), line=1)
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    try:
        records = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise StatementRefusal(_("The file is not a readable CSV file.")) from error
    header = [cell.strip().lower() for cell in records[0]]
    position = {}
    for field, name in columns.items():
        if name and name.strip().lower() in header:
            position[field] = header.index(name.strip().lower())
    if any(field not in position for field in REQUIRED) or (
        "communication" not in position and "reference" not in position
    ):
        _refuse(1, _("the first line must name the columns %(columns)s.")
                % {"columns": ", ".join(n for f, n in columns.items() if f in (*REQUIRED, "communication"))})
    movements, seen = [], Counter()
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < len(header):
            _refuse(number, _("this line has too few columns."))
        cell = {field: record[index].strip() for field, index in position.items()}
        try:
            booked_on = _date(cell["date"])
        except ValueError:
            _refuse(number, _("the date cannot be read (use YYYY-MM-DD or DD/MM/YYYY)."))
        try:
            cents = _cents(cell["amount"])
        except ValueError:
            _refuse(number, _("the amount cannot be read."))
        if cents == 0:
            _refuse(number, _("the amount is zero."))
        iban = cell.get("iban", "")
        try:
            iban = normalise_iban(iban) if iban else ""
        except ValueError:
            pass
        free = " ".join(cell.get("communication", "").split())
        reference = find_in(cell.get("reference", "")) or find_in(free) or ""
        key = (booked_on, cents, free, cell.get("name", ""), iban, reference)
        # Two identical lines are two payments: the n-th of them keeps its rank.
        seen[key] += 1
        movements.append(Movement(
            identity=identity_of("csv", *key, seen[key]),
            account_iban="",
            booked_on=booked_on,
            amount_cents=cents,
            counterparty_name=cell.get("name", ""),
            counterparty_iban=iban,
            structured_reference=reference,
            communication=free[:500],
            line=number,
        ))
    if not movements:
        raise StatementRefusal(_("The file has no movement."), line=1)
    return Statement(format="csv", account_iban="", movements=tuple(movements))
