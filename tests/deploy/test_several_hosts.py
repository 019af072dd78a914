"""Socle spread over several machines, and its faults, for real.

Five hosts, each a network namespace of the test's own joined by a bridge
(addresses 10.77.0.x that exist only inside them, no route out): the proxy
(nginx with deploy/nginx/socle.conf), two app hosts A and B (each a
socle-http@ and a socle-ws@ unit started from its own ExecStart, each with
its own SOCLE_VAR_DIR; the task cluster runs on B only), the data host (a
PostgreSQL cluster and a redis-server started for this test, never the
machine's shared ones) and a client. The uploaded files live in one folder
both app hosts mount at the same path (SOCLE_FILES_DIR; on real machines a
network file system, README "Several servers"): here a directory both see.
The test reaches the client host through a relay on unix sockets.

The first test shows the two app hosts share sessions, the page cache and
its purge after a publish, live updates, the task queue and the files. The
second stops and restarts PostgreSQL, then Redis and the task cluster, in the
middle of traffic, and counts what people got.
"""

import datetime
import json
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from tests.deploy import network, stack

WHY_NOT = network.available()
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.timeout(900),
    pytest.mark.xdist_group("several_hosts"),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="production runs on PostgreSQL"),
    pytest.mark.skipif(
        not shutil.which("nginx"), reason="nginx is not installed (dev.py test installs it)"
    ),
    pytest.mark.skipif(WHY_NOT is not None, reason=str(WHY_NOT)),
]

SITE = "socle.test"
HOSTS = {"client": 5, "proxy": 2, "data": 10, "a": 21, "b": 22}
HTTP_PORT, WS_PORT = 8001, 8101
PYTHON = str(stack.ROOT / ".venv" / "bin" / "python")
RESIDENT, PASSWORD = "resident@socle.test", "socle-demo-2026"


