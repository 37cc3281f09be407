"""The warehouse follows the corpus folder: bad files quarantined with their bytes, .csv rows read,
files edited in place and a pipeline-version bump reprocessed, deleted articles pruned.

The bad-input test builds one small warehouse (a seed plus crafted files); the edit test reruns
a copy of the session's clean build of seeds 003 and 004 (`two_seed_copy`) after each change.
"""

from __future__ import annotations

import csv
import importlib
import io
import shutil

import pytest

from tests.conftest import seed_path
from tests.support import build_warehouse, rerun
from tests.unit.ingest.test_bad_input import ENGLISH, damaged_beyond_repair

pytestmark = pytest.mark.integration

discover_module = importlib.import_module("newswh.ingest.discover")  # the module, not the function
extraction_key_module = importlib.import_module("newswh.store.extraction_key")
MART_IDS = (("fct_events", "event_id"), ("fct_event_mentions", "mention_id"), ("fct_actor_mentions", "mention_id"))


def metadata_of(result) -> dict:
    return {
        event.asset_key.to_user_string(): {k: v.value for k, v in event.materialization.metadata.items()}
        for event in result.get_asset_materialization_events()
    }


def mart_ids(built) -> dict[str, list]:
    """The ids of the marts' rows, which a rerun that changed no text must keep."""
    return {table: built.query(f"select {column} from {table} order by 1") for table, column in MART_IDS}


def rerun_under_digest(monkeypatch, built, name: str, digest: str) -> tuple[int, int, dict]:
    """A rerun with extraction_key's `name` (ingest_digest, extraction_digest) giving `digest`:
    (articles ingested, articles extracted, every asset's metadata)."""
    monkeypatch.setattr(extraction_key_module, name, lambda root=None: digest)
    meta = metadata_of(rerun(built))
    return meta["raw/articles"]["articles_ingested"], meta["raw/sentences"]["articles_extracted"], meta


def csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["url", "date", "title", "text"])
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_bad_inputs_reach_the_warehouse_with_their_reason_and_bytes(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seed_path("004"), corpus / "004.txt")
    files = {
        "batch.csv": csv_bytes(
            [{"url": "https://tass.com/1", "date": "2022-04-06", "title": "Envoy", "text": ENGLISH}]
        ),
        "damaged.txt": damaged_beyond_repair(),
        "list.json": b'[{"text": "one"}, {"text": "two"}]',
        "locked.txt": ENGLISH.encode(),
        "crash.txt": b"CRASH " + ENGLISH.encode(),
    }
    for name, data in files.items():
        (corpus / name).write_bytes(data)

    # root reads any file, so refusal is simulated; so is a bug in the cleaner for one file.
    real_read, real_clean = discover_module.read_record_bytes, discover_module.clean_document

    def read(record):
        if record.path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(record.path))
        return real_read(record)

    def clean(text, *args, **kwargs):
        if text.startswith("CRASH"):
            raise RuntimeError("a bug in the cleaner")
        return real_clean(text, *args, **kwargs)

    monkeypatch.setattr(discover_module, "read_record_bytes", read)
    monkeypatch.setattr(discover_module, "clean_document", clean)
    built = build_warehouse(tmp_path, corpus)
    assert built.result.success

    quarantined = {
        uri: (reason, fmt, bytes(original), size)
        for uri, reason, fmt, original, size in built.query(
            "select source_uri, quarantine_reason, file_format, original_bytes, byte_size from quarantined_articles"
        )
    }
    assert {uri: q[0] for uri, q in quarantined.items()} == {
        "damaged.txt": "unrepairable_mojibake",
        "list.json": "malformed_json",
        "locked.txt": "unreadable_file",
        "crash.txt": "unexpected_error",
    }
    for uri in ("damaged.txt", "list.json", "crash.txt"):
        assert quarantined[uri][2] == files[uri] and quarantined[uri][3] == len(files[uri])
    assert quarantined["locked.txt"][2] == b""  # nothing could be read
    detail = built.query("select quarantine_detail from quarantined_articles where source_uri = 'crash.txt'")
    assert detail == [("RuntimeError: a bug in the cleaner",)]

    articles = dict(built.query("select source_uri, title from dim_articles"))
    assert set(articles) == {"004.txt", "batch.csv#0"} and articles["batch.csv#0"] == "Envoy"
    csv_events = built.query(
        "select count(*) from fct_actor_mentions m join dim_articles a using (article_id) "
        "where a.source_uri = 'batch.csv#0'"
    )
    assert csv_events[0][0] > 0  # the row went through extraction, not only ingest


