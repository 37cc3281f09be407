"""The interactive timeline and place map in Chromium, opened from files with the network cut.

The pages are drawn from a tiny synthetic DuckDB (tests/synthetic_marts.py), not a warehouse
build. Every request that is not file:// is aborted and recorded: a page that needed plotly.js
or map data from a CDN would draw nothing and fail here.
"""

from __future__ import annotations

import duckdb
import pytest

from newswh.reports import PLACED_FILTER, STORY_FILTER, read_events, render_places, render_timeline
from tests.synthetic_marts import EVIDENCE_SENTENCE, build_marts

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

HOSTILE_MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report_pages")
    marts = build_marts(folder / "marts.duckdb")
    with duckdb.connect(str(marts), read_only=True) as con:
        story, placed = read_events(con, STORY_FILTER), read_events(con, PLACED_FILTER)
    render_timeline(
        story, folder / "timeline.png", folder / "timeline.html", explore_path=folder / "timeline_explore.html"
    )
    render_places(placed, folder / "places.png", folder / "places.html")
    return {"timeline": folder / "timeline_explore.html", "places": folder / "places.html"}


@pytest.fixture
def offline(page):
    """The page with every request that is not file:// aborted; what was asked for, and any alert."""
    seen = {"blocked": [], "dialogs": []}

    def route(request_route):
        if request_route.request.url.startswith("file://"):
            request_route.continue_()
        else:
            seen["blocked"].append(request_route.request.url)
            request_route.abort()

    page.context.route("**/*", route)
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    return page, seen


def _open(page, path):
    page.goto(path.as_uri())
    page.wait_for_selector("#figure .scatterlayer .point", timeout=30_000)


def _hover_texts(page) -> list[str]:
    """Hover each point drawn inside the plot area in turn; the hover label's text for each."""
    area = page.locator("#figure .nsewdrag").first.bounding_box()
    label = page.locator("#figure .hoverlayer .hovertext")
    texts = []
    for point in page.locator("#figure .scatterlayer .point").all():
        box = point.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if not (area["x"] <= x <= area["x"] + area["width"] and area["y"] <= y <= area["y"] + area["height"]):
            continue  # off the axes' range (the 2003 outlier): one zoom-out away, not hoverable
        page.mouse.move(0, 0)  # off the plot: the last label goes before the next is read
        label.first.wait_for(state="detached", timeout=5_000)
        page.mouse.move(x, y)
        label.first.wait_for(timeout=5_000)
        texts.append(label.first.text_content() or "")
    return texts


@pytest.mark.parametrize("name", ["timeline", "places"])
def test_hovering_a_point_shows_its_evidence_offline(offline, pages, output_dir, name):
    page, seen = offline
    _open(page, pages[name])
    texts = _hover_texts(page)
    page.screenshot(path=str(output_dir / f"{name}.png"), full_page=True)
    assert any(EVIDENCE_SENTENCE[:60] in text for text in texts), texts
    assert any("release_0001.txt" in text or "Forces detain suspects in Ghazni" in text for text in texts)
    assert seen["blocked"] == []  # nothing outside the file was even asked for


@pytest.mark.parametrize("name", ["timeline", "places"])
def test_hostile_evidence_shows_as_text(offline, pages, name):
    page, seen = offline
    _open(page, pages[name])
    texts = _hover_texts(page)
    assert any(HOSTILE_MARKUP in text for text in texts), texts
    assert page.evaluate("document.querySelectorAll('img, #figure script').length") == 0
    assert seen["dialogs"] == []


def test_clicking_a_root_in_the_legend_filters_it(offline, pages):
    page, _seen = offline
    _open(page, pages["places"])
    before = page.locator("#figure .scatterlayer .point").count()
    page.locator("#figure .legend .traces", has_text="19 ").first.click()
    page.wait_for_function(f"document.querySelectorAll('#figure .scatterlayer .point').length < {before}")
    texts = _hover_texts(page)
    assert texts and not any("Use conventional military force" in text for text in texts)
