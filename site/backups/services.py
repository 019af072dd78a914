"""Back up, restore, and the scheduled run with its retention and status."""

import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import mail_admins, send_mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.identity import subject as site_subject
from socle_site.kernel.refusals import Refusal

from . import archive, database

log = logging.getLogger(__name__)

ARCHIVE_PREFIX = "socle-backup-"
ARCHIVE_SUFFIX = ".tar.age"
FORMAT = 1
STAGING_PREFIX = ".socle-dump-"


class BackupRefusal(Refusal):
    pass


# The refusals a restore gives, named so that tests show the very text.
NOT_EMPTY = gettext_lazy(
    "The database is not empty: a restore only fills a fresh database, so nothing was changed. "
    "Create an empty database (or drop this one) and try again."
)
FILES_PRESENT = gettext_lazy(
    "%(path)s already holds files: a restore only fills empty directories, so nothing was changed."
)
WRONG_KEY = gettext_lazy("This archive was not encrypted for the key in SOCLE_BACKUP_IDENTITY: nothing was changed.")
DAMAGED = gettext_lazy("This archive is damaged or is not a Socle backup (%(detail)s): nothing was changed.")
NEWER = gettext_lazy(
    "This archive was made by a newer Socle (%(version)s) with migrations this code does not know "
    "(%(migrations)s): install that version or a later one, then restore. Nothing was changed."
)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    seconds: float


def file_roots() -> dict[str, Path]:
    """Where Socle keeps files, by their name in the archive: the media
    (Wagtail images and documents, room photos, statements, ticket photos) and
    the private files (forum attachments, never served by the web server)."""
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_ROOT)}


def backup_dir() -> Path:
    return Path(os.environ.get("SOCLE_BACKUP_DIR") or Path(settings.VAR_DIR) / "backups")


def keep_count() -> int:
    return max(1, int(os.environ.get("SOCLE_BACKUP_KEEP", "14")))


def _require_postgres() -> None:
    if not database.is_postgres():
        raise BackupRefusal(_(
            "Backups need PostgreSQL: this Socle runs on SQLite, which is for development only. "
            "Set DATABASE_URL to a PostgreSQL database."
        ))


def _env_key(name: str, parse, message: str):
    text = os.environ.get(name, "").strip()
    if not text:
        raise BackupRefusal(message)
    try:
        return parse(text)
    except Exception as error:  # pyrage raises its own RecipientError / IdentityError
        raise BackupRefusal(message) from error


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else []


def socle_version() -> str:
    try:
        return metadata.version("socle")
    except metadata.PackageNotFoundError:
        return "unknown"


def create_backup(*, output_dir: Path | None = None, now: datetime | None = None) -> BackupResult:
    """Write one encrypted archive into ``output_dir`` (the backup directory by
    default) and return it. The dump waits, plaintext, in a private temporary
    directory of the var directory (a tar member's size must be known before
    its bytes; the database it copies lives on this machine anyway), never in
    the backup directory that is copied off the machine, and is deleted at once."""
    _require_postgres()
    recipient = _env_key("SOCLE_BACKUP_RECIPIENT", archive.recipient_from, _(
        "SOCLE_BACKUP_RECIPIENT must hold the age public key (age1…) that backups are encrypted for."
    ))
    started = time.monotonic()
    now = now or datetime.now(UTC)
    output_dir = Path(output_dir or backup_dir())
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{ARCHIVE_PREFIX}{now:%Y%m%dT%H%M%SZ}{ARCHIVE_SUFFIX}"
    manifest = {
        "format": FORMAT,
        "socle_version": socle_version(),
        "created_at": now.isoformat(),
        "migrations": database.applied_migrations(),
    }
    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=settings.VAR_DIR) as staging:
        dump = Path(staging) / "database.dump"
        database.dump(dump)
        members = [("database.dump", dump)]
        for name, root in file_roots().items():
            members += [(f"{name}/{path.relative_to(root).as_posix()}", path) for path in _files(root)]
        archive.write_archive(target, recipient, members, manifest)
    return BackupResult(path=target, size=target.stat().st_size, seconds=time.monotonic() - started)


