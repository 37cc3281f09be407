"""Pipeline steps over a warehouse connection, free of any orchestrator.

Dagster assets call these; so do the command line and the tests. Each step works on a
set of article ids, skips articles whose input and the digest of the code and rules that step
runs (newswh.store.extraction_key: ingest_digest, extraction_digest) are unchanged, and reports
what it did and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from newswh.ingest.discover import (
    Article,
    Quarantined,
    SourceRecord,
    discover,
    load_article,
    mark_duplicates,
)
from newswh.store import extraction_key
from newswh.store import raw as wh
from newswh.store.fingerprints import (
    FingerprintStats,
    fingerprints,
    forget_missing,
    remember_read,
    statuses_before_reading,
)
from newswh.store.marts import ARTICLE_MARTS
from newswh.store.progress import note, tracked


@dataclass
class IngestReport:
    requested: int = 0
    skipped_unchanged: int = 0
    ingested: int = 0
    quarantined: int = 0
    removed_rows: int = 0
    missing: list[str] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)  # quarantined articles, by reason
    processed_ids: list[str] = field(default_factory=list)
    why: Counter = field(default_factory=Counter)  # articles to ingest, by why (`stale_ingests`)

    def why_lines(self) -> list[str]:
        """E.g. "142 articles ingested again: ingest code changed", one line per reason."""
        return [
            f"{count} articles {'ingested' if why == NOT_INGESTED else 'ingested again'}: {why}"
            for why, count in sorted(self.why.items())
        ]


def records_by_id(articles_dir: Path) -> dict[str, SourceRecord]:
    return {record.article_id: record for record in discover(articles_dir)}


# Why an article is ingested (again); the run plan and the ingest step's log count each.
NOT_INGESTED = "not ingested before"
FILE_CHANGED = "file changed"
# extraction_key.ingest_digest: ingest's code, rule files, libraries and PIPELINE_VERSION.
INGEST_CODE_CHANGED = "ingest code changed"


def stale_ingests(
    con: duckdb.DuckDBPyConnection, records: dict[str, SourceRecord], stats: FingerprintStats | None = None
) -> dict[str, str]:
    """Articles whose bytes or ingest digest differ from what the warehouse holds, with why, in `records` order.

    Bytes are compared by fingerprint, kept by file status (newswh.store.fingerprints): an
    unchanged file is stat'ed, not read; an article whose digest differs is read again anyway,
    so it is not hashed first. `stats`, when given, receives what was hashed.
    """
    state = wh.ingested_state(con)
    digest = extraction_key.ingest_digest()
    why: dict[str, str] = {}
    known = {}
    for article_id, record in records.items():
        held = state.get(article_id)
        if held is None:
            why[article_id] = NOT_INGESTED
        elif held[1] != digest:
            why[article_id] = INGEST_CODE_CHANGED
        else:
            known[article_id] = record
    prints, done = fingerprints(con, known)
    why |= {article_id: FILE_CHANGED for article_id in known if prints[article_id] != state[article_id][0]}
    if stats is not None:
        stats.hashed += done.hashed
        stats.cached += done.cached
    return {article_id: why[article_id] for article_id in records if article_id in why}


def stale_article_ids(
    con: duckdb.DuckDBPyConnection, records: dict[str, SourceRecord], stats: FingerprintStats | None = None
) -> list[str]:
    """The articles of `stale_ingests`, in `records` order."""
    return list(stale_ingests(con, records, stats))


def ingest(
    con: duckdb.DuckDBPyConnection,
    articles_dir: Path,
    article_ids: list[str],
    prune_missing: bool = False,
    records: dict[str, SourceRecord] | None = None,
) -> IngestReport:
    """Load, clean and store the given articles; quarantine what cannot be used.

    `records` is the corpus as already discovered by the caller, so a big corpus is walked once.
    """
    wh.ensure_schema(con, wh.INGEST_TABLES)
    records = records if records is not None else records_by_id(articles_dir)
    report = IngestReport(requested=len(article_ids))
    report.missing = [article_id for article_id in article_ids if article_id not in records]
    wanted = {article_id: records[article_id] for article_id in article_ids if article_id in records}
    why = stale_ingests(con, wanted)
    stale = set(why)
    report.skipped_unchanged = len(wanted) - len(stale)
    report.why = Counter(why.values())
    for line in report.why_lines():
        note("ingest", line)

    before = statuses_before_reading([wanted[article_id] for article_id in sorted(stale)])
    outcomes = [load_article(wanted[article_id]) for article_id in tracked(sorted(stale), "ingest", len(stale))]
    # An unreadable file's outcome hashes no bytes: it is listed as changed until it can be read.
    read = {o.article_id: o.raw_hash for o in outcomes if getattr(o, "reason", None) != "unreadable_file"}
    remember_read(con, before, read, [wanted[article_id] for article_id in sorted(stale)])
    texts = [o.content_hash for o in outcomes if isinstance(o, Article)]
    outcomes = mark_duplicates(outcomes, wh.known_content_hashes(con, excluding=sorted(stale), among=texts))
    articles = [o for o in outcomes if isinstance(o, Article)]
    quarantined = [o for o in outcomes if isinstance(o, Quarantined)]
    # One article id lives in exactly one of the two tables: clear both before writing.
    touched = [o.article_id for o in outcomes]
    # Marked before the rows change (a mark alone only costs a rebuild): the event mentions read
    # the article's outlet and text, which can change without a new extraction (same text, new url).
    wh.mark_mart_changes(con, ARTICLE_MARTS, touched)
    wh.replace_rows(con, wh.ARTICLES, touched, [wh.article_row(a) for a in articles])
    wh.replace_rows(con, wh.ARTICLE_FURNITURE, touched, [row for a in articles for row in wh.furniture_rows(a)])
    wh.replace_rows(con, wh.QUARANTINED, touched, [wh.quarantine_row(q) for q in quarantined])

    report.ingested = len(articles)
    report.quarantined = len(quarantined)
    report.reasons = Counter(q.reason for q in quarantined)
    report.processed_ids = touched
    if prune_missing:
        report.removed_rows = wh.delete_articles_not_in(con, wh.INGEST_TABLES, list(records))
        forget_missing(con, list(records))
    return report


# Extracted articles written per transaction: their rows are held in memory until then (about
# 0.4 MB per article of the shared corpus), so a 10,000-article build would otherwise hold gigabytes.
EXTRACT_WRITE_ARTICLES = 250
# DuckDB's memory while extraction writes its rows: the blocks of the growing raw tables that each
# write reads (to delete an article's old rows) and writes would otherwise stay cached in the
# parent process, beside the workers, for the whole stage.
EXTRACT_DUCKDB_MEMORY = "512MB"


# Why an article is extracted (again); the run log counts each (`ExtractReport.reason_lines`).
NOT_EXTRACTED = "not extracted before"
TEXT_CHANGED = "text changed"
CODE_CHANGED = "extraction code changed"  # extraction_key's digest: code, rule files, model, PIPELINE_VERSION
_REASON = f"""
    case when s.article_id is null then '{NOT_EXTRACTED}'
         when s.content_hash is distinct from a.content_hash then '{TEXT_CHANGED}'
         when s.extraction_digest is distinct from $digest then '{CODE_CHANGED}'
    end"""


@dataclass
class ExtractReport:
    requested: int = 0
    skipped_unchanged: int = 0
    extracted: int = 0
    not_ingested: int = 0
    rows: Counter = field(default_factory=Counter)
    per_article: dict[str, dict[str, int]] = field(default_factory=dict)
    reasons: Counter = field(default_factory=Counter)  # articles to extract, by why

    def reason_lines(self) -> list[str]:
        """E.g. "142 articles re-extracted: extraction code changed", one line per reason."""
        return [
            f"{count} articles {'extracted' if reason == NOT_EXTRACTED else 're-extracted'}: {reason}"
            for reason, count in sorted(self.reasons.items())
        ]


def stale_extractions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every ingested article whose extraction is missing or out of date, with why (`make run` plans by it)."""
    wh.ensure_schema(con, wh.tables_in("extract"))
    rows = con.execute(
        f"""
        select article_id, reason from (
            select a.article_id, {_REASON} as reason
            from {wh.RAW_SCHEMA}.articles a left join {wh.RAW_SCHEMA}.extraction_state s using (article_id)
        ) where reason is not null order by article_id
        """,
        {"digest": extraction_key.extraction_digest()},
    ).fetchall()
    return dict(rows)


