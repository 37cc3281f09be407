"""Batches of articles: the unit an orchestrator partitions the corpus by.

One partition per article made a 20,000-record .jsonl into 20,000 partitions, whose bookkeeping
alone outweighed the work. A batch is instead a file: a single-article file is a batch of one,
keyed by its article id, and a multi-record file (.jsonl, .csv) is cut into batches of at most
`max_articles` records, in file order. Keys are deterministic (the file's position in the corpus
and the batch's index), so a rerun over the same corpus finds the same partitions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from newswh.config import positive_int_setting
from newswh.ingest.discover import SourceRecord

BATCH_KEY_PREFIX = "b_"


def max_batch_articles() -> int:
    """Records per batch of a multi-record file (NEWSWH_BATCH_ARTICLES, default 500).

    Large enough that per-run overhead vanishes against the NLP; small enough that one batch of a
    huge file is redone, not the file, when a run is retried.
    """
    return positive_int_setting("NEWSWH_BATCH_ARTICLES", 500)


def batch_key(file_uri: str, batch_index: int) -> str:
    """Key of one batch of a multi-record file; never equal to an article id (prefix `b_`)."""
    position = f"{file_uri}\x00batch\x00{batch_index}"
    return BATCH_KEY_PREFIX + hashlib.sha256(position.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def file_uri(record: SourceRecord) -> str:
    """The corpus file a record comes from (its source_uri without the record's `#<n>`)."""
    return record.source_uri.rsplit("#", 1)[0] if record.record_index is not None else record.source_uri


def _records_by_file(records: Iterable[SourceRecord]) -> dict[str, list[SourceRecord]]:
    files: dict[str, list[SourceRecord]] = {}
    for record in records:
        files.setdefault(file_uri(record), []).append(record)
    return files


def article_batches(records: Iterable[SourceRecord], max_articles: int | None = None) -> dict[str, tuple[str, ...]]:
    """Batch key -> the article ids it covers, every article in exactly one batch."""
    size = max_articles or max_batch_articles()
    batches: dict[str, tuple[str, ...]] = {}
    for uri, file_records in _records_by_file(records).items():
        if len(file_records) == 1 and file_records[0].record_index is None:
            batches[file_records[0].article_id] = (file_records[0].article_id,)
            continue
        ordered = sorted(file_records, key=lambda record: record.record_index or 0)
        for index, start in enumerate(range(0, len(ordered), size)):
            batches[batch_key(uri, index)] = tuple(r.article_id for r in ordered[start : start + size])
    return batches


def articles_of(batch_keys: Sequence[str], batches: Mapping[str, Sequence[str]]) -> tuple[list[str], list[str]]:
    """The article ids of the requested batches, and the keys no longer in the corpus."""
    article_ids: list[str] = []
    missing: list[str] = []
    for key in batch_keys:
        if key in batches:
            article_ids.extend(batches[key])
        else:
            missing.append(key)
    return article_ids, missing
