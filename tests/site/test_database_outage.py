"""PostgreSQL down: anonymous visitors still get cached public pages; every
other request gets the translated "back in a moment" page, 503 with
Retry-After, never a 500; and the next request after it returns works."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


@contextmanager
def database_down():
    # Every query fails as psycopg's do while PostgreSQL restarts.
    error = OperationalError("server closed the connection unexpectedly")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error), mock.patch(
        "django.db.backends.utils.CursorWrapper.executemany", side_effect=error
    ):
        yield


def test_cached_public_pages_are_still_served_to_anonymous_visitors(public_site):
    client = Client(raise_request_exception=False)
    assert client.get("/fr/")["X-Page-Cache"] == "miss"
    with database_down():
        response = client.get("/fr/")
        uncached = client.get("/fr/projets/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert "Accueil" in response.content.decode()
    # A page not in the cache needs the database: back in a moment.
    assert uncached.status_code == 503


@pytest.mark.parametrize(
    ("language", "text"), [("fr", "De retour dans un instant"), ("nl", "Zo terug"), ("en", "Back in a moment")]
)
def test_members_get_a_translated_503_with_retry_after_then_everything_works_again(public_site, user, language, text):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with database_down():
        response = client.get(f"/{language}/my/")
        posted = client.post(f"/{language}/my/notifications/read-all/")
    for answer in (response, posted):
        assert answer.status_code == 503
        assert answer["Retry-After"] == "30"
        assert text in answer.content.decode()
        assert "server closed" not in answer.content.decode()
    assert client.get(f"/{language}/my/").status_code == 200


def test_other_errors_are_still_500(public_site, user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with mock.patch("community.views.render", side_effect=RuntimeError("a bug")):
        response = client.get("/fr/my/")
    assert response.status_code == 500


def test_an_outage_mails_the_administrators_nothing_and_its_page_asks_the_database_once(user, settings, mailoutbox):
    """One e-mail per request during an outage, each built by reading
    request.user (the database) in every frame, held members ~50 s for the
    503 page. The outage's errors stay in the console log only."""
    import logging

    from django.utils.log import AdminEmailHandler
    from socle_site.kernel.outage import NotAnOutage

    settings.ADMINS = [("Ops", "ops@socle.test")]
    settings.DEBUG = False
    handler = next(h for h in logging.getLogger("django").handlers if isinstance(h, AdminEmailHandler))
    assert any(isinstance(f, NotAnOutage) for f in handler.filters)

    client = Client(raise_request_exception=False)
    client.force_login(user)
    calls = []
    error = OperationalError("couldn't get a connection after 5.00 sec")

    def refuse(*args, **kwargs):
        calls.append(args)
        raise error

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=refuse):
        response = client.get("/fr/my/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert len(calls) == 1  # the session, then straight to the page
    assert mailoutbox == []

    # Any other error still reaches them.
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", None, (ValueError, ValueError("x"), None))
    assert NotAnOutage().filter(record)
