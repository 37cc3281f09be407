"""The raw tables' one definition: `raw_tables.yml` loaded into `Table` objects.

The DDL, the keys every written row must have, the Dagster asset descriptions and dbt's
`_sources.yml` all come from here. After editing the yml, regenerate dbt's file with
`python -m newswh.store.tables`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyarrow as pa
import yaml

from newswh.config import PROJECT_ROOT

RAW_SCHEMA = "raw"
DEFINITION_PATH = Path(__file__).with_name("raw_tables.yml")
DBT_SOURCES_PATH = PROJECT_ROOT / "dbt_project" / "models" / "staging" / "_sources.yml"
# Which pipeline step writes a table; a step (re)creates its group together.
GROUPS = ("ingest", "extract", "actors", "events", "corpus")
ARROW_TYPES: dict[str, pa.DataType] = {
    "varchar": pa.string(),
    "integer": pa.int32(),
    "bigint": pa.int64(),
    "double": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "blob": pa.binary(),
    "varchar[]": pa.list_(pa.string()),
    "json": pa.string(),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a DuckDB type, one of ARROW_TYPES
    description: str
    data_tests: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    description: str = ""
    group: str = ""
    # Rows are owned by one article; replacing an article deletes by this column.
    article_key: str = "article_id"
    # Bookkeeping of the pipeline itself: not a dbt source, not a Dagster asset.
    internal: bool = False

    def ddl(self) -> str:
        cols = ", ".join(f"{column.name} {column.type}" for column in self.columns)
        return f"create table if not exists {RAW_SCHEMA}.{self.name} ({cols})"

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @cached_property
    def _name_set(self) -> frozenset[str]:
        return frozenset(self.column_names)

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(column.name, ARROW_TYPES[column.type]) for column in self.columns])

    def check_row(self, row: Mapping[str, object]) -> None:
        """Refuse a row whose keys are not exactly this table's columns."""
        if row.keys() == self._name_set:
            return
        unknown = sorted(set(row) - self._name_set)
        missing = [name for name in self.column_names if name not in row]
        raise ValueError(f"row for {RAW_SCHEMA}.{self.name}: unknown keys {unknown}, missing keys {missing}")


def _column(table: str, entry: Mapping) -> Column:
    name = entry.get("name")
    if entry.get("type") not in ARROW_TYPES:
        raise ValueError(f"{table}.{name}: unknown type {entry.get('type')!r} (known: {sorted(ARROW_TYPES)})")
    if not entry.get("description"):
        raise ValueError(f"{table}.{name}: no description")
    return Column(name, entry["type"], entry["description"].strip(), tuple(entry.get("data_tests", ())))


def _table(entry: Mapping) -> Table:
    name = entry["name"]
    columns = tuple(_column(name, column) for column in entry["columns"])
    names = [column.name for column in columns]
    table = Table(
        name=name,
        columns=columns,
        description=(entry.get("description") or "").strip(),
        group=entry.get("group", ""),
        article_key=entry.get("article_key", "article_id"),
        internal=bool(entry.get("internal", False)),
    )
    problems = _problems(table, names)
    if problems:
        raise ValueError(f"raw table {name}: " + "; ".join(problems))
    return table


def _problems(table: Table, names: list[str]) -> list[str]:
    problems = [f"duplicate column {name}" for name in sorted(set(names)) if names.count(name) > 1]
    if table.group not in GROUPS:
        problems.append(f"unknown group {table.group!r} (known: {GROUPS})")
    if table.article_key not in names:
        problems.append(f"article_key {table.article_key!r} is not a column")
    if not table.description:
        problems.append("no description")
    return problems


def load_definition(path: Path = DEFINITION_PATH) -> tuple[str, dict[str, Table]]:
    """The source's description and its tables by name, in file order; refuses a malformed file."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    tables: dict[str, Table] = {}
    for entry in document["tables"]:
        table = _table(entry)
        if table.name in tables:
            raise ValueError(f"raw table {table.name} is defined twice in {path}")
        tables[table.name] = table
    return document["source"]["description"].strip(), tables


SOURCE_DESCRIPTION, TABLES = load_definition()


def tables_in(group: str) -> tuple[Table, ...]:
    """The tables one pipeline step writes, in definition order."""
    return tuple(table for table in TABLES.values() if table.group == group)


def _source_column(column: Column) -> dict:
    entry = {"name": column.name, "data_type": column.type, "description": column.description}
    if column.data_tests:
        entry["data_tests"] = list(column.data_tests)
    return entry


# Where dbt reads a raw table (dbt-duckdb's external_location, `{name}` the table): the warehouse's
# own raw schema by default (`make run`), or the raw layer's Parquet files when
# RAW_FILES_SETTING holds that template (a distributed build sets it, newswh.store.rawfiles).
RAW_FILES_SETTING = "NEWSWH_RAW_FILES_SOURCE"
EMBEDDED_LOCATION = f"(select * from {RAW_SCHEMA}.{{name}})"


def dbt_sources_yaml(tables: Mapping[str, Table] = TABLES, description: str = SOURCE_DESCRIPTION) -> str:
    """dbt's `_sources.yml` for the raw schema: every non-internal table, column by column."""
    source = {
        "name": RAW_SCHEMA,
        "description": description,
        "schema": RAW_SCHEMA,
        "meta": {"external_location": f"{{{{ env_var('{RAW_FILES_SETTING}', '{EMBEDDED_LOCATION}') }}}}"},
        "tables": [
            {
                "name": table.name,
                "description": table.description,
                "columns": [_source_column(column) for column in table.columns],
            }
            for table in tables.values()
            if not table.internal
        ],
    }
    header = (
        "# Generated from newswh/store/raw_tables.yml by `python -m newswh.store.tables`: edit that file,\n"
        "# not this one (tests/unit/store/test_tables.py checks this file is up to date).\n"
    )
    body = yaml.safe_dump({"version": 2, "sources": [source]}, sort_keys=False, width=110, allow_unicode=True, indent=2)
    return header + body


def main(argv: list[str] | None = None) -> int:
    # argparse, so that `--help` or a stray argument never rewrites the file.
    argparse.ArgumentParser(
        prog="python -m newswh.store.tables",
        description="Regenerate dbt_project/models/staging/_sources.yml from newswh/store/raw_tables.yml.",
    ).parse_args(argv)
    DBT_SOURCES_PATH.write_text(dbt_sources_yaml(), encoding="utf-8")
    print(f"wrote {DBT_SOURCES_PATH.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
