"""The raw layer as files: one Parquet file per raw table and article batch, under a storage root.

Distributed ingest and extraction cannot write one DuckDB file (one writer), so each worker writes
the rows of its batches here instead (ingest: `newswh.store.rawingest`), and the coordinator
loads them into its own raw store before the steps across articles; dbt reads the files. The
root is a local folder by default (`<warehouse folder>/raw_layer`) or any fsspec URL
(`s3://bucket/prefix`, NEWSWH_RAW_ROOT).

A file's name is its table and batch key (`<root>/<table>/<batch key>.parquet`), so a retried
batch overwrites its own files and never adds a second copy; each file is written under a
temporary name and renamed, so a reader never sees half a file. A batch's extraction_state
file is written last: a batch without it is not done.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Mapping, Sequence

import duckdb
import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from newswh import config
from newswh.store import extraction_key
from newswh.store import raw as wh
from newswh.store.tables import RAW_FILES_SETTING, RAW_SCHEMA, Table

ROOT_SETTING = "NEWSWH_RAW_ROOT"
# The file name of a table written once for the whole corpus (the steps across articles), beside
# the per-batch files of the others; no batch key can take it (keys are article ids or `b_...`).
CORPUS_KEY = "corpus"
INGEST_FILE_TABLES = (wh.ARTICLES, wh.ARTICLE_FURNITURE, wh.QUARANTINED)
LAYER_BATCHES = wh.TABLES["layer_batches"]
ARTICLE_INPUT_COLUMNS = (
    "article_id",
    "body_text",
    "content_hash",
    "stated_date",
    "stated_date_text",
    "metadata_date",
    "dateline",
    "dateline_date",
    "dateline_place",
    "url",
    "image_url",
)


def storage_root() -> str:
    """NEWSWH_RAW_ROOT, or the folder `raw_layer` beside the warehouse file."""
    return os.environ.get(ROOT_SETTING) or str(config.raw_layer_dir())


def dbt_source_template(root: str) -> str:
    """dbt-duckdb's external_location for every raw source: all the files of its table under `root`."""
    return f"read_parquet('{root.rstrip('/')}/{{name}}/*.parquet')"


def files_root() -> str | None:
    """The raw layer's root when dbt reads its sources from the files (a distributed build), else None."""
    return storage_root() if os.environ.get(RAW_FILES_SETTING) else None


def batch_file(root: str, table: Table, batch_key: str) -> str:
    return f"{root.rstrip('/')}/{table.name}/{batch_key}.parquet"


def write_parquet(path: str, data: pa.Table) -> str:
    """Write a Parquet file to a temporary name, then rename it over `path`: a reader never sees half a file."""
    fs, final = fsspec.core.url_to_fs(path)
    fs.makedirs(final.rsplit("/", 1)[0], exist_ok=True)
    temporary = f"{final}.{uuid.uuid4().hex}.tmp"
    with fs.open(temporary, "wb") as handle:
        pq.write_table(data, handle)
    if isinstance(fs, LocalFileSystem):
        os.replace(temporary, final)  # atomic on one filesystem; fs.mv may copy then delete
    else:
        fs.mv(temporary, final)
    return final


def read_parquet(path: str, columns: Sequence[str] | None = None) -> pa.Table | None:
    """A Parquet file under the root, or None when it is not there."""
    fs, local = fsspec.core.url_to_fs(path)
    if not fs.exists(local):
        return None
    with fs.open(local, "rb") as handle:
        return pq.read_table(handle, columns=list(columns) if columns else None)


def write_table_file(root: str, table: Table, batch_key: str, data: pa.Table) -> str:
    """Write one batch's rows of one table, replacing its file whole."""
    return write_parquet(batch_file(root, table, batch_key), data.cast(table.arrow_schema()))


def write_rows(root: str, table: Table, batch_key: str, rows: Sequence[dict]) -> int:
    for row in rows:
        table.check_row(row)
    write_table_file(root, table, batch_key, pa.Table.from_pylist(list(rows), schema=table.arrow_schema()))
    return len(rows)