def restore_backup(source: Path) -> dict:
    """Bring an empty database and empty file directories back to the state of
    the archive ``source``; migrate it if this code is newer. Every refusal
    comes before the first change. Returns the archive's manifest."""
    _require_postgres()
    identity = _env_key("SOCLE_BACKUP_IDENTITY", archive.identity_from, _(
        "SOCLE_BACKUP_IDENTITY must hold the age secret key (AGE-SECRET-KEY-1…) that decrypts the backups."
    ))
    source = Path(source)
    if not source.is_file():
        raise BackupRefusal(_("There is no archive at %(path)s.") % {"path": source})
    if not database.is_empty():
        raise BackupRefusal(str(NOT_EMPTY))
    roots = file_roots()
    for root in roots.values():
        if _files(root):
            raise BackupRefusal(FILES_PRESENT % {"path": root})
    staging_parent = Path(settings.VAR_DIR)
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".socle-restore-", dir=staging_parent) as staging:
        staging = Path(staging)
        plain = staging / "archive.tar"
        try:
            archive.decrypt_archive(source, identity, plain)
            unpacked = staging / "content"
            unpacked.mkdir()
            manifest = archive.unpack(plain, unpacked)
        except archive.ArchiveError as error:
            if error.reason == "key":
                raise BackupRefusal(str(WRONG_KEY)) from error
            raise BackupRefusal(DAMAGED % {"detail": error}) from error
        plain.unlink()
        if manifest.get("format") != FORMAT or "database.dump" not in manifest.get("files", {}):
            raise BackupRefusal(_("This archive is not a Socle backup this version can read: nothing was changed."))
        unknown = database.unknown_migrations(manifest.get("migrations", {}))
        if unknown:
            raise BackupRefusal(NEWER % {"version": manifest.get("socle_version", "?"), "migrations": ", ".join(unknown[:5])})
        database.restore(unpacked / "database.dump")
        for name, root in roots.items():
            for path in _files(unpacked / name):
                target = root / path.relative_to(unpacked / name)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
    if database.missing_migrations(manifest.get("migrations", {})):
        call_command("migrate", interactive=False, verbosity=0)
    return manifest


# --- Scheduled backups ----------------------------------------------------------

def status_path() -> Path:
    return Path(settings.VAR_DIR) / "backup-status.json"


def backup_status() -> dict:
    """The last success and the last failure, for the status page:
    ``{"last_success": {...}, "last_failure": {...}}`` (either may be absent)."""
    try:
        return json.loads(status_path().read_text())
    except (FileNotFoundError, ValueError):
        return {}


def last_outcome():
    """The newest of the last success and the last failure, as the status page
    and its alerts read it (``socle_site.ops.status``), or None before any."""
    from django.utils.dateparse import parse_datetime
    from socle_site.ops.status import BackupStatus

    outcomes = []
    for key, ok, detail in (("last_success", True, "archive"), ("last_failure", False, "error")):
        entry = backup_status().get(key) or {}
        when = parse_datetime(entry.get("at") or "")
        if when is not None:
            outcomes.append(BackupStatus(finished_at=when, ok=ok, detail=str(entry.get(detail, ""))[:300]))
    return max(outcomes, key=lambda o: o.finished_at, default=None)


def _record(kind: str, entry: dict) -> None:
    status = {**backup_status(), kind: entry}
    path = status_path()
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(status, indent=2))
    temporary.replace(path)


def prune_archives(directory: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest archives (their names sort by date),
    and what a backup killed half-way left more than a day ago (a plaintext
    dump, a partial archive)."""
    archives = sorted(directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))
    gone = archives[:-keep] if keep else archives
    for path in gone:
        path.unlink()
    a_day_ago = time.time() - 86400
    leftovers = [*Path(settings.VAR_DIR).glob(f"{STAGING_PREFIX}*"), *directory.glob(f".{ARCHIVE_PREFIX}*.partial")]
    for path in leftovers:
        if path.stat().st_mtime < a_day_ago:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return gone


def _alert_administrators(error: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("The backup failed")
        body = _(
            "Socle could not write tonight's backup:\n\n%(error)s\n\nThe last backup that worked is listed on "
            "the status page. Please look into it before the next one is due."
        ) % {"error": error}
    if settings.ADMINS:
        mail_admins(subject, body)
        return
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="").exclude(email__isnull=True)
    recipients = sorted(staff.values_list("email", flat=True))
    if recipients:
        send_mail(site_subject(subject), body, None, recipients)  # named like mail_admins' alerts


def run_scheduled_backup() -> str:
    """The django-q2 task (scheduled daily, see ``ensure_schedule``): one
    backup, the old ones pruned, the outcome recorded, the administrators
    told when it fails. Outside production an unconfigured backup is skipped."""
    if not settings.PRODUCTION and not os.environ.get("SOCLE_BACKUP_RECIPIENT"):
        return "skipped: SOCLE_BACKUP_RECIPIENT is not set"
    now = datetime.now(UTC)
    try:
        result = create_backup(now=now)
        prune_archives(result.path.parent, keep_count())
    except Exception as error:
        detail = error.stderr.decode(errors="replace").strip() if getattr(error, "stderr", None) else str(error)
        log.exception("backup failed")
        _record("last_failure", {"at": now.isoformat(), "error": detail})
        _alert_administrators(detail)
        raise
    _record("last_success", {"at": now.isoformat(), "archive": result.path.name, "size": result.size,
                             "seconds": round(result.seconds, 1)})
    return result.path.name


BACKUP_SCHEDULE = "socle_site.backup"


def ensure_schedule(sender, **kwargs) -> None:
    """After each migrate: the nightly backup is scheduled once (03:00 UTC)."""
    from datetime import timedelta

    from django_q.models import Schedule

    first = datetime.now(UTC).replace(hour=3, minute=0, second=0, microsecond=0)
    Schedule.objects.get_or_create(
        name=BACKUP_SCHEDULE,
        defaults={
            "func": "socle_site.backups.services.run_scheduled_backup",
            "schedule_type": Schedule.DAILY,
            "next_run": first if first > datetime.now(UTC) else first + timedelta(days=1),
        },
    )