class Cluster:
    """Everything started, and the ways in: ``proxy`` (a browser over TLS through
    nginx), ``direct(host)`` (a browser talking to one app host as the proxy
    does), ``manage(host, ...)`` (a management command on an app host)."""

    def __init__(self, tmp: Path):
        self.tmp, self.processes = tmp, {}
        self.logs = tmp / "logs"
        self.logs.mkdir()
        self.shared = tmp / "shared"
        self.shared.mkdir()
        self.net = network.Network(HOSTS)
        self.data = network.DataHost(self.net, "data", tmp / "data", self.logs)
        self.envs = {host: self._env(host) for host in ("a", "b")}

    def _env(self, host: str) -> dict[str, str]:
        from cryptography.fernet import Fernet

        address = self.net.addresses[host]
        if not hasattr(self, "_secrets"):
            self._secrets = {
                "SECRET_KEY": secrets.token_urlsafe(50),
                "SOCLE_FIELD_KEY": Fernet.generate_key().decode(),
            }
        values = (
            stack.read_env_file(stack.DEPLOY / "socle.env.example")
            | self._secrets
            | {
                "ALLOWED_HOSTS": SITE,
                "CSRF_TRUSTED_ORIGINS": f"https://{SITE}",
                "DATABASE_URL": self.data.database_url,
                "REDIS_URL": self.data.redis_url,
                "SOCLE_REDIS_PREFIX": "socle",
                "SOCLE_VAR_DIR": str(self.tmp / host / "var"),
                "SOCLE_FILES_DIR": str(self.shared),
                "SOCLE_BASE_URL": f"https://{SITE}",
                "SOCLE_BIND_ADDRESS": address,
                "SOCLE_PROXY_ADDRESSES": self.net.addresses["proxy"],
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(self.tmp / host / "mail"),
                "SOCLE_HTTP_WORKERS": "1",
                "SOCLE_REQUEST_THREADS": "4",
                "SOCLE_WS_WORKERS": "1",
                "SOCLE_Q_WORKERS": "1",
                "SOCLE_STAFF_MFA_REQUIRED": "1",
            }
        )
        (self.tmp / host / "mail").mkdir(parents=True)
        stack.write_env_file(self.tmp / host / "socle.env", values)
        return {
            "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
            "LANG": "C.UTF-8",
            "HOME": str(self.tmp / host),
            **values,
        }

    def manage(self, host: str, *args: str) -> str:
        result = subprocess.run(
            [*self.net.run_in(host), PYTHON, "manage.py", *args],
            cwd=stack.ROOT,
            env=self.envs[host],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-4000:])
        return result.stdout

    def start_unit(
        self, host: str, unit: str, instance: str = "", port: int | None = None
    ) -> stack.Process:
        env = self.envs[host]
        text = stack.render_unit(
            unit, env_file=self.tmp / host / "socle.env", var_dir=Path(env["SOCLE_VAR_DIR"])
        )
        args, cwd = stack.unit_command(text, instance, env)
        name = f"{host}-" + unit.replace("@.service", f"-{instance}").replace(".service", "")
        process = stack.Process(
            name, [*self.net.run_in(host), *args], cwd=cwd, env=env, logs=self.logs
        )
        self.processes[name] = process
        if port:
            self.wait_for(process, self.net.addresses[host], port)
        return process

    def wait_for(self, process: stack.Process, address: str, port: int) -> None:
        probe = [
            "python3",
            "-c",
            f"import socket; socket.create_connection(('{address}', {port}), timeout=1).close()",
        ]
        for _ in range(300):
            process.check_running()
            if (
                subprocess.run([*self.net.run_in("client"), *probe], capture_output=True).returncode
                == 0
            ):
                return
            time.sleep(0.1)
        raise AssertionError(
            f"{process.name} does not listen on {address}:{port}:\n{process.tail()}"
        )

    def migrate(self) -> None:
        """The migrated database: a copy of the suite's migrated template
        (tests/db_template.py) when there is one, which saves a minute of
        migrations; ``migrate`` then only checks there is nothing left to do."""
        from tests import db_template

        if db_template.enabled():
            db = settings.DATABASES["default"]
            template = db_template.ensure_template(db)
            dump = subprocess.run(
                [
                    "pg_dump",
                    "-h",
                    db["HOST"] or "127.0.0.1",
                    "-p",
                    str(db["PORT"] or 5432),
                    "-U",
                    db["USER"],
                    "-Fc",
                    "-d",
                    template,
                ],
                capture_output=True,
                env={"PATH": "/usr/bin:/bin", "PGPASSWORD": db["PASSWORD"] or ""},
            )
            assert dump.returncode == 0, dump.stderr
            restore = subprocess.run(
                [
                    *self.net.run_in("data"),
                    "pg_restore",
                    "-h",
                    self.data.address,
                    "-U",
                    "postgres",
                    "-d",
                    "socle",
                    "--no-owner",
                ],
                input=dump.stdout,
                capture_output=True,
            )
            assert restore.returncode == 0, restore.stderr
        self.manage("a", "migrate", "--noinput", "-v0")

    def start(self) -> None:
        # What the README's installation does on the first app host, then the
        # second gets the same collected static files (as an rsync would).
        self.migrate()
        self.manage("a", "load_demo")
        self.manage("a", "collectstatic", "--noinput", "-v0")
        shutil.copytree(self.tmp / "a" / "var" / "static", self.tmp / "b" / "var" / "static")
        for host in ("a", "b"):
            self.start_unit(host, "socle-http@.service", str(HTTP_PORT), HTTP_PORT)
            self.start_unit(host, "socle-ws@.service", str(WS_PORT), WS_PORT)
        self.start_unit("b", "socle-tasks.service")

        ca, cert, key = stack.make_certificates(self.tmp, SITE)
        self.ca = ca
        site = self.tmp / "socle.conf"
        a, b = self.net.addresses["a"], self.net.addresses["b"]
        site.write_text(
            stack.render(
                (stack.DEPLOY / "nginx" / "socle.conf").read_text(),
                {
                    "SERVER_NAME": SITE,
                    "HTTP_PORT": "80",
                    "HTTPS_PORT": "443",
                    "ACCESS_LOG": str(self.logs / "access.log"),
                    "TLS_CERTIFICATE": str(cert),
                    "TLS_CERTIFICATE_KEY": str(key),
                    "STATIC_ROOT": str(self.tmp / "a" / "var" / "static"),
                    "MEDIA_ROOT": str(self.shared / "media"),
                    "HTTP_SERVERS": f"server {a}:{HTTP_PORT}; server {b}:{HTTP_PORT};",
                    "WS_SERVERS": f"server {a}:{WS_PORT}; server {b}:{WS_PORT};",
                },
            )
        )
        (self.tmp / "nginx.conf").write_text(stack.nginx_main_config(self.tmp, site))
        nginx = stack.Process(
            "proxy-nginx",
            [
                *self.net.run_in("proxy"),
                shutil.which("nginx"),
                "-c",
                str(self.tmp / "nginx.conf"),
                "-p",
                str(self.tmp),
                "-g",
                "daemon off;",
            ],
            cwd=self.tmp,
            env=self.envs["a"],
            logs=self.logs,
        )
        self.processes["proxy-nginx"] = nginx
        self.wait_for(nginx, self.net.addresses["proxy"], 443)
        self.relay = network.Relay(
            self.net,
            "client",
            self.tmp / "relay",
            {
                "proxy": (self.net.addresses["proxy"], 443),
                "a": (a, HTTP_PORT),
                "b": (b, HTTP_PORT),
                "a-ws": (a, WS_PORT),
                "b-ws": (b, WS_PORT),
            },
        )

    def proxy(self, cookies: dict | None = None) -> stack.Browser:
        import ssl

        return stack.Browser(
            SITE,
            443,
            context=ssl.create_default_context(cafile=str(self.ca)),
            open_socket=lambda: self.relay.connect("proxy"),
            cookies=cookies,
        )

    def direct(self, host: str, cookies: dict | None = None) -> stack.Browser:
        return stack.Browser(
            SITE,
            HTTP_PORT,
            public_port=443,
            open_socket=lambda: self.relay.connect(host),
            cookies=cookies,
        )

    def requests_served_by(self, host: str) -> int:
        log = self.processes[f"{host}-socle-http-{HTTP_PORT}"].log.read_text(errors="replace")
        return log.count('"logger": "socle.requests"')

    def mails(self, host: str) -> list:
        import email
        import email.policy

        return [
            email.message_from_bytes(chunk.strip(), policy=email.policy.default)
            for path in (self.tmp / host / "mail").iterdir()
            for chunk in path.read_bytes().split(b"-" * 79)
            if chunk.strip()
        ]

    def close(self) -> None:
        if hasattr(self, "relay"):
            self.relay.close()
        for process in reversed(list(self.processes.values())):
            process.stop()
        self.data.close()
        self.net.close()


