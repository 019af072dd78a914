"""Safe highlighting. The database (PostgreSQL's ``ts_headline``) or Python
marks the matched words with two private-use characters; only here are they
turned into ``<mark>``, after every other character was HTML-escaped, so a
title or post that contains markup is shown as text, never run (no XSS)."""

from __future__ import annotations

import html
import re
import unicodedata

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

START, STOP = "\ue000", "\ue001"
SENTINELS = START + STOP


def plain(text: str | None, *, is_html: bool = False) -> str:
    """The text a reader sees: tags dropped (sanitised HTML), entities read,
    our two markers removed (someone could type them), spaces collapsed."""
    text = text or ""
    if is_html:
        text = html.unescape(strip_tags(text.replace("<", " <")))
    text = text.translate({ord(c): None for c in SENTINELS})
    return " ".join(text.split())


def _fold(text: str) -> str:
    """One character for one character, lower case and without accents, so
    positions in the folded text are positions in the text."""
    return "".join((unicodedata.normalize("NFD", c)[:1] or c).casefold()[:1] or c for c in text)


def mark_terms(text: str, terms: list[str], *, extract: int | None = None) -> str:
    """``text`` with each occurrence of the terms between the markers (case
    and accents ignored); with ``extract``, about that many characters around
    the first one (SQLite's extract, PostgreSQL's is ts_headline's)."""
    folded = _fold(text)
    spans = []
    for term in {_fold(t) for t in terms if t}:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(term), folded)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    first, last = 0, len(text)
    if extract is not None and len(text) > extract:
        centre = merged[0][0] if merged else 0
        first = max(0, min(centre - extract // 3, len(text) - extract))
        last = first + extract
    out, position = [], first
    for start, end in merged:
        if end <= first or start >= last:
            continue
        start, end = max(start, first), min(end, last)
        out += [text[position:start], START, text[start:end], STOP]
        position = end
    out.append(text[position:last])
    marked = "".join(out)
    return ("… " if first > 0 else "") + marked + (" …" if last < len(text) else "")


def to_html(marked: str) -> SafeString:
    """Marked text as HTML: everything escaped, then each well-formed pair of
    markers made a ``<mark>`` (a lone marker is dropped)."""
    out, inside = [], False
    for piece in re.split(f"([{SENTINELS}])", marked):
        if piece == START:
            if not inside:
                out.append("<mark>")
                inside = True
        elif piece == STOP:
            if inside:
                out.append("</mark>")
                inside = False
        else:
            out.append(str(escape(piece)))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text was escaped just above
