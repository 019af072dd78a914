"""PostgreSQL's own tools, run on the connection Django uses.

``pg_dump --format=custom`` takes a logical, consistent snapshot (one
repeatable-read transaction): rows, not pages, so no WAL, no deleted tuple and
no free-space leftovers reach the archive. Secret ballots keep exactly the
secrecy the tables give them (nothing more is written than a SELECT returns).
"""

import os
import subprocess
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _connection_args() -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment for pg_dump / pg_restore, from the
    same settings Django connects with (DATABASE_URL). The password goes
    through the environment, never the command line."""
    db = connection.settings_dict
    options = db.get("OPTIONS", {})
    args = []
    if db.get("USER"):
        args += ["--username", db["USER"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY"), ("passfile", "PGPASSFILE")):
        if options.get(option):
            env[variable] = str(options[option])
    return args + ["--dbname", db["NAME"]], env


def dump(target: Path) -> None:
    args, env = _connection_args()
    # --no-owner / --no-privileges: the archive restores under whatever role
    # the new machine uses.
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args],
        env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL,
    )


def restore(source: Path) -> None:
    """All or nothing: one transaction, stopped at the first error."""
    args, env = _connection_args()
    subprocess.run(
        ["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", *args, str(source)],
        env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL,
    )


def is_empty() -> bool:
    """No table at all in the schemas Django sees: a fresh database."""
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def applied_migrations() -> dict[str, list[str]]:
    by_app: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        by_app.setdefault(app_label, []).append(name)
    return by_app


def known_migrations() -> set[tuple[str, str]]:
    """Every migration this code has on disk."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    """Migrations an archive had applied that this code does not know: the
    archive was made by a newer Socle."""
    known = known_migrations()
    return sorted(f"{app}.{name}" for app, names in applied.items() for name in names if (app, name) not in known)


def missing_migrations(applied: dict[str, list[str]]) -> bool:
    """Whether this code has migrations the archive had not applied yet."""
    done = {(app, name) for app, names in applied.items() for name in names}
    return bool(known_migrations() - done)
