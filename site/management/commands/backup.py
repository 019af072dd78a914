import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from socle_site.backups import services


class Command(BaseCommand):
    help = "Write one encrypted backup archive (database dump, media, private files, manifest)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None,
                            help="Directory to write the archive into (default: SOCLE_BACKUP_DIR or var/backups).")

    def handle(self, *args, output=None, **options):
        try:
            result = services.create_backup(output_dir=output)
        except services.BackupRefusal as refusal:
            raise CommandError(refusal.message) from refusal
        except subprocess.CalledProcessError as error:
            raise CommandError(_("%(tool)s failed: %(error)s") % {
                "tool": error.cmd[0], "error": (error.stderr or b"").decode(errors="replace").strip()}) from error
        self.stdout.write(_("Backup written: %(path)s (%(size)s bytes, %(seconds).1f s).") % {
            "path": result.path, "size": result.size, "seconds": result.seconds})
