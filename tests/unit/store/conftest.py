"""A small warehouse from three seed articles: ingest, extract and the cross-article steps, no dbt."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import SEED_FILES


@pytest.fixture(scope="session")
def small_warehouse(tmp_path_factory) -> tuple[duckdb.DuckDBPyConnection, dict[str, dict[str, int]]]:
    """The connection, and the row counts each step reported."""
    from newswh.store import crossarticle, pipeline

    root = tmp_path_factory.mktemp("small_warehouse")
    corpus = root / "articles"
    corpus.mkdir()
    for path in SEED_FILES[:3]:
        (corpus / path.name).write_bytes(path.read_bytes())
    con = duckdb.connect(str(root / "wh.duckdb"))
    ids = sorted(pipeline.records_by_id(corpus))
    ingested = pipeline.ingest(con, corpus, ids)
    extracted = pipeline.extract(con, ids)
    crossarticle.ensure_tables(con)
    counts = {
        "ingest": {"articles": ingested.ingested},
        "extract": dict(extracted.rows),
        "actors": crossarticle.resolve_actors(con),
        "events": crossarticle.consolidate_events(con),
    }
    return con, counts
