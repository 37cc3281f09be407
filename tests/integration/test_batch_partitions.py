"""A multi-record file builds as a few batch partitions, and a batch run touches only its articles."""

from __future__ import annotations

import json
import shutil

import dagster as dg
import duckdb
import pytest

from newswh.ingest import discover
from newswh.store import article_batches
from tests.conftest import SEEDS_DIR
from tests.support import build_warehouse

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

BATCH_SIZE = 5
FEED_RECORDS = 12
CITIES = ("Kabul", "Moscow", "Kandahar", "Herat", "Tashkent", "Doha")


def _record(n: int) -> dict:
    city = CITIES[n % len(CITIES)]
    text = (
        f"Officials from {len(CITIES) + n} provinces met in {city} on Monday to discuss trade corridor number {n}. "
        f"The delegation said talks on wheat shipment {n} would continue. "
        f"A spokesman for the ministry told reporters that {n * 3} trucks had already crossed the border."
    )
    return {"title": f"Trade talks, round {n}", "maintext": text, "date_publish": f"2023-05-{n + 1:02d} 10:00:00"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batched_corpus")
    shutil.copy(next(SEEDS_DIR.glob("004*.txt")), folder / "004.txt")
    lines = (json.dumps(_record(n)) for n in range(FEED_RECORDS))
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def batched_warehouse(corpus, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSWH_BATCH_ARTICLES", str(BATCH_SIZE))
        built = build_warehouse(tmp_path_factory.mktemp("batched_warehouse"), corpus)
        yield built


def test_the_partitions_are_the_batches_not_the_records(batched_warehouse, corpus):
    assert batched_warehouse.result.success
    expected = article_batches(discover(corpus), max_articles=BATCH_SIZE)
    assert len(expected) == 1 + 3  # the .txt file, and 12 records in batches of 5, 5 and 2
    registered = batched_warehouse.instance.get_dynamic_partitions("article_batches")
    assert sorted(registered) == sorted(expected)


def test_every_record_of_every_batch_is_ingested_or_quarantined(batched_warehouse):
    with duckdb.connect(str(batched_warehouse.duckdb_path), read_only=True) as con:
        ingested = {row[0] for row in con.execute("select article_id from raw.articles").fetchall()}
        quarantined = {row[0] for row in con.execute("select article_id from raw.quarantined_articles").fetchall()}
        extracted = {row[0] for row in con.execute("select article_id from raw.extraction_state").fetchall()}
    assert len(ingested) + len(quarantined) == 1 + FEED_RECORDS
    assert ingested == extracted


def test_a_run_of_one_batch_ingests_and_extracts_only_that_batch(corpus, tmp_path):
    from orchestration.assets.extract import extract_articles
    from orchestration.assets.ingest import ingest_articles
    from orchestration.instance import prepare_home
    from orchestration.resources import build_resources

    batches = article_batches(discover(corpus), max_articles=BATCH_SIZE)
    key, members = next((key, ids) for key, ids in batches.items() if len(ids) == BATCH_SIZE)
    duckdb_path = tmp_path / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSWH_BATCH_ARTICLES", str(BATCH_SIZE))
        instance = dg.DagsterInstance.from_config(str(prepare_home(duckdb_path)))
        instance.add_dynamic_partitions("article_batches", list(batches))
        result = dg.materialize(
            [ingest_articles, extract_articles],
            partition_key=key,
            instance=instance,
            resources=build_resources(duckdb_path=duckdb_path, articles_dir=corpus),
        )
    assert result.success
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        held = {row[0] for row in con.execute("select article_id from raw.articles").fetchall()}
        held |= {row[0] for row in con.execute("select article_id from raw.quarantined_articles").fetchall()}
        extracted = {row[0] for row in con.execute("select article_id from raw.extraction_state").fetchall()}
    assert held == set(members)
    assert extracted <= set(members) and extracted
