from django.http import HttpRequest
from django.utils import timezone

from . import selectors


def building_panel(request: HttpRequest) -> dict | None:
    """The person's buildings with what they owe there; hidden for whom has
    none. One query: the buildings come with their arrears."""
    buildings = selectors.buildings_with_arrears(request.user, timezone.localdate())
    if not buildings:
        return None
    owned = selectors.coowned_building_ids(request.user)
    managed = selectors.managed_ids(request.user)
    rows = [
        {"building": building, "account": {"arrears_cents": building.arrears_cents} if building.pk in owned else None,
         "manages": building.pk in managed}
        for building in buildings
    ]
    return {"rows": rows}
