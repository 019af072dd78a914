from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP = {".venv", "var", "node_modules", ".git"}


class Command(BaseCommand):
    help = (
        "Compile every .po catalogue of the project to .mo with Babel, "
        "so a fresh machine needs no gettext tools."
    )

    def handle(self, *args, **options):
        count = 0
        for po_path in sorted(Path(settings.BASE_DIR).rglob("locale/*/LC_MESSAGES/*.po")):
            if SKIP.intersection(po_path.relative_to(settings.BASE_DIR).parts):
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parts[-3])
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            count += 1
        self.stdout.write(f"Compiled {count} translation catalogues.")
