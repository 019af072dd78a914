"""The demo partner key (issue 23): derived from a fixed demo string so the
demo can print it, working like any key, and never issued in production."""

import datetime
import io

import pytest
from django.test import Client, override_settings
from django.utils import timezone, translation

from community.api import demo, policy, services
from community.api.services import ApiRefusal
from community.models import Organisation, PartnerToken
from tests.factories import HousingProjectFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    UserFactory(email="admin@socle.test", is_staff=True)
    return OrganisationFactory(name=demo.ORGANISATION)


def call(path, key):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def test_the_demo_key_is_derived_and_opens_the_api(partner):
    demo.load(io.StringIO())
    HousingProjectFactory(name="Calico", municipality="Forest", postal_code="1190")
    key = demo.demo_key()
    assert key == policy.demo_key("socle-demo-2026")[1] and key.startswith("socle_")
    (token,) = PartnerToken.objects.all()
    assert token.organisation == partner and sorted(token.scopes) == [
        "figures",
        "platform",
        "rooms",
    ]
    # Stored hashed like any key.
    assert (
        token.key_hash == policy.key_hash(key)
        and not PartnerToken.objects.filter(key_hash=key).exists()
    )
    assert key.startswith(f"socle_{token.prefix}_")
    response = call("/api/v1/projects/", key)
    assert response.status_code == 200 and [p["name"] for p in response.json()] == ["Calico"]


def test_loading_twice_keeps_one_key_and_renews_an_expired_one(partner, time_machine):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert PartnerToken.objects.count() == 1
    time_machine.move_to(timezone.now() + datetime.timedelta(days=400), tick=False)
    assert call("/api/v1/projects/", demo.demo_key()).status_code == 401
    demo.load(io.StringIO())
    assert PartnerToken.objects.count() == 1
    assert call("/api/v1/projects/", demo.demo_key()).status_code == 200


def test_the_demo_prints_the_key_its_scopes_and_a_curl_example(partner):
    demo.load(io.StringIO())
    lines = demo.describe()
    text = "\n".join(lines)
    assert lines[0].startswith("Demo partner API key (Entraide Cureghem, expires ")
    assert f"  {demo.demo_key()}" in lines
    assert "figures" in text and "platform" in text and "rooms" in text
    assert (
        f'curl -H "Authorization: Bearer {demo.demo_key()}" http://127.0.0.1:8000/api/v1/projects/'
        in text
    )


@override_settings(PRODUCTION=True)
def test_never_in_production(partner):
    with translation.override("nl"), pytest.raises(ApiRefusal) as refused:
        services.issue_demo_token(
            acting_user=None,
            organisation=partner,
            label="x",
            scopes=["figures"],
            expires_at=timezone.now() + datetime.timedelta(days=30),
            seed="anything",
        )
    assert refused.value.message == "Een demosleutel wordt nooit uitgegeven in productie."
    demo.load(io.StringIO())
    assert not PartnerToken.objects.exists() and demo.describe() == []
    assert Organisation.objects.count() == 1
