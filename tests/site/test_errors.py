"""How a view reports what a service did: carried_out()."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from socle_site.kernel.refusals import Refusal, carried_out


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _texts(request) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(request)]


def test_a_refusal_becomes_the_persons_error_message_and_goes_no_further():
    request = _request()
    with carried_out(request, "Saved.") as outcome:
        raise Refusal("This meeting has already started.")
    assert not outcome.ok
    assert _texts(request) == [("error", "This meeting has already started.")]


def test_success_shows_its_message_and_none_is_optional():
    request = _request()
    with carried_out(request, "Saved.") as outcome:
        pass
    with carried_out(request) as quiet:
        pass
    assert outcome.ok and quiet.ok
    assert _texts(request) == [("success", "Saved.")]


def test_other_errors_are_not_swallowed():
    request = _request()
    with pytest.raises(LookupError), carried_out(request, "Saved."):
        raise LookupError("not a refusal")
    assert _texts(request) == []


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_says_what_to_do():
    from django.test import Client

    from community.models import User
    from tests.refusals import assert_refused

    response = Client(enforce_csrf_checks=True).post("/fr/accounts/signup/", {"email": "late@example.org"})
    assert_refused(response, "This form has expired or was sent without its security token. Reload the page and send it again.")
    assert "jeton de sécurité" in response.content.decode()  # the French page, as the production stack serves it
    assert not User.objects.filter(email="late@example.org").exists()
