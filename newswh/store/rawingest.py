"""Ingest into the raw layer's files: each worker reads and cleans its own batches; the coordinator dedups.

In a distributed build the coordinator only lists the corpus (`records_by_id`, and the byte
hashes `make run` compares too) and writes, per batch with work to do, the batch's records file
(`<root>/_batch_records/<key>.parquet`: where each record is, and whether its bytes changed).
A worker then ingests the batch (`ingest_batch_files`: the changed records are read and cleaned,
the unchanged ones keep their rows from the batch's ingest files) and extracts it
(`newswh.store.rawfiles.extract_batch_files`), in one task. The worker reaches the corpus at
the same path as the coordinator.

Duplicate content can only be seen across batches, so the coordinator settles it afterwards
(`settle_duplicates`) by the rule `make run` applies to the articles it reads again: an article
already kept keeps its text, otherwise the first by source_uri; a duplicate's rows leave its
batch's files and its quarantine row joins them. Then `load_batches` copies the batches' files
into the coordinator's raw tables, which the steps across articles read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from newswh.ingest.discover import Article, Quarantined, SourceRecord, load_article, mark_duplicates
from newswh.store import raw as wh
from newswh.store.batches import file_uri
from newswh.store.fingerprints import forget_missing, remember_read
from newswh.store.pipeline import stale_article_ids
from newswh.store.progress import tracked
from newswh.store.rawfiles import (
    INGEST_FILE_TABLES,
    batches_needing_extraction,
    batches_with_file,
    read_parquet,
    read_table_file,
    task_chunks,
    write_parquet,
    write_rows,
    write_table_file,
)
from newswh.store.tables import RAW_SCHEMA, Table

RECORDS_FOLDER = "_batch_records"
# Paths and details are bytes: a file name that is not UTF-8 travels losslessly (os.fsencode).
RECORDS_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_uri", pa.string()),
        ("path", pa.binary()),
        ("record_index", pa.int64()),
        ("rejection_reason", pa.string()),
        ("rejection_detail", pa.binary()),
        ("changed", pa.bool_()),
    ]
)


def records_file(root: str, batch_key: str) -> str:
    return f"{root.rstrip('/')}/{RECORDS_FOLDER}/{batch_key}.parquet"


def write_batch_records(root: str, batch_key: str, records: Sequence[SourceRecord], changed: set[str]) -> None:
    """The batch's records as the worker needs them: where each is, and whether it must be read again."""
    rows = [
        {
            "article_id": r.article_id,
            "source_uri": r.source_uri,
            "path": os.fsencode(r.path),
            "record_index": r.record_index,
            "rejection_reason": r.rejection[0] if r.rejection else None,
            "rejection_detail": r.rejection[1].encode("utf-8", "surrogateescape") if r.rejection else None,
            "changed": r.article_id in changed,
        }
        for r in sorted(records, key=lambda r: r.article_id)
    ]
    write_parquet(records_file(root, batch_key), pa.Table.from_pylist(rows, schema=RECORDS_SCHEMA))


def read_batch_records(root: str, batch_key: str) -> list[tuple[SourceRecord, bool]]:
    """(record, changed) for each record of the batch, as the coordinator listed it."""
    data = read_parquet(records_file(root, batch_key))
    if data is None:
        raise FileNotFoundError(f"batch {batch_key} has no records file {records_file(root, batch_key)}")
    result = []
    for row in data.to_pylist():
        rejection = None
        if row["rejection_reason"] is not None:
            rejection = (row["rejection_reason"], row["rejection_detail"].decode("utf-8", "surrogateescape"))
        path = Path(os.fsdecode(row["path"]))
        record = SourceRecord(row["article_id"], row["source_uri"], path, row["record_index"], rejection)
        result.append((record, row["changed"]))
    return result


def _held_rows(root: str, table: Table, batch_key: str, keep: set[str]) -> list[dict]:
    data = read_table_file(root, table, batch_key)
    return [] if data is None else [row for row in data.to_pylist() if row["article_id"] in keep]


