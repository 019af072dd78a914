"""Charts as server-rendered SVG, always beside the table of the same figures.

One helper for every picture of figures in Socle (vote results, attendance against
quorum, a platform's task sharing, key figures, a building's budget by key, expenses
against the budget, the stewardship report): a chart is made from rows of labelled
values, and the same rows give the table printed beside it, so the picture never says
something the table does not (issue 24: "always beside the table of the same figures").

Why SVG made on the server: it needs no script and no inline style, so it passes the
site's Content-Security-Policy (``style-src 'self'``) — colours are SVG presentation
attributes, not CSS — and the same markup prints in WeasyPrint PDFs. Each chart is an
``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``; screen
readers read the table, so the SVG's own texts are hidden from them (``aria-hidden`` on
the drawing would hide the name too, hence role="img" on the whole).

Layout: horizontal bars, each row's label on its own line above its bars, because labels
(an answer to a motion, a distribution key) are long and phones are narrow. Values are
formatted by the caller's ``formatter`` in the reader's language (``format_number`` by
default, ``format_money`` for cents), so the chart reads like the rest of the page.

Usage::

    chart = bar_chart(_("Votes per answer"), [(_("Yes"), 41), (_("No"), 7)],
                      marker=(_("Majority"), 25))
    {% include "includes/chart.html" with chart=chart %}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from socle_site.kernel.formatting import format_number

Number = int | float | Decimal

# Colour-blind-safe palette (Okabe–Ito, darkened where needed so that every bar keeps a
# 3:1 contrast against the white page, WCAG 1.4.11 non-text contrast).
PALETTE = ("#0b5394", "#b45f06", "#38761d", "#a61c5c", "#5b4a9c", "#6b6b00")
TEXT = "#1f1f1f"
GRID = "#767676"

# viewBox units; the SVG scales to its container's width. Narrow enough that on a phone
# (about 340 px of content) the 14-unit texts stay near 12 px, not 7 (issue 24 screenshots).
WIDTH = 420
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
BAR_GAP = 4
ROW_GAP = 12
VALUE_ROOM = 120  # room kept right of the longest bar for its value.
PLOT_WIDTH = WIDTH - VALUE_ROOM
LEGEND_HEIGHT = 26


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Number, ...]


@dataclass(frozen=True)
class Chart:
    """What a page needs: the title, the drawing, and the table's rows (same figures)."""

    title: str
    svg: SafeString
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    series: tuple[Series, ...] = field(default=())


def _text(x: float, y: float, content: str, *, anchor: str = "start", weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" fill="{TEXT}" font-size="14" '
        f'font-family="sans-serif" font-weight="{weight}" text-anchor="{anchor}">{escape(content)}</text>'
    )


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, Number | Sequence[Number]]],
    *,
    series: Sequence[str] = (),
    formatter: Callable[[Number], str] | None = None,
    marker: tuple[str, Number] | None = None,
    scale_to: Number | None = None,
    description: str = "",
    label_header: str = "",
) -> Chart:
    """Horizontal bars, one group per row; several values per row when ``series`` names them.

    ``rows`` is ``[(label, value)]`` or, with series, ``[(label, (v1, v2, ...))]``.
    ``marker`` draws a labelled vertical line (a quorum, a majority, a budget) at its value;
    ``scale_to`` fixes the axis's end (e.g. the number of voters) instead of the largest
    value. Values must not be negative: a bar chart of a debt is a table's job.
    """
    fmt = formatter or (lambda value: format_number(value))
    names = tuple(str(name) for name in series) or ("",)
    groups: list[tuple[str, tuple[Number, ...]]] = []
    for label, value in rows:
        values = tuple(value) if isinstance(value, (tuple, list)) else (value,)
        if len(values) != len(names):
            raise ValueError(f"row {label!r} has {len(values)} values for {len(names)} series")
        if any(v < 0 for v in values):
            raise ValueError(f"row {label!r} has a negative value")
        groups.append((str(label), values))

    largest = max([v for _, values in groups for v in values] + [marker[1] if marker else 0] + [0])
    end = scale_to if scale_to is not None else largest
    end = max(end, largest) or 1
    plot = PLOT_WIDTH

    def length(value: Number) -> float:
        return float(Decimal(str(value)) / Decimal(str(end))) * plot

    parts: list[str] = []
    y = 0.0
    legend = len(names) > 1
    if legend:
        x = 0.0
        for index, name in enumerate(names):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x:.1f}" y="4" width="14" height="14" fill="{colour}"/>')
            parts.append(_text(x + 20, 16, name))
            x += 20 + 9 * len(name) + 24
        y = LEGEND_HEIGHT
    top = y
    for label, values in groups:
        parts.append(_text(0, y + 15, label, weight="bold"))
        y += LABEL_HEIGHT
        for index, value in enumerate(values):
            colour = PALETTE[index % len(PALETTE)]
            width = length(value)
            parts.append(
                f'<rect class="chart-bar" x="0" y="{y:.1f}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{colour}" data-value="{escape(str(value))}"/>'
            )
            parts.append(_text(width + 6, y + BAR_HEIGHT - 4, fmt(value)))
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
    height = y
    if marker:
        marker_label, marker_value = marker
        x = length(marker_value)
        parts.append(
            f'<line class="chart-marker" x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{height - ROW_GAP:.1f}" '
            f'stroke="{GRID}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        height += LABEL_HEIGHT
        parts.append(_text(min(x, plot), height - 4, f"{marker_label}: {fmt(marker_value)}",
                           anchor="middle" if 60 < x < plot - 60 else ("start" if x <= 60 else "end")))

    svg = (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        + (f"<desc>{escape(description)}</desc>" if description else "")
        + "".join(parts)
        + "</svg>"
    )
    headers = (str(label_header),) + (names if legend else (str(series[0]) if series else "",))
    table_rows = tuple((label,) + tuple(fmt(v) for v in values) for label, values in groups)
    note = f"{marker[0]}: {fmt(marker[1])}" if marker else ""
    return Chart(
        title=str(title),
        svg=mark_safe(svg),  # every text above went through escape()
        headers=headers,
        rows=table_rows,
        note=note,
        series=tuple(Series(name, tuple(v[i] for _, v in groups)) for i, name in enumerate(names)),
    )
