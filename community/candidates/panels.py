from django.http import HttpRequest

from . import selectors


def candidacy_panel(request: HttpRequest) -> dict | None:
    """Shown to members whose household has a candidacy, and to register staff."""
    candidacy = selectors.candidacy_of(request.user)
    is_staff = bool(selectors.operator_ids_of(request.user))
    if candidacy is None and not is_staff:
        return {"candidacy": None, "is_register_staff": False}
    return {"candidacy": candidacy, "is_register_staff": is_staff}
