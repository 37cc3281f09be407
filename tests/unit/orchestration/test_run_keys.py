"""`make run` covers only the partitions from the first new or changed article on (issue 12: adding one
article costs time proportional to that article, not one Dagster partition per article held)."""

from __future__ import annotations

import pytest

from orchestration.run import run_keys

pytestmark = pytest.mark.unit

KEYS = ["a1", "a2", "file.jsonl#0", "file.jsonl#1", "a5"]
BATCHES = {"a1": ("a1",), "a2": ("a2",), "file.jsonl#0": ("r1", "r2"), "file.jsonl#1": ("r3",), "a5": ("a5",)}


def test_an_added_article_runs_its_partition_only():
    assert run_keys(KEYS, BATCHES, ["a5"]) == ["a5"]


def test_a_changed_record_runs_from_its_batch_to_the_last():
    assert run_keys(KEYS, BATCHES, ["r2"]) == ["file.jsonl#0", "file.jsonl#1", "a5"]
    assert run_keys(KEYS, BATCHES, ["r3", "a2"]) == KEYS[1:]


def test_a_full_refresh_or_an_unplaced_article_runs_every_partition():
    assert run_keys(KEYS, BATCHES, None) == KEYS
    assert run_keys(KEYS, BATCHES, ["not_in_any_batch"]) == KEYS
    assert run_keys([], BATCHES, ["a1"]) == []