def bump_pipeline_version(monkeypatch, version: str) -> None:
    """Every module that stamps the version read it at import (the ingest and extraction digests,
    which decide what is processed again, read newswh.config's at each call)."""
    for name in ("newswh.config", "newswh.store.raw", "newswh.extract"):
        monkeypatch.setattr(importlib.import_module(name), "PIPELINE_VERSION", version)


def test_edits_version_bumps_and_deletions_are_reprocessed(two_seed_copy, monkeypatch):
    # A copy of the session's clean build of seeds 003 and 004, this test's to change.
    built = two_seed_copy
    corpus = built.articles_dir
    names = {prefix: seed_path(prefix).name for prefix in ("003", "004")}
    assert sorted(path.name for path in corpus.iterdir()) == sorted(names.values())
    ids = dict(built.query("select source_uri, article_id from dim_articles"))
    assert set(ids) == set(names.values())

    # 1. A file edited in place keeps its id and is ingested and extracted again, alone.
    added = "Separately, Uzbekistan said on May 5, 2022 that it would open a trade office in Kabul."
    path = corpus / names["003"]
    path.write_text(path.read_text(encoding="utf-8").rstrip() + "\n\n" + added + "\n", encoding="utf-8")
    meta = metadata_of(rerun(built))
    assert (meta["raw/articles"]["articles_ingested"], meta["raw/articles"]["articles_skipped_unchanged"]) == (1, 1)
    assert meta["raw/sentences"]["articles_extracted"] == 1
    assert dict(built.query("select source_uri, article_id from dim_articles")) == ids
    assert built.query("select count(*) from dim_articles where body_text like ?", [f"%{added}%"]) == [(1,)]
    assert built.query(
        "select count(*) from raw.sentences where article_id = ? and sentence_text like '%Uzbekistan said%'",
        [ids[names["003"]]],
    ) == [(1,)]

    # 2. A new pipeline version reprocesses every article, though no file changed.
    bump_pipeline_version(monkeypatch, "test-bump")
    meta = metadata_of(rerun(built))
    assert meta["raw/articles"]["articles_ingested"] == 2 and meta["raw/sentences"]["articles_extracted"] == 2
    assert built.query("select distinct pipeline_version from raw.articles") == [("test-bump",)]

    # 2b. Other extraction code or rules (their digest) re-extract every article, not ingest it;
    # the same rows come out, so every id in the marts stays.
    marts_before = mart_ids(built)
    ingested, extracted, meta = rerun_under_digest(monkeypatch, built, "extraction_digest", "other-code")
    assert (ingested, extracted) == (0, 2)
    assert meta["raw/sentences"]["articles_extracted_by_reason"] == {"extraction code changed": 2}
    assert built.query("select distinct extraction_digest from raw.extraction_state") == [("other-code",)]
    assert mart_ids(built) == marts_before

    # 2c. Other ingest code or cleaning rules (their digest) clean every article again, though no file
    # changed; the same text comes out, so nothing is extracted again and every id stays.
    ingested, extracted, meta = rerun_under_digest(monkeypatch, built, "ingest_digest", "other-ingest-code")
    assert (ingested, extracted) == (2, 0)
    assert meta["raw/articles"]["articles_ingested_by_reason"] == {"ingest code changed": 2}
    assert built.query("select distinct ingest_digest from raw.articles") == [("other-ingest-code",)]
    assert mart_ids(built) == marts_before

    # 3. Deleting a good article prunes everything it contributed.
    only_004 = {
        actor
        for (actor,) in built.query(
            "select actor_id from fct_actor_mentions group by 1 having bool_and(article_id = ?)", [ids[names["004"]]]
        )
    }
    assert only_004, "004 should mention some actor that 003 does not"
    (corpus / names["004"]).unlink()
    assert rerun(built).success
    gone = ids[names["004"]]
    for table in ("dim_articles", "fct_event_mentions", "fct_actor_mentions", "fct_quotes", "fct_time_expressions"):
        assert built.query(f"select count(*) from {table} where article_id = ?", [gone]) == [(0,)], table
    for table in ("articles", "sentences", "entities", "event_mentions", "actor_mentions", "quotes", "timexes"):
        assert built.query(f"select count(*) from raw.{table} where article_id = ?", [gone]) == [(0,)], table
    assert built.query("select count(*) from fct_events where num_articles > 1") == [(0,)]
    # Actors only 004 mentioned: no mentions left, and the ones discovered in its text are gone.
    left = dict(
        built.query(
            "select actor_id, actor_origin from fct_actors where actor_id in (select unnest(?))", [list(only_004)]
        )
    )
    assert all(origin != "ner" for origin in left.values())
    assert built.query(
        "select count(*) from fct_actors where actor_id in (select unnest(?)) and num_mentions > 0", [list(only_004)]
    ) == [(0,)]
