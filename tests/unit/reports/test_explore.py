"""The interactive pages: the rows they read, the dense date range, escaping, self-containment."""

from __future__ import annotations

import json
import re
from datetime import date

import duckdb
import pytest

from newswh.reports.events import PLACED_FILTER, STORY_FILTER, read_events, root_labels, root_of
from newswh.reports.explore import date_text, dense_range, hover_html, place_text
from newswh.reports.places import country_labels, place_points, render_places
from newswh.reports.timeline import render_timeline, timeline_figure
from tests.synthetic_marts import EVIDENCE_SENTENCE, HOSTILE_SENTENCE, HOSTILE_TITLE, build_marts

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    return build_marts(tmp_path_factory.mktemp("marts") / "marts.duckdb")


def _read(marts, where):
    with duckdb.connect(str(marts), read_only=True) as con:
        return {row["event_id"]: row for row in read_events(con, where)}


def test_the_story_reads_asserted_events_between_named_actors(marts):
    rows = _read(marts, STORY_FILTER)
    assert set(rows) == {"ev1", "ev2", "ev3", "ev4", "ev5", "ev7"}  # ev6 is planned
    assert rows["ev4"]["label"] == "Russia → Taliban"
    assert rows["ev4"]["source_name"] == "Russia" and rows["ev4"]["country_name"] == "Russia"


def test_the_evidence_is_an_independent_mention_not_the_earlier_copy(marts):
    ev1 = _read(marts, STORY_FILTER)["ev1"]
    assert ev1["sentence_text"] == EVIDENCE_SENTENCE
    assert (ev1["title"], ev1["source_uri"]) == ("Forces detain suspects in Ghazni", "release_0001.txt")


def test_places_read_only_located_asserted_events(marts):
    assert set(_read(marts, PLACED_FILTER)) == {"ev1", "ev2", "ev3", "ev4", "ev7"}


def test_points_group_events_by_place_and_root(marts):
    points = place_points(_read(marts, PLACED_FILTER).values())
    counts = {(p.place_id, p.root): p.count for p in points}
    assert counts == {
        ("seed:af_ghazni_andar", "17"): 2,
        ("seed:af_helmand", "19"): 2,
        ("524901", "04"): 1,
    }
    assert [c for c, _, _ in country_labels(points)] == ["Afghanistan", "Russia"]
    afghanistan = country_labels(points)[0]
    assert afghanistan[1] == pytest.approx((33.4 + 31.4) / 2)  # each place once, however many events


def test_a_row_without_coordinates_is_not_a_point():
    assert place_points([{"event_id": "x", "event_code": "190", "latitude": None, "longitude": 64.0}]) == []
    assert place_points([{"event_id": "x", "event_code": "190", "latitude": 95.0, "longitude": 64.0}]) == []


def test_root_comes_from_the_code_when_the_column_is_missing():
    assert root_of({"event_code": "0541"}) == "05"
    assert root_of({"event_root_code": "18", "event_code": "181"}) == "18"
    assert root_labels()["18"] == "Assault"


def test_dense_range_ignores_one_outlier_year():
    dates = [date(2003, 6, 1)] + [
        date(2012, 1, 1) + (date(2012, 12, 31) - date(2012, 1, 1)) * i / 39 for i in range(40)
    ]
    low, high = dense_range(dates)
    assert date(2011, 11, 1) < low < date(2012, 2, 1)
    assert date(2012, 11, 30) < high < date(2013, 3, 1)
    assert dense_range([]) is None
    one = dense_range([date(2012, 5, 9)])
    assert one[0] < date(2012, 5, 9) < one[1]  # a single day still opens on a visible window


def test_date_text_states_the_precision():
    assert (
        date_text({"date_start": date(2013, 1, 24), "date_end": date(2013, 1, 24), "date_precision": "day"})
        == "2013-01-24 (day)"
    )
    month = {"date_start": "2022-02-01", "date_end": "2022-02-28", "date_precision": "month"}
    assert date_text(month) == "2022-02-01 – 2022-02-28 (month)"
    assert date_text({"date_start": None}) == "undated"


def test_hover_escapes_hostile_text_and_keeps_its_own_markup():
    row = {"event_code": "190", "event_label": "Use force", "source_name": "A<b>", "target_name": "B",
           "date_start": "2012-05-09", "date_precision": "day", "sentence_text": HOSTILE_SENTENCE, "title": HOSTILE_TITLE}  # fmt: skip
    text = hover_html(row)
    assert "<img" not in text and "<script" not in text and "<b>bazaar" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;script&gt;" in text and "A&lt;b&gt; → B" in text
    assert text.startswith("<b>190 Use force</b><br>")
    assert "2012-05-09 (day)" in text


def test_a_province_is_named_once():
    assert place_text({"location_name": "Andar", "location_admin1": "Ghazni"}) == "Andar, Ghazni"
    assert place_text({"location_name": "Helmand", "location_admin1": "Helmand"}) == "Helmand"
    assert place_text({"location_name": "Moscow", "location_admin1": None}) == "Moscow"


def test_hover_wraps_long_sentences_without_cutting_an_entity():
    sentence = " ".join(["word"] * 40 + ["<tag>"] + ["word"] * 40)
    text = hover_html({"sentence_text": sentence})
    assert text.count("<br>") >= 4
    assert "&lt;tag&gt;" in text


def _figure_json(page: str) -> str:
    return page[page.index("Plotly.newPlot(") :]


def test_pages_are_self_contained_and_escape_the_evidence(marts, tmp_path):
    story, placed = _read(marts, STORY_FILTER).values(), _read(marts, PLACED_FILTER).values()
    render_timeline(story, tmp_path / "t.png", tmp_path / "t.html", explore_path=tmp_path / "t_explore.html")
    summary = render_places(placed, tmp_path / "p.png", tmp_path / "p.html")
    assert summary["located"] == 5 and summary["places"] == 3 and summary["countries"] == 2
    for page in (tmp_path / "t_explore.html", tmp_path / "p.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]*\bsrc\s*=", text, re.IGNORECASE)  # every script inline
        assert not re.search(r"""<(link|img|iframe)[^>]*(src|href)\s*=\s*["']?(https?:)?//""", text, re.IGNORECASE)
        assert "plotly.js v" in text  # the library itself is inside the file
        figure = _figure_json(text)
        assert "onerror=alert(1)" in figure and "<img" not in figure and "\\u003cimg" not in figure
        assert "&lt;img src=x onerror=alert(1)&gt;" in figure
    assert (tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG"


def test_the_timeline_opens_on_the_dense_range(marts):
    fig = timeline_figure(_read(marts, STORY_FILTER).values())
    low, high = (date.fromisoformat(str(x)[:10]) for x in fig.layout.xaxis.range)
    assert date(2011, 12, 1) < low < date(2012, 3, 4) and date(2012, 6, 12) < high < date(2012, 10, 1)
    roots = [trace.legendgroup for trace in fig.data if trace.showlegend is not False]
    assert roots == ["03", "04", "17", "19"]  # one legend entry per root: clicking it filters
    hovers = json.dumps([trace.hovertext for trace in fig.data if trace.hovertext])
    assert EVIDENCE_SENTENCE[:40] in hovers and "release_0001.txt" in hovers
