"""Warehouse group: the story's timeline and the events by place, rendered from the marts to PNG and HTML."""

import base64
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from newswh import config
from newswh.reports import PLACED_FILTER, STORY_FILTER, read_events, render_places, render_timeline

REPORT_DEPS = [
    dg.AssetKey(name) for name in ("fct_events", "fct_event_mentions", "fct_actors", "dim_articles", "dim_locations")
]


def _inline_png(name: str, path: Path) -> dg.MetadataValue:
    return dg.MetadataValue.md(f"![{name}](data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()})")


@dg.asset(
    group_name="warehouse",
    kinds={"python", "matplotlib", "plotly"},
    deps=REPORT_DEPS,
)
def story_timeline(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """The story's timeline: asserted events between named actors, as PNG and self-contained HTML.

    x is the event's date interval (a point for day precision, a bar for vaguer dates), y the
    actor pair, colour the takeover period; the takeover of Kabul (2021-08-15) is marked.
    `timeline_explore.html` is the same events to zoom, filter by CAMEO root and hover for the
    evidence, offline (plotly.js inside the file). Files go to reports/ beside the warehouse
    file (data/reports/ by default).
    """
    with duckdb.get_connection() as con:
        rows = read_events(con, STORY_FILTER)
    # Beside the warehouse this run reads, so the metadata never names another warehouse's files.
    out = config.reports_dir(Path(duckdb.database))
    out.mkdir(parents=True, exist_ok=True)
    result = render_timeline(
        rows, out / "timeline.png", out / "timeline.html", explore_path=out / "timeline_explore.html"
    )
    return dg.MaterializeResult(
        metadata={
            "events_drawn": result.get("drawn", len(rows)),
            "events_undated": result.get("undated", 0),
            "png_path": dg.MetadataValue.path(str(out / "timeline.png")),
            "html_path": dg.MetadataValue.path(str(out / "timeline.html")),
            "explore_path": dg.MetadataValue.path(str(out / "timeline_explore.html")),
            "timeline": _inline_png("timeline", out / "timeline.png"),
        }
    )


@dg.asset(
    group_name="warehouse",
    kinds={"python", "matplotlib", "plotly"},
    deps=REPORT_DEPS,
)
def events_by_place(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Where the asserted events happened: one point per place and CAMEO root, sized by count.

    A longitude/latitude scatter with country names (no outline data is bundled, nothing is
    fetched), as PNG and as `places.html`, a self-contained interactive page (plotly.js inside
    the file) to zoom, filter by CAMEO root and hover for each event's evidence. Files go to
    reports/ beside the warehouse file.
    """
    with duckdb.get_connection() as con:
        rows = read_events(con, PLACED_FILTER)
    out = config.reports_dir(Path(duckdb.database))
    result = render_places(rows, out / "places.png", out / "places.html")
    return dg.MaterializeResult(
        metadata={
            "events_located": result["located"],
            "places": result["places"],
            "countries": result["countries"],
            "png_path": dg.MetadataValue.path(result["png_path"]),
            "html_path": dg.MetadataValue.path(result["html_path"]),
            "places_map": _inline_png("events by place", out / "places.png"),
        }
    )
