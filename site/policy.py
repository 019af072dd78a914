"""Pure rules of the public site: values in, values out, no database."""

from decimal import Decimal


def funding_total(shares: list[int | None]) -> int:
    """The sum of a project's financing shares, in percent.

    >>> funding_total([40, 60])
    100
    """
    return sum(share or 0 for share in shares)


def registration_status(*, capacity: int, confirmed: int) -> str:
    """Whether a new registration gets a seat or joins the waiting list.

    A capacity of 0 means no limit. With capacity 100 and 99 seats taken the
    next person is confirmed; with 100 taken they wait (DOMAIN.md §8: waiting
    lists on full events).
    """
    if capacity == 0 or confirmed < capacity:
        return "confirmed"
    return "waiting"


def seats_left(*, capacity: int, confirmed: int) -> int | None:
    """Seats still free; None when the event has no limit."""
    if capacity == 0:
        return None
    return max(capacity - confirmed, 0)


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
