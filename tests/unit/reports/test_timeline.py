"""The timeline picture: a real, non-blank PNG and a self-contained HTML page."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest

from newswh.reports.timeline import place, render_timeline

pytestmark = pytest.mark.unit

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

ROWS = [
    {
        "event_id": "e1",
        "label": "Russia – Taliban",
        "date_start": date(2021, 7, 8),
        "date_end": date(2021, 7, 8),
        "date_precision": "day",
        "takeover_period": "pre_takeover",
        "event_code": "040",
        "modality": "asserted",
    },
    {
        "event_id": "e2",
        "label": "Russia – Taliban",
        "date_start": date(2022, 1, 1),
        "date_end": date(2022, 12, 31),
        "date_precision": "year",
        "takeover_period": "post_takeover",
        "event_code": "036",
        "modality": "planned",
    },
    {
        "event_id": "e3",
        "label": "Lavrov – Muttaqi",
        "date_start": "2021-08-01",  # ISO text, as JSON or CSV would give it
        "date_end": "2021-08-31",
        "date_precision": "month",
        "takeover_period": "spans_takeover",
        "event_code": "043",
        "modality": "asserted",
    },
    {
        "event_id": "e4",
        "label": "Moscow format",
        "date_start": date(2022, 11, 16),
        "date_end": date(2022, 11, 16),
        "date_precision": "day",
        "takeover_period": "post_takeover",
        "event_code": "043",
        "modality": "reported",
    },
    {
        "event_id": "e5",
        "label": "Russia – Taliban",
        "date_start": None,
        "date_end": None,
        "date_precision": "fuzzy",
        "takeover_period": "undated",
        "event_code": "057",
        "modality": "hypothetical",
    },
]


@pytest.fixture
def rendered(tmp_path):
    png, page = tmp_path / "out" / "timeline.png", tmp_path / "out" / "timeline.html"
    return render_timeline(ROWS, png, page), png, page


def test_counts_and_paths(rendered):
    summary, png, page = rendered
    assert summary["rows"] == 5
    assert summary["drawn"] == 4
    assert summary["undated"] == 1
    assert summary["points"] == 2 and summary["bars"] == 2
    assert summary["labels"] == 3
    assert summary["by_period"] == {"pre_takeover": 1, "post_takeover": 2, "spans_takeover": 1}
    assert summary["png_path"] == str(png) and summary["html_path"] == str(page)


def test_png_is_a_real_non_blank_picture(rendered):
    import matplotlib.image as mpimg

    _summary, png, _page = rendered
    data = png.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert 10_000 < len(data) < 2_000_000
    pixels = mpimg.imread(png)
    height, width = pixels.shape[:2]
    assert width >= 800 and height >= 250
    rgb = (pixels[..., :3] * 255).round().astype(np.uint8).reshape(-1, 3)
    assert rgb.std() > 0.05 * 255 / 4  # far from a single flat colour
    assert len(np.unique(rgb, axis=0)) > 50  # antialiased text, bars, points, legend


def test_png_uses_the_period_colours(rendered):
    """Each takeover period present is drawn in its colour (bars are drawn with alpha, so match loosely)."""
    import matplotlib.image as mpimg
    from matplotlib.colors import to_rgb

    from newswh.reports.timeline import PERIOD_COLOURS

    _summary, png, _page = rendered
    rgb = mpimg.imread(png)[..., :3].reshape(-1, 3)
    point_colour = np.array(to_rgb(PERIOD_COLOURS["pre_takeover"]))  # points are opaque
    assert (np.abs(rgb - point_colour).max(axis=1) < 0.02).sum() > 20
    for period in ("spans_takeover", "post_takeover"):
        colour = np.array(to_rgb(PERIOD_COLOURS[period]))
        blended = 0.75 * colour + 0.25  # alpha 0.75 over white
        close = np.minimum(np.abs(rgb - colour).max(axis=1), np.abs(rgb - blended).max(axis=1)) < 0.03
        assert close.sum() > 20, period


def test_html_is_self_contained_and_lists_every_event(rendered):
    _summary, _png, page = rendered
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.IGNORECASE)
    assert "http://" not in text and "https://" not in text
    assert "<script" not in text.lower()
    assert 'src="data:image/png;base64,' in text
    rows = re.findall(r"<tr class=\"([a-z_]+)\">(.*?)</tr>", text)
    assert len(rows) == 5
    assert rows[-1][0] == "undated" and "<td>e5</td>" in rows[-1][1]
    assert "Russia – Taliban" in text and "Lavrov – Muttaqi" in text
    assert "4 events drawn, 1 undated" in text


def test_html_escapes_labels(tmp_path):
    row = {**ROWS[0], "label": "<script>alert(1)</script>"}
    render_timeline([row], tmp_path / "t.png", tmp_path / "t.html")
    text = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_no_dated_events_still_draws_a_picture(tmp_path):
    summary = render_timeline([ROWS[-1]], tmp_path / "t.png", tmp_path / "t.html")
    assert summary["drawn"] == 0 and summary["undated"] == 1
    assert (tmp_path / "t.png").read_bytes()[:8] == PNG_SIGNATURE


def test_place_points_and_bars():
    assert place(ROWS[0]).is_point
    assert not place(ROWS[1]).is_point
    assert place(ROWS[4]) is None
    swapped = place({**ROWS[1], "date_start": date(2022, 12, 31), "date_end": date(2022, 1, 1)})
    assert swapped.start == date(2022, 1, 1) and swapped.end == date(2022, 12, 31)
