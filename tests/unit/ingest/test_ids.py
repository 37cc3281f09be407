"""Article ids depend only on the file's place in the corpus, so every rerun and fresh build keeps them."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from newswh.ingest import discover
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.unit


def ids(folder) -> dict[str, str]:
    return {record.source_uri: record.article_id for record in discover(folder)}


def test_ids_are_the_same_in_two_copies_of_the_corpus(tmp_path):
    first, second = tmp_path / "one", tmp_path / "elsewhere" / "two"
    shutil.copytree(SEEDS_DIR, first)
    shutil.copytree(SEEDS_DIR, second)
    assert ids(first) == ids(second) == ids(SEEDS_DIR)
    assert len(set(ids(first).values())) == len(ids(first))


def test_the_id_is_a_hash_of_the_relative_path_not_of_the_content(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("first version")
    before = ids(tmp_path)
    (tmp_path / "sub" / "a.txt").write_text("an edited version")
    assert ids(tmp_path) == before
    assert before == {"sub/a.txt": "a_" + hashlib.sha256(b"sub/a.txt").hexdigest()[:16]}


def test_records_of_a_multi_record_file_get_distinct_stable_ids(tmp_path):
    (tmp_path / "batch.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n')
    first = ids(tmp_path)
    assert list(first) == ["batch.jsonl#0", "batch.jsonl#1"] and len(set(first.values())) == 2
    assert ids(tmp_path) == first