@pytest.fixture(scope="module")
def cluster():
    tmp = Path(tempfile.mkdtemp(prefix="socle-several-hosts-"))
    tmp.chmod(0o755)
    cluster = None
    try:
        cluster = Cluster(tmp)
        cluster.start()
        yield cluster
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _log_in(browser: stack.Browser) -> None:
    response, _ = browser.csrf_post(
        "/fr/accounts/login/", "/fr/accounts/login/", {"login": RESIDENT, "password": PASSWORD}
    )
    assert response.status == 302 and "/accounts/login/" not in response.getheader("Location"), (
        response.status
    )


def test_two_app_hosts_share_sessions_cache_live_updates_tasks_and_files(cluster):
    from websockets.sync.client import connect

    # Hosts reach each other on their own network and nothing else.
    for host in HOSTS:
        routes = cluster.net.routes(host)
        assert "default" not in routes and f"{network.SUBNET}.0/24" in routes, (host, routes)

    # The proxy spreads pages over both app hosts, in the three languages.
    visitor = cluster.proxy()
    for _ in range(3):
        for lang in ("fr", "nl", "en"):
            response, content = visitor.get(f"/{lang}/")
            assert response.status == 200 and f'<html lang="{lang}"'.encode() in content
    assert cluster.requests_served_by("a") > 0 and cluster.requests_served_by("b") > 0

    # A session opened on host A is the same on host B.
    jar: dict[str, str] = {}
    on_a, on_b = cluster.direct("a", jar), cluster.direct("b", jar)
    _log_in(on_a)
    response, content = on_b.get("/fr/my/notifications/")
    assert response.status == 200 and b"/fr/accounts/logout/" in content

    # A live update: a screen on host B's websocket process hears what a form
    # posted on host A's HTTP process did (through the shared channel layer).
    sock = cluster.relay.connect("b-ws")
    with connect(
        f"ws://{SITE}/ws/notifications/",
        sock=sock,
        open_timeout=20,
        additional_headers={
            "Origin": f"https://{SITE}",
            "X-Forwarded-Proto": "https",
            "Cookie": f"sessionid={jar['sessionid']}",
        },
    ) as socket:
        assert json.loads(socket.recv(timeout=20))["unread"] > 0
        response, _ = on_a.csrf_post("/fr/my/notifications/", "/fr/my/notifications/read-all/", {})
        assert response.status == 302, response.status
        assert json.loads(socket.recv(timeout=20)) == {"unread": 0}

    # A file uploaded through host A is served by host B (SOCLE_FILES_DIR is
    # shared; neither host's own var directory holds it).
    forum = cluster.manage(
        "a",
        "shell",
        "-c",
        "from platform_forums.models import Forum; "
        "print(Forum.objects.get(housing_project__slug='molenbeek-arc-en-ciel').slug)",
    ).split()[-1]
    photo = b"%PDF-1.4\n% socle several hosts\n" + secrets.token_hex(16).encode() + b"\n%%EOF\n"
    response, _ = on_a.multipart_post(
        f"/fr/forums/{forum}/new/",
        f"/fr/forums/{forum}/new/",
        {"title": "Plan du potager", "body": "Le plan en pièce jointe."},
        {"files": ("plan.pdf", photo)},
    )
    assert response.status == 302, response.status
    response, content = on_b.get(response.getheader("Location"))
    assert response.status == 200
    attachment = re.search(rb'href="(/fr/forums/attachments/\d+/)"', content).group(1).decode()
    response, content = on_b.get(attachment)
    assert response.status == 200 and content == photo
    assert [p for p in cluster.shared.rglob("*") if p.is_file() and p.read_bytes() == photo]
    for host in ("a", "b"):
        assert not [
            p for p in (cluster.tmp / host).rglob("*") if p.is_file() and p.read_bytes() == photo
        ]

    # The page cache is shared, and a publish on host A drops it for host B.
    response, content = cluster.direct("b").get("/fr/")
    assert response.status == 200
    title = f"Socle {secrets.token_hex(3)}"
    cluster.manage(
        "a",
        "shell",
        "-c",
        "from wagtail.models import Site; "
        "page = Site.objects.get(is_default_site=True).root_page.specific; "
        f"page.title = {title!r}; page.save_revision().publish()",
    )
    response, content = cluster.direct("b").get("/fr/")
    assert response.status == 200 and title.encode() in content

    # The task queue is shared: host A queues the e-mail, host B's cluster sends it.
    response, _ = cluster.direct("a").csrf_post(
        "/fr/accounts/password/reset/", "/fr/accounts/password/reset/", {"email": RESIDENT}
    )
    assert response.status == 302, response.status
    for _ in range(300):
        if any(
            m["To"] == RESIDENT and "/password/reset/key/" in m.get_body(("plain",)).get_content()
            for m in cluster.mails("b")
        ):
            break
        time.sleep(0.2)
    else:
        raise AssertionError(
            "no reset e-mail from host B's cluster:\n" + cluster.processes["b-socle-tasks"].tail()
        )
    assert cluster.mails("a") == []


