from django.http import HttpRequest

from . import selectors


def candidacy_panel(request: HttpRequest) -> dict | None:
    """The household's candidacy, an invitation to apply, or the register for its staff."""
    return {
        "candidacy": selectors.candidacy_of(request.user),
        "is_register_staff": bool(selectors.operator_ids_of(request.user)),
    }
