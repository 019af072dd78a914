"""Money is kept in whole cents (integers), everywhere: this is the one place
an amount typed or imported in euros becomes cents."""

from decimal import Decimal, InvalidOperation


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