def read_table_file(root: str, table: Table, batch_key: str) -> pa.Table | None:
    """One batch's rows of one table, or None when the batch has not written it."""
    data = read_parquet(batch_file(root, table, batch_key))
    return None if data is None else data.cast(table.arrow_schema())


def prune_batch_files(root: str, folders: Sequence[str], keep: Sequence[str]) -> int:
    """Delete the files of batches no longer in the corpus (a deleted file, a re-cut .jsonl); how many.

    `folders` are the tables' names (and any other per-batch folder under the root).
    """
    wanted = {*keep, CORPUS_KEY}
    removed = 0
    for name in folders:
        fs, folder = fsspec.core.url_to_fs(f"{root.rstrip('/')}/{name}")
        if not fs.exists(folder):
            continue
        for path in fs.ls(folder, detail=False):
            file_name = path.rsplit("/", 1)[-1]
            if file_name.endswith(".parquet") and file_name.removesuffix(".parquet") not in wanted:
                fs.rm(path)
                removed += 1
    return removed


def prune_vanished_batches(
    con: duckdb.DuckDBPyConnection, root: str, folders: Sequence[str], keep: Sequence[str]
) -> int:
    """`prune_batch_files`, by delta: delete by name the files of the batches the last build kept and
    this corpus lost (raw.layer_batches), rather than listing every folder; how many files.

    With no batches kept yet (a first distributed build on this store), the folders are listed once.
    """
    wh.ensure_schema(con, [LAYER_BATCHES])
    rows = con.execute(f"select batch_key from {RAW_SCHEMA}.layer_batches where root = ?", [root]).fetchall()
    held = {key for (key,) in rows}
    wanted = set(keep)
    if not held:
        removed = prune_batch_files(root, folders, keep)
    else:
        removed = 0
        for name in folders:
            for key in sorted(held - wanted):
                fs, path = fsspec.core.url_to_fs(f"{root.rstrip('/')}/{name}/{key}.parquet")
                if fs.exists(path):
                    fs.rm(path)
                    removed += 1
    with wh.transaction(con):
        con.execute(
            f"delete from {RAW_SCHEMA}.layer_batches where root = ? and batch_key in (select unnest(?))",
            [root, sorted(held - wanted)],
        )
        wh.insert_rows(con, LAYER_BATCHES, [{"root": root, "batch_key": key} for key in sorted(wanted - held)])
    return removed


def batches_with_file(root: str, table: Table) -> set[str]:
    """The batch keys that have a file of `table` under the root (one listing, not one lookup per batch)."""
    fs, folder = fsspec.core.url_to_fs(f"{root.rstrip('/')}/{table.name}")
    if not fs.exists(folder):
        return set()
    names = (path.rsplit("/", 1)[-1] for path in fs.ls(folder, detail=False))
    return {name.removesuffix(".parquet") for name in names if name.endswith(".parquet")}


