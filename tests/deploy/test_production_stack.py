"""The production stack of deploy/, started for real and used through the proxy.

nginx from Debian's package with deploy/nginx/socle.conf (TLS from a CA made
here), two HTTP processes (socle-http@: WSGI), one websocket process
(socle-ws@: ASGI) and the task cluster (socle-tasks), each started with its
unit's own ExecStart (this machine runs no systemd), on a PostgreSQL database
of the test's own and the shared Redis (db 13, a prefix of the test's own).
Everything is stopped and removed at the end.
"""

import email
import email.policy
import http.client
import json
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.deploy import stack

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.timeout(900),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the production stack runs on PostgreSQL"),
    pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (dev.py test installs it)"),
]

HOST = "localhost"
REDIS_URL = "redis://127.0.0.1:6379/13"
DEMO_EMAIL, DEMO_PASSWORD = "resident@socle.test", "socle-demo-2026"
PYTHON = str(stack.ROOT / ".venv" / "bin" / "python")


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=stack.ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-4000:])
    return result.stdout


# A document in a collection restricted to members who are logged in.
PRIVATE_DOCUMENT = """
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
private = Collection.get_first_root_node().add_child(name="Members only")
CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
document = get_document_model().objects.create(title="Minutes", collection=private,
                                               file=ContentFile(b"members-only minutes", name="minutes.txt"))
print(document.url, document.file.name)
"""


@pytest.fixture
def database_url():
    """A database of the test's own beside pytest-django's, dropped at the end."""
    import psycopg

    db = settings.DATABASES["default"]
    name = f"socle_deploy_{secrets.token_hex(4)}"
    admin = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"],
             "password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    from tests import db_template

    with psycopg.connect(**admin) as connection:
        db_template.create_migrated_database(connection, name, db)  # its own `migrate` finds nothing to do
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    try:
        yield f"postgres://{db['USER']}{password}@{admin['host']}:{admin['port']}/{name}"
    finally:
        with psycopg.connect(**admin) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def production_stack(database_url):
    """The stack, ready: yields (browser, paths)."""
    tmp = Path(tempfile.mkdtemp(prefix="socle-deploy-stack-"))
    try:
        yield from _production_stack(tmp, database_url)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _production_stack(tmp: Path, database_url: str):
    from cryptography.fernet import Fernet

    tmp.chmod(0o755)
    var = tmp / "var"
    prefix = f"deploy-test-{secrets.token_hex(4)}"
    https_port, http_port = stack.free_port(), stack.free_port()
    http_ports, ws_port = [stack.free_port(), stack.free_port()], stack.free_port()
    # The administrator's environment file: deploy/socle.env.example filled in.
    values = stack.read_env_file(stack.DEPLOY / "socle.env.example") | {
        "SECRET_KEY": secrets.token_urlsafe(50), "SOCLE_FIELD_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": HOST, "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{https_port}",
        "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "SOCLE_REDIS_PREFIX": prefix,
        "SOCLE_VAR_DIR": str(var), "SOCLE_BASE_URL": f"https://{HOST}:{https_port}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(tmp / "mail"),
        "SOCLE_HTTP_WORKERS": "1", "SOCLE_REQUEST_THREADS": "4", "SOCLE_WS_WORKERS": "1", "SOCLE_Q_WORKERS": "1",
        # The demo's staff would need TOTP for /admin/; nobody here goes there.
        "SOCLE_STAFF_MFA_REQUIRED": "1",
    }
    env_file = tmp / "socle.env"
    stack.write_env_file(env_file, values)
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(tmp), **values}

    # What the README's installation does once: migrate, demo data, static files.
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_demo")
    _manage(env, "collectstatic", "--noinput", "-v0")
    document_url, document_file = _manage(env, "shell", "-c", PRIVATE_DOCUMENT).split()[-2:]
    (tmp / "mail").mkdir()

    ca, cert, key = stack.make_certificates(tmp, HOST)
    site = tmp / "socle.conf"
    site.write_text(stack.render((stack.DEPLOY / "nginx" / "socle.conf").read_text(), {
        "SERVER_NAME": HOST, "HTTP_PORT": str(http_port), "HTTPS_PORT": str(https_port),
        "TLS_CERTIFICATE": str(cert), "TLS_CERTIFICATE_KEY": str(key), "ACCESS_LOG": str(tmp / "access.log"),
        "STATIC_ROOT": str(var / "static"), "MEDIA_ROOT": str(var / "media"),
        "HTTP_SERVERS": " ".join(f"server 127.0.0.1:{port};" for port in http_ports),
        "WS_SERVERS": f"server 127.0.0.1:{ws_port};",
    }))
    (tmp / "nginx.conf").write_text(stack.nginx_main_config(tmp, site))

    logs = tmp / "logs"
    logs.mkdir()
    processes: list[stack.Process] = []
    try:
        for name, instance, port in [("socle-http@.service", str(p), p) for p in http_ports] + [
            ("socle-ws@.service", str(ws_port), ws_port), ("socle-tasks.service", "", None)
        ]:
            unit = stack.render_unit(name, env_file=env_file, var_dir=var)
            args, cwd = stack.unit_command(unit, instance, values)
            process = stack.Process(name.replace("@.service", f"-{instance}").replace(".service", ""), args,
                                    cwd=cwd, env=env, logs=logs)
            processes.append(process)
            if port:
                stack.wait_for_port(process, port)
        nginx = stack.Process("nginx", [shutil.which("nginx"), "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"],
                              cwd=tmp, env=env, logs=logs)
        processes.append(nginx)
        stack.wait_for_port(nginx, https_port)
        yield stack.Browser.over_tls(HOST, https_port, ca), {"var": var, "mail": tmp / "mail", "ca": ca, "http_port": http_port,
                                        "document": (document_url, document_file), "access_log": tmp / "access.log",
                                        "processes": processes}
        for process in processes:
            process.check_running()
    finally:
        for process in reversed(processes):
            process.stop()
        _drop_redis_keys(prefix)


