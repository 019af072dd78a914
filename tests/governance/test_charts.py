"""Charts of a vote and of the attendance (issue 24): the SVG drawn by the one helper
(socle_site.kernel.charts) and the table beside it carry the stored figures."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from community.governance.charts import result_chart
from community.governance.services import meetings, voting
from tests.governance.helpers import run

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def drawing(html: str):
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    root = ET.fromstring(svg)
    bars = [r.get("data-value") for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]
    return root, bars, [t.text for t in root.iter(f"{SVG}text")]


def table_rows(html: str):
    table = re.search(r'<table class="chart-table">.*?</table>', html, re.S).group(0)
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def no_inline_script_or_style(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert " style=" not in html and "<style" not in html, "inline style"


def test_result_charts_from_stored_results():
    motion = result_chart({"kind": "motion", "yes": 41, "no": 7, "abstain": 2, "weight": 50})
    assert motion.rows == (("Yes", "41"), ("No", "7"), ("Abstain", "2"))
    options = result_chart({"kind": "single", "options": [{"id": 1, "label": "Blue", "weight": 3},
                                                          {"id": 2, "label": "Green", "weight": 5}], "blank": 1, "weight": 9})
    assert options.rows == (("Blue", "3"), ("Green", "5"), ("Blank", "1"))
    assert result_chart(None) is None and result_chart({"kind": "election", "colleges": []}) is None


def test_a_published_motion_shows_its_bars_and_the_same_figures_in_the_table(ga, client_of, time_machine):
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Approve the accounts")
    yes, no, abstain = (question.choices.get(code=code).pk for code in ("yes", "no", "abstain"))
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe, ga.dan)
    voting.open_question(question=question, acting_user=ga.staff)
    voting.cast_ballots(question=question, acting_user=ga.ana, instructions={ga.ana.pk: [yes]})
    voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.bob.pk: [yes]})
    voting.cast_ballots(question=question, acting_user=ga.chloe, instructions={ga.chloe.pk: [no]})
    voting.cast_ballots(question=question, acting_user=ga.dan, instructions={ga.dan.pk: [abstain]})
    staff = client_of(ga.staff)
    staff.post(f"/en/assemblies/questions/{question.pk}/run/close/")
    staff.post(f"/en/assemblies/questions/{question.pk}/run/publish/")
    expected = {"fr": [["Oui", "2"], ["Non", "1"], ["Abstention", "1"]],
                "nl": [["Ja", "2"], ["Nee", "1"], ["Onthouding", "1"]],
                "en": [["Yes", "2"], ["No", "1"], ["Abstain", "1"]]}
    for language, rows in expected.items():
        with translation.override(language):
            response = client_of(ga.ana).get(f"/{language}/assemblies/questions/{question.pk}/")
        html = response.content.decode()
        root, bars, texts = drawing(html)
        assert bars == ["2", "1", "1"]
        assert texts == [cell for row in rows for cell in row]
        assert table_rows(html)[1:] == rows  # the header row, then the same figures
        no_inline_script_or_style(html)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_a_closed_meeting_shows_attendance_against_the_quorum(ga, client_of, time_machine):
    meetings.give_proxy(meeting=ga.meeting, principal=ga.eva, holder=ga.dan, acting_user=ga.eva)
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.dan)
    meetings.close_meeting(meeting=meeting, acting_user=ga.staff)
    html = client_of(ga.bob).get(f"/en/assemblies/meetings/{meeting.pk}/").content.decode()
    root, bars, texts = drawing(html)
    assert bars == ["2", "1", "3", "5"]  # present, by proxy, together, all members
    assert table_rows(html)[1:] == [["Present", "2"], ["Represented by a proxy", "1"],
                                    ["Present or represented", "3"], ["All members", "5"]]
    marker = root.find(f"{SVG}line")
    assert marker is not None and marker.get("class") == "chart-marker"
    assert any(text.startswith("Quorum: ") for text in texts)
    no_inline_script_or_style(html)
