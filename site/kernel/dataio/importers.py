"""Importing a trust's spreadsheets (issue 23): one registry every feature adds
its importers to, and the machinery they share.

A file (CSV or .xlsx, read by tablib/openpyxl) is first *checked*: each cell
is read by a django-import-export widget (dates, Excel dates, numbers,
yes/no), then by the importer's own rules; the report lists the rows to
create, to update, left unchanged, and each refused row with its line, its
column and a translated reason. Nothing is written until staff confirm; the
write checks the file again and runs in one transaction, all or nothing.
Rows are matched on the importer's natural key (named in its template), so
the same file imported twice changes nothing.

The base names no feature: an app calls ``register_importer`` when it loads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import widgets
from socle_site.kernel import municipalities

FORMATS = ("csv", "xlsx")
MAX_ROWS = 50_000


class Refused(ValueError):
    """A cell or a row the importer refuses, with the reason staff read."""


# --- Reading one cell ----------------------------------------------------------


class DayWidget(widgets.DateWidget):
    """A day from a CSV text (2024-03-01, 01/03/2024, 01.03.2024) or an
    Excel cell (a date, or the day's serial number when the cell was not
    formatted as a date)."""

    def __init__(self):
        super().__init__(format=None)
        self.formats = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value < 200_000:
            return date(1899, 12, 30) + timedelta(days=int(value))  # Excel's day zero
        if isinstance(value, str) and value.strip().replace(".0", "").isdigit() and len(value.strip()) <= 6:
            return date(1899, 12, 30) + timedelta(days=int(float(value)))
        if isinstance(value, datetime):
            return value.date()
        try:
            return super().clean(value.strip() if isinstance(value, str) else value, row, **kwargs)
        except ValueError as error:
            raise Refused(_("This is not a date (write it as 2024-03-31 or 31/03/2024).")) from error


class TimeOfDayWidget(widgets.Widget):
    """A time of day: "18:30", "18h30", "18.30" in a CSV; a time, or the day's
    fraction Excel keeps when the cell was not formatted as a time."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.time().replace(second=0, microsecond=0)
        if isinstance(value, time):
            return value.replace(second=0, microsecond=0)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
            minutes = round(value * 24 * 60)
            return time(minutes // 60, minutes % 60)
        text = str(value).strip().lower().replace("h", ":").replace(".", ":")
        parts = text.split(":")
        try:
            hours, minutes = int(parts[0]), int(parts[1] or 0) if len(parts) > 1 else 0
            return time(hours, minutes)
        except (ValueError, IndexError) as error:
            raise Refused(_("This is not a time of day (write it as 18:30).")) from error


class AmountWidget(widgets.DecimalWidget):
    """An amount in euros: "1234.56", "1 234,56", "€ 1.234,56"."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return Decimal(str(value))
        text = str(value).replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation as error:
            raise Refused(_("This is not an amount: only digits, and a comma or a point for the cents.")) from error


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation as error:
            raise Refused(_("This is not a whole number.")) from error
        if number != number.to_integral_value():
            raise Refused(_("This is not a whole number."))
        return int(number)


class YesNoWidget(widgets.BooleanWidget):
    TRUE = {"1", "true", "yes", "oui", "ja", "x", "y", "o", "j"}
    FALSE = {"", "0", "false", "no", "non", "nee", "n"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise Refused(_("Write yes or no."))


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


class ListWidget(TextWidget):
    """Several values in one cell, separated by semicolons."""

    def clean(self, value, row=None, **kwargs):
        return [part.strip() for part in super().clean(value, row, **kwargs).split(";") if part.strip()]


def known_municipality(name: str) -> str:
    """The municipality's French name, its canonical form, whatever language
    the file wrote it in (any Belgian municipality: ``kernel.municipalities``);
    an unknown one is refused."""
    try:
        return municipalities.known_municipality(name).name_fr
    except municipalities.AddressRefused as refusal:
        raise Refused(refusal.message) from None


def known_postcode(value) -> str:
    """A Belgian postcode ("B-1000", an Excel number 1000.0 → "1000"); an unknown one is refused."""
    code = municipalities.normalised_postcode(value)
    if code and not municipalities.by_postcode(code):
        raise Refused(_("Unknown Belgian postcode: “%(postcode)s”.") % {"postcode": code})
    return code


def check_address(values: dict, *, postcode: str = "postal_code", municipality: str = "municipality",
                  country: str | None = None) -> None:
    """For an importer's ``check_row``: the row's postcode must serve its
    municipality (a Belgian address; a row whose ``country`` column names
    another country is not checked). Refused on the postcode's column."""
    if country and not municipalities.is_belgium(values.get(country) or ""):
        return
    if not values.get(municipality):
        return
    try:
        municipalities.check_address(values.get(postcode) or "", values[municipality])
    except municipalities.AddressRefused as refusal:
        raise RowRefusal(postcode if refusal.field == "postal_code" else municipality, refusal.message) from None


def one_of(value: str, choices, unknown: str) -> str:
    """A choice's code, written as the code or as its label in French, Dutch
    or English; anything else is refused with ``unknown`` (a translated text
    with ``%(value)s``)."""
    wanted = value.strip().casefold()
    for code, label in choices:
        names = {str(code).casefold()}
        for language in ("fr", "nl", "en"):
            with translation.override(language):
                names.add(str(label).casefold())
        if wanted in names:
            return code
    raise Refused(unknown % {"value": value})


def an_email(value: str) -> str:
    """An e-mail address as the accounts keep it (lower case), or a refusal:
    every importer that names a member by e-mail reads it here."""
    value = value.strip().lower()
    try:
        validate_email(value)
    except ValidationError as error:
        raise Refused(_("This is not an e-mail address.")) from error
    return value


def past_day(day: date | None) -> date | None:
    if day is not None and day > timezone.localdate():
        raise Refused(_("This date is in the future."))
    return day


# --- An importer -----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # stable, English, the template's last header line
    label: Any  # lazy, the header staff read in their language
    widget: widgets.Widget
    required: bool = False
    help: Any = ""
    check: Callable[[Any], Any] | None = None  # further reading, may raise Refused


@dataclass
class Importer:
    """What a feature registers. ``existing`` reads the rows already stored
    for the file's keys in one query ({key: comparable values}); ``check_row``
    may raise Refused(column, reason) through ``RowRefusal``; ``write``
    creates and updates the rows inside the import's transaction."""

    key: str
    label: Any
    columns: Sequence[Column]
    natural_key: tuple[str, ...]
    perm: str
    existing: Callable[[list[tuple]], dict[tuple, dict]]
    write: Callable[..., None]
    example: Callable[[], list[dict]]
    check_row: Callable[[dict], None] = lambda values: None
    check_file: Callable[[list[dict]], list[tuple[int, str, str]]] = lambda rows: []
    order: int = 100
    compared: tuple[str, ...] = field(default=())  # columns an update compares (default: all)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


class RowRefusal(Exception):
    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column, self.reason = column, reason


_REGISTRY: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    _REGISTRY[importer.key] = importer


def importers() -> list[Importer]:
    return sorted(_REGISTRY.values(), key=lambda i: (i.order, i.key))


def importer(key: str) -> Importer | None:
    return _REGISTRY.get(key)


# --- Templates -------------------------------------------------------------------


def template_dataset(imp: Importer, language: str) -> tablib.Dataset:
    """The headers in the language asked, then example rows. The natural key
    is named in the first line's headers with "(key)"."""
    with translation.override(language):
        key_mark = _("(key)")
        headers = [
            f"{c.label}{' *' if c.required else ''}{' ' + key_mark if c.key in imp.natural_key else ''}"
            for c in imp.columns
        ]
        data = tablib.Dataset(headers=[str(h) for h in headers])
        for row in imp.example():
            data.append([_cell(row.get(c.key, "")) for c in imp.columns])
    return data


def _cell(value):
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def template_file(imp: Importer, language: str, fmt: str) -> bytes:
    data = template_dataset(imp, language)
    if fmt == "xlsx":
        return data.export("xlsx")
    return data.export("csv").encode("utf-8-sig")  # the BOM: Excel then reads the accents


# --- Reading a file --------------------------------------------------------------


def _header_names(imp: Importer) -> dict[str, str]:
    """Every way a header may be written (the key, the label in each
    language, with or without the template's marks) → the column key."""
    names = {}
    for column in imp.columns:
        names[column.key.casefold()] = column.key
        for language in ("fr", "nl", "en"):
            with translation.override(language):
                names[str(column.label).casefold()] = column.key
    return names


def _normalise_header(text: str) -> str:
    text = str(text or "").strip()
    for mark in ("(key)", "(clé)", "(sleutel)"):
        text = text.replace(mark, "")
    return text.replace("*", "").strip().casefold()


def read_rows(content: bytes, filename: str) -> list[list]:
    """The file's lines as lists of cells, the header first. CSV: UTF-8 (with
    or without BOM) or Windows-1252, comma or semicolon (Excel in Belgium
    writes semicolons)."""
    if filename.lower().endswith(".xlsx"):
        try:
            data = tablib.Dataset().load(io.BytesIO(content), format="xlsx", headers=False)
        except Exception as error:  # noqa: BLE001 - any unreadable workbook is refused the same way
            raise Refused(_("This file is not a readable Excel workbook (.xlsx).")) from error
        return [list(row) for row in data]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    data = tablib.Dataset().load(text, format="csv", headers=False, delimiter=delimiter)
    return [list(row) for row in data]


@dataclass
class Report:
    create: list[dict] = field(default_factory=list)
    update: list[dict] = field(default_factory=list)
    unchanged: int = 0
    refused: list[dict] = field(default_factory=list)  # {line, column, reason}

    def as_json(self) -> dict:
        return {
            "create": len(self.create), "update": len(self.update), "unchanged": self.unchanged,
            "refused": self.refused,
        }


def check(imp: Importer, content: bytes, filename: str) -> Report:
    """The dry run: reads every row, reports, writes nothing."""
    report = Report()
    lines = read_rows(content, filename)
    while lines and not any(_present(c) for c in lines[0]):
        lines.pop(0)
    if not lines:
        report.refused.append({"line": 1, "column": "", "reason": _("The file is empty.")})
        return report
    names = _header_names(imp)
    header = [names.get(_normalise_header(h)) for h in lines[0]]
    missing = [c for c in imp.columns if c.required and c.key not in header]
    if missing:
        for column in missing:
            report.refused.append({"line": 1, "column": str(column.label), "reason": _("This column is missing.")})
        return report
    if len(lines) > MAX_ROWS:
        report.refused.append({"line": MAX_ROWS, "column": "", "reason": _("The file is too long: split it.")})
        return report
    rows: list[tuple[int, dict]] = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(_present(c) for c in cells):
            continue  # empty lines are skipped
        values, ok = {}, True
        for key, cell in zip(header, cells, strict=False):
            if key is None:
                continue
            column = imp.column(key)
            try:
                value = column.widget.clean(cell)
                if column.required and value in (None, "", []):
                    raise Refused(_("This column must be filled in."))
                if column.check is not None and value not in (None, "", []):
                    value = column.check(value)
            except (Refused, ValueError) as error:
                report.refused.append({"line": number, "column": str(column.label), "reason": _reason(error)})
                ok = False
                continue
            values[key] = value
        for column in imp.columns:
            if column.key not in header or column.key not in values:
                values.setdefault(column.key, None)
                if column.required and ok and column.key in header:
                    ok = False
        if not ok:
            continue
        try:
            imp.check_row(values)
        except RowRefusal as refusal:
            report.refused.append({"line": number, "column": str(imp.column(refusal.column).label), "reason": refusal.reason})
            continue
        rows.append((number, values))
    # The natural key once per file.
    seen: dict[tuple, int] = {}
    kept = []
    for number, values in rows:
        key = tuple(values[k] for k in imp.natural_key)
        if key in seen:
            report.refused.append({
                "line": number, "column": str(imp.column(imp.natural_key[0]).label),
                "reason": _("Same key as line %(line)s.") % {"line": seen[key]},
            })
            continue
        seen[key] = number
        kept.append((number, values))
    refused_lines = set()
    # check_file may also complete a row from the file's other rows (a household's
    # address written on its first line only): what it leaves in a row is what is compared and written.
    checked = [dict(values, _line=number) for number, values in kept]
    for number, column, reason in imp.check_file(checked):
        report.refused.append({"line": number, "column": str(imp.column(column).label), "reason": reason})
        refused_lines.add(number)
    kept = [
        (number, {k: v for k, v in row.items() if k != "_line"})
        for (number, _values), row in zip(kept, checked, strict=True) if number not in refused_lines
    ]
    stored = imp.existing([tuple(values[k] for k in imp.natural_key) for _n, values in kept])
    compared = imp.compared or tuple(c.key for c in imp.columns)
    for number, values in kept:
        current = stored.get(tuple(values[k] for k in imp.natural_key))
        if current is None:
            report.create.append(dict(values, _line=number))
        elif any(_differs(current.get(k), values.get(k)) for k in compared if k in current):
            report.update.append(dict(values, _line=number))
        else:
            report.unchanged += 1
    report.refused.sort(key=lambda r: (r["line"], r["column"]))
    return report


def _present(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _reason(error: Exception) -> str:
    return str(error) if isinstance(error, Refused) else _("This value cannot be read.")


def _differs(stored, given) -> bool:
    if isinstance(stored, Decimal) or isinstance(given, Decimal):
        return Decimal(str(stored or 0)) != Decimal(str(given or 0))
    if isinstance(stored, (list, tuple)) or isinstance(given, (list, tuple)):
        return list(stored or []) != list(given or [])
    return (stored if stored is not None else "") != (given if given is not None else "")


def apply(imp: Importer, content: bytes, filename: str, *, acting_user) -> Report:
    """The write, once staff confirmed: the file is checked again (the data
    may have moved since the dry run) and written in one transaction; one
    refused row and nothing is written."""
    with transaction.atomic():
        report = check(imp, content, filename)
        if report.refused:
            return report
        if report.create or report.update:
            imp.write(create=report.create, update=report.update, acting_user=acting_user)
    return report


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    """Rows written as a CSV file (tests and examples)."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")
