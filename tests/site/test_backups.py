"""The backup archive, retention, status and alert, without PostgreSQL (the
round trip through pg_dump is tests/site/test_backup_roundtrip.py)."""

import io
import os
import tarfile
import time
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.db import connection
from django_q.models import Schedule
from pyrage import x25519
from socle_site.backups import archive, database, services

from tests import factories


@pytest.fixture
def keys():
    identity = x25519.Identity.generate()
    return identity, identity.to_public()


@pytest.fixture
def tree(tmp_path):
    """Two files to archive, one of them bigger than a chunk."""
    (tmp_path / "in" / "sub").mkdir(parents=True)
    small = tmp_path / "in" / "sub" / "é photo.png"
    small.write_bytes(b"\x89PNG small")
    big = tmp_path / "in" / "big.bin"
    big.write_bytes(os.urandom(archive.CHUNK) * 2 + b"tail")
    return [("media/sub/é photo.png", small), ("private/big.bin", big)]


def written(tmp_path, recipient, members, manifest=None):
    target = tmp_path / "out.tar.age"
    archive.write_archive(target, recipient, members, manifest or {"format": 1})
    return target


def test_archive_round_trip_checks_every_member(tmp_path, keys, tree):
    identity, recipient = keys
    target = written(tmp_path, recipient, tree, {"format": 1, "migrations": {"community": ["0001_initial"]}})
    assert target.read_bytes().startswith(b"age-encryption.org/v1")
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    plain = tmp_path / "plain.tar"
    archive.decrypt_archive(target, identity, plain)
    # An ordinary tar: `age -d archive | tar x` works for an administrator too.
    with tarfile.open(plain) as tar:
        assert tar.getnames() == ["media/sub/é photo.png", "private/big.bin", "manifest.json"]
    into = tmp_path / "unpacked"
    into.mkdir()
    manifest = archive.unpack(plain, into)
    assert manifest["migrations"] == {"community": ["0001_initial"]}
    for name, source in tree:
        assert (into / name).read_bytes() == source.read_bytes()
        assert manifest["files"][name] == {"sha256": archive.sha256_of(source), "size": source.stat().st_size}


def test_a_wrong_key_is_told_apart_from_a_damaged_archive(tmp_path, keys, tree):
    _identity, recipient = keys
    target = written(tmp_path, recipient, tree)
    with pytest.raises(archive.ArchiveError) as wrong:
        archive.decrypt_archive(target, x25519.Identity.generate(), tmp_path / "a.tar")
    assert wrong.value.reason == "key"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 1
    target.write_bytes(bytes(data))
    with pytest.raises(archive.ArchiveError) as damaged:
        archive.decrypt_archive(target, keys[0], tmp_path / "b.tar")
    assert damaged.value.reason == "corrupt"


def test_unpack_refuses_a_member_that_does_not_match_the_manifest(tmp_path, tree):
    plain = tmp_path / "plain.tar"
    plain.write_bytes(b"".join(archive.tar_stream(tree, {"format": 1})))
    with tarfile.open(plain) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    forged = tmp_path / "forged.tar"
    with tarfile.open(forged, "w") as tar:
        for member, content in members:
            if member.name == "media/sub/é photo.png":
                content = b"\x89PNG other"
                member.size = len(content)
            tar.addfile(member, io.BytesIO(content))
    into = tmp_path / "x"
    into.mkdir()
    with pytest.raises(archive.ArchiveError, match="checksum"):
        archive.unpack(forged, into)


def test_a_file_that_shrinks_during_the_backup_fails_it(tmp_path, keys, tree):
    _identity, recipient = keys
    stream = archive.tar_stream(tree, {})
    next(stream)  # the first header is written with the size it had
    tree[0][1].write_bytes(b"")
    with pytest.raises(OSError, match="changed"):
        list(stream)


def test_a_file_deleted_during_the_backup_is_left_out(tmp_path, keys, tree):
    identity, recipient = keys
    target = written(tmp_path, recipient, [*tree, ("media/gone.png", tmp_path / "gone.png")])
    archive.decrypt_archive(target, identity, tmp_path / "plain.tar")
    into = tmp_path / "unpacked"
    into.mkdir()
    assert sorted(archive.unpack(tmp_path / "plain.tar", into)["files"]) == sorted(name for name, _ in tree)


def test_migrations_from_a_newer_socle_are_named():
    known = sorted(database.known_migrations())
    applied = {}
    for app, name in known:
        applied.setdefault(app, []).append(name)
    assert database.unknown_migrations(applied) == []
    assert not database.missing_migrations(applied)
    applied["community"].append("9999_later")
    assert database.unknown_migrations(applied) == ["community.9999_later"]
    older = {app: names for app, names in applied.items() if app != "socle_site"}
    assert database.missing_migrations(older)


@pytest.mark.django_db
def test_backups_refuse_sqlite(tmp_path, monkeypatch, keys):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    monkeypatch.setenv("SOCLE_BACKUP_RECIPIENT", str(keys[1]))
    with pytest.raises(services.BackupRefusal, match="PostgreSQL"):
        services.create_backup(output_dir=tmp_path)
    with pytest.raises(services.BackupRefusal, match="PostgreSQL"):
        services.restore_backup(tmp_path / "any.tar.age")


