import importlib

from django.core.management.base import BaseCommand

from community.demo import DEMO_PASSWORD, accounts_table

# Each app that has demo data exposes demo.load(out); order matters
# (people first, then the places and things they use).
DEMO_MODULES = [
    "community.demo",
    "socle_site.demo",
    "community.governance.demo",
    "community.candidates.demo",
    "events.demo",
    "coownership.demo",
    "platform_forums.demo",
    "community.privacy.demo",
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent: safe to run twice) and print the demo accounts."

    def handle(self, *args, **options):
        self.stdout.write("Loading demo data…")
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name == module_name:
                    continue
                raise
            module.load(self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        for email, roles in accounts_table():
            self.stdout.write(f"  {email:<24} {roles}")
