"""Test databases are copies of a database migrated once, not migrated each.

Building a test database from every migration costs about 45 s of CPU, on a
loaded machine minutes (past pytest-timeout's 300 s), and with pytest-xdist
each worker would build its own. Instead the migrations are run once, by
``manage.py migrate`` in a process of its own, into a template named after a
digest of everything that decides its content; each test database is then a
copy of it, and Django's ``migrate`` after the copy finds nothing left to
apply (its post-migrate handlers still run, as on a fresh database):

- PostgreSQL: the template is the database ``socle_tpl_<digest>`` on the
  same server, and each test database is ``CREATE DATABASE … TEMPLATE`` it
  (Django's ``TEST["TEMPLATE"]``);
- SQLite: the template is the file ``var/test-templates/socle_tpl_<digest>
  .sqlite3``, copied into each worker's in-memory test database with
  SQLite's backup API (as Django's own parallel runner copies it).

The digest covers every migration file of every app (ours and third-party
ones), the source of every post-migrate handler, the languages (translated
fields), the database engine and Django's version: when any of them changes,
the name changes and a new template is built, so a stale schema is never
reused. A template gets its final name only after ``migrate`` succeeded (it
is built under another name and renamed), and builders wait for each other
(an advisory lock on PostgreSQL, a file lock on SQLite), so two workers or two
runs never build the same template twice and none copies a half-built one.

``SOCLE_TEST_DB_TEMPLATE=0`` turns this off (every test database is then
migrated from scratch, as before).
"""

import hashlib
import inspect
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "socle_tpl_"
# pg_advisory_lock's key for "building a test template" (any 64-bit number
# of our own: the first bytes of a digest of the name).
LOCK_KEY = int.from_bytes(hashlib.sha256(b"socle test template").digest()[:8], "big", signed=True)


def enabled() -> bool:
    return os.environ.get("SOCLE_TEST_DB_TEMPLATE", "1") != "0"


def digest() -> str:
    """A digest of what decides a freshly migrated database's content."""
    import django
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader
    from django.db.models.signals import post_migrate

    sha = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        sha.update(f"{label}\0{len(data)}\0".encode())
        sha.update(data)

    add("django", django.get_version().encode())
    add("engine", settings.DATABASES["default"]["ENGINE"].encode())
    add("languages", repr(settings.LANGUAGES).encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        module = sys.modules[loader.disk_migrations[key].__module__]
        add(repr(key), Path(module.__file__).read_bytes())
    handlers = set()
    for receiver in post_migrate._live_receivers(None)[0]:
        handler = inspect.unwrap(receiver)
        try:
            handlers.add(inspect.getsourcefile(handler))
        except TypeError:
            handlers.add(repr(handler))
    for path in sorted(filter(None, handlers)):
        add(path, Path(path).read_bytes() if Path(path).is_file() else path.encode())
    return sha.hexdigest()[:20]


def _server(settings_dict: dict) -> dict:
    return {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"] or None,
        "password": settings_dict["PASSWORD"] or None,
    }


def _url(server: dict, name: str) -> str:
    credentials = quote(server["user"] or "", safe="")
    if server["password"]:
        credentials += ":" + quote(server["password"], safe="")
    return f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"


def create_migrated_database(admin, name: str, settings_dict: dict) -> None:
    """A database of a test's own (a production stack's, a backup's), already
    migrated: a copy of the template, which spares a minute of migrations;
    an empty one when templates are off (the caller's ``migrate`` then builds it)."""
    template = f' TEMPLATE "{ensure_template(settings_dict)}"' if enabled() else ""
    admin.execute(f'CREATE DATABASE "{name}"{template}')


def _exists(admin, name: str) -> bool:
    return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _migrate(database_url: str) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socle_site.settings_test",
        "DATABASE_URL": database_url,
        # No pool: nothing may stay connected to the template.
        "SOCLE_DB_POOL": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )


def ensure_template(settings_dict: dict) -> str:
    """The name of the migrated template for today's migrations, built if missing."""
    import psycopg

    name = PREFIX + digest()
    server = _server(settings_dict)
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        if _exists(admin, name):
            _mark_used(admin, name)
            return name
        admin.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            if _exists(admin, name):  # built by another worker or run meanwhile
                return name
            build = f"{name}_build"
            admin.execute(f'DROP DATABASE IF EXISTS "{build}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{build}"')
            _migrate(_url(server, build))
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [build]
            )
            admin.execute(f'ALTER DATABASE "{build}" RENAME TO "{name}"')
            _mark_used(admin, name)
            _drop_stale_templates(admin)
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
    return name


# Several checkouts (worktrees, CI clones) of different migrations share one
# server, so a template is dropped only when no run has used it for this long.
STALE_AFTER_DAYS = 2


def _mark_used(admin, name: str) -> None:
    import time

    admin.execute(f"COMMENT ON DATABASE \"{name}\" IS 'socle test template, last used {int(time.time())}'")


def _drop_stale_templates(admin) -> None:
    import time

    import psycopg

    rows = admin.execute(
        "SELECT d.datname, shobj_description(d.oid, 'pg_database') FROM pg_database d WHERE d.datname LIKE %s",
        [PREFIX.replace("_", r"\_") + "%"],
    ).fetchall()
    for name, comment in rows:
        if name.endswith("_build"):
            continue
        try:
            last_used = int((comment or "").rsplit(" ", 1)[-1])
        except ValueError:
            # Built before templates were marked: its clock starts now.
            _mark_used(admin, name)
            continue
        if time.time() - last_used > STALE_AFTER_DAYS * 86400:
            try:
                # Without FORCE: a template being copied right now stays.
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            except psycopg.errors.ObjectInUse:
                pass


def ensure_sqlite_template() -> Path:
    """The migrated SQLite file for today's migrations, built if missing."""
    import fcntl

    directory = ROOT / "var" / "test-templates"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{PREFIX}{digest()}.sqlite3"
    if path.exists():
        return path
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():  # built by another worker or run meanwhile
            return path
        build = path.with_name(f"{path.stem}.build-{os.getpid()}.sqlite3")
        try:
            _migrate(f"sqlite:///{build}")
            # One self-contained file (the settings put it in WAL mode).
            with sqlite3.connect(build) as connection:
                connection.execute("PRAGMA journal_mode=DELETE")
            connection.close()
            os.replace(build, path)
            # Older migrations' templates are of no more use to this checkout
            # (a run still copying one keeps reading it: it is only unlinked).
            for stale in directory.glob(f"{PREFIX}*.sqlite3"):
                if stale != path and ".build-" not in stale.name:
                    stale.unlink(missing_ok=True)
        finally:
            for leftover in build.parent.glob(f"{build.name}*"):
                leftover.unlink()
    return path


def ensure() -> None:
    """Build the template for today's migrations if it is missing."""
    from django.conf import settings

    settings_dict = settings.DATABASES["default"]
    if settings_dict["ENGINE"].endswith("postgresql"):
        ensure_template(settings_dict)
    elif settings_dict["ENGINE"].endswith("sqlite3"):
        ensure_sqlite_template()


def use_template() -> None:
    """Make the test database a copy of the migrated template."""
    from django.conf import settings
    from django.db import connection

    settings_dict = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        settings_dict.setdefault("TEST", {})["TEMPLATE"] = ensure_template(settings_dict)
    elif connection.vendor == "sqlite":
        template = ensure_sqlite_template()
        creation = connection.creation
        create_empty = creation._create_test_db

        def create_from_template(verbosity, autoclobber, keepdb=False):
            name = create_empty(verbosity, autoclobber, keepdb)
            if keepdb and not creation.is_in_memory_db(name) and os.path.exists(name):
                return name
            # Django migrates the database next, on this connection: open it on
            # the test database now and fill it from the template first.
            connection.close()
            connection.settings_dict["NAME"] = name
            connection.ensure_connection()
            with sqlite3.connect(template) as source:
                source.backup(connection.connection)
            source.close()
            return name

        creation._create_test_db = create_from_template
