"""A warehouse built before it had its own Dagster home gets its batch partitions in the new one.

The warehouse here is a tiny DuckDB file: the raw tables of two ingested seed articles (so
nothing is stale) and the marts `make run` looks for, empty. `make run` then does no work, and
must still register the corpus's batches in the instance it has just created beside the file.
"""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from newswh.store import pipeline
from newswh.store.batches import article_batches
from orchestration import run
from tests.conftest import SEED_FILES

pytestmark = pytest.mark.unit


@pytest.fixture
def old_warehouse(tmp_path, monkeypatch):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for path in SEED_FILES[:2]:
        (corpus / path.name).write_bytes(path.read_bytes())
    duckdb_path = tmp_path / "wh" / "warehouse.duckdb"
    duckdb_path.parent.mkdir()
    records = pipeline.records_by_id(corpus)
    with duckdb.connect(str(duckdb_path)) as con:
        assert pipeline.ingest(con, corpus, sorted(records)).ingested == 2
        for mart in run.MARTS:
            con.execute(f"create table main.{mart} (id varchar)")
    monkeypatch.setenv("DUCKDB_PATH", str(duckdb_path))
    monkeypatch.setenv("ARTICLES_DIR", str(corpus))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "elsewhere"))  # main() replaces it; restored after
    return duckdb_path, records


def test_a_warehouse_without_its_own_instance_gets_its_partitions_registered(old_warehouse, capsys):
    duckdb_path, records = old_warehouse
    home = duckdb_path.parent / ".dagster"
    assert not home.exists()

    assert run.main([]) == 0
    out = capsys.readouterr().out
    assert "no work done" in out
    assert f"registered 2 article batch partitions in the new Dagster instance {home}" in out
    with dg.DagsterInstance.from_config(str(home)) as instance:
        registered = instance.get_dynamic_partitions("article_batches")
    assert sorted(registered) == sorted(article_batches(records.values())) == sorted(records)

    # The instance exists now: a second no-op run registers nothing again.
    assert run.main([]) == 0
    assert "registered" not in capsys.readouterr().out
