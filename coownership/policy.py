"""Pure co-ownership rules with no database: money in cents, payment references,
the quarter of a yearly budget. (The legal rules themselves are in law.py.)"""

import re

from socle_site.kernel.banking.references import make_structured
from socle_site.kernel.money import to_cents  # noqa: F401 (the kernel's one conversion, named here for the co-ownership)

from .law import allocate


def charge_shares(amount_cents: int, weights: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each lot's share of an amount by a distribution key: ``weights`` is
    (lot id, weight) pairs, the result (lot id, cents) pairs in the same order,
    adding up to the amount exactly (largest remainder, law.allocate). The one
    deciding function of charge shares: expenses and calls for funds use it.
    Co-owners share the charges by the key the statutes set (Civil Code art.
    3.86 §1); a key may weigh lots by their shares or by use (meters)."""
    parts = allocate(amount_cents, [weight for _lot, weight in weights])
    return [(lot_id, part) for (lot_id, _weight), part in zip(weights, parts, strict=True)]


def arrears(*, called_cents: int, paid_cents: int) -> int:
    """What a co-owner owes today: what was called and is due, less what they
    paid; an overpayment is a credit, never negative arrears. The dashboard,
    the co-owner's account, My space and the reminders all read it here."""
    return max(0, called_cents - paid_cents)


def quarter_of(amount_cents: int, quarter: int) -> int:
    """A yearly amount called in four quarters that add up to it exactly."""
    return allocate(amount_cents, [1, 1, 1, 1])[quarter - 1]


def reference_digits(row_number: int) -> str:
    """A co-owner's structured communication for a building's account: the base
    is 10⁹ plus the row's number (unique, never reused, room for 9·10⁹ rows)."""
    return make_structured(10**9 + row_number)


def lot_named_in(communication: str, lot_references: set[str]) -> str | None:
    """The one lot of the building a free communication names (``"charges L3"``),
    for payers who do not use their structured communication; None if it names
    none or several."""
    by_upper = {ref.upper(): ref for ref in lot_references}
    tokens = {t.upper() for t in re.split(r"[^0-9A-Za-z.\-]+", communication or "") if t}
    found = sorted(by_upper[t] for t in tokens if t in by_upper)
    return found[0] if len(found) == 1 else None
