"""The outputs of the steps across articles in the raw layer: part files, rewritten by delta.

A distributed build's dbt reads these tables from the raw layer's files. Writing each table
whole on every build cost as much as the corpus; instead each table is cut into PARTS files by
the md5 of a partition column (`<root>/<table>/part_xx.parquet`, xx its first two hex digits;
no batch key can take such a name), and a build rewrites only the parts whose rows changed:

- actors, actor_aliases, actor_resolution and event_clusters: their steps record the parts
  they changed (`mark_parts`, raw.export_pending) in the transaction that changes the rows, so
  a build killed between the step and the export writes them the next time;
- article_reuse, reused_sentences and actor_metonyms, whose steps report no changed keys: each
  part's checksum (row count, xor of row hashes; one SQL aggregate over those tables, which hold
  reuse pairs and capitals, not the corpus) is compared with the one written (raw.exported_parts).

A table whose folder holds no part file yet (a first export, or the one-file layout of earlier
builds, `corpus.parquet`, which is then removed) is written whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import duckdb
import fsspec
import pyarrow as pa
import pyarrow.compute as pc

from newswh.store import raw as wh
from newswh.store.rawfiles import CORPUS_KEY, batch_file, batches_with_file, write_table_file
from newswh.store.tables import RAW_SCHEMA, Table

PART_PREFIX = "part_"
EVERY_PART = "*"
# The column each output is cut by: the key its step reports as changed.
MARKED = {"actors": "actor_key", "actor_aliases": "actor_key", "actor_resolution": "article_id"}
MARKED["event_clusters"] = "article_id"
COMPARED = {"article_reuse": "article_id", "reused_sentences": "article_id", "actor_metonyms": "actor_key"}
PENDING = wh.TABLES["export_pending"]
EXPORTED = wh.TABLES["exported_parts"]


def part_of(value: str | None) -> str:
    """The part a partition value falls in (the SQL of `_part_sql` computes the same)."""
    return PART_PREFIX + hashlib.md5((value or "").encode("utf-8")).hexdigest()[:2]


def _part_sql(column: str) -> str:
    return f"'{PART_PREFIX}' || left(md5(coalesce({column}, '')), 2)"


def mark_parts(con: duckdb.DuckDBPyConnection, table: Table, values: Iterable[str] | None) -> None:
    """Record the parts of `table` holding `values` (None: every part) as to be written (no transaction of its own)."""
    wh.ensure_schema(con, [PENDING])
    parts = [EVERY_PART] if values is None else sorted({part_of(v) for v in values})
    con.execute(
        f"""
        insert into {RAW_SCHEMA}.export_pending
        select ?, part from (select unnest(?) as part)
        where part not in (select part from {RAW_SCHEMA}.export_pending where table_name = ?)
        """,
        [table.name, parts, table.name],
    )


@dataclass
class ExportStats:
    """Which parts an export wrote, per table ([*] for a table written whole), and their rows."""

    parts: dict[str, list[str]] = field(default_factory=dict)
    rows: int = 0


def export_parts(con: duckdb.DuckDBPyConnection, root: str, tables: Sequence[Table]) -> ExportStats:
    """Write the changed parts of the dbt-visible `tables` under `root`."""
    wh.ensure_schema(con, [PENDING, EXPORTED])
    stats = ExportStats()
    for table in (t for t in tables if not t.internal):
        if table.name in MARKED:
            _export_marked(con, root, table, stats)
        else:
            _export_compared(con, root, table, stats)
    return stats


def _export_marked(con: duckdb.DuckDBPyConnection, root: str, table: Table, stats: ExportStats) -> None:
    pending = [
        part
        for (part,) in con.execute(
            f"select part from {RAW_SCHEMA}.export_pending where table_name = ? order by part", [table.name]
        ).fetchall()
    ]
    whole = EVERY_PART in pending or not _has_parts(root, table)
    _write(con, root, table, MARKED[table.name], None if whole else pending, stats)
    con.execute(f"delete from {RAW_SCHEMA}.export_pending where table_name = ?", [table.name])


def _export_compared(con: duckdb.DuckDBPyConnection, root: str, table: Table, stats: ExportStats) -> None:
    column = COMPARED[table.name]
    current = dict(
        con.execute(
            f"""
            select {_part_sql(column)} as part, count(*) || ':' || bit_xor(hash(t)) from {RAW_SCHEMA}.{table.name} t
            group by part
            """
        ).fetchall()
    )
    written = dict(
        con.execute(
            f"select part, checksum from {RAW_SCHEMA}.exported_parts where table_name = ?", [table.name]
        ).fetchall()
    )
    whole = not _has_parts(root, table)
    changed = sorted(part for part in set(current) | set(written) if current.get(part) != written.get(part))
    _write(con, root, table, column, None if whole else changed, stats)
    # After the files: a build killed in between finds the old checksums and writes the parts again.
    con.execute(f"delete from {RAW_SCHEMA}.exported_parts where table_name = ?", [table.name])
    rows = [{"table_name": table.name, "part": part, "checksum": value} for part, value in sorted(current.items())]
    wh.insert_rows(con, EXPORTED, rows)


def _has_parts(root: str, table: Table) -> bool:
    return any(name.startswith(PART_PREFIX) for name in batches_with_file(root, table))


def _write(
    con: duckdb.DuckDBPyConnection, root: str, table: Table, column: str, parts: list[str] | None, stats: ExportStats
) -> None:
    """Rewrite `parts` of the table (None: all of it); a part left without rows becomes an empty file."""
    stats.parts[table.name] = [EVERY_PART] if parts is None else list(parts)
    if parts == []:
        return
    where, params = ("true", []) if parts is None else (f"{_part_sql(column)} in (select unnest(?))", [parts])
    data = con.execute(
        f"select {_part_sql(column)} as _part, * from {RAW_SCHEMA}.{table.name} where {where} order by all", params
    ).to_arrow_table()
    present = batches_with_file(root, table)
    found = set(data.column("_part").to_pylist())
    targets = parts if parts is not None else sorted(found | {p for p in present if p.startswith(PART_PREFIX)})
    # dbt reads every file of the folder: it must never be empty, even when the table is.
    for part in targets or [f"{PART_PREFIX}00"]:
        rows = data.filter(pc.equal(data.column("_part"), pa.scalar(part, pa.string()))).drop_columns(["_part"])
        write_table_file(root, table, part, rows)
        stats.rows += rows.num_rows
    if parts is None and CORPUS_KEY in present:
        fs, path = fsspec.core.url_to_fs(batch_file(root, table, CORPUS_KEY))
        fs.rm(path)
