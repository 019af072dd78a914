from django.core.management.base import BaseCommand

from community.privacy.engine import run_retention


class Command(BaseCommand):
    help = "Delete or anonymise personal data past its retention (what the daily job does). --dry-run only reports."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would go, change nothing.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, dry_run=False, batch_size=500, **options):
        lines = run_retention(dry_run=dry_run, batch_size=batch_size)
        verb = "would be" if dry_run else "were"
        for line in lines:
            self.stdout.write(f"{line.label:<36} {line.count:>6} {verb} {line.action}d — {line.rule}")
        self.stdout.write(f"Total: {sum(line.count for line in lines)} rows {verb} processed.")
