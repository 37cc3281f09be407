"""`make run` on a built warehouse re-ingests what the ingest code changed and re-extracts what the
extraction code changed, and says so.

The raw tables of two ingested seed articles are marked extracted under some digest (no spaCy
run): under the running code's digest nothing is to do; under another, both are re-extracted.
"""

from __future__ import annotations

import duckdb
import pytest

from newswh.store import extraction_key, pipeline
from orchestration import run
from tests.unit.orchestration.test_register_in_new_instance import ingest_two_seeds, mark_extracted

pytestmark = pytest.mark.unit


@pytest.fixture
def ingested(tmp_path, monkeypatch):
    duckdb_path = tmp_path / "warehouse.duckdb"
    _corpus, records = ingest_two_seeds(tmp_path, duckdb_path)
    monkeypatch.setenv("DUCKDB_PATH", str(duckdb_path))
    return duckdb_path, records


@pytest.mark.parametrize(
    ("digest", "why", "line"),
    [
        (extraction_key.extraction_digest, None, "0 new or changed articles"),
        (
            lambda: "an older digest",
            pipeline.CODE_CHANGED,
            "0 new or changed articles; 2 to extract (extraction code changed)",
        ),
    ],
)
def test_the_plan_counts_the_articles_the_extraction_code_changed(ingested, digest, why, line):
    duckdb_path, records = ingested
    with duckdb.connect(str(duckdb_path)) as con:
        mark_extracted(con, digest())
    stale, removed, extractions = run._work_needed(records)
    assert (stale, removed) == ({}, False)
    assert extractions == ({} if why is None else dict.fromkeys(records, why))
    assert run._plan_line(stale, extractions) == line


def test_a_new_article_is_counted_once_as_new(ingested):
    _path, records = ingested
    new = dict.fromkeys(sorted(records)[:1], pipeline.NOT_INGESTED)
    assert run._plan_line(new, dict.fromkeys(records, pipeline.NOT_EXTRACTED)) == (
        "1 new or changed articles; 1 to extract (not extracted before)"
    )


def test_the_plan_counts_the_articles_the_ingest_code_changed(ingested, monkeypatch):
    duckdb_path, records = ingested
    with duckdb.connect(str(duckdb_path)) as con:
        mark_extracted(con, extraction_key.extraction_digest())
    monkeypatch.setattr(extraction_key, "ingest_digest", lambda root=None: "another ingest digest")
    stale, removed, extractions = run._work_needed(records)
    assert (stale, removed, extractions) == (dict.fromkeys(records, pipeline.INGEST_CODE_CHANGED), False, {})
    assert run._plan_line(stale, extractions) == "0 new or changed articles; 2 to ingest (ingest code changed)"
    # A changed file among them is counted as changed, once.
    stale[sorted(records)[0]] = pipeline.FILE_CHANGED
    assert run._plan_line(stale, dict.fromkeys(records, pipeline.TEXT_CHANGED)) == (
        "1 new or changed articles; 1 to ingest (ingest code changed)"
    )