def extract(
    con: duckdb.DuckDBPyConnection, article_ids: list[str], nlp=None, n_process: int | None = None
) -> ExtractReport:
    """Run the NLP stage on the given articles whose cleaned text or extraction code changed since the last run.

    `n_process` is passed to `newswh.extract.extract_articles` (None: the configured cores).
    """
    from newswh import extract as ex

    wh.ensure_schema(con, ex.EXTRACT_TABLES)
    report = ExtractReport(requested=len(article_ids))
    rows = con.execute(
        f"""
        select a.article_id, a.body_text, a.content_hash, a.stated_date, a.stated_date_text, a.metadata_date,
               a.dateline, a.dateline_date, a.dateline_place, a.url, a.image_url, {_REASON} as reason
        from {wh.RAW_SCHEMA}.articles a
        left join {wh.RAW_SCHEMA}.extraction_state s using (article_id)
        where a.article_id in (select unnest($ids))
        order by a.article_id
        """,
        {"digest": extraction_key.extraction_digest(), "ids": list(article_ids)},
    ).fetchall()
    present = {row[0] for row in rows}
    # Quarantined or vanished articles must not keep extraction rows from an earlier life.
    gone = [article_id for article_id in article_ids if article_id not in present]
    report.not_ingested = len(gone)
    todo = [ex.ArticleInput(*row[:11]) for row in rows if row[11]]
    report.skipped_unchanged = len(rows) - len(todo)
    report.reasons = Counter(row[11] for row in rows if row[11])
    for line in report.reason_lines():
        note("extract", line)

    extracted = tracked(ex.extract_articles(todo, nlp=nlp, n_process=n_process), "extract", len(todo))
    with wh.memory_limit(con, EXTRACT_DUCKDB_MEMORY):
        _write_extractions(con, report, [], gone)
        chunk: list = []
        for result in extracted:
            chunk.append(result)
            if len(chunk) == EXTRACT_WRITE_ARTICLES:
                _write_extractions(con, report, chunk, [])
                chunk = []
        _write_extractions(con, report, chunk, [])
    return report


def _write_extractions(con: duckdb.DuckDBPyConnection, report: ExtractReport, results: list, gone: list[str]) -> None:
    """Replace the rows of the extracted articles, and clear those of `gone`, table by table.

    extraction_state is the last table, so an article interrupted half-way is extracted again.
    """
    from newswh import extract as ex

    touched = [r.article_id for r in results] + gone
    if not touched:
        return
    for table in ex.EXTRACT_TABLES:
        table_rows = [row for result in results for row in result.rows.get(table.name, [])]
        report.rows[table.name] += wh.replace_rows(con, table, touched, table_rows)
    report.extracted += len(results)
    for r in results:
        report.per_article[r.article_id] = {
            t.name: r.count(t.name) for t in ex.EXTRACT_TABLES if t.name != "extraction_state"
        }


def prune_extractions(con: duckdb.DuckDBPyConnection) -> int:
    """Drop extraction rows of articles no longer in raw.articles."""
    from newswh import extract as ex

    wh.ensure_schema(con, ex.EXTRACT_TABLES)
    ids = [row[0] for row in con.execute(f"select article_id from {wh.RAW_SCHEMA}.articles").fetchall()]
    return wh.delete_articles_not_in(con, ex.EXTRACT_TABLES, ids)
