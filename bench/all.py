"""The whole comparison of issue 18 in one session, one table.

    .venv/bin/python bench/all.py [--requests 60] [--reuse] [--only public,member,search,register]
                                  [--profile "my space"] [--register-size 10000]

Prepares a site in production mode on PostgreSQL and Redis (a database of
its own, ``--database``; the Redis db ``--redis`` under a prefix of its own;
migrate, the demo, collectstatic, a few extra public pages, five years of a resident's
bookings, notifications and meetings; the keys are kept in ``--var`` so that
``--reuse`` skips all this on the next run: the first preparation takes
several minutes on a loaded machine), then measures in this process,
through Django's test client (bench/member_cpu.py: CPU of this process and
of the connection's PostgreSQL backend, queries per request):

- ``ceiling``: a bare Django view of the home page's size under Django's
  default middleware (startproject's), and the same view under Socle's
  production middleware;
- public pages for a visitor: ``cached`` (whole-page cache hits on Redis) and
  ``uncached`` (an unknown session cookie: the page is rendered);
- the member pages of issue 18, logged in as the demo's members;
- searches: the public site's, the members' practices library, the chair's
  member search on the console, the members' search box (bench/member_search.py);
- the register's ranked list for one home, after filling the register to
  ``--register-size`` candidacies (the first run only; kept by ``--reuse``).

Prints one table: queries, CPU per request (app + database), the ratio to
the ceiling's CPU, the median wall time (noisy on a shared machine), and the
machine's load average before and after. Wall-clock throughput under real
servers is bench/topology.py's job (gunicorn + wrk, minutes per line).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))  # bench/ itself is not on the path: bench/coownership.py would hide the app

# startproject's middleware: the ceiling the issue compares with.
DJANGO_DEFAULT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SECTIONS = ("public", "member", "search", "register")
MARK = "bench-all.json"


def environment(options) -> dict:
    """Production settings with keys kept in the var dir (``--reuse`` needs
    the same field key to read what the demo encrypted)."""
    var = Path(options.var)
    var.mkdir(parents=True, exist_ok=True)
    kept = var / MARK
    if options.reuse and kept.exists():
        keys = json.loads(kept.read_text())
    else:
        from cryptography.fernet import Fernet

        keys = {"SECRET_KEY": secrets.token_urlsafe(50), "SOCLE_FIELD_KEY": Fernet.generate_key().decode(),
                "prepared": False}
    return keys, {
        "SOCLE_ENV": "production", "DEBUG": "0", "SECRET_KEY": keys["SECRET_KEY"],
        "SOCLE_FIELD_KEY": keys["SOCLE_FIELD_KEY"], "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0", "SOCLE_VAR_DIR": str(var), "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"{options.postgres}/{options.database}", "REDIS_URL": options.redis,
        "SOCLE_REDIS_PREFIX": options.prefix, "DJANGO_SETTINGS_MODULE": "socle_site.settings",
        # One persistent connection (no pool): every query of the run goes to
        # the one backend whose CPU is read, and is counted.
        "DB_CONN_MAX_AGE": "600", "SOCLE_DB_POOL": "0",
    }


def prepare(options, keys: dict, env: dict) -> None:
    import psycopg
    import redis

    print(f"preparing database {options.database} and {options.var} (several minutes) …", flush=True)
    with psycopg.connect(f"{options.postgres}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{options.database}"')
    client = redis.Redis.from_url(options.redis)
    stale = list(client.scan_iter(f"{options.prefix}*"))
    if stale:
        client.delete(*stale)
    full_env = {**os.environ, **env}
    for args in (["migrate", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=full_env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([PYTHON, "manage.py", "shell", "-c",
                    "import sys; sys.argv=['', '20']; exec(open('bench/seed_public.py').read())"],
                   cwd=ROOT, env=full_env, check=True, stdout=subprocess.DEVNULL)
    (Path(options.var) / MARK).write_text(json.dumps({**keys, "prepared": False}))


def add_history_and_register(options) -> None:
    """In this process (Django set up): the resident's five years, and the
    register filled to ``--register-size``."""
    from bench.register import fill
    from community.candidates.models import Application, IncomeCategory, Operator
    from community.governance.models import Body
    from community.models import User
    from events.models import Room
    from tests.member_history import add_history

    resident = User.objects.get(email="resident@socle.test")
    room = Room.objects.filter(bookings__booked_by=resident).order_by("pk").first() or Room.objects.order_by("pk").first()
    body = Body.objects.filter(memberships__user=resident).order_by("pk").first()
    add_history(resident, room=room, body=body)
    operator = Operator.objects.filter(staff__email="staff@socle.test").order_by("pk").first()
    categories = list(IncomeCategory.objects.order_by("rank"))
    have = Application.objects.filter(operators=operator).count()
    if options.register_size > have:
        fill(100_000, 100_000 + options.register_size - have, operator, categories)
    # As autovacuum would after such a load: without statistics the planner
    # guesses one row and the ranked list is measured on a plan production never runs.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def row(name: str, who: str, figures, ceiling_ms: float) -> str:
    ratio = figures.cpu_ms / ceiling_ms if ceiling_ms else 0
    flag = "" if figures.status == 200 else f"  (HTTP {figures.status})"
    return (f"{name:<30}{who:<14}{figures.queries:>4}{figures.app_ms:>9.2f}{figures.db_ms:>8.2f}"
            f"{figures.cpu_ms:>9.2f}{ratio:>8.1f}x{figures.wall_ms:>9.1f}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="skip the preparation if --var holds a prepared site")
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--profile", default="", help="cProfile one line by name instead, e.g. 'my space'")
    parser.add_argument("--register-size", type=int, default=10_000)
    parser.add_argument("--var", default="/tmp/socle-bench-all")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="socle_bench_all")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--prefix", default="bench-all")
    options = parser.parse_args()
    only = set(options.only.split(","))
    load_before = os.getloadavg()

    keys, env = environment(options)
    if not (options.reuse and (Path(options.var) / MARK).exists()):
        prepare(options, keys, env)
    os.environ.update(env)

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from bench.member_cpu import Figures, measure, member_pages, profile
    from bench.public_pages import PAGES

    assert not settings.DEBUG, "measure in production mode (DEBUG off)"
    if not json.loads((Path(options.var) / MARK).read_text()).get("prepared"):
        print("adding the resident's history and filling the register …", flush=True)
        add_history_and_register(options)
        (Path(options.var) / MARK).write_text(json.dumps({**keys, "prepared": True}))
    # No setup_test_environment(): its instrumented template rendering copies every context.
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]

    from community.candidates.models import Home
    from community.models import User
    from platform_forums.models import Platform

    def client_of(email: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(email=email))
        return client

    lines: list[tuple[str, str, str, dict, str]] = []  # name, who, path, extra, section
    unknown = {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=benchmark-no-such-session"}
    if "public" in only:
        for name, path in PAGES[:3]:
            lines.append((f"{name}, cached", "visitor", path, {}, "public"))
            lines.append((f"{name}, uncached", "stale visitor", path, unknown, "public"))
    if "member" in only:
        for name, email, path in member_pages():
            lines.append((name, email.split("@")[0], path, {}, "member"))
    if "search" in only:
        platform = Platform.objects.order_by("pk").first()
        lines.append(("public search", "visitor", "/fr/search/?q=logement", {}, "search"))
        lines.append(("public search, uncached", "stale visitor", "/fr/search/?q=logement", unknown, "search"))
        # The same words, never asked in this publication: the search backend's own cost.
        lines.append(("public search, first asked", "stale visitor", "/fr/search/?q=logement&page={zeros}1", unknown, "search"))
        lines.append(("members' practices search", "platform", f"/fr/platforms/{platform.slug}/practices/?q=jardin", {}, "search"))
        console = next(path for name, _e, path in member_pages() if name == "chair's console")
        lines.append(("console member search", "staff", console + "?q=mar", {}, "search"))
        # The members' search box (community.search): every kind, within what each may read.
        for who, words in (("resident", "jardin"), ("coowner", "réunion"), ("platform", "logement"), ("platform", "zzzqqq")):
            lines.append((f"member search '{words}'", who, f"/fr/my/search/?q={words}", {}, "search"))
        # The same pages with no words: the layout's and the view's own cost, the floor
        # under each search (what the search itself adds is the difference).
        lines.append(("public search, empty box", "stale visitor", "/fr/search/", unknown, "search"))
        lines.append(("member search, empty box", "platform", "/fr/my/search/", {}, "search"))
    if "register" in only:
        home = Home.objects.filter(operator__staff__email="staff@socle.test").order_by("pk").first()
        lines.append((f"register ranked list ({options.register_size})", "staff", f"/fr/register/homes/{home.pk}/", {}, "register"))

    clients: dict[str, Client] = {}

    def client_for(who: str) -> Client:
        if who not in clients:
            # A visitor with a stale session cookie has a client of their own:
            # the cookie the server clears would otherwise stay in the other's jar.
            clients[who] = Client() if who.endswith("visitor") else client_of(f"{who}@socle.test")
        return clients[who]

    if options.profile:
        name, who, path, extra, _section = next(line for line in lines if line[0] == options.profile)
        profile(client_for(who), path, options.requests, **extra)
        return

    from socle_site import page_cache

    # A new publication: nothing a previous run stored is read (each line warms its own).
    page_cache.invalidate()
    print(f"measuring {len(lines) + 2} lines, {options.requests} requests each …", flush=True)
    home_size = len(Client().get(PAGES[0][1]).content)
    os.environ["BENCH_CEILING_BYTES"] = str(home_size)
    with override_settings(ROOT_URLCONF="bench.ceiling_urls", MIDDLEWARE=DJANGO_DEFAULT_MIDDLEWARE):
        ceiling = measure(Client(), "/ceiling/", options.requests * 3)
    with override_settings(ROOT_URLCONF="bench.ceiling_urls"):
        ceiling_socle = measure(Client(), "/ceiling/", options.requests * 3)
    import redis

    server = redis.Redis.from_url(options.redis)
    redis_before = server.info("cpu")
    results: list[tuple[str, str, Figures, str]] = []
    for name, who, path, extra, section in lines:
        results.append((name, who, measure(client_for(who), path, options.requests, **extra), section))
    redis_after = server.info("cpu")
    load_after = os.getloadavg()

    base = ceiling.cpu_ms
    print(f"\nSocle bench, {options.requests} requests per line (ceiling {options.requests * 3}), in-process, "
          f"production settings, PostgreSQL + Redis; {os.cpu_count()} cores; prepared statements after "
          f"{settings.DB_PREPARE_THRESHOLD} runs (SOCLE_DB_PREPARE; 0: off)")
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}\n")
    print(f"{'line':<30}{'who':<14}{'qrs':>4}{'app ms':>9}{'db ms':>8}{'CPU ms':>9}{'ceil':>9}{'wall ms':>9}")
    print(row("ceiling (Django middleware)", "visitor", ceiling, base))
    print(row("ceiling (Socle middleware)", "visitor", ceiling_socle, base))
    section = None
    for name, who, figures, kind in results:
        if kind != section:
            print(f"-- {kind}")
            section = kind
        print(row(name, who, figures, base))
    redis_ms = sum(redis_after[k] - redis_before[k] for k in ("used_cpu_sys", "used_cpu_user")) * 1000
    served = options.requests * len(results)
    print(f"\nCPU ms = app (this process: Django, templates, Redis client) + db (the PostgreSQL backend);"
          f"\nceil = CPU ms / the ceiling's ({base:.2f} ms, a bare view of {home_size} bytes, Django's default middleware)."
          f"\nRedis server (shared with the machine's other work): {redis_ms:.0f} ms CPU for {served} requests, "
          f"{redis_ms / served:.2f} ms per request at most.")
    worst_member = max((f.cpu_ms for _n, _w, f, kind in results if kind == "member"), default=0)
    if worst_member:
        print(f"member pages: at most {max(f.queries for _n, _w, f, k in results if k == 'member')} queries, "
              f"{worst_member:.2f} ms CPU")


if __name__ == "__main__":
    main()
