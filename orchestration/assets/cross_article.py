"""Extract group, corpus-wide steps: actors across articles, event consolidation, text reuse."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from newswh.store import (
    ACTOR_TABLES,
    EVENT_TABLES,
    consolidate_events_across_articles,
    discard_mart_changes,
    ensure_cross_article_tables,
    export_raw_parts,
    raw_files_root,
    resolve_actors_across_articles,
)
from orchestration.metadata import markdown_preview, raw_table_spec


def _specs(tables, deps):
    return [
        raw_table_spec(
            table,
            deps=deps,
            group_name="extract",
            kinds={"python", "duckdb"},
        )
        for table in tables
    ]


@dg.multi_asset(
    name="resolve_actors",
    specs=_specs(ACTOR_TABLES, [["raw", "actor_mentions"]]),
    can_subset=False,
)
def resolve_actors(context: dg.AssetExecutionContext, raw_store: DuckDBResource):
    """Join actor mentions of all articles into actors: seed names, surnames, acronyms, fuzzy spellings.

    Every join is recorded in `raw.actor_aliases` with its method (seed, exact, surname,
    acronym, fuzzy:<score>); unknown names become new actors with deterministic keys.
    """
    with raw_store.get_connection() as con:
        ensure_cross_article_tables(con)
        counts = resolve_actors_across_articles(con)
        if (root := raw_files_root()) is not None:  # a distributed build: dbt reads the files
            export_raw_parts(con, root, ACTOR_TABLES)
            discard_mart_changes(con)
        preview = con.execute(
            """
            select a.canonical_name, a.actor_type, a.cameo_code, count(r.mention_id) as mentions
            from raw.actors a left join raw.actor_resolution r using (actor_key)
            group by all order by mentions desc limit 10
            """
        ).fetchall()
    for table in ACTOR_TABLES:
        metadata = {"dagster/row_count": counts[table.name]}
        if table.name == "actors":
            metadata["top_actors"] = dg.MetadataValue.md(
                markdown_preview(["actor", "type", "cameo", "mentions"], preview)
            )
        yield dg.MaterializeResult(asset_key=["raw", table.name], metadata=metadata)


@dg.multi_asset(
    name="consolidate_events",
    specs=_specs(EVENT_TABLES, [["raw", "event_mentions"], ["raw", "actor_resolution"], ["raw", "sentences"]]),
    can_subset=False,
)
def consolidate_events(context: dg.AssetExecutionContext, raw_store: DuckDBResource):
    """Group reports of the same real-world event across articles, and find articles that reuse others' text.

    Mentions join when their CAMEO code family, resolved actors and date intervals agree;
    reused sentences (MinHash over sentence word sets) do not count as independent reports.
    """
    with raw_store.get_connection() as con:
        ensure_cross_article_tables(con)
        counts = consolidate_events_across_articles(con)
        if (root := raw_files_root()) is not None:
            export_raw_parts(con, root, EVENT_TABLES)
            discard_mart_changes(con)
        reuse = con.execute(
            "select article_id, reused_article_id, shared_sentences, round(containment, 2), direction_basis "
            "from raw.article_reuse order by shared_sentences desc limit 10"
        ).fetchall()
        events = con.execute("select count(distinct event_id) from raw.event_clusters").fetchone()[0]
    for table in EVENT_TABLES:
        metadata = {"dagster/row_count": counts[table.name]}
        if table.name == "event_clusters":
            metadata["num_events"] = events
        if table.name == "article_reuse":
            metadata["reuse_pairs"] = dg.MetadataValue.md(
                markdown_preview(["article", "reuses", "shared", "containment", "basis"], reuse)
            )
        yield dg.MaterializeResult(asset_key=["raw", table.name], metadata=metadata)