class Traffic:
    """Visitors and a member asking for pages through the proxy, in a thread,
    each answer counted by what it was and when."""

    def __init__(self, cluster: Cluster, member_cookies: dict):
        self.cluster, self.member_cookies = cluster, member_cookies
        self.answers: list[tuple[float, str, int]] = []
        self.slowest: dict[str, float] = {}
        self.started: list[float] = []  # when each answer's request was sent, by index
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        visitor, member = self.cluster.proxy(), self.cluster.proxy(dict(self.member_cookies))
        while not self.stopping.is_set():
            for kind, browser, path in (
                ("anonymous", visitor, "/fr/"),
                ("member", member, "/fr/my/"),
            ):
                started = time.monotonic()
                try:
                    response, _ = browser.get(path, timeout=60)
                    status = response.status
                except OSError:
                    status = 0
                self.started.append(started)
                self.answers.append((time.monotonic(), kind, status))
                self.slowest[kind] = max(self.slowest.get(kind, 0), time.monotonic() - started)
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(timeout=120)

    def between(self, start: float, end: float, kind: str) -> Counter:
        """The answers to requests sent after ``start`` and answered before ``end``
        (a request in flight at either edge may have met either state)."""
        return Counter(
            status
            for sent, (when, k, status) in zip(self.started, self.answers, strict=False)
            if k == kind and sent >= start and when <= end
        )

    def first_ok_after(self, start: float, kind: str) -> float | None:
        return next(
            (
                when - start
                for when, k, status in self.answers
                if k == kind and when >= start and status == 200
            ),
            None,
        )


