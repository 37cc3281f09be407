"""Partitions are batches: a file, or up to N records of one; every article in exactly one batch."""

from __future__ import annotations

import json

import pytest

from newswh.ingest import discover
from newswh.store.batches import BATCH_KEY_PREFIX, article_batches, articles_of, max_batch_articles

pytestmark = pytest.mark.unit


def _jsonl(path, count: int) -> None:
    lines = (
        json.dumps({"title": f"Item {n}", "maintext": f"Officials met on Monday, item {n}."}) for n in range(count)
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "one.txt").write_text("The minister spoke in Kabul on Monday.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("The envoy arrived in Moscow on Tuesday.\n", encoding="utf-8")
    _jsonl(tmp_path / "feed.jsonl", 23)
    return tmp_path


def test_a_single_article_file_is_a_batch_keyed_by_its_article_id(corpus):
    records = discover(corpus)
    batches = article_batches(records, max_articles=10)
    singles = [r for r in records if r.record_index is None]
    assert len(singles) == 2
    for record in singles:
        assert batches[record.article_id] == (record.article_id,)


def test_a_multi_record_file_is_cut_into_batches_of_at_most_n_records_in_file_order(corpus):
    records = discover(corpus)
    batches = article_batches(records, max_articles=10)
    feed = [r.article_id for r in sorted(records, key=lambda r: r.record_index or 0) if r.record_index is not None]
    feed_batches = [ids for key, ids in batches.items() if key.startswith(BATCH_KEY_PREFIX)]
    assert [len(ids) for ids in feed_batches] == [10, 10, 3]
    assert [article for ids in feed_batches for article in ids] == feed


def test_every_article_is_in_exactly_one_batch(corpus):
    records = discover(corpus)
    for size in (1, 7, 500):
        batches = article_batches(records, max_articles=size)
        members = [article for ids in batches.values() for article in ids]
        assert sorted(members) == sorted(r.article_id for r in records)
        assert len(members) == len(set(members))


def test_batch_keys_are_stable_across_runs_and_distinct_from_article_ids(corpus):
    first = article_batches(discover(corpus), max_articles=10)
    second = article_batches(discover(corpus), max_articles=10)
    assert first == second
    article_ids = {r.article_id for r in discover(corpus)}
    batch_only = set(first) - article_ids
    assert len(batch_only) == 3 and all(key.startswith(BATCH_KEY_PREFIX) for key in batch_only)


def test_a_20000_record_file_is_40_partitions_not_20000(tmp_path):
    _jsonl(tmp_path / "big.jsonl", 20_000)
    batches = article_batches(discover(tmp_path), max_articles=500)
    assert len(batches) == 40
    assert sum(len(ids) for ids in batches.values()) == 20_000


def test_articles_of_expands_keys_and_names_the_vanished_ones(corpus):
    batches = article_batches(discover(corpus), max_articles=10)
    key = next(iter(batches))
    article_ids, missing = articles_of([key, "b_gone"], batches)
    assert article_ids == list(batches[key])
    assert missing == ["b_gone"]


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_bad_batch_size_setting_is_refused_by_name(monkeypatch, value):
    monkeypatch.setenv("NEWSWH_BATCH_ARTICLES", value)
    with pytest.raises(ValueError, match="NEWSWH_BATCH_ARTICLES"):
        max_batch_articles()


def test_the_batch_size_setting_is_read(monkeypatch):
    monkeypatch.setenv("NEWSWH_BATCH_ARTICLES", "42")
    assert max_batch_articles() == 42
