"""The raw layer of the DuckDB warehouse: the tables Python writes and dbt reads as sources.

Writes are per article and replace that article's rows, so reprocessing an article (or
rerunning everything) never duplicates a row. Ids are derived from content and position,
never from time, so an unchanged input yields byte-identical rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from newswh.config import PIPELINE_VERSION
from newswh.ingest.discover import Article, Quarantined
from newswh.store import extraction_key
from newswh.store.tables import RAW_SCHEMA, TABLES, Table, tables_in

ARTICLES = TABLES["articles"]
ARTICLE_FURNITURE = TABLES["article_furniture"]
QUARANTINED = TABLES["quarantined_articles"]
INGEST_TABLES = tables_in("ingest")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def ensure_schema(con: duckdb.DuckDBPyConnection, tables: Iterable[Table]) -> None:
    """Create the tables; when any one's columns changed, recreate the whole group empty.

    A group shares its reprocessing state (ingest hashes, extraction_state), so emptying all
    of it makes every article be processed again under the new layout.
    """
    tables = list(tables)
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    stale = [table for table in tables if _existing_columns(con, table.name) not in ([], table.column_names)]
    if stale:
        for table in tables:
            con.execute(f"drop table if exists {RAW_SCHEMA}.{table.name}")
    for table in tables:
        con.execute(table.ddl())


def table_exists(con: duckdb.DuckDBPyConnection, table: Table) -> bool:
    return bool(_existing_columns(con, table.name))


def _existing_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position",
        [RAW_SCHEMA, name],
    ).fetchall()
    return [row[0] for row in rows]


def replace_rows(con: duckdb.DuckDBPyConnection, table: Table, article_ids: Sequence[str], rows: Sequence[dict]) -> int:
    """Delete the given articles' rows, then insert `rows`, in one transaction.

    Every row must have exactly the table's columns as keys: a misspelt or forgotten key
    would otherwise be written as a silent null.
    """
    with transaction(con):
        delete_keys(con, table, table.article_key, article_ids)
        return insert_rows(con, table, rows)


@contextmanager
def memory_limit(con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """DuckDB's memory_limit set to LIMIT (e.g. "512MB") for the block, then set back.

    DuckDB's default is most of the machine, so its buffer pool keeps every block a long step
    reads or writes, growing with the corpus; under a limit it evicts them (written blocks are
    in the file) and spills what must stay to its temporary folder.
    """
    held = con.execute("select current_setting('memory_limit')").fetchone()[0]
    con.execute(f"set memory_limit = '{limit}'")
    try:
        yield
    finally:
        con.execute(f"set memory_limit = '{held}'")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Everything written inside commits together or not at all (a killed run leaves the old state)."""
    con.execute("begin transaction")
    try:
        yield
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def delete_keys(con: duckdb.DuckDBPyConnection, table: Table, column: str, keys: Sequence[str]) -> None:
    """Delete the rows whose `column` is one of `keys` (no transaction of its own)."""
    if keys:
        con.execute(f"delete from {RAW_SCHEMA}.{table.name} where {column} in (select unnest(?))", [list(keys)])


def insert_rows(con: duckdb.DuckDBPyConnection, table: Table, rows: Sequence[dict]) -> int:
    """Insert rows checked against the table's columns (no transaction of its own)."""
    for row in rows:
        table.check_row(row)
    batch = pa.Table.from_pylist(list(rows), schema=table.arrow_schema())
    if len(batch):
        con.register("_incoming", batch)
        con.execute(f"insert into {RAW_SCHEMA}.{table.name} select * from _incoming")
        con.unregister("_incoming")
    return len(batch)


def mark_mart_changes(con: duckdb.DuckDBPyConnection, marts: Sequence[str], article_ids: Iterable[str] | None) -> None:
    """Mark the articles whose rows in `marts` are to be built again (None: all of them; no transaction of its own).

    Which marts a step marks is newswh.store.marts' (kept out of this file, which extraction's digest reads).

    A warehouse without the marks table yet gets it from actor resolution, marking every article.
    """
    if not table_exists(con, TABLES["mart_changes"]):
        return
    ids: list = [None] if article_ids is None else sorted(set(article_ids))
    insert_rows(con, TABLES["mart_changes"], [{"mart": mart, "article_id": a} for mart in marts for a in ids])


