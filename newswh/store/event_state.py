"""Incremental event consolidation: only the blocks a changed mention belongs to are clustered again.

Consolidation never joins mentions of different blocks (code family, modality, resolved source
actor; see newswh.events.consolidate), and within a block it reads nothing but the block's
mentions, so clustering one block alone gives exactly its events of a whole-corpus run, ids
included. Each mention's block and inputs are kept in raw.event_blocks; a run re-clusters the
blocks that gained, lost or changed a mention and keeps every other event_clusters row.

What stays corpus-wide: reading raw.event_mentions and resolving each mention's parties (a
dictionary lookup per mention, no clustering), since a change in actor resolution can move a
mention of an untouched article to another block.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from newswh.events.consolidate import MentionForConsolidation, consolidate
from newswh.events.lexicon import code_family
from newswh.store import raw as wh

EVENT_CLUSTERS = wh.TABLES["event_clusters"]
EVENT_BLOCKS = wh.TABLES["event_blocks"]


@dataclass
class EventStats:
    """What one run did: the blocks it clustered again and how many mentions they hold."""

    changed_mentions: int = 0
    blocks: list[str] = field(default_factory=list)
    clustered_mentions: int = 0
    full_rebuild: bool = False


def block_key(m: MentionForConsolidation) -> str:
    if m.source_actor_key is None:  # never merged: a block of its own
        return f"solo|{m.mention_id}"
    return f"{code_family(m.event_code)}|{m.modality}|{m.source_actor_key}"


def _inputs(m: MentionForConsolidation) -> str:
    return "|".join(
        str(value)
        for value in (
            m.article_id,
            m.event_code,
            m.target_actor_key,
            m.date_start,
            m.date_end,
            m.precision,
            m.place,
            m.sentence,
        )
    )


def update_events(con: duckdb.DuckDBPyConnection, mentions: list[MentionForConsolidation]) -> EventStats:
    """Bring raw.event_clusters up to date with `mentions` (all of the corpus, parties resolved)."""
    wh.ensure_schema(con, wh.tables_in("events"))
    current = {m.mention_id: (block_key(m), _inputs(m)) for m in mentions}
    held = {
        mid: (block, inputs)
        for mid, _, block, inputs in con.execute(f"select * from {wh.RAW_SCHEMA}.event_blocks").fetchall()
    }
    stats = EventStats(full_rebuild=not held)
    changed = [mid for mid in set(current) | set(held) if current.get(mid) != held.get(mid)]
    stats.changed_mentions = len(changed)
    blocks = {pair[0] for mid in changed for pair in (current.get(mid), held.get(mid)) if pair}
    stats.blocks = sorted(blocks)
    members = [m for m in mentions if current[m.mention_id][0] in blocks]
    stats.clustered_mentions = len(members)
    events, assignment = consolidate(members)
    stale = sorted({mid for mid, (block, _) in held.items() if block in blocks} | {m.mention_id for m in members})
    with wh.transaction(con):
        if stats.full_rebuild:
            con.execute(f"delete from {wh.RAW_SCHEMA}.event_clusters")
        for table in (EVENT_CLUSTERS, EVENT_BLOCKS):
            wh.delete_keys(con, table, "mention_id", stale)
        wh.insert_rows(con, EVENT_CLUSTERS, _cluster_rows(members, events, assignment))
        rows = [
            {"mention_id": m.mention_id, "article_id": m.article_id, "block_key": b, "inputs": i}
            for m in members
            for b, i in [current[m.mention_id]]
        ]
        wh.insert_rows(con, EVENT_BLOCKS, rows)
    return stats


def _cluster_rows(mentions: list, events: list, assignment: dict[str, str]) -> list[dict]:
    by_id = {event.event_id: event for event in events}
    article_of = {m.mention_id: m.article_id for m in mentions}
    return [
        {
            "mention_id": mention_id,
            "event_id": event_id,
            "article_id": article_of[mention_id],
            "date_disputed": by_id[event_id].date_disputed,
            "event_date_start": by_id[event_id].date_start,
            "event_date_end": by_id[event_id].date_end,
            "event_date_precision": by_id[event_id].date_precision,
        }
        for mention_id, event_id in sorted(assignment.items())
    ]
