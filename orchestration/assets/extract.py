"""Extract group: one spaCy pass per article into sentences, entities, times, actors, events."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from newswh import extract as ex
from newswh.store import extract_batch, prune_extractions
from orchestration.metadata import markdown_preview, raw_table_spec
from orchestration.partitions import article_batch_partitions, corpus_batches, requested_articles
from orchestration.resources import CorpusResource

EXTRACT_TABLES = [table for table in ex.EXTRACT_TABLES if not table.internal]


@dg.multi_asset(
    name="extract_articles",
    specs=[
        raw_table_spec(
            table,
            deps=[["raw", "articles"]],
            group_name="extract",
            kinds={"spacy", "python", "duckdb"},
        )
        for table in EXTRACT_TABLES
    ],
    partitions_def=article_batch_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    can_subset=False,
)
def extract_articles(context: dg.AssetExecutionContext, raw_store: DuckDBResource, corpus: CorpusResource):
    """Run spaCy once over each cleaned article of the requested batches and store what every extractor finds.

    Every row carries character offsets into `raw.articles.body_text`. Articles whose
    cleaned text and extraction digest (code, rule files, spaCy model, pipeline version) are
    unchanged are skipped, so a rerun does no NLP.
    """
    _records, batches = corpus_batches(corpus.path)
    article_ids, full_refresh = requested_articles(context, batches)
    with raw_store.get_connection() as con:
        report = extract_batch(con, article_ids)
        for line in report.reason_lines():
            context.log.info(line)
        if full_refresh:
            prune_extractions(con)
        quarantined = con.execute(
            "select count(*) from raw.quarantined_articles where article_id in (select unnest(?))", [article_ids]
        ).fetchone()[0]
        totals = {
            table.name: con.execute(f"select count(*) from raw.{table.name}").fetchone()[0] for table in EXTRACT_TABLES
        }
    headers = ["article_id", *(table.name for table in EXTRACT_TABLES)]
    per_article = [
        (article_id, *(counts.get(table.name, 0) for table in EXTRACT_TABLES))
        for article_id, counts in sorted(report.per_article.items())
    ]
    common = {
        "batches_requested": len(context.partition_keys),
        "articles_requested": report.requested,
        "articles_extracted": report.extracted,
        "articles_skipped_unchanged": report.skipped_unchanged,
        "articles_extracted_by_reason": dg.MetadataValue.json(dict(sorted(report.reasons.items()))),
        "articles_quarantined": quarantined,
        "per_article_counts": dg.MetadataValue.md(markdown_preview(headers, per_article[:50])),
    }
    for table in EXTRACT_TABLES:
        yield dg.MaterializeResult(
            asset_key=["raw", table.name],
            metadata={**common, "dagster/row_count": totals[table.name], "rows_written": report.rows[table.name]},
        )
