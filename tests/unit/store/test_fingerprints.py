"""Listing the corpus reads only what changed: kept fingerprints are reused while a file's status stands.

The corpus is a small folder of synthetic stories (a .txt per article and a three-record
.jsonl); the store is an in-memory DuckDB. Every read is counted through the hashing function
the listing calls, so a fingerprint taken from the cache while the file changed would show up
as a missed change, and one hashed again without need as a read.
"""

from __future__ import annotations

import json
import os

import duckdb
import pytest

from newswh.store import fingerprints as fp
from newswh.store import pipeline

pytestmark = pytest.mark.unit

STORY = (
    "Officials from {place} met in Kabul on Monday to discuss trade and security along the border. "
    "The delegation said the talks were constructive and that a second round would follow next month, "
    "according to a statement released by the foreign ministry after the meeting ended."
)


def _corpus(folder):
    folder.mkdir()
    for place in ("Iran", "Pakistan", "India"):
        (folder / f"{place.lower()}.txt").write_text(STORY.format(place=place), encoding="utf-8")
    lines = [json.dumps({"title": f"Talks {p}", "maintext": STORY.format(place=p)}) for p in ("Qatar", "Oman", "Chad")]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def reads(monkeypatch):
    """Article ids whose bytes the listing hashed, in order."""
    seen: list[str] = []
    real = fp.record_fingerprint

    def counting(record):
        seen.append(record.article_id)
        return real(record)

    monkeypatch.setattr(fp, "record_fingerprint", counting)
    return seen


def _built(tmp_path):
    corpus = _corpus(tmp_path / "articles")
    con = duckdb.connect()
    records = pipeline.records_by_id(corpus)
    pipeline.ingest(con, corpus, sorted(records), records=records)
    return corpus, con


def _listing(con, corpus):
    stats = fp.FingerprintStats()
    stale = pipeline.stale_article_ids(con, pipeline.records_by_id(corpus), stats)
    return stale, stats


def test_a_rerun_with_one_new_article_reads_no_unchanged_record(tmp_path, monkeypatch, reads):
    monkeypatch.setattr(fp, "RACY_MARGIN_NS", 0)  # the files were written a moment ago
    corpus, con = _built(tmp_path)
    (corpus / "new.txt").write_text(STORY.format(place="Turkey"), encoding="utf-8")
    stale, stats = _listing(con, corpus)
    new = [a for a, r in pipeline.records_by_id(corpus).items() if r.source_uri == "new.txt"]
    # Ingest kept the hashes it computed: nothing of the six known records is read again.
    assert stale == new and reads == [] and stats.hashed == [] and stats.cached == 6
    records = pipeline.records_by_id(corpus)
    pipeline.ingest(con, corpus, new, records=records)
    stale, stats = _listing(con, corpus)
    assert (stale, reads, stats.hashed, stats.cached) == ([], [], [], 7)


def test_a_rewrite_keeping_size_and_mtime_is_read_and_seen(tmp_path, monkeypatch, reads):
    monkeypatch.setattr(fp, "RACY_MARGIN_NS", 0)
    corpus, con = _built(tmp_path)
    path = corpus / "iran.txt"
    before = path.stat()
    path.write_text(STORY.format(place="Iraq"), encoding="utf-8")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the ctime still moves
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    stale, stats = _listing(con, corpus)
    changed = [a for a, r in pipeline.records_by_id(corpus).items() if r.source_uri == "iran.txt"]
    assert stale == changed and stats.hashed == changed and reads == changed and stats.cached == 5


def test_a_jsonl_record_changed_reads_its_file_once_and_finds_that_record(tmp_path, monkeypatch, reads):
    monkeypatch.setattr(fp, "RACY_MARGIN_NS", 0)
    corpus, con = _built(tmp_path)
    feed = corpus / "feed.jsonl"
    lines = feed.read_text(encoding="utf-8").splitlines()
    lines[1] = json.dumps({"title": "Talks Oman", "maintext": STORY.format(place="Yemen")})
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stale, stats = _listing(con, corpus)
    records = pipeline.records_by_id(corpus)
    in_feed = sorted(a for a, r in records.items() if r.source_uri.startswith("feed.jsonl#"))
    assert stale == [a for a, r in records.items() if r.source_uri.startswith("feed.jsonl#") and r.record_index == 1]
    # The file's status moved, so its three records are hashed; the three .txt files are not.
    assert sorted(stats.hashed) == in_feed and stats.cached == 3


def test_files_changed_just_before_their_hash_are_hashed_again(tmp_path, reads):
    """With the real margin, files written a moment before ingest read them are not trusted yet."""
    corpus, con = _built(tmp_path)
    stale, stats = _listing(con, corpus)
    assert stale == [] and stats.cached == 0 and len(stats.hashed) == len(reads) == 6


def test_trusted_needs_the_same_status_and_a_quiet_file_before_the_hash():
    entry = fp._Entry("p|1|2|3|10|10", changed_ns=10, hashed_ns=10 + fp.RACY_MARGIN_NS + 1, raw_hash="h")
    assert fp.trusted(entry, ("p|1|2|3|10|10", 10))
    assert not fp.trusted(entry, ("p|1|2|3|10|11", 11))  # ctime moved
    assert not fp.trusted(entry, None)  # the stat failed
    assert not fp.trusted(None, ("p|1|2|3|10|10", 10))
    racy = fp._Entry("p|1|2|3|10|10", changed_ns=10, hashed_ns=10 + fp.RACY_MARGIN_NS, raw_hash="h")
    assert not fp.trusted(racy, ("p|1|2|3|10|10", 10))


def test_records_gone_from_the_corpus_lose_their_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(fp, "RACY_MARGIN_NS", 0)
    corpus, con = _built(tmp_path)
    (corpus / "india.txt").unlink()
    records = pipeline.records_by_id(corpus)
    pipeline.ingest(con, corpus, sorted(records), prune_missing=True, records=records)
    held = {a for (a,) in con.execute("select article_id from raw.record_fingerprints").fetchall()}
    assert held == set(records)