def batches_needing_extraction(
    con: duckdb.DuckDBPyConnection, batches: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    """The batches holding an ingested article whose extraction is missing or out of date."""
    from newswh import extract as ex

    wh.ensure_schema(con, ex.EXTRACT_TABLES)
    stale = {
        row[0]
        for row in con.execute(
            f"""
            select a.article_id from {RAW_SCHEMA}.articles a
            left join {RAW_SCHEMA}.extraction_state s using (article_id)
            where s.content_hash is distinct from a.content_hash or s.extraction_digest is distinct from ?
            """,
            [extraction_key.extraction_digest()],
        ).fetchall()
    }
    return {key: tuple(ids) for key, ids in batches.items() if stale.intersection(ids)}


def task_chunks(
    batches: Mapping[str, Sequence[str]],
    workers: int,
    max_articles: int,
    weights: Mapping[str, int] | None = None,
) -> list[list[str]]:
    """Batch keys grouped into tasks of about equal work, at least two tasks per worker, heaviest first.

    Work is an article's weight (its text length; 1 when unknown): extraction time grows with the
    text, and a task of long articles would leave the other workers idle at the end. Batches are
    placed largest first on the lightest task (LPT); the heaviest tasks are queued first, so the
    light ones fill the gaps at the end. A task loads nothing itself (spaCy is loaded once per worker
    process), so tasks of many one-article batches cost no more than one batch of many articles.
    """
    total = sum(len(ids) for ids in batches.values())
    if not total:
        return []
    size = max(1, min(max_articles, math.ceil(total / (2 * max(1, workers)))))
    count = min(len(batches), math.ceil(total / size))
    weights = weights or {}

    def work(key: str) -> int:
        return sum(max(1, weights.get(article_id, 1)) for article_id in batches[key])

    chunks: list[tuple[int, list[str]]] = [(0, []) for _ in range(count)]
    for key in sorted(batches, key=lambda key: (-work(key), key)):
        lightest = min(range(count), key=lambda index: (chunks[index][0], index))
        chunks[lightest] = (chunks[lightest][0] + work(key), [*chunks[lightest][1], key])
    ordered = sorted(chunks, key=lambda chunk: (-chunk[0], chunk[1]))
    return [sorted(keys) for _work, keys in ordered if keys]


def _article_inputs(root: str, batch_key: str) -> list:
    from newswh import extract as ex

    articles = read_table_file(root, wh.ARTICLES, batch_key)
    if articles is None:
        raise FileNotFoundError(f"batch {batch_key} has no ingest file {batch_file(root, wh.ARTICLES, batch_key)}")
    rows = articles.select(list(ARTICLE_INPUT_COLUMNS)).to_pylist()
    return [ex.ArticleInput(**row) for row in sorted(rows, key=lambda row: row["article_id"])]


def _current_articles(root: str, batch_key: str, inputs: list) -> tuple[set[str], set[str] | None]:
    """The batch's articles whose extraction rows in its files are of their text and this extraction
    digest, and every article its extraction_state file holds (None: no such file)."""
    from newswh import extract as ex

    # Read as written, not cast: a file from before extraction_digest has no such column, and
    # then none of its articles is current.
    state = read_parquet(batch_file(root, ex.EXTRACTION_STATE, batch_key))
    if state is None:
        return set(), None
    digest = extraction_key.extraction_digest()
    held = {(r["article_id"], r["content_hash"], r.get("extraction_digest")) for r in state.to_pylist()}
    current = {a.article_id for a in inputs if (a.article_id, a.content_hash, digest) in held}
    return current, {article_id for article_id, _hash, _digest in held}


def _kept_rows(root: str, table: Table, batch_key: str, kept: set[str]) -> list[dict]:
    if not kept:
        return []
    data = read_table_file(root, table, batch_key)
    if data is None:
        return []
    mask = pc.is_in(data.column(table.article_key), value_set=pa.array(sorted(kept), pa.string()))
    return data.filter(mask).to_pylist()


def extract_batch_files(root: str, batch_key: str, nlp=None) -> int:
    """Extract one batch from its ingest file into one file per extraction table; the articles extracted.

    Only the articles whose (content hash, extraction digest) the batch's extraction_state file
    lacks are extracted: the others' rows are copied from the batch's files, which were written
    from the same text by the same code and rules (an article's rows depend on its own input only). A
    batch whose files are all current is not rewritten.
    """
    from newswh import extract as ex

    inputs = _article_inputs(root, batch_key)
    kept, held = _current_articles(root, batch_key, inputs)
    if kept == {a.article_id for a in inputs} == held:
        return 0
    todo = [a for a in inputs if a.article_id not in kept]
    results = list(ex.extract_articles(todo, nlp=nlp, n_process=1)) if todo else []
    # extraction_state is the last table defined, so it is written last: it marks the batch done.
    for table in ex.EXTRACT_TABLES:
        new_rows = [row for r in results for row in r.rows.get(table.name, [])]
        write_rows(root, table, batch_key, _kept_rows(root, table, batch_key, kept) + new_rows)
    return len(results)
