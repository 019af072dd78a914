"""The owner's file of a home (issue 25): one page per home, where each
feature shows what it knows about it (the register its deed and resale
formula, the co-ownership its lot, stewardship its yearly checks) and adds
its dated events to the home's timeline. The base names no feature: each
registers its part when its app loads, as My space's panels do."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class FilePanel:
    key: str
    title: str | Promise
    template: str
    order: int = 100
    # A wide panel (a table) takes the page's width, after the others.
    wide: bool = False
    # The panel's context for this home, or None to leave it out.
    get_context: Callable[[HttpRequest, Any], dict[str, Any] | None] = field(default=lambda request, dwelling: {})


@dataclass(frozen=True)
class Event:
    """A dated line of the home's timeline."""

    on: date
    text: str | Promise
    detail: str | Promise = ""


_panels: dict[str, FilePanel] = {}
_timelines: dict[str, Callable[[Any], list[Event]]] = {}
# The two facts features ask each other about a home, through the base: the
# formula price on a date (the register knows the deed) and the improvement
# works that count in it (stewardship knows the approved works).
_formula_price: list[Callable[[Any, date], int | None]] = []
_improvements: list[Callable[[Any], int]] = []
# The land leases the deeds carry (the register knows them) and the published
# index values they may follow, which stewardship turns into fees to pay.
_leases: list[Callable[[Iterable[int] | None], list["Lease"]]] = []
_index_values: list[Callable[[str], list[tuple[date, Decimal]]]] = []


@dataclass(frozen=True)
class Lease:
    """A home's current land lease, as its owner's deed writes it: the fee
    (in cents, per month or per year) the owner household pays the trust from
    ``starts_on`` until ``ends_on``, moved by an index if the deed says so."""

    dwelling_id: int
    household_id: int
    starts_on: date
    ends_on: date
    fee_cents: int
    period: str  # "monthly" or "yearly"
    indexed: bool = False


def register_file_panel(panel: FilePanel) -> None:
    _panels[panel.key] = panel


def register_timeline(key: str, events: Callable[[Any], list[Event]]) -> None:
    """``events(dwelling)`` gives the feature's dated events for the home, in one query."""
    _timelines[key] = events


def panels_for(request: HttpRequest, dwelling) -> list[tuple[FilePanel, dict[str, Any]]]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.get_context(request, dwelling)
        if context is not None:
            shown.append((panel, context))
    return shown


def timeline(dwelling) -> list[Event]:
    """Every feature's events for the home, the latest first."""
    events = [event for source in _timelines.values() for event in source(dwelling)]
    return sorted(events, key=lambda event: event.on, reverse=True)


def register_formula_price(price: Callable[[Any, date], int | None]) -> None:
    """``price(dwelling, on)``: the resale price the home's deed gives on that
    day, in cents, or None when it cannot be estimated yet."""
    _formula_price[:] = [price]


def formula_price_cents(dwelling, on: date) -> int | None:
    return _formula_price[0](dwelling, on) if _formula_price else None


def register_improvements(counted: Callable[[Any], int]) -> None:
    """``counted(dwelling)``: the improvement works, in cents, that count in the
    home's resale price (approved, invoices in), for its current owner."""
    _improvements[:] = [counted]


def improvements_cents(dwelling) -> int:
    return _improvements[0](dwelling) if _improvements else 0


def register_leases(leases: Callable[[Iterable[int] | None], list[Lease]]) -> None:
    """``leases(dwelling_ids)``: the current leases of those homes (of every
    home with one when None), in one query."""
    _leases[:] = [leases]


def current_leases(dwelling_ids: Iterable[int] | None = None) -> list[Lease]:
    return _leases[0](dwelling_ids) if _leases else []


def register_index_values(values: Callable[[str], list[tuple[date, Decimal]]]) -> None:
    """``values(name)``: every published value of the index of that name, as
    (the date it is published for, value), in one query."""
    _index_values[:] = [values]


def index_values(name: str) -> list[tuple[date, Decimal]]:
    return _index_values[0](name) if _index_values else []


_owner_followers: dict[str, Callable[[Any, Any, date], None]] = {}


def register_owner_follower(key: str, follow: Callable[[Any, Any, date], None]) -> None:
    """``follow(dwelling, household, since)``: a feature that keeps its own
    record of the home's owner (the co-ownership's lot) follows a sale or a
    resale, in the transaction that records it; its refusal refuses the sale."""
    _owner_followers[key] = follow


def owner_changed(dwelling, household, since: date) -> None:
    for follow in _owner_followers.values():
        follow(dwelling, household, since)
