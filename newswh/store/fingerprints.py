"""Record fingerprints kept by file status: an unchanged corpus file costs a stat, not a read.

Deciding which records changed compares each record's sha256 with the raw_hash the store
holds; hashing every record read the whole corpus on every build. The hash is therefore kept
(raw.record_fingerprints) with the status of the record's file when it was hashed, and reused
only when it is safe to:

- the file's path, device, inode, size, mtime and ctime are exactly those recorded (ctime
  cannot be set by a program, so a rewrite that restores the mtime is still seen), and
- the file had not changed for RACY_MARGIN_NS before it was hashed: a second write within
  the same clock tick as the hash would leave the status as recorded ("racy" entries, as git
  calls them), so a file that changed just before its hash is hashed again next time.

In every other case (no entry, a different status, a stat that fails) the record is hashed,
as before. Rejected records (a link out of the corpus, a FIFO ...) have no bytes: their
fingerprint is their reason's hash, computed without the cache.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb

from newswh.ingest.discover import SourceRecord, record_fingerprint
from newswh.store import raw as wh

FINGERPRINTS = wh.TABLES["record_fingerprints"]
# A file changed less than this long before it was hashed is hashed again on the next run.
RACY_MARGIN_NS = 2_000_000_000


@dataclass
class FingerprintStats:
    """What one listing did: the records it hashed, and how many it took from the cache."""

    hashed: list[str] = field(default_factory=list)
    cached: int = 0


@dataclass(frozen=True)
class _Entry:
    file_status: str
    changed_ns: int
    hashed_ns: int
    raw_hash: str


def file_status(path) -> tuple[str, int] | None:
    """(status string, the later of mtime and ctime) of a file, or None when it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    fields = (os.fsencode(path).hex(), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return "|".join(str(value) for value in fields), max(info.st_mtime_ns, info.st_ctime_ns)


def trusted(entry: _Entry | None, status: tuple[str, int] | None, margin_ns: int | None = None) -> bool:
    """Whether a kept hash still stands for the file: same status, and the file was quiet before it was hashed."""
    margin = RACY_MARGIN_NS if margin_ns is None else margin_ns
    if entry is None or status is None or entry.file_status != status[0]:
        return False
    return entry.changed_ns < entry.hashed_ns - margin


def _held(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> dict[str, _Entry]:
    rows = con.execute(
        f"select * from {wh.RAW_SCHEMA}.record_fingerprints where article_id in (select unnest(?))", [article_ids]
    ).fetchall()
    return {row[0]: _Entry(*row[1:]) for row in rows}


def fingerprints(
    con: duckdb.DuckDBPyConnection, records: Mapping[str, SourceRecord]
) -> tuple[dict[str, str | None], FingerprintStats]:
    """Each record's fingerprint (None: unreadable), hashing only records whose file changed; what it did."""
    wh.ensure_schema(con, [FINGERPRINTS])
    held = _held(con, sorted(records))
    statuses: dict[str, tuple[str, int] | None] = {}
    result: dict[str, str | None] = {}
    stats = FingerprintStats()
    fresh = []
    for article_id, record in records.items():
        if record.rejection is not None:
            result[article_id] = record_fingerprint(record)
            continue
        key = str(record.path)
        if key not in statuses:  # the records of one .jsonl share one stat
            statuses[key] = file_status(record.path)
        status = statuses[key]
        if trusted(held.get(article_id), status):
            result[article_id] = held[article_id].raw_hash
            stats.cached += 1
            continue
        hashed_ns = time.time_ns()
        result[article_id] = record_fingerprint(record)
        stats.hashed.append(article_id)
        # Stat'ed before the read: a write during the read makes the entry's status stale, never trusted.
        if status is not None and result[article_id] is not None and file_status(record.path) == status:
            fresh.append((article_id, status[0], status[1], hashed_ns, result[article_id]))
    _save(con, fresh)
    return result, stats


def _save(con: duckdb.DuckDBPyConnection, fresh: list[tuple]) -> None:
    if not fresh:
        return
    rows = [dict(zip(FINGERPRINTS.column_names, entry, strict=True)) for entry in fresh]
    with wh.transaction(con):
        wh.delete_keys(con, FINGERPRINTS, "article_id", [entry[0] for entry in fresh])
        wh.insert_rows(con, FINGERPRINTS, rows)


def statuses_before_reading(records: list[SourceRecord]) -> tuple[int, dict[str, tuple[str, int] | None]]:
    """The time and each file's status before a step reads the records (see `remember_read`)."""
    started = time.time_ns()
    return started, {str(r.path): file_status(r.path) for r in records if r.rejection is None}


def remember_read(
    con: duckdb.DuckDBPyConnection,
    before: tuple[int, dict[str, tuple[str, int] | None]],
    raw_hashes: Mapping[str, str],
    records: list[SourceRecord],
) -> None:
    """Keep the hashes ingest computed while reading `records` (stat'ed by `statuses_before_reading`),
    so the next listing stats what this run read rather than reading it again. A file whose status
    moved during the read is left out."""
    started, statuses = before
    fresh = []
    for record in records:
        status = statuses.get(str(record.path))
        if record.rejection is None and status is not None and record.article_id in raw_hashes:
            if file_status(record.path) == status:
                fresh.append((record.article_id, status[0], status[1], started, raw_hashes[record.article_id]))
    wh.ensure_schema(con, [FINGERPRINTS])
    _save(con, fresh)


def forget_missing(con: duckdb.DuckDBPyConnection, keep_ids: list[str]) -> int:
    """Drop the entries of records no longer in the corpus; how many."""
    wh.ensure_schema(con, [FINGERPRINTS])
    return wh.delete_articles_not_in(con, [FINGERPRINTS], keep_ids)
