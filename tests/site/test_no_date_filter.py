"""Guard: no template writes a date with Django's ``|date``/``|time`` filters
for people to read. Dates, times and amounts go through the one formatting
path (``{% load socle_format %}``: ``|moment |day |clock |money |euros``); only
machine formats stay, in attributes and query strings: ``|date:"c"`` in
``<time datetime=…>`` and ``|date:"Y-m-d"`` in links and input values."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MACHINE_FORMATS = {"c", "Y-m-d"}
FILTER = re.compile(r"""\|\s*(date|time)\b(?::\s*(["'])(.*?)\2)?""")
# Where a machine format may appear: inside an attribute value or a URL's query.
MACHINE_CONTEXT = re.compile(r"""(datetime|value|href)=["'][^"']*$|[?&]\w+=$""")


def _templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]:
        if ".venv" in folder.parts:
            continue
        yield from (p for p in folder.rglob("*") if p.suffix in {".html", ".txt", ".xml", ".ics"})


def test_templates_format_dates_through_the_kernel():
    offences = []
    for path in _templates():
        text = path.read_text()
        for match in FILTER.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            fmt = match.group(3)
            before = text[text.rfind("{{", 0, match.start()) - 60: text.rfind("{{", 0, match.start())]
            if fmt in MACHINE_FORMATS and MACHINE_CONTEXT.search(before):
                continue
            offences.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert not offences, "Use |moment, |day or |clock (socle_format):\n" + "\n".join(offences)


def test_the_guard_finds_what_it_looks_for():
    assert FILTER.search('{{ when|date:"DATE_FORMAT" }}') and FILTER.search("{{ t|time:'H:i' }}")
    assert not FILTER.search('{{ t|timesince }}')
    assert MACHINE_CONTEXT.search('<time datetime="') and MACHINE_CONTEXT.search('<a href="?view=day&amp;date=')
    assert not MACHINE_CONTEXT.search("<p>")
    assert sum(1 for _ in _templates()) > 100
