"""Ingest on the workers: a batch's records file in, its ingest and extraction files out, duplicates settled after.

The distributed steps run here in one process, in the order a build runs them (coordinator:
list and plan; worker: ingest and extract each batch; coordinator: settle duplicates, load),
and every raw table must equal what `make run`'s pipeline writes for the same corpus.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from newswh import extract as ex
from newswh.store import crossarticle, pipeline
from newswh.store import fingerprints as fp
from newswh.store import raw as wh
from newswh.store import rawingest as ri
from newswh.store.batches import article_batches
from newswh.store.rawfiles import extract_batch_files, read_table_file

pytestmark = pytest.mark.unit

TABLES = [*wh.INGEST_TABLES, *ex.EXTRACT_TABLES]
STORY = (
    "Officials from {place} met in Kabul on Monday to discuss trade and security along the border. "
    "The delegation said the talks were constructive and that a second round would follow next month, "
    "according to a statement released by the foreign ministry after the meeting ended."
)


def _record(place: str) -> str:
    return json.dumps({"title": f"Talks with {place}", "maintext": STORY.format(place=place)})


def _corpus(folder, second_place: str = "Uzbekistan"):
    """A .jsonl cut into batches of two whose last record repeats the first's text, an empty record, one .txt."""
    folder.mkdir(exist_ok=True)
    lines = [
        _record("Pakistan"),
        _record(second_place),
        _record("Pakistan"),
        json.dumps({"title": "x", "maintext": ""}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "single.txt").write_text(STORY.format(place="Iran"), encoding="utf-8")
    return folder


def _distributed(con, root: str, corpus) -> dict:
    """One distributed pass, in process; what each step reported."""
    records = pipeline.records_by_id(corpus)
    batches = article_batches(records.values(), max_articles=2)
    todo, changed, chunks = ri.prepare_batch_tasks(con, root, records, batches, workers=2, max_articles=25)
    before = fp.statuses_before_reading([records[article_id] for article_id in changed])
    read = sum(ri.ingest_batch_files(root, key) for key in todo)
    extracted = sum(extract_batch_files(root, key) for key in todo)
    duplicates = ri.settle_duplicates(con, root, list(todo), changed, records)
    loaded = ri.load_batches(con, root, todo, TABLES)
    ri.remember_worker_reads(con, before, records, changed)
    keys = sorted(key for chunk in chunks for key in chunk)
    return {"todo": todo, "tasks": keys, "read": read, "extracted": extracted, "dups": duplicates, "loaded": loaded}


def _embedded(con, corpus) -> None:
    records = pipeline.records_by_id(corpus)
    ids = sorted(records)
    pipeline.ingest(con, corpus, ids, prune_missing=True, records=records)
    pipeline.extract(con, ids)


def _rows(con) -> dict[str, list[tuple]]:
    return {t.name: con.execute(f"select * from raw.{t.name} order by all").fetchall() for t in TABLES}


def _cross(con):
    crossarticle.ensure_tables(con)
    return crossarticle.update_actor_tables(con), *crossarticle.update_event_tables(con)


def test_workers_ingest_and_extract_like_make_run_duplicates_across_batches_included(tmp_path):
    corpus = _corpus(tmp_path / "articles")
    root = str(tmp_path / "layer")
    distributed, embedded = duckdb.connect(), duckdb.connect()
    report = _distributed(distributed, root, corpus)
    _embedded(embedded, corpus)
    assert len(report["todo"]) == 3 and report["tasks"] == sorted(report["todo"])  # 2 feed batches + the .txt
    assert report["read"] == 5 and report["dups"] == 1 and report["loaded"] == 5
    assert _rows(distributed) == _rows(embedded)
    reasons = distributed.execute("select reason, detail from raw.quarantined_articles order by reason").fetchall()
    assert [reason for reason, _detail in reasons] == ["duplicate_content", "json_missing_text"]
    # the duplicate left its batch's files: extraction rows included, not only the raw store's
    duplicate = distributed.execute(
        "select article_id from raw.quarantined_articles where reason = 'duplicate_content'"
    ).fetchone()[0]
    for key in report["todo"]:
        assert duplicate not in read_table_file(root, ex.EXTRACTION_STATE, key).column("article_id").to_pylist()


def test_a_changed_record_is_the_only_one_read_extracted_and_resolved_again(tmp_path):
    corpus = _corpus(tmp_path / "articles")
    root = str(tmp_path / "layer")
    distributed, embedded = duckdb.connect(), duckdb.connect()
    _distributed(distributed, root, corpus)
    _cross(distributed)
    _embedded(embedded, corpus)

    _corpus(corpus, second_place="Tajikistan")  # one record of the first feed batch changes
    changed = pipeline.stale_article_ids(distributed, pipeline.records_by_id(corpus))
    report = _distributed(distributed, root, corpus)
    _embedded(embedded, corpus)
    assert len(changed) == 1 and len(report["todo"]) == 1
    (key,) = report["todo"]
    assert len(report["todo"][key]) == 2  # the batch is sent whole, but its other record is not read again
    assert (report["read"], report["extracted"], report["dups"], report["loaded"]) == (1, 1, 0, 2)
    assert _rows(distributed) == _rows(embedded)

    # The steps across articles, on the coordinator over what the layer loaded: only the new article's work.
    actors, events, reuse = _cross(distributed)
    assert reuse.signed_articles == changed and actors.changed_articles == changed
    assert not actors.full_rebuild and not reuse.full_rebuild
    total = distributed.execute("select count(*) from raw.event_blocks").fetchone()[0]
    assert events.clustered_mentions < total

    again = _distributed(distributed, root, corpus)  # nothing changed: no batch, no task, nothing read
    assert (again["todo"], again["tasks"], again["read"], again["loaded"]) == ({}, [], 0, 0)


def test_a_batch_whose_files_vanished_from_the_layer_is_sent_again(tmp_path):
    corpus = _corpus(tmp_path / "articles")
    root = str(tmp_path / "layer")
    con = duckdb.connect()
    first = _distributed(con, root, corpus)
    key = sorted(first["todo"])[0]
    (tmp_path / "layer" / ex.EXTRACTION_STATE.name / f"{key}.parquet").unlink()
    again = _distributed(con, root, corpus)
    assert list(again["todo"]) == [key]
    assert again["read"] == 0  # its ingest files were still there and its bytes unchanged


@pytest.mark.parametrize("root_kind", ["folder", "fsspec url"])
def test_records_travel_losslessly_to_the_worker(tmp_path, root_kind):
    from pathlib import Path

    from newswh.ingest.discover import SourceRecord
    from newswh.store.rawfiles import batches_with_file

    root = str(tmp_path / "layer") if root_kind == "folder" else f"memory://{tmp_path.name}/layer"

    odd = Path(tmp_path / b"caf\xe9.txt".decode("utf-8", "surrogateescape"))
    records = [
        SourceRecord("a1", "caf%E9.txt", odd),
        SourceRecord("a2", "feed.jsonl#3", tmp_path / "feed.jsonl", 3),
        SourceRecord("a3", "link.txt", tmp_path / "link.txt", None, ("outside_corpus", "target /etc/x")),
    ]
    ri.write_batch_records(root, "b_1", records, {"a2"})
    assert ri.read_batch_records(root, "b_1") == [(records[0], False), (records[1], True), (records[2], False)]
    with pytest.raises(FileNotFoundError, match="b_2"):
        ri.read_batch_records(root, "b_2")
    assert batches_with_file(root, wh.ARTICLES) == set()
    ri.ingest_batch_files(root, "b_1")  # the link is quarantined unread; the two missing files too
    assert batches_with_file(root, wh.ARTICLES) == batches_with_file(root, wh.QUARANTINED) == {"b_1"}
    reasons = read_table_file(root, wh.QUARANTINED, "b_1").column("reason").to_pylist()
    assert len(reasons) == 3 and "outside_corpus" in reasons


def test_a_batch_without_its_extraction_state_file_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="b_missing"):
        ri.load_batches(duckdb.connect(), str(tmp_path), {"b_missing": ("a1",)}, TABLES)


