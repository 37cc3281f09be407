"""A warehouse built before it had its own Dagster home gets its batch partitions in the new one.

The warehouse here is a tiny DuckDB file: the raw tables of two ingested seed articles, marked
extracted by this code (so nothing is stale), and the marts `make run` looks for, empty. `make run` then does no work, and
must still register the corpus's batches in the instance it has just created beside the file.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from newswh import config
from newswh.store import extraction_key, pipeline
from newswh.store import raw as wh
from newswh.store.batches import article_batches
from orchestration import run
from tests.conftest import SEED_FILES

pytestmark = pytest.mark.unit


def mark_extracted(con, digest: str) -> None:
    """extraction_state rows for every ingested article, as if extracted under `digest` (no spaCy run)."""
    wh.ensure_schema(con, wh.tables_in("extract"))
    con.execute(
        "insert into raw.extraction_state select article_id, content_hash, ?, ? from raw.articles",
        [config.PIPELINE_VERSION, digest],
    )


def ingest_two_seeds(tmp_path: Path, duckdb_path: Path) -> tuple[Path, dict]:
    """A corpus folder of two seed articles, ingested into `duckdb_path`: (the folder, its records)."""
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for path in SEED_FILES[:2]:
        (corpus / path.name).write_bytes(path.read_bytes())
    duckdb_path.parent.mkdir(exist_ok=True)
    records = pipeline.records_by_id(corpus)
    with duckdb.connect(str(duckdb_path)) as con:
        assert pipeline.ingest(con, corpus, sorted(records)).ingested == 2
    return corpus, records


@pytest.fixture
def old_warehouse(tmp_path, monkeypatch):
    duckdb_path = tmp_path / "wh" / "warehouse.duckdb"
    corpus, records = ingest_two_seeds(tmp_path, duckdb_path)
    with duckdb.connect(str(duckdb_path)) as con:
        mark_extracted(con, extraction_key.extraction_digest())
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
