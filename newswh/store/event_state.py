"""Incremental event consolidation: only the blocks a changed mention belongs to are clustered again.

Consolidation never joins mentions of different blocks (code family, modality, resolved source
actor; see newswh.events.consolidate), and within a block it reads nothing but the block's
mentions, so clustering one block alone gives exactly its events of a whole-corpus run, ids
included. Each mention's block and inputs are kept in raw.event_blocks; a run re-clusters the
blocks that gained, lost or changed a mention and keeps every other event_clusters row.

A mention's block and inputs are made of its own row and of its article's actor resolution
(its parties), so a run reads only the mentions of the articles extracted anew or gone since
(raw.event_consolidation_state) and of the articles whose actor resolution changed since
(raw.actor_resolution_changes, left by actor resolution: a name whose join changed moves the
mentions of every article that names it); every other mention keeps its kept block and inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from newswh.events.consolidate import MentionForConsolidation, consolidate
from newswh.events.lexicon import code_family
from newswh.store import raw as wh
from newswh.store.marts import ARTICLE_MARTS
from newswh.store.rawparts import mark_parts

EVENT_CLUSTERS = wh.TABLES["event_clusters"]
EVENT_BLOCKS = wh.TABLES["event_blocks"]
CONSOLIDATION_STATE = wh.TABLES["event_consolidation_state"]
RESOLUTION_CHANGES = wh.TABLES["actor_resolution_changes"]


@dataclass
class EventStats:
    """What one run did: the blocks it clustered again and how many mentions they hold."""

    changed_articles: list[str] = field(default_factory=list)
    read_mentions: int = 0
    changed_mentions: int = 0
    touched_articles: list[str] = field(default_factory=list)  # articles whose event_clusters rows were replaced
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


# Reads the event mentions matching a SQL condition on raw.event_mentions, parties resolved.
MentionReader = Callable[[str, list], list[MentionForConsolidation]]


@dataclass
class _Plan:
    """What a run must read: everything, or the mentions of these articles."""

    everything: bool
    articles: list[str]  # extracted anew or gone since their mentions were read
    resolved: list[str]  # whose actor resolution changed since (their parties may have moved)


def _plan(con: duckdb.DuckDBPyConnection) -> _Plan:
    """Articles extracted anew (or gone) since their mentions were read, and articles resolved again since."""
    logged = [
        a
        for (a,) in con.execute(f"select distinct article_id from {wh.RAW_SCHEMA}.actor_resolution_changes").fetchall()
    ]
    held = con.execute(f"select count(*) from {wh.RAW_SCHEMA}.event_consolidation_state").fetchone()[0]
    articles = [
        article_id
        for (article_id,) in con.execute(
            f"""
            select coalesce(e.article_id, s.article_id) from {wh.RAW_SCHEMA}.extraction_state e
            full outer join {wh.RAW_SCHEMA}.event_consolidation_state s using (article_id)
            where e.content_hash is distinct from s.content_hash or e.extraction_digest is distinct from s.extraction_digest
            order by 1
            """
        ).fetchall()
    ]
    return _Plan(not held or None in logged, articles, sorted({a for a in logged if a is not None} - set(articles)))


def _read(con: duckdb.DuckDBPyConnection, read: MentionReader, plan: _Plan) -> list[MentionForConsolidation]:
    if plan.everything:
        return read("true", [])
    if not plan.articles and not plan.resolved:
        return []
    return read("article_id in (select unnest(?))", [plan.articles + plan.resolved])


def _held(con: duckdb.DuckDBPyConnection, plan: _Plan, mention_ids: list[str]) -> dict[str, tuple[str, str]]:
    """The kept block and inputs of the mentions read, and of every mention of the changed articles."""
    where, params = "true", []
    if not plan.everything:
        where = "mention_id in (select unnest(?)) or article_id in (select unnest(?))"
        params = [mention_ids, plan.articles]
    rows = con.execute(f"select mention_id, block_key, inputs from {wh.RAW_SCHEMA}.event_blocks where {where}", params)
    return {mid: (block, inputs) for mid, block, inputs in rows.fetchall()}


def update_events(con: duckdb.DuckDBPyConnection, read: MentionReader) -> EventStats:
    """Bring raw.event_clusters up to date with raw.event_mentions, reading only what can have changed.

    The mentions read are those of the articles extracted anew since the last run and of the
    articles resolved again since (everything on a first run or after a full actor rebuild); the
    other members of the blocks they touch are read back by id. Any other mention keeps its block
    and inputs, since nothing it is made of changed.
    """
    wh.ensure_schema(con, wh.tables_in("events"))
    wh.ensure_schema(con, [RESOLUTION_CHANGES])
    plan = _plan(con)
    mentions = _read(con, read, plan)
    current = {m.mention_id: (block_key(m), _inputs(m)) for m in mentions}
    held = _held(con, plan, sorted(current))
    stats = EventStats(full_rebuild=plan.everything and not held, read_mentions=len(mentions))
    stats.changed_articles = plan.articles
    changed = [mid for mid in set(current) | set(held) if current.get(mid) != held.get(mid)]
    stats.changed_mentions = len(changed)
    blocks = {pair[0] for mid in changed for pair in (current.get(mid), held.get(mid)) if pair}
    stats.blocks = sorted(blocks)
    members = [m for m in mentions if current[m.mention_id][0] in blocks] + _unchanged_members(
        con, read, blocks, current
    )
    stats.clustered_mentions = len(members)
    events, assignment = consolidate(members)
    stale = sorted({mid for mid, (block, _) in held.items() if block in blocks} | {m.mention_id for m in members})
    with wh.transaction(con):
        stats.touched_articles = _articles_of(con, stale, members)
        mark_parts(con, EVENT_CLUSTERS, None if stats.full_rebuild else stats.touched_articles)
        # A mention's event id comes from its cluster: the dbt rows of these articles are built again.
        wh.mark_mart_changes(con, ARTICLE_MARTS, None if stats.full_rebuild else stats.touched_articles)
        if stats.full_rebuild:
            con.execute(f"delete from {wh.RAW_SCHEMA}.event_clusters")
        for table in (EVENT_CLUSTERS, EVENT_BLOCKS):
            wh.delete_keys(con, table, "mention_id", stale)
        wh.insert_rows(con, EVENT_CLUSTERS, _cluster_rows(members, events, assignment))
        rows = [
            {"mention_id": m.mention_id, "article_id": m.article_id, "block_key": block_key(m), "inputs": _inputs(m)}
            for m in members
        ]
        wh.insert_rows(con, EVENT_BLOCKS, rows)
        _save_state(con, plan)
    return stats


def _articles_of(con: duckdb.DuckDBPyConnection, stale: list[str], members: list) -> list[str]:
    """Articles whose event_clusters rows this run deletes or writes."""
    rows = con.execute(
        f"select distinct article_id from {wh.RAW_SCHEMA}.event_clusters where mention_id in (select unnest(?))",
        [stale],
    ).fetchall()
    return sorted({article_id for (article_id,) in rows} | {m.article_id for m in members})


def _unchanged_members(
    con: duckdb.DuckDBPyConnection, read: MentionReader, blocks: set[str], current: dict
) -> list[MentionForConsolidation]:
    """The mentions of the touched blocks that were not read: unchanged, so still in the block they are kept in."""
    if not blocks:
        return []
    ids = [
        mid
        for (mid,) in con.execute(
            f"select mention_id from {wh.RAW_SCHEMA}.event_blocks where block_key in (select unnest(?))",
            [sorted(blocks)],
        ).fetchall()
        if mid not in current
    ]
    return read("mention_id in (select unnest(?))", [sorted(ids)]) if ids else []


def _save_state(con: duckdb.DuckDBPyConnection, plan: _Plan) -> None:
    """The articles whose mentions this run read, at the extraction it read; the join log consumed."""
    con.execute(f"delete from {wh.RAW_SCHEMA}.actor_resolution_changes")
    if plan.everything:
        con.execute(f"delete from {wh.RAW_SCHEMA}.event_consolidation_state")
        articles = "true"
        params: list = []
    else:
        wh.delete_keys(con, CONSOLIDATION_STATE, "article_id", plan.articles)
        articles, params = "article_id in (select unnest(?))", [plan.articles]
    con.execute(
        f"insert into {wh.RAW_SCHEMA}.event_consolidation_state select * from {wh.RAW_SCHEMA}.extraction_state "
        f"where {articles}",
        params,
    )


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
