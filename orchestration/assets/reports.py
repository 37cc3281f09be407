"""Warehouse group: the story's timeline, rendered from fct_events to PNG and HTML."""

import base64
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from newswh import config
from newswh.reports import render_timeline

# Asserted events between named actors: the facts of the story, not positions or plans.
TIMELINE_SQL = """
    select
        e.event_id,
        coalesce(s.canonical_name, e.source_actor_id) || ' → ' || coalesce(t.canonical_name, e.target_actor_id) as label,
        e.event_date_start as date_start,
        e.event_date_end as date_end,
        e.date_precision,
        e.takeover_period,
        e.event_code,
        e.event_label,
        e.modality,
        e.num_sources
    from fct_events e
    left join fct_actors s on s.actor_id = e.source_actor_id
    left join fct_actors t on t.actor_id = e.target_actor_id
    where e.modality = 'asserted'
      and e.source_actor_id is not null
      and e.target_actor_id is not null
    order by e.event_date_start, label
"""


@dg.asset(
    group_name="warehouse",
    kinds={"python", "matplotlib"},
    deps=[dg.AssetKey("fct_events"), dg.AssetKey("fct_actors")],
)
def story_timeline(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """The story's timeline: asserted events between named actors, as PNG and self-contained HTML.

    x is the event's date interval (a point for day precision, a bar for vaguer dates), y the
    actor pair, colour the takeover period; the takeover of Kabul (2021-08-15) is marked.
    Files go to reports/ beside the warehouse file (data/reports/ by default).
    """
    with duckdb.get_connection() as con:
        cursor = con.execute(TIMELINE_SQL)
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, row, strict=False)) for row in cursor.fetchall()]
    # Beside the warehouse this run reads, so the metadata never names another warehouse's files.
    out = config.reports_dir(Path(duckdb.database))
    out.mkdir(parents=True, exist_ok=True)
    result = render_timeline(rows, out / "timeline.png", out / "timeline.html")
    png = (out / "timeline.png").read_bytes()
    return dg.MaterializeResult(
        metadata={
            "events_drawn": result.get("drawn", len(rows)),
            "events_undated": result.get("undated", 0),
            "png_path": dg.MetadataValue.path(str(out / "timeline.png")),
            "html_path": dg.MetadataValue.path(str(out / "timeline.html")),
            "timeline": dg.MetadataValue.md(f"![timeline](data:image/png;base64,{base64.b64encode(png).decode()})"),
        }
    )