def _wait_for_answers(traffic: Traffic, count: int, kind: str = "member") -> None:
    """Until ``count`` more answers of ``kind`` came (each kind asks in turn)."""
    seen = sum(1 for _, k, _ in traffic.answers if k == kind)
    for _ in range(3000):
        if sum(1 for _, k, _ in traffic.answers if k == kind) >= seen + count:
            return
        time.sleep(0.05)
    raise AssertionError(f"the traffic stopped: {traffic.answers[-6:]}")


BOOKING_COUNT = "from events.models import Booking; print(Booking.objects.filter(title='Répétition de la chorale').count())"
VOTE_COUNT = (
    "from community.governance.models import Participation; "
    "print(Participation.objects.filter(question__title__startswith='Adoptez-vous').count())"
)


def _vote_form(browser: stack.Browser) -> tuple[str, dict]:
    """Where the member's ballot on the demo's open online vote goes, and what
    the page's form sends (read while the site is up)."""
    _, listing = browser.get("/fr/assemblies/votes/")
    question = re.search(rb'href="(/fr/assemblies/questions/\d+/)"', listing).group(1).decode()
    _, page = browser.get(question)
    form = re.search(rb'action="(/fr/assemblies/questions/\d+/vote/)"(.*?)</form>', page, re.S)
    voter = re.search(rb'name="voter" value="(\d+)"', form.group(2)).group(1).decode()
    choice = (
        re.search(rf'name="choice_{voter}" value="(\d+)"'.encode(), form.group(2)).group(1).decode()
    )
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    return form.group(1).decode(), {
        "csrfmiddlewaretoken": token,
        "voter": voter,
        f"choice_{voter}": choice,
    }


