"""Ingest group: read the corpus folder into raw.articles / raw.quarantined_articles."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from newswh.store import INGEST_TABLES, ingest_batch
from orchestration.metadata import markdown_preview, raw_table_spec
from orchestration.partitions import article_batch_partitions, corpus_batches, requested_articles
from orchestration.resources import CorpusResource

INGEST_SPECS = [raw_table_spec(table) for table in INGEST_TABLES]


@dg.multi_asset(
    name="ingest_articles",
    specs=[spec.replace_attributes(group_name="ingest", kinds={"python", "duckdb"}) for spec in INGEST_SPECS],
    partitions_def=article_batch_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    can_subset=False,
)
def ingest_articles(context: dg.AssetExecutionContext, raw_store: DuckDBResource, corpus: CorpusResource):
    """Read each article of the requested batches, repair its encoding, strip page furniture and keep the metadata.

    Writes `raw.articles` (cleaned `body_text`, the text every later offset refers to),
    `raw.article_furniture` (every removed line with its kind) and `raw.quarantined_articles`
    (inputs that cannot be used, with a specific reason and the original bytes).
    Articles whose bytes and ingest digest (code, rule files, libraries, pipeline version) are
    unchanged are skipped.
    """
    records, batches = corpus_batches(corpus.path)
    # A run that covers every registered batch is a full refresh: drop rows of deleted files.
    article_ids, full_refresh = requested_articles(context, batches)
    with raw_store.get_connection() as con:
        report = ingest_batch(con, corpus.path, article_ids, prune_missing=full_refresh, records=records)
        for line in report.why_lines():
            context.log.info(line)
        preview, furniture_rows, quarantine = _batch_rows(con, article_ids)
    common = {
        "batches_requested": len(context.partition_keys),
        "articles_requested": report.requested,
        "articles_ingested": report.ingested,
        "articles_quarantined": report.quarantined,
        "articles_skipped_unchanged": report.skipped_unchanged,
        "articles_ingested_by_reason": dg.MetadataValue.json(dict(sorted(report.why.items()))),
        "rows_removed_for_deleted_files": report.removed_rows,
    }
    yield dg.MaterializeResult(
        asset_key=["raw", "articles"],
        metadata={
            **common,
            "dagster/row_count": len(preview),
            "preview": dg.MetadataValue.md(
                markdown_preview(["source_uri", "title", "outlet", "stated_date", "words"], preview[:10])
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key=["raw", "article_furniture"], metadata={**common, "dagster/row_count": furniture_rows}
    )
    yield dg.MaterializeResult(
        asset_key=["raw", "quarantined_articles"],
        metadata={
            **common,
            "dagster/row_count": len(quarantine),
            "quarantine_reasons": dict(report.reasons),
            "quarantined": dg.MetadataValue.md(markdown_preview(["source_uri", "reason", "detail"], quarantine)),
        },
    )


def _batch_rows(con, article_ids: list[str]) -> tuple[list[tuple], int, list[tuple]]:
    """What the batches' materializations show: the articles' preview rows, their furniture count
    and their quarantine rows."""
    preview = con.execute(
        """
        select source_uri, title, outlet_name, stated_date, word_count
        from raw.articles where article_id in (select unnest(?)) order by source_uri
        """,
        [article_ids],
    ).fetchall()
    furniture_rows = con.execute(
        "select count(*) from raw.article_furniture where article_id in (select unnest(?))", [article_ids]
    ).fetchone()[0]
    quarantine = con.execute(
        "select source_uri, reason, detail from raw.quarantined_articles where article_id in (select unnest(?)) order by source_uri",
        [article_ids],
    ).fetchall()
    return preview, furniture_rows, quarantine
