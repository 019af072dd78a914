"""The exporter registry and the one table writer (CSV and .xlsx).

Each app registers, when it loads, what its staff may take away as a table
(``register_exporter``): the columns, the selector that reads the rows, the
named perm of the page the export comes from, and whether the rows hold
personal data (then the export is written to the access log) or public figures
(then the rows come through the small-group suppression). The base's export
view (``community.exports``) serves every exporter the same way; this module
names no feature (STYLE 18).

Why tablib directly, and not django-import-export's resources: an export here is
a selector's rows with computed columns (arrears, priority flags, suppressed
counts) behind an object-level perm, not a model's table behind the admin's
model perms; import-export's ``Resource`` is built around a model and its
admin action around ``ModelAdmin`` permissions. tablib is the writer
import-export itself uses (same pinned version, with openpyxl for .xlsx), so
the imports and the exports share their file formats.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import tablib
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
# A spreadsheet runs a cell that starts with one of these as a formula (CSV
# injection, OWASP): a member's text could otherwise call out or compute.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    value: Callable[[Any], Any]
    # Offered but not ticked unless staff choose it.
    default: bool = True


@dataclass(frozen=True)
class Exporter:
    """What one page's staff may export.

    ``rows(user, target, params)`` is the feature's selector; ``target(pk)``
    loads the object an export is about (a building, a meeting, a platform),
    or is None for a list that is about nothing in particular; ``perm`` is
    the named perm of the page, asked with the target. ``subjects(rows)``
    gives the people an export with personal data is about, for the access
    log; ``public_figures`` marks counts that went through the suppression.
    """

    name: str
    title: str | Promise
    perm: str
    columns: Sequence[Column]
    rows: Callable[[Any, Any, dict], Iterable[Any]]
    target: Callable[[int], Any] | None = None
    personal_data: bool = False
    subjects: Callable[[list], Iterable[Any]] | None = None
    public_figures: bool = False
    # Ask for a period (from, to): bookings of a period.
    period: bool = False
    description: str | Promise = ""
    # The reason on the 403 page: the page's own (one reason per perm).
    refusal: str | Promise = ""

    def default_columns(self) -> list[str]:
        return [c.key for c in self.columns if c.default]

    def chosen(self, keys: Iterable[str] | None) -> list[Column]:
        """The columns asked for, in the exporter's order; unknown keys are
        ignored, and none asked means the default ones."""
        wanted = set(keys or ()) or set(self.default_columns())
        return [c for c in self.columns if c.key in wanted]


_exporters: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter) -> Exporter:
    """Called from an app's ``ready()``; registering the same name again
    replaces it (a reloaded app)."""
    _exporters[exporter.name] = exporter
    return exporter


def get_exporter(name: str) -> Exporter | None:
    return _exporters.get(name)


def all_exporters() -> list[Exporter]:
    return sorted(_exporters.values(), key=lambda e: e.name)


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: dates and amounts stay typed (.xlsx
    keeps them as dates and numbers), text is made safe from formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        # .xlsx has no time zones: the local time the page shows.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (datetime.date, int, float, decimal.Decimal)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def table(columns: Sequence[Column], rows: Iterable[Any], *, title: str = "") -> tablib.Dataset:
    data = tablib.Dataset(headers=[str(c.label) for c in columns], title=(title or "export")[:31])
    for row in rows:
        data.append([cell(c.value(row)) for c in columns])
    return data


def render(data: tablib.Dataset, fmt: str) -> bytes:
    """The file's bytes: CSV in UTF-8 with a byte-order mark (so a
    spreadsheet opened by double click reads accents), or .xlsx."""
    if fmt == "csv":
        return ("\ufeff" + data.export("csv")).encode("utf-8")
    if fmt == "xlsx":
        return data.export("xlsx")
    raise ValueError(fmt)


def filename(title: str, extension: str, on: datetime.date) -> str:
    return f"{slugify(title) or 'export'}-{on.isoformat()}.{extension}"


# --- Open data ---------------------------------------------------------------
@dataclass(frozen=True)
class OpenDataset:
    """Public figures anyone may download (the public site's open data page),
    as CSV and JSON under the licence of the settings. ``rows()`` takes no
    user: what it returns is public, and figures about people come through
    the small-group suppression before they get here."""

    name: str
    title: str | Promise
    description: str | Promise
    columns: Sequence[Column]
    rows: Callable[[], Iterable[Any]]
    order: int = 100


_datasets: dict[str, OpenDataset] = {}


def register_open_dataset(dataset: OpenDataset) -> OpenDataset:
    _datasets[dataset.name] = dataset
    return dataset


def get_open_dataset(name: str) -> OpenDataset | None:
    return _datasets.get(name)


def open_datasets() -> list[OpenDataset]:
    return sorted(_datasets.values(), key=lambda d: (d.order, d.name))


def json_value(value: Any) -> Any:
    """A cell as JSON: dates in ISO 8601, amounts as strings (exact)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def as_records(columns: Sequence[Column], rows: Iterable[Any]) -> list[dict]:
    return [{c.key: json_value(c.value(row)) for c in columns} for row in rows]
