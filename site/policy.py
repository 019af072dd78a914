"""Pure rules of the public site: values in, values out, no database."""

from decimal import Decimal


def funding_total(shares: list[int | None]) -> int:
    """The sum of a project's financing shares, in percent.

    >>> funding_total([40, 60])
    100
    """
    return sum(share or 0 for share in shares)


def openstreetmap_url(latitude: Decimal, longitude: Decimal, zoom: int = 17) -> str:
    """A link to the position on openstreetmap.org: no tiles or scripts are
    loaded from elsewhere (the CSP allows only our own origin)."""
    return f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map={zoom}/{latitude}/{longitude}"


MAX_COPIES_PER_LANGUAGE = 500


def order_is_valid(quantities: dict[str, int]) -> bool:
    """A brochure order asks for at least one copy and at most 500 per language."""
    return any(q > 0 for q in quantities.values()) and all(
        0 <= q <= MAX_COPIES_PER_LANGUAGE for q in quantities.values()
    )
