"""Dutch addresses the reader one way only: "u" and "uw", never "je", "jij", "jouw"."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)


def test_dutch_catalogues_use_the_formal_u():
    catalogues = [p for p in ROOT.rglob("locale/nl/LC_MESSAGES/django.po") if ".venv" not in p.parts and "var" not in p.parts]
    assert len(catalogues) >= 5
    informal = []
    for path in catalogues:
        with path.open("rb") as f:
            for message in read_po(f):
                strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
                for text in strings:
                    if text and INFORMAL.search(text):
                        informal.append(f"{path.relative_to(ROOT)}: {text}")
    assert informal == []
