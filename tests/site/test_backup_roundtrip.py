"""A backup restores: the demo data plus a forum attachment, backed up, wiped,
restored on a database this test creates, and compared table by table and file
by file. Also the refusals a restore gives, each changing nothing.

The Socle under test runs as ``manage.py`` subprocesses pointed at a scratch
database (``CREATE DATABASE`` here, dropped at the end) and a temporary var
directory, never at pytest-django's test database or a shared one."""

import hashlib
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.utils import translation
from pyrage import x25519
from socle_site.backups import archive, services

from tests import db_template

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
                       reason="backups are for PostgreSQL"),
    pytest.mark.timeout(1200),
]

ROOT = Path(__file__).resolve().parents[2]

ADD_ATTACHMENT = """
from django.core.files.uploadedfile import SimpleUploadedFile
from community.models import User
from coownership.demo import tiny_pdf
from platform_forums.models import Forum
from platform_forums.services import start_thread

author = User.objects.get(email="platform@socle.test")
forum = next(f for f in Forum.objects.order_by("pk") if author.has_perm("platform_forums.post_in_forum", f))
start_thread(acting_user=author, forum=forum, title="Plan", body="<p>The plan.</p>",
             files=[SimpleUploadedFile("plan.pdf", tiny_pdf("plan"), content_type="application/pdf")])
print("attached")
"""

# Every encrypted field and stored file read back through the application, so
# equal digests mean they still decrypt with SOCLE_FIELD_KEY.
READ_ENCRYPTED = """
import hashlib, json
from django.apps import apps
from socle_site.kernel.crypto import EncryptedTextField
digest, values = hashlib.sha256(), 0
for model in apps.get_models():
    for field in model._meta.concrete_fields:
        if isinstance(field, EncryptedTextField):
            for value in model.objects.order_by("pk").values_list(field.name, flat=True):
                if value:
                    digest.update(value.encode()); values += 1
print(json.dumps({"digest": digest.hexdigest(), "values": values}))
"""

LOG_IN = """
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from community.demo import DEMO_PASSWORD
setup_test_environment()
client = Client()
response = client.post(reverse("account_login"), {"login": "resident@socle.test", "password": DEMO_PASSWORD})
assert response.status_code == 302, response.status_code
print(client.session.get("_auth_user_id") is not None)
"""


