"""`newswh query`: read-only queries, clear errors for a missing, locked or written-to warehouse."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from newswh.cli import main
from newswh.store import query

pytestmark = pytest.mark.unit


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    """A tiny warehouse with one table, named by DUCKDB_PATH as the real one is."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            """
            create table dim_articles as
            select * from (values
                ('a1', 'Lavrov meets Muttaqi', date '2021-10-20', 512),
                ('a2', 'Moscow format talks', date '2022-11-16', 300),
                ('a3', 'Kabul embassy reopens', null, 120)
            ) t(article_id, title, published_date, word_count)
            """
        )
    monkeypatch.setenv("DUCKDB_PATH", str(path))
    return path


def test_table_output(warehouse, capsys):
    code = main(["query", "select article_id, title, word_count from dim_articles order by article_id"])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["article_id", "title", "word_count"]
    assert set(lines[1]) <= {"-", " "}
    assert "Lavrov meets Muttaqi" in lines[2] and lines[2].split()[0] == "a1"
    assert len(lines) == 5


def test_csv_output_and_nulls(warehouse, capsys):
    assert main(["query", "select article_id, published_date from dim_articles order by 1", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["article_id", "published_date"], ["a1", "2021-10-20"], ["a2", "2022-11-16"], ["a3", ""]]


def test_json_output_with_limit(warehouse, capsys):
    code = main(["query", "select * from dim_articles order by article_id", "--format", "json", "--limit", "2"])
    captured = capsys.readouterr()
    assert code == 0
    records = json.loads(captured.out)
    assert [r["article_id"] for r in records] == ["a1", "a2"]
    assert records[0]["published_date"] == "2021-10-20"
    assert records[0]["word_count"] == 512
    # The truncation note goes to stderr so that stdout stays valid JSON.
    assert "first 2 rows" in captured.err


def test_limit_not_reported_when_nothing_cut(warehouse, capsys):
    assert main(["query", "select * from dim_articles", "--limit", "3"]) == 0
    assert capsys.readouterr().err == ""


def test_missing_warehouse(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nowhere" / "warehouse.duckdb"
    monkeypatch.setenv("DUCKDB_PATH", str(missing))
    assert main(["query", "select 1"]) == 2
    err = capsys.readouterr().err
    assert f"no warehouse at {missing}: run `make run` first" in err
    assert not missing.exists()  # a read-only tool must not create an empty warehouse


@pytest.mark.parametrize(
    "sql",
    [
        "insert into dim_articles values ('a4', 't', null, 1)",
        "drop table dim_articles",
        "create table x as select 1",
        "copy dim_articles to 'out.csv'",
        "attach 'other.duckdb' as other",
    ],
)
def test_write_attempts_are_refused(warehouse, capsys, sql):
    assert main(["query", sql]) == 2
    err = capsys.readouterr().err
    assert "refused" in err and "only reads" in err
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from dim_articles").fetchone() == (3,)


def test_several_statements_are_refused(warehouse, capsys):
    assert main(["query", "select 1; drop table dim_articles"]) == 1
    assert "exactly one SQL statement" in capsys.readouterr().err


def test_bad_sql_is_a_query_error(warehouse, capsys):
    assert main(["query", "select * from no_such_table"]) == 1
    assert "query failed" in capsys.readouterr().err


def test_read_only_connection_is_the_second_guard(warehouse, monkeypatch):
    """Even if the statement check let a write through, DuckDB's read-only mode refuses it."""
    monkeypatch.setattr(query, "READ_ONLY_STATEMENT_TYPES", frozenset({*query.READ_ONLY_STATEMENT_TYPES, "INSERT"}))
    with pytest.raises(query.QueryError, match="refused"):
        query.run_query(warehouse, "insert into dim_articles values ('a4', 't', null, 1)")


def _warehouse_intact(path: Path) -> bool:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from dim_articles").fetchone() == (3,)


