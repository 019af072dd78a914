import sys

from django.core.management.base import BaseCommand, CommandError
from socle_site.ops import bounces


class Command(BaseCommand):
    help = (
        "Record an e-mail bounce: the mail server's delivery status notification (DSN) on standard input, "
        "or --address (and --reason)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--address", help="the address that failed (instead of a DSN on standard input)")
        parser.add_argument("--reason", default="")

    def handle(self, *args, address=None, reason="", **options):
        if address:
            bounces.record_bounce(address=address, reason=reason)
            self.stdout.write("1 bounce recorded")
            return
        failures, when = bounces.parse_dsn(sys.stdin.buffer.read())
        if not failures:
            raise CommandError("no failed recipient in this message (not a delivery status notification?)")
        for failure in failures:
            bounces.record_bounce(address=failure.address, reason=failure.reason, occurred_at=when, is_permanent=failure.is_permanent)
        self.stdout.write(f"{len(failures)} bounce(s) recorded")
