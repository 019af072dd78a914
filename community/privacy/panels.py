from django.http import HttpRequest

from . import selectors


def my_data_panel(request: HttpRequest) -> dict:
    return {
        "requests": list(selectors.requests_of(request.user)[:3]),
        "is_officer": request.user.has_perm("privacy.handle_requests"),
    }
