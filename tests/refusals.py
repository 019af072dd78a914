"""What a person reads when they are refused, asserted in one place.

Every test of a refusal says what the person reads (the message, in the
page's language) and, in the test itself, that nothing changed (row counts,
``refresh_from_db``). ``tests/test_refusal_tests.py`` fails on a test that
asserts only the status code of a refused request.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

# The sentences of the error pages (templates/403.html, 404.html, 429.html,
# privacy/too_many.html), translated in the page's language by the helpers.
NOT_ALLOWED = "You are not allowed to see this page."
NOT_FOUND = "This page does not exist, or no longer exists."
TOO_MANY = "Too many attempts in a short time. Please wait a little and try again."
PAUSED = "For your security, this action is paused for a few minutes. Please wait and try again."


def page_text(response) -> str:
    """The text a person reads on the page: tags dropped, entities decoded,
    spaces collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def language_of(response) -> str:
    return response.get("Content-Language") or translation.get_language() or "en"


def translated(message: str, response) -> str:
    """``message`` in the language the page was served in."""
    with translation.override(language_of(response)):
        return translation.gettext(message)


def messages_of(response) -> list[str]:
    """The messages (messages framework) waiting for the person's next page."""
    request = getattr(response, "wsgi_request", None)
    return [str(message) for message in get_messages(request)] if request is not None else []


def assert_refused(response, message: str, *, status: int = 403) -> None:
    """Refused with ``status``, and the page (or the message shown on the
    next page) says ``message``, already translated by the caller or an
    English msgid translated here in the page's language."""
    assert response.status_code == status, (response.status_code, page_text(response)[:300])
    expected = {message, translated(message, response)}
    shown = page_text(response) if status != 302 else ""
    read = [shown, *messages_of(response)]
    assert any(text in where for text in expected for where in read), (expected, read)


def assert_not_allowed(response) -> None:
    """A refusal page (403) that gives no more specific reason: the generic one."""
    assert_refused(response, NOT_ALLOWED)


def assert_not_found(response) -> None:
    """Not found (404): the page says so in the person's language. Used for
    what must stay hidden from who may not see it."""
    assert_refused(response, NOT_FOUND, status=404)


def assert_too_many(response, message: str = TOO_MANY) -> None:
    """Rate limited (429): the page says to wait (ours, or ``PAUSED`` for allauth's limits)."""
    assert_refused(response, message, status=429)


def assert_method_not_allowed(response, allowed: str = "POST") -> None:
    """Wrong method (405): the answer names the method to use."""
    assert response.status_code == 405 and response["Allow"] == allowed, (response.status_code, response.get("Allow"))


def assert_redirected(response, to: str, *, status: int = 302) -> None:
    """Sent on to ``to`` (a path, compared without its query string)."""
    assert response.status_code == status, response.status_code
    assert urlsplit(response.url).path == urlsplit(to).path, (response.url, to)


def assert_redirected_to_login(response, next_url: str | None = None) -> None:
    """An anonymous visitor is sent to the login page, which brings them back
    to ``next_url`` once logged in."""
    assert response.status_code == 302, response.status_code
    target = urlsplit(response.url)
    assert target.path.endswith(reverse("account_login").split("/", 2)[-1]), response.url
    if next_url is not None:
        assert parse_qs(target.query).get("next") == [next_url], response.url