@pytest.fixture
def scratch_database():
    db = settings.DATABASES["default"]
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"],
              "password": db["PASSWORD"] or None}
    name = f"socle_backup_rt_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        db_template.create_migrated_database(admin, name, db)  # `migrate` below finds nothing to do
    url = f"postgres://{server['user']}{':' + server['password'] if server['password'] else ''}@{server['host']}:{server['port']}/{name}"
    try:
        yield {"name": name, "url": url, "server": server}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Machine:
    """One Socle installation: its environment and what it holds."""

    def __init__(self, database: dict, var_dir: Path, identity: x25519.Identity):
        self.database = database
        self.var_dir = var_dir
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SOCLE_", "DJANGO_", "REDIS_"))}
        self.env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "socle_site.settings",
            "DATABASE_URL": database["url"],
            "SOCLE_DB_POOL": "0",
            "SOCLE_VAR_DIR": str(var_dir),
            "SECRET_KEY": "backup-round-trip-secret",
            "SOCLE_FIELD_KEY": Fernet.generate_key().decode(),
            "SOCLE_BACKUP_RECIPIENT": str(identity.to_public()),
            "SOCLE_BACKUP_IDENTITY": str(identity),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }

    def manage(self, *args: str, check: bool = True, **env) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**self.env, **env},
                                capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
        if check and result.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def python(self, code: str) -> str:
        # The shell prints its auto-imports first: the script's answer is the last line.
        return self.manage("shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1]

    def connect(self):
        return psycopg.connect(dbname=self.database["name"], autocommit=True, **self.database["server"])

    def tables(self) -> dict[str, tuple[int, str]]:
        """Every table's row count and a digest of its rows."""
        with self.connect() as conn:
            names = [row[0] for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
            return {
                name: conn.execute(
                    f'SELECT count(*), md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) FROM "{name}" t'
                ).fetchone()
                for name in names
            }

    def files(self) -> dict[str, str]:
        found = {}
        for top in ("media", "private"):
            for path in sorted((self.var_dir / top).rglob("*")):
                if path.is_file():
                    found[str(path.relative_to(self.var_dir))] = hashlib.sha256(path.read_bytes()).hexdigest()
        return found

    def state(self) -> tuple:
        return self.tables(), self.files()

    def wipe(self) -> None:
        with self.connect() as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
        for top in ("media", "private"):
            subprocess.run(["rm", "-rf", str(self.var_dir / top)], check=True)


def refused(result: subprocess.CompletedProcess, message) -> bool:
    """Whether the command failed with this refusal, as the administrator reads
    it (commands speak the site's language, French)."""
    with translation.override("fr"):
        text = str(message)
    return result.returncode != 0 and text in result.stderr


def opening(message) -> str:
    """A refusal's longest run of words between its placeholders."""
    with translation.override("fr"):
        return max(re.split(r"%\(\w+\)s", str(message)), key=len)


def test_a_backup_restores_the_demo_and_refuses_what_it_must(scratch_database, tmp_path):
    identity = x25519.Identity.generate()
    machine = Machine(scratch_database, tmp_path / "var", identity)
    machine.manage("migrate", "--verbosity", "0")
    machine.manage("load_demo")
    assert machine.python(ADD_ATTACHMENT) == "attached"
    before = machine.state()
    encrypted_before = json.loads(machine.python(READ_ENCRYPTED))
    tables, files = before
    # What the issue asks the archive to carry: a vote, a booking, stored
    # documents (statements, invoices, ticket photos), images, a forum attachment.
    for table in ("governance_ballot", "events_booking", "coownership_storedfile", "coownership_ticketphoto",
                  "platform_forums_postattachment", "wagtailimages_image", "candidates_person"):
        assert tables[table][0] > 0, table
    assert any(name.startswith("private/") for name in files)
    assert any(name.startswith("media/original_images/") for name in files)
    assert encrypted_before["values"] > 0

    archives = tmp_path / "archives"
    result = machine.manage("backup", "--output", str(archives))
    (made,) = archives.glob("socle-backup-*.tar.age")
    assert str(made) in result.stdout
    # Encrypted: no plaintext dump signature, no file name, in the archive.
    head = made.read_bytes()[:200]
    assert head.startswith(b"age-encryption.org/v1") and b"PGDMP" not in made.read_bytes()

    # Into the same, full database: refused, nothing changed.
    result = machine.manage("restore", str(made), check=False)
    assert refused(result, services.NOT_EMPTY), result.stderr
    assert machine.state() == before

    machine.wipe()
    empty = machine.state()
    assert empty == ({}, {})

    # Files already there: refused, and they stay as they were.
    stray = machine.var_dir / "media" / "original_images" / "stray.png"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"stray")
    result = machine.manage("restore", str(made), check=False)
    assert refused(result, opening(services.FILES_PRESENT)), result.stderr
    assert machine.tables() == {} and stray.read_bytes() == b"stray"
    machine.wipe()

    # A wrong key, a damaged archive, an archive from a newer Socle: refused, nothing changed.
    wrong = str(x25519.Identity.generate())
    result = machine.manage("restore", str(made), check=False, SOCLE_BACKUP_IDENTITY=wrong)
    assert refused(result, services.WRONG_KEY), result.stderr
    damaged = tmp_path / "damaged.tar.age"
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    result = machine.manage("restore", str(damaged), check=False)
    assert refused(result, opening(services.DAMAGED)), result.stderr
    newer = tmp_path / "newer.tar.age"
    fake_dump = tmp_path / "database.dump"
    fake_dump.write_bytes(b"PGDMP")
    archive.write_archive(newer, identity.to_public(), [("database.dump", fake_dump)],
                          {"format": 1, "socle_version": "99.0", "created_at": "2030-01-01T00:00:00+00:00",
                           "migrations": {"community": ["0001_initial", "9999_from_the_future"]}})
    result = machine.manage("restore", str(newer), check=False)
    assert refused(result, opening(services.NEWER)) and "community.9999_from_the_future" in result.stderr, result.stderr
    assert machine.state() == empty
    assert not list((tmp_path / "var").glob(".socle-restore-*")), "the staging directory is removed"

    machine.manage("restore", str(made))
    assert machine.state() == before
    assert json.loads(machine.python(READ_ENCRYPTED)) == encrypted_before

    # An archive from an older Socle (one migration behind) is restored, then migrated.
    # The step back must lose nothing, so that the rows can be compared: it is
    # over coownership 0013, which only adds a choice (stepping back over a
    # model's deletion would make Django add that model's content type again,
    # over a new field would drop its values).
    machine.manage("migrate", "coownership", "0012", "--verbosity", "0")
    older_dir = tmp_path / "older"
    machine.manage("backup", "--output", str(older_dir))
    (older,) = older_dir.glob("socle-backup-*.tar.age")
    machine.wipe()
    machine.manage("restore", str(older))
    tables, files = machine.state()
    with machine.connect() as conn:
        assert conn.execute("SELECT 1 FROM django_migrations WHERE app = 'coownership' AND name LIKE '0013_%'").fetchone()
    # The same rows (only the migrations' own record was rewritten) and files.
    assert {name: rows for name, rows in tables.items() if name != "django_migrations"} == {
        name: rows for name, rows in before[0].items() if name != "django_migrations"}
    assert tables["django_migrations"][0] == before[0]["django_migrations"][0]
    assert files == before[1]

    assert machine.python(LOG_IN) == "True"
