"""One line per request and per task, with a request id; no query string,
token or e-mail address in it."""

import json
import logging

import pytest
from django_q.tasks import async_task
from socle_site.ops import request_log
from socle_site.ops.request_log import JsonFormatter, TextFormatter

pytestmark = pytest.mark.django_db


def lines(caplog, logger="socle.requests"):
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == logger]


def test_the_proxys_request_id_is_kept_and_returned(client, caplog):
    caplog.set_level(logging.INFO, logger="socle.requests")
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="proxy-id.42")
    assert response["X-Request-ID"] == "proxy-id.42"
    [line] = lines(caplog)
    assert line["request_id"] == "proxy-id.42"
    assert (line["method"], line["view"], line["status"], line["member"]) == ("GET", "robots_txt", 200, None)
    assert isinstance(line["duration_ms"], float)


@pytest.mark.parametrize("header", [None, "two words", "x" * 65, "<script>"])
def test_without_a_usable_header_an_id_is_made(client, caplog, header):
    caplog.set_level(logging.INFO, logger="socle.requests")
    extra = {"HTTP_X_REQUEST_ID": header} if header else {}
    response = client.get("/robots.txt", **extra)
    made = response["X-Request-ID"]
    assert len(made) == 32 and made != header
    assert lines(caplog)[0]["request_id"] == made


def test_no_query_string_token_or_address_reaches_the_log(client, user, caplog):
    caplog.set_level(logging.INFO)
    client.force_login(user)
    secrets = ["Mg-cafe12-a9f3e8d7c6b5a4", "reset-key-7d41c0", "RCPT-9Q7Z-44XX", user.email, "tok3n-in-query"]
    client.get(f"/fr/accounts/password/reset/key/{secrets[0]}/?token={secrets[4]}&email={user.email}")
    client.get(f"/fr/accounts/confirm-email/{secrets[1]}/")
    client.post("/fr/my/", {"receipt": secrets[2], "email": user.email})
    client.get(f"/fr/my/?q={secrets[4]}")
    text = TextFormatter()
    written = [JsonFormatter().format(r) for r in caplog.records] + [text.format(r) for r in caplog.records]
    request_lines = lines(caplog)
    assert len(request_lines) == 4
    assert {line["member"] for line in request_lines} == {user.pk}
    for secret in secrets:
        assert not [w for w in written if secret in w], secret
    assert not [w for w in written if "?" in w or "&" in w]


def test_a_task_line_carries_the_request_id_of_the_request_that_queued_it(caplog):
    caplog.set_level(logging.INFO, logger="socle.tasks")
    token = request_log.current_request_id.set("req-77")
    try:
        async_task("math.floor", 2.5)
    finally:
        request_log.current_request_id.reset(token)
    [line] = lines(caplog, "socle.tasks")
    assert (line["task"], line["success"], line["request_id"]) == ("math.floor", True, "req-77")
    assert "2.5" not in line["message"]  # never the arguments


def test_production_writes_json_and_development_text():
    from socle_site import settings as socle_settings

    assert socle_settings.LOGGING["handlers"]["console"]["formatter"] == ("json" if socle_settings.PRODUCTION else "text")
    record = logging.LogRecord("socle.requests", logging.INFO, __file__, 1, "GET %s", ("robots_txt",), None)
    record.view = "robots_txt"
    data = json.loads(JsonFormatter().format(record))
    assert data["message"] == "GET robots_txt" and data["view"] == "robots_txt" and data["request_id"] == "-"
