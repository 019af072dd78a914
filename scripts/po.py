#!/usr/bin/env python
"""Help keep the French and Dutch catalogues complete.

    .venv/bin/python scripts/po.py todo [APP_DIR]     # untranslated or fuzzy entries, as JSON
    .venv/bin/python scripts/po.py fill FILE.json     # {"msgid": {"fr": "...", "nl": "..."}, ...}

For plurals, give a list: {"%(n)s vote": {"fr": ["%(n)s vote", "%(n)s votes"], ...}}.
Entries are matched by msgid (and msgctxt when the key is "context\\x04msgid"); only untranslated
or fuzzy entries are filled, existing translations are never overwritten.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("fr", "nl")


def catalogues(under: Path = ROOT):
    for lang in LANGS:
        for path in sorted(under.rglob(f"locale/{lang}/LC_MESSAGES/django.po")):
            if ".venv" in path.parts or "var" in path.parts:
                continue
            yield lang, path


def key_of(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}\x04{msgid}" if message.context else msgid


def todo(under: Path) -> None:
    missing: dict[str, dict] = {}
    for lang, path in catalogues(under):
        with path.open("rb") as f:
            catalog = read_po(f)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                entry = missing.setdefault(key_of(message), {})
                entry[lang] = [""] * len(strings) if isinstance(message.string, tuple) else ""
    json.dump(missing, sys.stdout, ensure_ascii=False, indent=1)
    print(f"\n{len(missing)} entries to translate", file=sys.stderr)


def fill(source: Path) -> None:
    translations = json.loads(source.read_text())
    for lang, path in catalogues():
        with path.open("rb") as f:
            catalog = read_po(f)
        changed = 0
        for message in catalog:
            if not message.id:
                continue
            wanted = translations.get(key_of(message), {}).get(lang)
            current = message.string if isinstance(message.string, tuple) else (message.string,)
            already_done = all(current) and not message.fuzzy
            # Never overwrite a translation someone already made (in any catalogue):
            # the same English words can mean different things in different apps.
            if wanted and not already_done:
                message.string = tuple(wanted) if isinstance(message.id, tuple) else wanted
                message.flags.discard("fuzzy")
                changed += 1
        if changed:
            with path.open("wb") as f:
                write_po(f, catalog, width=100, omit_header=False)
            print(f"{path.relative_to(ROOT)}: {changed} entries", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "todo":
        todo(Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else ROOT)
    elif len(sys.argv) == 3 and sys.argv[1] == "fill":
        fill(Path(sys.argv[2]))
    else:
        sys.exit(__doc__)
