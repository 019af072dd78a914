from django.http import HttpRequest
from django.utils import timezone

from . import selectors


def building_panel(request: HttpRequest) -> dict | None:
    """The person's buildings with their balance; hidden for whom has none."""
    buildings = selectors.buildings_of(request.user)
    if not buildings:
        return None
    households = selectors.households_of(request.user)
    today = timezone.localdate()
    owned = selectors.coowned_building_ids(request.user)
    managed = selectors.managed_ids(request.user)
    rows = []
    for building in buildings:
        account = selectors.account(building, households, today) if building.pk in owned else None
        rows.append({"building": building, "account": account, "manages": building.pk in managed})
    return {"rows": rows}
