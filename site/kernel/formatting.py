"""Dates, times and money as the reader reads them: the one formatting path.

Every moment shown or sent is turned into Brussels time first, then written
with Babel's standard patterns of the reader's language: French and Dutch as
written in Belgium (fr_BE, nl_BE) and English as written in Belgium (en_BE:
"6 November 2026, 18:30", day before month and a 24-hour clock, never the
ambiguous 11/06/2026). The language is the active translation's, so a
notification rendered under ``translation.override(recipient.language)``
reads in its recipient's language.

Lengths are Babel's ("short", "medium", "long", "full": "full" names the
weekday, "lundi 7 décembre 2026") plus two the pages need and Babel has no
name for: "weekday" (the full date without its year, "lundi 7 décembre", for
calendar headings) and "month" ("décembre 2026"). Money is kept either in
integer cents (``format_money``) or as a Decimal of euros (``format_euros``);
both are written with the locale's currency pattern (fr_BE "194 000,00 €",
nl_BE "€ 194.000,00", en_BE "194.000,00 €").

``moment()``, ``day()``, ``money()`` and ``euros()`` return lazy values: their text is
made when they are turned into a string, so ``notify(params={"when":
moment(dt)})`` formats once per recipient, in that recipient's language.
Templates use the filters of ``socle_site.templatetags.socle_format``.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    format_date,
    format_datetime,
    format_skeleton,
    get_date_format,
    get_datetime_format,
    get_time_format,
)
from babel.numbers import format_currency, format_decimal, format_percent
from django.utils import timezone, translation

BRUSSELS = ZoneInfo("Europe/Brussels")
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_BE"}


def _locale(language: str | None = None) -> Locale:
    code = (language or translation.get_language() or "fr").split("-")[0]
    return Locale.parse(LOCALES.get(code, "fr_BE"))


BABEL_LENGTHS = ("short", "medium", "long", "full")
# The year and what separates it from the rest, at either end of a pattern.
_YEAR = re.compile(r"[\s,.]*\by+\b[\s,.]*$|^\s*y+[\s,.]*")


def _date_pattern(locale: Locale, length: str) -> str:
    if length == "weekday":
        # The locale's full date (weekday, day, month, year) without its year.
        return _YEAR.sub("", get_date_format("full", locale).pattern)
    if length not in BABEL_LENGTHS:
        raise ValueError(f"Unknown date length {length!r}")
    return get_date_format(length, locale).pattern


def _moment_pattern(locale: Locale, length: str) -> str:
    # The locale's own way of joining a date and a time ("{1}, {0}"), with
    # the date at ``length`` and the time without seconds.
    joined = get_datetime_format("full" if length == "weekday" else length, locale)
    return joined.replace("{1}", _date_pattern(locale, length)).replace("{0}", get_time_format("short", locale).pattern)


def format_moment(value: datetime, *, language: str | None = None, length: str = "long") -> str:
    """A date and time in Brussels, e.g. "6 novembre 2026, 18:30"."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, BRUSSELS)
    locale = _locale(language)
    return format_datetime(value, _moment_pattern(locale, length), tzinfo=BRUSSELS, locale=locale)


def format_day(value: date | datetime, *, language: str | None = None, length: str = "long") -> str:
    """A date, e.g. "6 november 2026"; a datetime is read in Brussels first.
    ``length="month"`` gives the month and year ("november 2026")."""
    if isinstance(value, datetime):
        value = timezone.localtime(value, BRUSSELS).date() if timezone.is_aware(value) else value.date()
    locale = _locale(language)
    if length == "month":
        return format_skeleton("yMMMM", value, locale=locale)
    return format_date(value, _date_pattern(locale, length), locale=locale)


def format_time(value: datetime | time, *, language: str | None = None) -> str:
    """A time of day in Brussels, e.g. "18:30" (a bare ``time`` is a Brussels time already)."""
    from babel.dates import format_time as babel_time

    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, BRUSSELS)
    return babel_time(value, "short", locale=_locale(language))


def format_money(cents: int, *, language: str | None = None, currency: str = "EUR") -> str:
    """An amount kept in integer cents, e.g. "1 234,56 €" or "€ 1.234,56"."""
    return format_currency(Decimal(cents) / 100, currency, locale=_locale(language))


def format_euros(amount: Decimal | int | str, *, language: str | None = None) -> str:
    """An amount kept as a Decimal of euros (prices, rents, incomes), e.g. "194 000,00 €"."""
    return format_currency(Decimal(amount), "EUR", locale=_locale(language))


def format_number(value: int | float | Decimal, *, language: str | None = None) -> str:
    """A count or a quantity, with the locale's grouping: "1 234" (fr_BE), "1.234" (nl_BE)."""
    return format_decimal(value, locale=_locale(language))


def format_share(part: int | float | Decimal, whole: int | float | Decimal, *, language: str | None = None) -> str:
    """``part`` of ``whole`` as a whole percentage, "42 %" (fr_BE) or "42%"; 0 % of nothing."""
    ratio = (Decimal(part) / Decimal(whole)) if whole else Decimal(0)
    return format_percent(ratio, locale=_locale(language))


class _Lazy:
    """Formatted when turned into text, in the language active then."""

    __slots__ = ("value", "formatter", "options")

    def __init__(self, value, formatter, **options):
        self.value, self.formatter, self.options = value, formatter, options

    def __str__(self) -> str:
        return self.formatter(self.value, **self.options)

    def __repr__(self) -> str:
        return f"<{self.formatter.__name__} {self.value!r}>"


def moment(value: datetime, *, length: str = "long") -> _Lazy:
    return _Lazy(value, format_moment, length=length)


def day(value: date | datetime, *, length: str = "long") -> _Lazy:
    return _Lazy(value, format_day, length=length)


def money(cents: int) -> _Lazy:
    return _Lazy(cents, format_money)


def euros(amount: Decimal | int | str) -> _Lazy:
    return _Lazy(amount, format_euros)