def test_explain_analyze_of_a_write_is_refused_and_the_file_survives(warehouse, capsys):
    """EXPLAIN ANALYZE runs what it explains: this once overwrote the warehouse with a 7-byte CSV."""
    sql = f"EXPLAIN ANALYZE COPY (select 'gone' as x) TO '{warehouse}' (FORMAT csv)"
    assert main(["query", sql]) == 2
    assert "refused: COPY" in capsys.readouterr().err
    assert _warehouse_intact(warehouse)


@pytest.mark.parametrize(
    "prefix",
    [
        "/* c */ EXPLAIN ANALYZE",
        "-- c\nexplain analyze",
        "explain /* c */ analyse",
        "  explain\n(format json, analyze)",
    ],
)
def test_a_commented_or_optioned_explain_of_a_write_is_refused_by_the_statement_check(warehouse, prefix):
    """The statement check must name the COPY before the sandbox is ever reached."""
    with pytest.raises(query.QueryError, match="refused: COPY statements change things"):
        query.check_read_only(f"{prefix} COPY (select 1) TO '{warehouse}'")
    assert _warehouse_intact(warehouse)


@pytest.mark.parametrize("sql", ["/* c */ explain analyze select 1", "-- c\nexplain (format json) select 1"])
def test_a_commented_explain_of_a_select_passes_the_check(sql):
    query.check_read_only(sql)


def test_explain_of_a_select_still_works(warehouse, capsys):
    assert main(["query", "explain select * from dim_articles"]) == 0
    assert "physical_plan" in capsys.readouterr().out


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd')",
        "select * from read_blob('/etc/hostname')",
        "select * from read_text('/proc/self/environ')",
        "select * from glob('/etc/*')",
        "select * from 'https://example.invalid/x.csv'",
        "select * from read_parquet('s3://bucket/x.parquet')",
    ],
)
def test_nothing_outside_the_warehouse_can_be_read(warehouse, capsys, sql):
    assert main(["query", sql]) == 2
    err = capsys.readouterr().err
    assert "refused" in err and "out of its reach" in err


@pytest.mark.parametrize(
    "sql",
    [
        "install httpfs",
        "load fts",
        "set enable_external_access = true",
        "reset lock_configuration",
        "call pragma_version()",
    ],
)
def test_no_extension_setting_or_procedure_gets_through(warehouse, capsys, sql):
    assert main(["query", sql]) == 2
    assert "refused" in capsys.readouterr().err
    assert _warehouse_intact(warehouse)


def test_the_parser_itself_never_fetches_an_extension(monkeypatch):
    """Parsing a full-text PRAGMA made DuckDB try to download `fts` before any check ran."""
    with pytest.raises(query.QueryError) as refused:
        query.check_read_only("pragma create_fts_index('t', 'id', 'body')")
    message = str(refused.value)
    assert "not in the catalog" in message and "download" not in message.lower()


def test_describe_show_and_table_pragmas_are_reads(warehouse, capsys):
    for sql in ["describe dim_articles", "show tables", "summarize dim_articles", "pragma table_info('dim_articles')"]:
        assert main(["query", sql]) == 0, sql
    assert "dim_articles" in capsys.readouterr().out


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])  # a write connection, as a running materialization holds
    con.execute("insert into dim_articles values ('a9', 'held', null, 1)")
    print("locked", flush=True)
    sys.stdin.readline()  # hold the lock until the test closes stdin
    """
)


def test_locked_warehouse_names_the_holder(warehouse, capsys):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert main(["query", "select count(*) from dim_articles"]) == 2
        err = capsys.readouterr().err
        assert "locked by process" in err
        assert str(holder.pid) in err
        assert "running materialization" in err
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_lock_message_without_pid():
    message = query.lock_message(
        Path("/w.duckdb"), 'IO Error: Could not set lock on file "/w.duckdb": Conflicting lock is held'
    )
    assert "locked by another process" in message


def test_console_script_runs(warehouse):
    """The installed entry point (python -m newswh.cli) behaves as main() does."""
    done = subprocess.run(
        [sys.executable, "-m", "newswh.cli", "query", "select count(*) as n from dim_articles", "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "3"]
