"""The raw tables' one definition (newswh/store/raw_tables.yml) and everything derived from it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from newswh.store import raw as wh
from newswh.store import tables
from tests.unit.store.dbt_sql import MODELS_DIR, create_model_view

pytestmark = pytest.mark.unit


def test_dbt_sources_yml_is_generated_from_the_definition():
    on_disk = tables.DBT_SOURCES_PATH.read_text(encoding="utf-8")
    assert on_disk == tables.dbt_sources_yaml(), (
        "dbt_project/models/staging/_sources.yml is out of date: run `python -m newswh.store.tables`"
    )


@pytest.mark.parametrize(("argv", "code"), [(["--help"], 0), (["--bogus"], 2)])
def test_the_generator_writes_nothing_on_help_or_a_stray_argument(tmp_path, monkeypatch, capsys, argv, code):
    target = tmp_path / "_sources.yml"
    monkeypatch.setattr(tables, "DBT_SOURCES_PATH", target)
    with pytest.raises(SystemExit) as stopped:
        tables.main(argv)
    assert stopped.value.code == code and not target.exists()
    captured = capsys.readouterr()
    assert "usage: python -m newswh.store.tables" in captured.out + captured.err


def test_the_generator_writes_the_sources_file(tmp_path, monkeypatch):
    target = tmp_path / "models" / "_sources.yml"
    target.parent.mkdir()
    monkeypatch.setattr(tables, "DBT_SOURCES_PATH", target)
    monkeypatch.setattr(tables, "PROJECT_ROOT", tmp_path)
    assert tables.main([]) == 0
    assert target.read_text(encoding="utf-8") == tables.dbt_sources_yaml()


def test_dbt_sources_have_the_same_tables_columns_and_descriptions():
    source = yaml.safe_load(tables.DBT_SOURCES_PATH.read_text(encoding="utf-8"))["sources"][0]
    in_dbt = {
        table["name"]: (table["description"], [(c["name"], c["description"]) for c in table["columns"]])
        for table in source["tables"]
    }
    defined = {
        table.name: (table.description, [(c.name, c.description) for c in table.columns])
        for table in tables.TABLES.values()
        if not table.internal
    }
    assert in_dbt == defined
    assert source["description"] == tables.SOURCE_DESCRIPTION


def test_every_staging_model_reads_only_defined_tables_and_columns():
    """Each stg_raw__ model binds against the DDL: a renamed or dropped raw column fails here."""
    con = duckdb.connect()
    wh.ensure_schema(con, tables.TABLES.values())
    models = sorted(path.stem for path in (MODELS_DIR / "staging").glob("stg_raw__*.sql"))
    assert models
    for model in models:
        create_model_view(con, model)
        assert con.execute(f"select count(*) from {model}").fetchone() == (0,)


def test_the_ddl_creates_every_column_with_its_type():
    con = duckdb.connect()
    wh.ensure_schema(con, tables.TABLES.values())
    for table in tables.TABLES.values():
        rows = con.execute(
            "select column_name, lower(data_type) from information_schema.columns "
            "where table_schema = 'raw' and table_name = ? order by ordinal_position",
            [table.name],
        ).fetchall()
        # lower(): DuckDB reports types in capitals (VARCHAR, VARCHAR[]).
        assert rows == [(c.name, c.type) for c in table.columns], table.name


def test_groups_hold_every_table_once():
    grouped = [table.name for group in tables.GROUPS for table in tables.tables_in(group)]
    assert sorted(grouped) == sorted(tables.TABLES)


def _row(table: tables.Table) -> dict:
    return dict.fromkeys(table.column_names)


def test_a_row_with_an_unknown_key_is_refused():
    row = {**_row(wh.ARTICLE_FURNITURE), "line_number": 3}
    with pytest.raises(ValueError, match=r"unknown keys \['line_number'\]"):
        wh.ARTICLE_FURNITURE.check_row(row)


def test_a_row_with_a_missing_key_is_refused_and_nothing_is_written():
    con = duckdb.connect()
    wh.ensure_schema(con, wh.INGEST_TABLES)
    good = {**_row(wh.ARTICLE_FURNITURE), "article_id": "a1", "ordinal": 0, "kind": "caption"}
    bad = {key: value for key, value in good.items() if key != "text"}
    with pytest.raises(ValueError, match=r"missing keys \['text'\]"):
        wh.replace_rows(con, wh.ARTICLE_FURNITURE, ["a1"], [good, bad])
    assert con.execute("select count(*) from raw.article_furniture").fetchone() == (0,)
    assert wh.replace_rows(con, wh.ARTICLE_FURNITURE, ["a1"], [good]) == 1


DEFINITION = """
source: {description: Raw tables.}
tables:
- name: things
  group: ingest
  description: Things.
  columns:
  - {name: article_id, type: varchar, description: Article.}
"""


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("type: varchar", "type: text"), "unknown type 'text'"),
        (("description: Article.", "description: ''"), "things.article_id: no description"),
        (("group: ingest", "group: load"), "unknown group 'load'"),
        (("name: article_id", "name: thing_id"), "article_key 'article_id' is not a column"),
    ],
)
def test_the_loader_refuses_a_malformed_definition(tmp_path: Path, edit, message):
    path = tmp_path / "raw_tables.yml"
    path.write_text(DEFINITION.replace(*edit), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        tables.load_definition(path)


def test_the_loader_refuses_a_table_defined_twice(tmp_path: Path):
    path = tmp_path / "raw_tables.yml"
    table = DEFINITION.split("tables:\n")[1]
    path.write_text(DEFINITION + table, encoding="utf-8")
    with pytest.raises(ValueError, match="defined twice"):
        tables.load_definition(path)


def test_the_pipeline_writes_rows_with_exactly_the_defined_keys(small_warehouse):
    """Ingest, extract and the cross-article steps over three seeds: every write passed check_row."""
    _, counts = small_warehouse
    assert counts["ingest"]["articles"] == 3
    assert counts["extract"]["event_mentions"] > 0
    assert counts["actors"]["actor_resolution"] > 0
    assert counts["events"]["event_clusters"] > 0
