"""Money is kept in whole cents (integers), everywhere: this is the one place
an amount typed or imported in euros becomes cents."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


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


def round_cents(amount) -> int:
    """A computed amount in cents (a Decimal or a fraction of cents, e.g. a fee
    moved by an index) to whole cents, half away from zero: the one place a
    computed amount is rounded, once, at the end of the computation."""
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))