def _drop_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(f"*{prefix}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def test_the_production_stack_serves_through_the_proxy(production_stack):
    from websockets.sync.client import connect

    browser, paths = production_stack

    # HTTP is sent to HTTPS.
    connection = http.client.HTTPConnection(HOST, paths["http_port"], timeout=10)
    connection.request("GET", "/fr/", headers={"Host": HOST})
    response = connection.getresponse()
    assert response.status == 301 and response.getheader("Location") == f"https://{HOST}/fr/"
    connection.close()

    # Public pages in the three languages, over TLS (the test CA trusted), HSTS from Django.
    for lang in ("fr", "nl", "en"):
        response, content = browser.get(f"/{lang}/")
        assert response.status == 200, (lang, response.status)
        assert f'<html lang="{lang}"'.encode() in content
        assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
    anonymous = stack.Browser.over_tls(HOST, browser.port, paths["ca"])

    # A static file from STATIC_ROOT, by nginx, cached for a year.
    manifest = json.loads((paths["var"] / "static" / "staticfiles.json").read_text())["paths"]
    hashed = next(name for original, name in manifest.items() if original.endswith(".css"))
    response, content = anonymous.get(f"/static/{hashed}")
    assert response.status == 200 and content == (paths["var"] / "static" / hashed).read_bytes()
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"

    # Public images are served; documents, other media and metrics never by the proxy.
    for folder in ("images", "documents", "original_images"):
        (paths["var"] / "media" / folder).mkdir(parents=True, exist_ok=True)
        (paths["var"] / "media" / folder / "probe.txt").write_text(folder)
    response, content = anonymous.get("/media/images/probe.txt")
    assert response.status == 200 and content == b"images"
    for refused in ("/media/documents/probe.txt", "/media/original_images/probe.txt", "/metrics"):
        response, content = anonymous.get(refused)
        assert response.status == 404 and b"nginx" in content, refused  # nginx's own page, not the app's

    # A private document: never from MEDIA_ROOT through the proxy, from the app only
    # to a member who is logged in (Wagtail's view checks the collection's restriction).
    document_url, document_file = paths["document"]
    assert (paths["var"] / "media" / document_file).read_bytes() == b"members-only minutes"
    response, content = anonymous.get(f"/media/{document_file}")
    assert response.status == 404 and b"nginx" in content
    response, _ = anonymous.get(document_url)
    assert response.status == 302 and "/login/?next=/documents/" in response.getheader("Location")

    # Bodies beyond the largest upload (20 MB) stop at the proxy.
    connection = http.client.HTTPSConnection(HOST, browser.port, context=browser.context, timeout=30)
    connection.putrequest("POST", "/fr/")
    connection.putheader("Content-Length", str(22 * 1024 * 1024))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()

    # A login through allauth's form (CSRF token and Origin checked over HTTPS).
    response, _ = browser.csrf_post("/fr/accounts/login/", "/fr/accounts/login/",
                                    {"login": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.status == 302, response.status
    assert "/accounts/login/" not in response.getheader("Location")
    response, content = browser.get("/fr/my/notifications/")
    assert response.status == 200 and b"/fr/accounts/logout/" in content
    response, content = browser.get(document_url)
    assert response.status == 200 and content == b"members-only minutes"

    # A websocket through the proxy to the ASGI process: the unread count, then
    # its live update after a form post served by a WSGI process (the push goes
    # from a sync worker through the Redis channel layer).
    with connect(f"wss://{HOST}:{browser.port}/ws/notifications/", ssl=browser.context, open_timeout=20,
                 additional_headers={"Origin": browser.origin,
                                     "Cookie": f"sessionid={browser.cookies['sessionid']}"}) as socket:
        assert json.loads(socket.recv(timeout=20))["unread"] > 0  # the demo's notifications
        response, _ = browser.csrf_post("/fr/my/notifications/", "/fr/my/notifications/read-all/", {})
        assert response.status == 302, response.status
        assert json.loads(socket.recv(timeout=20)) == {"unread": 0}

    # A form post without its token is refused.
    response, content = anonymous.request("POST", "/fr/accounts/password/reset/", form={"email": DEMO_EMAIL})
    assert response.status == 403 and "jeton de sécurité" in content.decode()  # the site's page says why

    # An e-mail sent by a task: the cluster picks it from Redis and the file backend writes it.
    response, _ = anonymous.csrf_post("/fr/accounts/password/reset/", "/fr/accounts/password/reset/",
                                      {"email": DEMO_EMAIL})
    assert response.status == 302, response.status
    # The demo's own notifications go out too; wait for the reset link.
    for _ in range(300):
        bodies = [message.get_body(("plain",)) for message in _sent_to(paths["mail"], DEMO_EMAIL)]
        if any(body is not None and "/fr/accounts/password/reset/key/" in body.get_content() for body in bodies):
            break
        time.sleep(0.2)
    else:
        tasks = next(p for p in paths["processes"] if p.name == "socle-tasks")
        raise AssertionError("no password reset e-mail sent:\n" + tasks.tail())

    # The proxy's access log: the app's request id, no query string, no key.
    key_path = next(re.search(r"(/fr/accounts/password/reset/key/\S+/)", body.get_content()).group(1)
                    for body in bodies if body is not None and "/password/reset/key/" in body.get_content())
    anonymous.get(key_path)
    response, _ = anonymous.get("/fr/?utm_source=newsletter-of-ana")
    assert response.status == 200
    request_id = response.getheader("X-Request-ID")
    # nginx writes the line once the response is sent: the client may read it first.
    for _ in range(100):
        lines = [json.loads(line) for line in paths["access_log"].read_text().splitlines()]
        if any(line["request_id"] == request_id for line in lines):
            break
        time.sleep(0.1)
    assert {"time", "request_id", "method", "path", "status", "seconds"} <= set(lines[-1])
    assert any(line["request_id"] == request_id and line["path"] == "/fr/" for line in lines), (request_id, lines[-3:])
    assert any(line["path"] == "/fr/accounts/password/reset/key/…" for line in lines)
    text = paths["access_log"].read_text()
    assert key_path.split("/key/")[1].strip("/") not in text and "utm_source" not in text and "127.0.0.1\"" not in text


def _sent_to(directory: Path, address: str) -> list:
    """The messages the file e-mail backend wrote (each followed by a line of dashes)."""
    messages = [email.message_from_bytes(chunk.strip(), policy=email.policy.default)
                for path in directory.iterdir() for chunk in path.read_bytes().split(b"-" * 79) if chunk.strip()]
    return [message for message in messages if message["To"] == address]