def test_a_duplicate_rewritten_after_the_worker_read_it_stops_the_build_with_its_name(tmp_path):
    from newswh.ingest.discover import Quarantined, SourceRecord, load_article

    path = tmp_path / "copy.txt"
    path.write_text(STORY.format(place="Iran"), encoding="utf-8")
    record = SourceRecord("a_copy", "copy.txt", path, None)
    content_hash = load_article(record).content_hash
    assert isinstance(ri.duplicate_outcome(record, content_hash, "a_owner"), Quarantined)
    path.write_text(STORY.format(place="Chile"), encoding="utf-8")  # the file changes between reads
    with pytest.raises(ri.CorpusChangedError, match=r"copy\.txt changed during the build"):
        ri.duplicate_outcome(record, content_hash, "a_owner")


def test_the_coordinator_keeps_the_fingerprints_of_what_the_workers_read(tmp_path, monkeypatch):
    """The next listing stats the records the workers read instead of reading them (a duplicate included)."""
    monkeypatch.setattr(fp, "RACY_MARGIN_NS", 0)  # the corpus was written a moment ago
    corpus = _corpus(tmp_path / "articles")
    root = str(tmp_path / "layer")
    con = duckdb.connect()
    _distributed(con, root, corpus)
    stats = fp.FingerprintStats()
    assert pipeline.stale_article_ids(con, pipeline.records_by_id(corpus), stats) == []
    assert (stats.hashed, stats.cached) == ([], 5)
    feed = corpus / "feed.jsonl"  # one record changes: the feed's four records are hashed again, not single.txt
    feed.write_text(feed.read_text(encoding="utf-8").replace("Uzbekistan", "Tajikistan"), encoding="utf-8")
    stats = fp.FingerprintStats()
    changed = pipeline.stale_article_ids(con, pipeline.records_by_id(corpus), stats)
    assert len(changed) == 1 and len(stats.hashed) == 4 and stats.cached == 1


def test_a_new_file_repeating_a_kept_text_is_quarantined_by_a_lookup_of_its_text(tmp_path):
    """Duplicates of kept articles are found by looking up the new texts' hashes, in make run and on the coordinator."""
    corpus = _corpus(tmp_path / "articles")
    root = str(tmp_path / "layer")
    embedded, distributed = duckdb.connect(), duckdb.connect()
    _embedded(embedded, corpus)
    _distributed(distributed, root, corpus)
    (corpus / "zz_copy.txt").write_text((corpus / "single.txt").read_text(encoding="utf-8"), encoding="utf-8")
    _embedded(embedded, corpus)
    report = _distributed(distributed, root, corpus)
    assert report["dups"] == 1 and _rows(distributed) == _rows(embedded)
    owner = embedded.execute("select article_id from raw.articles where source_uri = 'single.txt'").fetchone()[0]
    detail = embedded.execute(
        "select reason, detail from raw.quarantined_articles where source_uri = 'zz_copy.txt'"
    ).fetchone()
    assert detail == ("duplicate_content", f"same cleaned text as article {owner}")
