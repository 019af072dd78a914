"""The one chart helper: the drawing and the table carry the same figures, escaped, in the reader's language."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from socle_site.kernel.charts import PLOT_WIDTH, bar_chart
from socle_site.kernel.formatting import format_money

SVG = "{http://www.w3.org/2000/svg}"


def bars(chart):
    root = ET.fromstring(str(chart.svg))
    return [(float(r.get("width")), r.get("data-value")) for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]


def texts(chart):
    return [t.text for t in ET.fromstring(str(chart.svg)).iter(f"{SVG}text")]


def test_a_known_result_draws_its_bars_to_scale_with_labels_and_values():
    chart = bar_chart("Votes per answer", [("Yes", 41), ("No", 7), ("Abstain", 2)], scale_to=50)
    assert bars(chart) == [(pytest.approx(PLOT_WIDTH * 41 / 50, abs=0.1), "41"),
                           (pytest.approx(PLOT_WIDTH * 7 / 50, abs=0.1), "7"),
                           (pytest.approx(PLOT_WIDTH * 2 / 50, abs=0.1), "2")]
    assert texts(chart) == ["Yes", "41", "No", "7", "Abstain", "2"]
    assert chart.rows == (("Yes", "41"), ("No", "7"), ("Abstain", "2"))
    root = ET.fromstring(str(chart.svg))
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Votes per answer"


def test_the_table_beside_the_drawing_has_the_same_figures():
    chart = bar_chart("Budget", [("Heating", (120000, 98000)), ("Lift", (50000, 61000))],
                      series=["Budget", "Spent"], formatter=format_money, label_header="Key")
    with translation.override("fr"):
        html = render_to_string("includes/chart.html", {"chart": chart})
    assert chart.headers == ("Key", "Budget", "Spent")
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", html)
    assert cells[:3] == ["Key", "Budget", "Spent"]
    # Each figure drawn is printed once in the table and once beside its bar.
    for value in chart.rows[0][1:] + chart.rows[1][1:]:
        assert value in cells and value in texts(chart)
    assert [v for _, v in bars(chart)] == ["120000", "98000", "50000", "61000"]
    assert "Budget" in texts(chart) and "Spent" in texts(chart)  # the legend


def test_figures_are_written_in_the_readers_language():
    with translation.override("fr"):
        french = bar_chart("Présences", [("Présents", 1234)])
    with translation.override("nl"):
        dutch = bar_chart("Aanwezig", [("Aanwezig", 1234)])
    assert french.rows[0][1].replace("\u202f", " ").replace("\xa0", " ") == "1 234"
    assert dutch.rows[0][1] == "1.234"


def test_a_marker_draws_a_labelled_line_at_its_value():
    chart = bar_chart("Attendance", [("Present", 30)], marker=("Quorum", 40), scale_to=80)
    root = ET.fromstring(str(chart.svg))
    line = root.find(f"{SVG}line")
    assert float(line.get("x1")) == pytest.approx(PLOT_WIDTH * 40 / 80, abs=0.1)
    assert "Quorum: 40" in texts(chart) and chart.note == "Quorum: 40"


def test_labels_are_escaped_and_the_svg_stays_well_formed():
    chart = bar_chart('<script>alert("x")</script>', [('A & B <img src=x onerror=alert(1)>', 3)])
    assert "<script>" not in chart.svg and "<img" not in chart.svg
    ET.fromstring(str(chart.svg))  # parses: nothing broke out of its element


def test_nothing_to_show_and_bad_input():
    empty = bar_chart("Nothing yet", [("Yes", 0), ("No", 0)])
    assert [w for w, _ in bars(empty)] == [0.0, 0.0]
    with pytest.raises(ValueError):
        bar_chart("Debt", [("A", -5)])
    with pytest.raises(ValueError):
        bar_chart("Two series", [("A", (1,))], series=["x", "y"])


def test_the_drawing_has_no_inline_style_or_script_for_the_csp():
    chart = bar_chart("CSP", [("A", 1)], marker=("M", 1))
    assert "style=" not in chart.svg and "<script" not in chart.svg and "on" not in re.findall(r"\s(on)\w+=", str(chart.svg))