def ingest_batch_files(root: str, batch_key: str) -> int:
    """Ingest one batch into its ingest files (no dedup: see the module); the records read and cleaned.

    A record whose bytes are unchanged and whose rows the batch's files hold keeps those rows
    (a duplicate's quarantine row included); every other record is read and cleaned here.
    """
    listed = read_batch_records(root, batch_key)
    held_ids = {
        article_id
        for table in (wh.ARTICLES, wh.QUARANTINED)
        if (data := read_table_file(root, table, batch_key)) is not None
        for article_id in data.column("article_id").to_pylist()
    }
    keep = {record.article_id for record, changed in listed if not changed and record.article_id in held_ids}
    todo = [record for record, _changed in listed if record.article_id not in keep]
    outcomes = [load_article(r) for r in tracked(todo, "ingest", len(todo))]
    articles = [o for o in outcomes if isinstance(o, Article)]
    quarantined = [o for o in outcomes if isinstance(o, Quarantined)]

    def rows(table: Table, new: list[dict]) -> list[dict]:
        return sorted(_held_rows(root, table, batch_key, keep) + new, key=lambda row: row["article_id"])

    write_rows(root, wh.ARTICLES, batch_key, rows(wh.ARTICLES, [wh.article_row(a) for a in articles]))
    furniture = [row for a in articles for row in wh.furniture_rows(a)]
    write_rows(root, wh.ARTICLE_FURNITURE, batch_key, rows(wh.ARTICLE_FURNITURE, furniture))
    write_rows(root, wh.QUARANTINED, batch_key, rows(wh.QUARANTINED, [wh.quarantine_row(q) for q in quarantined]))
    return len(outcomes)


def _batches_that_lost_a_record(
    con: duckdb.DuckDBPyConnection, records: Mapping[str, SourceRecord], batches: Mapping[str, Sequence[str]]
) -> set[str]:
    """Batches of a multi-record file one of whose records the raw store holds but the corpus no longer has."""
    removed = sorted(set(wh.ingested_state(con)) - set(records))
    if not removed:
        return set()
    uris = con.execute(
        f"""
        select source_uri from {RAW_SCHEMA}.articles where article_id in (select unnest(?))
        union all
        select source_uri from {RAW_SCHEMA}.quarantined_articles where article_id in (select unnest(?))
        """,
        [removed, removed],
    ).fetchall()
    files = {uri.rsplit("#", 1)[0] for (uri,) in uris}
    return {key for key, ids in batches.items() if any(file_uri(records[i]) in files for i in ids)}


def batches_to_ingest(
    con: duckdb.DuckDBPyConnection,
    root: str,
    records: Mapping[str, SourceRecord],
    batches: Mapping[str, Sequence[str]],
) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """The batches with work to do, and the changed articles (new bytes or pipeline version).

    A batch has work when one of its records changed, when an article of it lacks a current
    extraction, when its files are missing from the layer, or when its file lost a record.
    """
    from newswh.extract import EXTRACTION_STATE

    changed = stale_article_ids(con, dict(records))
    forget_missing(con, list(records))
    keys = {key for key, ids in batches.items() if not set(changed).isdisjoint(ids)}
    keys |= set(batches_needing_extraction(con, batches))
    keys |= set(batches) - batches_with_file(root, EXTRACTION_STATE)
    keys |= _batches_that_lost_a_record(con, records, batches)
    return {key: tuple(batches[key]) for key in sorted(keys)}, changed


