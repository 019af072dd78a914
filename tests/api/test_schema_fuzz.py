"""The partner API fuzzed from its own OpenAPI schema (schemathesis, in
process over WSGI): no 500 and no answer outside the schema, whatever the
parameters. Derandomised with a fixed budget, so it is fast and repeatable."""

import datetime
import json

import pytest
import schemathesis
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import set_urlconf
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from community.api import services
from tests.api.test_privacy_of_answers import populate
from tests.factories import make_staff

# Examples per operation (8 operations): about 7 s on a loaded 2-core machine.
EXAMPLES = 8


def _raw_schema() -> dict:
    # The schema /api/v1/schema/ serves (test_the_schema_is_served_as_generated),
    # built at collection: schemathesis' lazy fixture loader does not run on pytest 9.
    from drf_spectacular.generators import SchemaGenerator

    from community.api import schema as _scheme  # noqa: F401

    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


schema = schemathesis.openapi.from_dict(_raw_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def key(db, settings):
    settings.SOCLE_API_RATE = "100000/m"
    populate()
    from community.models import Organisation

    organisation = Organisation.objects.get(name="Fuzz partner")
    _token, key = services.issue_token(
        acting_user=make_staff(), organisation=organisation, label="fuzz", scopes=["figures", "platform", "rooms"],
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    # As Django's test client does: a request must not close the test's
    # connection (request_started closes "old" ones, and on PostgreSQL that is
    # the one holding the test's transaction: "Cannot open a new connection in
    # an atomic block").
    request_started.disconnect(close_old_connections)
    yield key
    request_started.connect(close_old_connections)
    # schemathesis calls the WSGI app without closing its responses, so Django's
    # request_finished never resets the API's URLconf (community.api.middleware):
    # a later test in this worker would reverse the site's names in it (test_demo did).
    set_urlconf(None)


def test_the_schema_is_served_as_generated(client):
    served = client.get("/api/v1/schema/")
    assert served.status_code == 200
    assert served.json()["paths"].keys() == _raw_schema()["paths"].keys()
    assert len(served.json()["paths"]) == 8


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_answer_follows_the_schema(case, key):
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {key}", "Accept-Language": "nl"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
    # call_and_validate raised on any failed check; every answer is JSON.
    assert response.headers["content-type"][0].startswith("application/json")