def test_retention_keeps_the_newest_and_clears_what_a_killed_backup_left(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    out = tmp_path / "backups"
    out.mkdir()
    names = [f"socle-backup-2026120{day}T030000Z.tar.age" for day in range(1, 6)]
    for name in names:
        (out / name).write_bytes(b"x")
    (out / "notes.txt").write_text("kept")
    old_partial, new_partial = out / ".socle-backup-1.tar.age.partial", out / ".socle-backup-2.tar.age.partial"
    old_dump, new_dump = settings.VAR_DIR / ".socle-dump-1", settings.VAR_DIR / ".socle-dump-2"
    for path in (old_dump, new_dump):
        path.mkdir(parents=True)
        (path / "database.dump").write_bytes(b"PGDMP")
    old_partial.write_bytes(b"x")
    new_partial.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 86400
    for path in (old_partial, old_dump):
        os.utime(path, (two_days_ago, two_days_ago))
    gone = services.prune_archives(out, keep=2)
    assert [p.name for p in gone] == names[:3]
    # One running now keeps its files.
    assert sorted(p.name for p in out.iterdir()) == [new_partial.name, "notes.txt", *names[3:]]
    assert [p.name for p in settings.VAR_DIR.iterdir()] == [new_dump.name]


def test_an_archive_appears_only_once_complete(tmp_path, keys, tree, monkeypatch):
    _identity, recipient = keys

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive.pyrage, "encrypt_io", fail)
    with pytest.raises(OSError):
        archive.write_archive(tmp_path / "a.tar.age", recipient, tree, {})
    assert not [p for p in tmp_path.iterdir() if p.is_file()]


@pytest.fixture
def var_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_a_failed_backup_is_recorded_and_the_administrators_told(var_dir, settings, monkeypatch, keys):
    monkeypatch.setenv("SOCLE_BACKUP_RECIPIENT", str(keys[1]))
    settings.ADMINS = [("Admin", "admin@socle.test")]

    def broken(**kwargs):
        raise services.BackupRefusal("pg_dump: connection refused")

    monkeypatch.setattr(services, "create_backup", broken)
    with pytest.raises(services.BackupRefusal):
        services.run_scheduled_backup()
    status = services.backup_status()
    assert status["last_failure"]["error"] == "pg_dump: connection refused"
    assert "last_success" not in status
    (sent,) = mail.outbox
    assert sent.to == ["admin@socle.test"] and "pg_dump: connection refused" in sent.body
    # The administrator's status page (and its alerts) read the same record.
    from socle_site.ops.status import last_backup

    latest = last_backup()
    assert latest is not None and latest.ok is False and latest.detail == "pg_dump: connection refused"


@pytest.mark.django_db
def test_without_admins_the_staff_are_told(var_dir, settings, monkeypatch, keys):
    monkeypatch.setenv("SOCLE_BACKUP_RECIPIENT", str(keys[1]))
    settings.ADMINS = []
    staff = factories.UserFactory(is_staff=True, email="staff-backup@socle.test")
    factories.UserFactory(is_staff=False, email="member-backup@socle.test")
    monkeypatch.setattr(services, "create_backup", lambda **kw: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        services.run_scheduled_backup()
    (sent,) = mail.outbox
    assert sent.to == [staff.email]


@pytest.mark.django_db
def test_a_successful_backup_is_recorded_and_old_ones_pruned(var_dir, monkeypatch, keys):
    monkeypatch.setenv("SOCLE_BACKUP_RECIPIENT", str(keys[1]))
    monkeypatch.setenv("SOCLE_BACKUP_KEEP", "2")
    out = var_dir / "backups"
    out.mkdir()
    for day in (1, 2, 3):
        (out / f"socle-backup-2026110{day}T030000Z.tar.age").write_bytes(b"old")

    def fake(**kwargs):
        target = out / f"socle-backup-{kwargs['now']:%Y%m%dT%H%M%SZ}.tar.age"
        target.write_bytes(b"new")
        return services.BackupResult(path=target, size=3, seconds=0.5)

    monkeypatch.setattr(services, "create_backup", fake)
    name = services.run_scheduled_backup()
    assert sorted(p.name for p in out.iterdir()) == ["socle-backup-20261103T030000Z.tar.age", name]
    assert services.backup_status()["last_success"]["archive"] == name
    assert not mail.outbox
    from socle_site.ops.status import last_backup

    assert last_backup().ok is True and last_backup().detail == name


@pytest.mark.django_db
def test_unconfigured_backups_are_skipped_outside_production(var_dir, settings, monkeypatch):
    monkeypatch.delenv("SOCLE_BACKUP_RECIPIENT", raising=False)
    settings.PRODUCTION = False
    assert services.run_scheduled_backup().startswith("skipped")
    assert services.backup_status() == {} and not mail.outbox


@pytest.mark.django_db
def test_the_nightly_schedule_is_created_once():
    Schedule.objects.filter(name=services.BACKUP_SCHEDULE).delete()
    services.ensure_schedule(sender=None)
    services.ensure_schedule(sender=None)
    (schedule,) = Schedule.objects.filter(name=services.BACKUP_SCHEDULE)
    assert schedule.func == "socle_site.backups.services.run_scheduled_backup"
    assert schedule.schedule_type == Schedule.DAILY
    assert schedule.next_run > datetime.now(UTC)
