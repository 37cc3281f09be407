"""The rows the interactive pictures draw: each event with its actors, place and evidence.

One row per event of `fct_events`, with the names of its actors (`fct_actors`), its place
(`dim_locations` for the country's name) and the evidence of one mention: the sentence and the
article it comes from. The evidence is an independent report when the event has one (a reused
sentence is a copy), then the earliest published, so that hovering a point shows where the
event was first told.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from newswh.config import reference_dir

EVENT_CODES = "cameo_event_codes.csv"

# Asserted events between named actors: the facts of the story, not positions or plans.
STORY_FILTER = "e.modality = 'asserted' and e.source_actor_id is not null and e.target_actor_id is not null"
# Asserted events the gazetteer placed.
PLACED_FILTER = "e.modality = 'asserted' and e.latitude is not null and e.longitude is not null"

EVENTS_SQL = """
    with evidence as (
        select
            m.event_id,
            m.sentence_text,
            a.title,
            a.source_uri,
            row_number() over (
                partition by m.event_id
                order by m.is_reused nulls last, a.published_date nulls last, m.article_id, m.char_start
            ) as pick
        from fct_event_mentions m
        join dim_articles a on a.article_id = m.article_id
    )
    select
        e.event_id,
        e.event_code,
        e.event_root_code,
        e.event_label,
        e.modality,
        coalesce(s.canonical_name, e.source_actor_id) as source_name,
        coalesce(t.canonical_name, e.target_actor_id) as target_name,
        coalesce(s.canonical_name, e.source_actor_id) || ' → ' || coalesce(t.canonical_name, e.target_actor_id) as label,
        e.event_date_start as date_start,
        e.event_date_end as date_end,
        e.date_precision,
        e.takeover_period,
        e.location_name,
        e.location_admin1,
        e.location_country_code,
        l.country_name,
        e.latitude,
        e.longitude,
        e.geonames_id,
        v.sentence_text,
        v.title,
        v.source_uri
    from fct_events e
    left join fct_actors s on s.actor_id = e.source_actor_id
    left join fct_actors t on t.actor_id = e.target_actor_id
    left join dim_locations l on l.geonames_id = e.geonames_id
    left join evidence v on v.event_id = e.event_id and v.pick = 1
    where {where}
    order by e.event_date_start nulls last, label, e.event_id
"""


def read_events(con, where: str = STORY_FILTER) -> list[dict[str, Any]]:
    """The events WHERE selects (over `fct_events e`), as dicts, from a DuckDB connection."""
    cursor = con.execute(EVENTS_SQL.format(where=where))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@lru_cache(maxsize=2)
def root_labels(seed_dir: Path | None = None) -> dict[str, str]:
    """CAMEO root code -> its name ("18" -> "Assault"), from the event-code seed."""
    with ((seed_dir or reference_dir()) / EVENT_CODES).open(encoding="utf-8", newline="") as handle:
        return {row["event_root_code"]: row["root_label"] for row in csv.DictReader(handle)}


def root_of(row: Mapping[str, Any]) -> str:
    """The event's CAMEO root: its own column, else the first two digits of its code."""
    root = row.get("event_root_code") or str(row.get("event_code") or "")[:2]
    return str(root) if root else "??"


def root_name(root: str) -> str:
    label = root_labels().get(root)
    return f"{root} {label}" if label else root