def delete_articles_not_in(con: duckdb.DuckDBPyConnection, tables: Iterable[Table], keep_ids: Sequence[str]) -> int:
    """Remove rows of articles whose file left the corpus folder."""
    removed = 0
    for table in tables:
        before = con.execute(f"select count(*) from {RAW_SCHEMA}.{table.name}").fetchone()[0]
        con.execute(
            f"delete from {RAW_SCHEMA}.{table.name} where {table.article_key} not in (select unnest(?))",
            [list(keep_ids)],
        )
        removed += before - con.execute(f"select count(*) from {RAW_SCHEMA}.{table.name}").fetchone()[0]
    return removed


# --- row builders ----------------------------------------------------------------------------


def article_row(article: Article) -> dict:
    outlet = article.outlet
    return {
        "article_id": article.article_id,
        "source_uri": article.source_uri,
        "file_format": article.file_format,
        "url": article.url,
        "image_url": article.image_url,
        "title": article.title,
        "author": article.author,
        "outlet_source_id": outlet.source_id if outlet else None,
        "outlet_name": outlet.source_name if outlet else None,
        "outlet_domain": outlet.source_domain if outlet else None,
        "outlet_is_registered": outlet.known if outlet else None,
        "outlet_basis": article.outlet_basis,
        "stated_date_text": article.stated_date_text,
        "stated_date": article.stated_date,
        "metadata_date": article.metadata_date,
        "language": article.language,
        "language_confidence": article.language_confidence,
        "body_text": article.body_text,
        "word_count": article.word_count,
        "content_hash": article.content_hash,
        "raw_hash": article.raw_hash,
        "encoding": article.encoding,
        "repairs": list(article.clean.repairs),
        "dateline": article.clean.dateline,
        "dateline_place": article.clean.dateline_place,
        "dateline_date": article.clean.dateline_date,
        "captions": list(article.clean.captions),
        "pipeline_version": PIPELINE_VERSION,
        "ingest_digest": extraction_key.ingest_digest(),
    }


def furniture_rows(article: Article) -> list[dict]:
    return [
        {"article_id": article.article_id, "ordinal": n, "line_no": f.line_no, "kind": f.kind, "text": f.text}
        for n, f in enumerate(article.clean.furniture)
    ]


def quarantine_row(item: Quarantined) -> dict:
    return {
        "article_id": item.article_id,
        "source_uri": item.source_uri,
        "file_format": item.file_format,
        "reason": item.reason,
        "detail": item.detail,
        "original_bytes": item.original_bytes,
        "byte_size": len(item.original_bytes) if item.byte_size is None else item.byte_size,
        "raw_hash": item.raw_hash,
        "pipeline_version": PIPELINE_VERSION,
        "ingest_digest": extraction_key.ingest_digest(),
    }


def ingested_state(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """article_id -> (raw_hash, ingest_digest) of what the warehouse already holds."""
    ensure_schema(con, INGEST_TABLES)
    rows = con.execute(
        f"""
        select article_id, raw_hash, ingest_digest from {RAW_SCHEMA}.articles
        union all
        select article_id, raw_hash, ingest_digest from {RAW_SCHEMA}.quarantined_articles
        """
    ).fetchall()
    return {article_id: (raw_hash, digest) for article_id, raw_hash, digest in rows}


def known_content_hashes(
    con: duckdb.DuckDBPyConnection, excluding: Sequence[str], among: Sequence[str] | None = None
) -> dict[str, str]:
    """content_hash -> article_id for articles already kept, other than those being reprocessed.

    `among`: only these hashes (the texts just read), so a build looks up its new articles'
    texts rather than reading every kept article's hash.
    """
    where, params = "true", []
    if among is not None:
        where, params = "content_hash in (select unnest(?))", [list(among)]
    rows = con.execute(
        f"select content_hash, article_id from {RAW_SCHEMA}.articles "
        f"where article_id not in (select unnest(?)) and {where}",
        [list(excluding), *params],
    ).fetchall()
    return dict(rows)


def to_json(value: object) -> str:
    def default(obj: object) -> object:
        if isinstance(obj, date):
            return obj.isoformat()
        raise TypeError(type(obj).__name__)

    return json.dumps(value, default=default, ensure_ascii=False, sort_keys=True)
