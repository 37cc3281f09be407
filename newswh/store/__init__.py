"""Store: the warehouse's raw layer, the pipeline steps that fill it, and read-only queries.

This package owns the raw tables Python writes and dbt reads as sources (`raw`), the
orchestrator-free pipeline steps over a warehouse connection (`pipeline`), the steps that
need every article at once (`crossarticle`), the batches the corpus is partitioned by
(`batches`), the raw layer as Parquet files per batch (`rawfiles`, and `rawingest` for ingest on the
workers), and `newswh query` (`query`).

The public names below are what the orchestration layer and the tests use. They load on first
use (`newswh.lazy_exports`): the raw layer pulls in duckdb and pyarrow, the pipeline the whole
ingest package, and `newswh query` or `python -m newswh.store.tables` need neither.
"""

from newswh import lazy_exports

_EXPORTS = {
    # raw layer
    "INGEST_TABLES": "raw:INGEST_TABLES",
    "Table": "tables:Table",
    "connect": "raw:connect",
    "ingested_state": "raw:ingested_state",
    # per-article pipeline steps
    "records_by_id": "pipeline:records_by_id",
    "stale_article_ids": "pipeline:stale_article_ids",
    "stale_ingests": "pipeline:stale_ingests",
    "NOT_INGESTED": "pipeline:NOT_INGESTED",
    "INGEST_CODE_CHANGED": "pipeline:INGEST_CODE_CHANGED",
    "stale_extractions": "pipeline:stale_extractions",
    "ingest_batch": "pipeline:ingest",
    "extract_batch": "pipeline:extract",
    "prune_extractions": "pipeline:prune_extractions",
    # steps across articles
    "ACTOR_TABLES": "crossarticle:ACTOR_TABLES",
    "EVENT_TABLES": "crossarticle:EVENT_TABLES",
    "ensure_cross_article_tables": "crossarticle:ensure_tables",
    "resolve_actors_across_articles": "crossarticle:resolve_actors",
    "discard_mart_changes": "crossarticle:discard_mart_changes",
    "consolidate_events_across_articles": "crossarticle:consolidate_events",
    # partitions of the corpus
    "article_batches": "batches:article_batches",
    "articles_of": "batches:articles_of",
    # the raw layer as Parquet files, for distributed extraction
    "raw_layer_root": "rawfiles:storage_root",
    "extract_batch_files": "rawfiles:extract_batch_files",
    "RECORDS_FOLDER": "rawingest:RECORDS_FOLDER",
    "prepare_batch_tasks": "rawingest:prepare_batch_tasks",
    "ingest_batch_files": "rawingest:ingest_batch_files",
    "settle_duplicates": "rawingest:settle_duplicates",
    "CorpusChangedError": "rawingest:CorpusChangedError",
    "load_raw_batches": "rawingest:load_batches",
    "statuses_before_reading": "fingerprints:statuses_before_reading",
    "remember_worker_reads": "rawingest:remember_worker_reads",
    "raw_files_root": "rawfiles:files_root",
    "prune_batch_files": "rawfiles:prune_batch_files",
    "prune_vanished_batches": "rawfiles:prune_vanished_batches",
    "dbt_source_template": "rawfiles:dbt_source_template",
    "RAW_FILES_SETTING": "tables:RAW_FILES_SETTING",
    "export_raw_parts": "rawparts:export_parts",
    # dbt's results
    "data_tests_scope": "dbt_results:data_tests_scope",
    "dbt_errors": "dbt_results:dbt_errors",
    "dbt_status_counts": "dbt_results:dbt_status_counts",
    "forget_parse_of_another_project": "dbt_results:forget_parse_of_another_project",
    "MACROS_HASH_SETTING": "dbt_results:MACROS_HASH_SETTING",
    "macros_hash": "dbt_results:macros_hash",
    "project_digest": "dbt_results:project_digest",
    "record_data_tests_scope": "dbt_results:record_data_tests_scope",
    "write_data_tests_scope": "dbt_results:write_data_tests_scope",
    "dbt_warnings": "dbt_results:dbt_warnings",
    "format_errors": "dbt_results:format_errors",
    "format_warnings": "dbt_results:format_warnings",
    # DuckDB's lock errors, told apart and named (`newswh query`, `make run`)
    "is_lock_error": "query:is_lock_error",
    "lock_holder_pid": "query:lock_holder_pid",
    # progress lines for a step
    "stage": "progress:stage",
    "tracked": "progress:tracked",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
