"""Pipeline steps over a warehouse connection, free of any orchestrator.

Dagster assets call these; so do the command line and the tests. Each step works on a
set of article ids, skips articles whose input and pipeline version are unchanged, and
reports what it did.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from newswh import warehouse as wh
from newswh.config import PIPELINE_VERSION
from newswh.ingest import Article, Quarantined, SourceRecord, discover, load_article, mark_duplicates


@dataclass
class IngestReport:
    requested: int = 0
    skipped_unchanged: int = 0
    ingested: int = 0
    quarantined: int = 0
    removed_rows: int = 0
    missing: list[str] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)
    processed_ids: list[str] = field(default_factory=list)


def records_by_id(articles_dir: Path) -> dict[str, SourceRecord]:
    return {record.article_id: record for record in discover(articles_dir)}


def stale_article_ids(con: duckdb.DuckDBPyConnection, records: dict[str, SourceRecord]) -> list[str]:
    """Articles whose bytes or pipeline version differ from what the warehouse holds."""
    from newswh.ingest import read_record_bytes, sha256

    state = wh.ingested_state(con)
    stale = []
    for article_id, record in records.items():
        held = state.get(article_id)
        if held is None or held[1] != PIPELINE_VERSION:
            stale.append(article_id)
            continue
        try:
            current = sha256(read_record_bytes(record))
        except OSError:
            current = None
        if current != held[0]:
            stale.append(article_id)
    return stale


def ingest(
    con: duckdb.DuckDBPyConnection,
    articles_dir: Path,
    article_ids: list[str],
    prune_missing: bool = False,
) -> IngestReport:
    """Load, clean and store the given articles; quarantine what cannot be used."""
    wh.ensure_schema(con, wh.INGEST_TABLES)
    records = records_by_id(articles_dir)
    report = IngestReport(requested=len(article_ids))
    report.missing = [article_id for article_id in article_ids if article_id not in records]
    wanted = {article_id: records[article_id] for article_id in article_ids if article_id in records}
    stale = set(stale_article_ids(con, wanted))
    report.skipped_unchanged = len(wanted) - len(stale)

    outcomes = [load_article(wanted[article_id]) for article_id in sorted(stale)]
    outcomes = mark_duplicates(outcomes, wh.known_content_hashes(con, excluding=sorted(stale)))
    articles = [o for o in outcomes if isinstance(o, Article)]
    quarantined = [o for o in outcomes if isinstance(o, Quarantined)]
    # One article id lives in exactly one of the two tables: clear both before writing.
    touched = [o.article_id for o in outcomes]
    wh.replace_rows(con, wh.ARTICLES, touched, [wh.article_row(a) for a in articles])
    wh.replace_rows(con, wh.ARTICLE_FURNITURE, touched, [row for a in articles for row in wh.furniture_rows(a)])
    wh.replace_rows(con, wh.QUARANTINED, touched, [wh.quarantine_row(q) for q in quarantined])

    report.ingested = len(articles)
    report.quarantined = len(quarantined)
    report.reasons = Counter(q.reason for q in quarantined)
    report.processed_ids = touched
    if prune_missing:
        report.removed_rows = wh.delete_articles_not_in(con, wh.INGEST_TABLES, list(records))
    return report
