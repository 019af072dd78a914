"""Matching a statement's credits to who owes them, with no database.

A credit carrying a payer's structured communication is matched: the
reference is exact (mod 97). Any other credit is left unmatched, possibly
with *proposals* (a known payer whose name or IBAN is the counterparty's and
who owes exactly that amount): a proposal is never applied by itself, a
person confirms it. Debits are never matched here. Each movement lands in
exactly one of ``matched`` and ``unmatched``, so no cent is created or lost."""

import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .statements.movement import Movement


@dataclass(frozen=True)
class Payer:
    key: Hashable
    references: frozenset[str] = frozenset()  # 12 digits each
    names: frozenset[str] = frozenset()
    ibans: frozenset[str] = frozenset()
    open_amounts: frozenset[int] = frozenset()  # cents the payer could be paying: a call, the arrears


@dataclass(frozen=True)
class Match:
    movement: Movement
    payer: Hashable


@dataclass(frozen=True)
class Unmatched:
    movement: Movement
    proposals: tuple[Hashable, ...] = ()


@dataclass
class MatchResult:
    matched: list[Match] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)

    @property
    def matched_cents(self) -> int:
        return sum(m.movement.amount_cents for m in self.matched)

    @property
    def unmatched_cents(self) -> int:
        return sum(u.movement.amount_cents for u in self.unmatched)


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return " ".join(sorted(text.replace(",", " ").replace(".", " ").replace("-", " ").split()))


def match_credits(movements: Iterable[Movement], payers: Sequence[Payer]) -> MatchResult:
    by_reference = {ref: payer.key for payer in payers for ref in payer.references}
    result = MatchResult()
    for movement in movements:
        payer = by_reference.get(movement.structured_reference) if movement.structured_reference else None
        # A reversal (a returned payment) is never taken for a payment: a person looks at it.
        if movement.is_credit and not movement.is_reversal and payer is not None:
            result.matched.append(Match(movement, payer))
            continue
        proposals: tuple = ()
        if movement.is_credit and not movement.is_reversal:
            name = _plain(movement.counterparty_name)
            proposals = tuple(
                p.key for p in payers
                if movement.amount_cents in p.open_amounts
                and ((movement.counterparty_iban and movement.counterparty_iban in p.ibans)
                     or (name and name in {_plain(n) for n in p.names}))
            )
        result.unmatched.append(Unmatched(movement, proposals))
    return result


@dataclass(frozen=True)
class OpenItem:
    key: Hashable
    due_on: date
    open_cents: int


def allocate_oldest_first(amount_cents: int, items: Iterable[OpenItem]) -> tuple[list[tuple[Hashable, int]], int]:
    """A payment clears the oldest open item first (by due date, then key as
    given). Returns what goes to each item and what is left over (paid in
    advance); the parts and the rest add up to the payment."""
    left = amount_cents
    parts = []
    for item in sorted(items, key=lambda i: i.due_on):
        if left <= 0:
            break
        part = min(left, item.open_cents)
        if part > 0:
            parts.append((item.key, part))
            left -= part
    return parts, left


@dataclass(frozen=True)
class Payee:
    """Someone money is paid to (a supplier's recorded expense): the debit of
    exactly ``amount_cents`` to this name or IBAN may be theirs."""

    key: Hashable
    amount_cents: int
    names: frozenset[str] = frozenset()
    ibans: frozenset[str] = frozenset()


def propose_payees(movements: Iterable[Movement], payees: Sequence[Payee]) -> list[Unmatched]:
    """Each debit with the payees it may have paid: the exact amount, and the
    counterparty's IBAN or name. Proposals only: a person confirms one. Credits
    are not debits and are skipped; every debit is returned once."""
    by_amount: dict[int, list[Payee]] = {}
    for payee in payees:
        by_amount.setdefault(payee.amount_cents, []).append(payee)
    result = []
    for movement in movements:
        if movement.is_credit:
            continue
        name = _plain(movement.counterparty_name)
        result.append(Unmatched(movement, tuple(
            p.key for p in by_amount.get(-movement.amount_cents, ())
            if (movement.counterparty_iban and movement.counterparty_iban in p.ibans)
            or (name and name in {_plain(n) for n in p.names})
        )))
    return result
