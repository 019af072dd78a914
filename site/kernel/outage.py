"""What a visitor sees while a part of the service is down.

``server_error`` is the project's ``handler500``: an error that means the
database cannot be reached (PostgreSQL stopped or restarting, its pool
exhausted) becomes the "back in a moment" page, status 503 with
``Retry-After``, instead of a 500. Nothing is kept from the failed attempt,
so when PostgreSQL answers again the next request works, with no restart
(connections are health-checked, or taken from psycopg's pool, which
replaces broken ones). Anonymous visitors of the public pages mostly never
get here: the page cache serves them without a query.

``unavailable`` renders that page without touching the database: no
context processor runs (they ask who the visitor is), only the template.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER = 30


def unavailable(request, message: str | None = None, retry_after: int = RETRY_AFTER) -> HttpResponse:
    """The translated "back in a moment" page, 503 with ``Retry-After``."""
    content = loader.render_to_string(
        "503.html", {"message": message, "LANGUAGE_CODE": translation.get_language() or "fr"}
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(retry_after)
    # Never kept by a cache or a proxy: the outage ends.
    response["Cache-Control"] = "no-store"
    return response


def is_database_down(error: BaseException | None) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))


class NotAnOutage(logging.Filter):
    """Keeps a database outage's errors out of the administrators' mailbox.

    Each request during an outage ends in the 503 page, logged as an error;
    Django's ``mail_admins`` handler would send one e-mail per request, and
    building it reads ``request.user`` in every frame, each read waiting for
    the database pool again: a member then waited about 50 s for the 503
    page (tests/deploy/test_several_hosts.py). The console log keeps the lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and is_database_down(record.exc_info[1]))


@requires_csrf_token
def server_error(request, template_name: str = "500.html") -> HttpResponse:
    if is_database_down(sys.exc_info()[1]):
        return unavailable(request)
    content = loader.render_to_string(template_name, {"LANGUAGE_CODE": translation.get_language() or "fr"})
    return HttpResponseServerError(content)