def _weights(con: duckdb.DuckDBPyConnection, records: Mapping[str, SourceRecord], ids: Sequence[str]) -> dict:
    """Each article's expected work: its text length when known, else its share of its file's bytes."""
    lengths = dict(
        con.execute(
            f"select article_id, length(body_text) from {RAW_SCHEMA}.articles where article_id in (select unnest(?))",
            [list(ids)],
        ).fetchall()
    )
    per_file: dict[str, int] = {}
    for article_id in ids:
        per_file[file_uri(records[article_id])] = per_file.get(file_uri(records[article_id]), 0) + 1
    weights = {}
    for article_id in ids:
        if article_id in lengths:
            weights[article_id] = lengths[article_id]
            continue
        record = records[article_id]
        try:
            size = 1 if record.rejection else os.stat(record.path).st_size
        except OSError:
            size = 1
        weights[article_id] = max(1, size // per_file[file_uri(record)])
    return weights


def prepare_batch_tasks(
    con: duckdb.DuckDBPyConnection,
    root: str,
    records: Mapping[str, SourceRecord],
    batches: Mapping[str, Sequence[str]],
    workers: int,
    max_articles: int,
) -> tuple[dict[str, tuple[str, ...]], list[str], list[list[str]]]:
    """Write the records file of each batch with work to do; those batches, the changed articles, the tasks."""
    wh.ensure_schema(con, wh.INGEST_TABLES)
    todo, changed = batches_to_ingest(con, root, records, batches)
    changed_set = set(changed)
    for key, ids in todo.items():
        write_batch_records(root, key, [records[i] for i in ids], changed_set)
    weights = _weights(con, records, [i for ids in todo.values() for i in ids])
    return todo, changed, task_chunks(todo, workers, max_articles, weights)


def _new_articles(root: str, batch_keys: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(source_uri, article_id, content_hash, batch key) of every kept article of the batches."""
    rows = []
    for key in batch_keys:
        data = read_table_file(root, wh.ARTICLES, key)
        if data is None:
            raise FileNotFoundError(f"batch {key} has no ingest file under {root}")
        columns = data.select(["source_uri", "article_id", "content_hash"]).to_pylist()
        rows += [(r["source_uri"], r["article_id"], r["content_hash"], key) for r in columns]
    return sorted(rows)


def settle_duplicates(
    con: duckdb.DuckDBPyConnection,
    root: str,
    batch_keys: Sequence[str],
    changed: Sequence[str],
    records: Mapping[str, SourceRecord],
) -> int:
    """Quarantine, across the batches just written, each article whose text another one already has; how many.

    Owners are what the raw store keeps of the unchanged articles, then the batches' articles in
    source_uri order: `make run`'s `mark_duplicates` over the articles it reads again.
    """
    from newswh.extract import EXTRACT_TABLES

    new = _new_articles(root, batch_keys)
    owners = wh.known_content_hashes(con, excluding=list(changed), among=[row[2] for row in new])
    duplicates: dict[str, list[Quarantined]] = {}
    for _uri, article_id, content_hash, key in new:
        owner = owners.get(content_hash)
        if owner is not None and owner != article_id:
            duplicates.setdefault(key, []).append(duplicate_outcome(records[article_id], content_hash, owner))
            continue
        owners[content_hash] = article_id
    for key, quarantined in duplicates.items():
        _move_to_quarantine(root, key, quarantined, EXTRACT_TABLES)
    return sum(len(items) for items in duplicates.values())


class CorpusChangedError(RuntimeError):
    """A corpus file changed while the build read it: its rows and its quarantine would disagree."""


def duplicate_outcome(record: SourceRecord, content_hash: str, owner: str) -> Quarantined:
    """The quarantine row of a duplicate, read again here (duplicates are few) so that it keeps the
    input's first bytes. A file rewritten since the worker read it is no longer that duplicate."""
    outcome = mark_duplicates([load_article(record)], {content_hash: owner})[0]
    if not isinstance(outcome, Quarantined):
        raise CorpusChangedError(f"{record.source_uri} changed during the build; run it again")
    return outcome


def _move_to_quarantine(root: str, batch_key: str, quarantined: list, extract_tables: Sequence[Table]) -> None:
    """Take the duplicates' rows out of every file of the batch (extraction_state last) and quarantine them."""
    ids = pa.array(sorted(q.article_id for q in quarantined), pa.string())
    for table in (*INGEST_FILE_TABLES, *extract_tables):
        data = read_table_file(root, table, batch_key)
        if data is None:
            continue
        kept = data.filter(pc.invert(pc.is_in(data.column(table.article_key), value_set=ids)))
        if table.name == wh.QUARANTINED.name:
            rows = kept.to_pylist() + [wh.quarantine_row(q) for q in quarantined]
            write_rows(root, table, batch_key, sorted(rows, key=lambda row: row["article_id"]))
        else:
            write_table_file(root, table, batch_key, kept)


def load_batches(
    con: duckdb.DuckDBPyConnection, root: str, batches: Mapping[str, Sequence[str]], tables: Sequence[Table]
) -> int:
    """Replace the raw tables' rows of each batch's articles by its files, one transaction per batch; the articles.

    A batch whose extraction_state file is missing (a worker died before finishing it) is
    refused: the build would otherwise go on over missing rows.
    """
    wh.ensure_schema(con, tables)
    loaded = 0
    for key, article_ids in batches.items():
        files = {table.name: read_table_file(root, table, key) for table in tables}
        missing = [name for name, data in files.items() if data is None]
        if missing:
            raise FileNotFoundError(f"batch {key} has no finished {', '.join(missing)} file under {root}")
        with wh.transaction(con):
            for table in tables:
                wh.delete_keys(con, table, table.article_key, list(article_ids))
                con.register("_incoming", files[table.name])
                con.execute(f"insert into {RAW_SCHEMA}.{table.name} select * from _incoming")
                con.unregister("_incoming")
        loaded += len(article_ids)
    return loaded


def remember_worker_reads(
    con: duckdb.DuckDBPyConnection, before: tuple, records: Mapping[str, SourceRecord], article_ids: Sequence[str]
) -> None:
    """Keep the fingerprints of the records the workers read (their raw_hash, now loaded here), so the
    next build stats them rather than reading them again. `before` is `statuses_before_reading` of them,
    taken before the workers started; a file whose status moved since is left out."""
    rows = con.execute(
        f"""
        select article_id, raw_hash from {RAW_SCHEMA}.articles where article_id in (select unnest(?))
        union all
        select article_id, raw_hash from {RAW_SCHEMA}.quarantined_articles
        where article_id in (select unnest(?)) and reason <> 'unreadable_file'
        """,
        [list(article_ids), list(article_ids)],
    ).fetchall()
    remember_read(con, before, dict(rows), [records[article_id] for article_id in article_ids])
