from django.core.management.base import BaseCommand

from community.demo import DEMO_PASSWORD, accounts_table, registered_demos


class Command(BaseCommand):
    help = "Load the demo data (idempotent: safe to run twice) and print the demo accounts."

    def handle(self, *args, **options):
        self.stdout.write("Loading demo data…")
        # Each app registers its demo when it loads (community.demo.register_demo).
        for demo in registered_demos():
            demo.load(self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        for email, roles in accounts_table():
            self.stdout.write(f"  {email:<24} {roles}")
        # The partner API's demo key, derived so it can be printed again (never in production).
        from community.api.demo import describe

        api_lines = describe()
        if api_lines:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(api_lines[0]))
            for line in api_lines[1:]:
                self.stdout.write(line)
