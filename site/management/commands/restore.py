import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from socle_site.backups import services


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and empty file directories."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        try:
            manifest = services.restore_backup(archive)
        except services.BackupRefusal as refusal:
            raise CommandError(refusal.message) from refusal
        except subprocess.CalledProcessError as error:
            raise CommandError(_("%(tool)s failed: %(error)s") % {
                "tool": error.cmd[0], "error": (error.stderr or b"").decode(errors="replace").strip()}) from error
        self.stdout.write(_("Restored the backup of %(date)s (Socle %(version)s).") % {
            "date": manifest.get("created_at", "?"), "version": manifest.get("socle_version", "?")})
