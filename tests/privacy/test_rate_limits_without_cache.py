"""Rate limits do not silently vanish when the cache (Redis) is down: ours
count in the database meanwhile; allauth's (logins, sign-ups, password
resets, counted in the cache) pause those posts with a translated 503,
while reading the pages and everything else stays open."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from socle_site.kernel import ratelimit
from socle_site.kernel.models import RateCount

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down():
    with mock.patch("socle_site.kernel.ratelimit.is_reachable", return_value=False), mock.patch(
        "socle_site.kernel.cache.is_reachable", return_value=False
    ):
        yield


def test_our_limits_count_in_the_database_while_the_cache_is_down(cache_down):
    assert [ratelimit.hit("scope:user:1", "3/h") for _ in range(4)] == [True, True, True, False]
    # Someone else, or another scope, has a count of their own.
    assert ratelimit.hit("scope:user:2", "3/h") and ratelimit.hit("other:user:1", "3/h")
    assert RateCount.objects.count() == 3


def test_a_limited_form_still_refuses_beyond_its_limit_while_the_cache_is_down(cache_down, client_of, user):
    client = client_of(user)
    url = reverse("privacy:request_export")
    statuses = [client.post(url).status_code for _ in range(6)]
    assert 429 not in statuses[:5] and statuses[5] == 429


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "La connexion, l’inscription"), ("nl", "Aanmelden, registreren"), ("en", "Signing in, signing up")],
)
def test_logins_and_password_resets_pause_with_a_translated_503(cache_down, client, user, language, text):
    with translation.override(language):
        login, reset = reverse("account_login"), reverse("account_reset_password")
    assert client.get(login).status_code == 200
    for url, data in [(login, {"login": user.email, "password": "wrong"}), (reset, {"email": user.email})]:
        response = client.post(url, data)
        assert response.status_code == 503 and response["Retry-After"] == "60"
        assert text in response.content.decode()
    assert mail.outbox == []


def test_logins_go_through_when_the_cache_answers(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    assert response.status_code == 200  # the form again, with its error
