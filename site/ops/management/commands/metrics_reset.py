from django.core.management.base import BaseCommand
from socle_site.kernel import metrics


class Command(BaseCommand):
    help = "Empty the metrics' multi-process directory: run once when the service starts, before its workers."

    def handle(self, *args, **options):
        metrics.reset_directory()