def test_postgres_and_redis_stop_and_return_in_the_middle_of_traffic(cluster):
    member = cluster.proxy()
    _log_in(member)
    voter = cluster.proxy(member.cookies)
    vote_url, ballot = _vote_form(voter)
    # An evening in five weeks, a Wednesday, in the residents' hours of their room.
    day = datetime.date.today() + datetime.timedelta(weeks=5)
    day += datetime.timedelta(days=(2 - day.weekday()) % 7)
    booking_url = "/fr/rooms/arc-en-ciel-salle/book/"
    booking = {
        "csrfmiddlewaretoken": voter.csrf_token(booking_url),
        "title": "Répétition de la chorale",
        "date": day.isoformat(),
        "start": "21:00",
        "end": "21:45",
        "frequency": "",
        "until": "",
    }
    figures = {}
    with Traffic(cluster, member.cookies) as traffic:
        _wait_for_answers(traffic, 3)

        # PostgreSQL stops: cached public pages still answer, everything else
        # says "back in a moment" (503); it comes back with no restart.
        cluster.data.stop_postgres()
        down = time.monotonic()
        _wait_for_answers(traffic, 2)
        # A vote and a booking sent now are refused with the 503 page, not half-recorded.
        for url, form in ((vote_url, ballot), (booking_url, booking)):
            response, _ = voter.request("POST", url, form=form)
            assert response.status == 503 and response.getheader("Retry-After"), (
                url,
                response.status,
            )
        _wait_for_answers(traffic, 2)
        up = time.monotonic()
        cluster.data.start_postgres()
        for _ in range(600):
            if traffic.first_ok_after(up, "member") is not None:
                break
            time.sleep(0.05)
        during = {kind: traffic.between(down, up, kind) for kind in ("anonymous", "member")}
        assert set(during["anonymous"]) == {200}, during
        assert set(during["member"]) <= {503}, during
        figures["postgres"] = {
            "down_seconds": round(up - down, 1),
            "answers": {k: dict(v) for k, v in during.items()},
            "member_back_after_seconds": round(traffic.first_ok_after(up, "member"), 2),
        }
        # Each host's pool finds PostgreSQL again on its own (psycopg's pool
        # reconnects with a backoff). The traffic's member pages may all have
        # gone to one host while the other served cached pages only and had
        # not yet needed a connection (a CI run saw a visitor's 503 there
        # during the Redis outage below). The next part starts once both
        # hosts answer a page that reads the database; each must, in time.
        for host in ("a", "b"):
            direct = cluster.direct(host, member.cookies)
            for _ in range(600):
                try:
                    response, _ = direct.get("/fr/my/", timeout=60)
                    if response.status == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.05)
            else:
                raise AssertionError(f"host {host} did not find PostgreSQL again")

        # Redis stops too, while the task cluster works through a burst of
        # e-mails and is restarted: pages are served, no e-mail is lost or sent twice.
        burst = 120
        cluster.manage(
            "a",
            "shell",
            "-c",
            "from django_q.tasks import async_task\n"
            f"for n in range({burst}):\n"
            "    async_task('community.tasks.send_email_message', "
            "{'subject': f'burst {n}', 'body': 'x', 'to': ['burst@socle.test']})",
        )
        cluster.data.stop_redis()
        down = time.monotonic()
        tasks = cluster.processes["b-socle-tasks"]
        tasks.stop()
        sent_before_restart = sum(1 for m in cluster.mails("b") if m["To"] == "burst@socle.test")
        cluster.start_unit("b", "socle-tasks.service")
        _wait_for_answers(traffic, 2)
        # A vote and a booking while Redis is down are recorded, once (refused while PostgreSQL was down).
        for count, url, form in (
            (VOTE_COUNT, vote_url, ballot),
            (BOOKING_COUNT, booking_url, booking),
        ):
            assert cluster.manage("a", "shell", "-c", count).split()[-1] == "0"
            response, content = voter.request("POST", url, form=form)
            assert response.status == 302, (url, response.status, content[-3000:])
            assert cluster.manage("a", "shell", "-c", count).split()[-1] == "1"
        _wait_for_answers(traffic, 2)
        up = time.monotonic()
        cluster.data.start_redis()
        during_redis = {kind: traffic.between(down, up, kind) for kind in ("anonymous", "member")}
        assert set(during_redis["anonymous"]) == {200} and set(during_redis["member"]) == {200}, (
            during_redis
        )
        for _ in range(1200):
            subjects = Counter(
                m["Subject"] for m in cluster.mails("b") if m["To"] == "burst@socle.test"
            )
            if len(subjects) == burst:
                break
            time.sleep(0.1)
        assert len(subjects) == burst and max(subjects.values()) == 1, subjects
        figures["redis"] = {
            "down_seconds": round(up - down, 1),
            "answers": {k: dict(v) for k, v in during_redis.items()},
            "emails_sent_before_the_cluster_restarted": sent_before_restart,
            "emails": burst,
        }
    statuses = Counter(status for _, _, status in traffic.answers)
    figures["slowest_answer_seconds"] = {
        kind: round(seconds, 2) for kind, seconds in traffic.slowest.items()
    }
    assert 500 not in statuses and 0 not in statuses, (statuses, figures)
    # The figures, for whoever reports on a run (pytest-xdist keeps a worker's output).
    (stack.ROOT / "var").mkdir(exist_ok=True)
    (stack.ROOT / "var" / "several-hosts-faults.json").write_text(json.dumps(figures, indent=1))
