"""A digest of a set of files by their relative paths and bytes: the one helper behind the caches'
keys that say "these rules changed" (extraction and ingest, `extraction_key`; dbt's macros and
project, `dbt_results`).

Files are named by their POSIX path relative to a root, so a checkout moved or cloned elsewhere keeps
its digests, and no file time counts. Callers differ in which files count (documentation beside the
rules: the dbt project's .md doc blocks are rendered into its docs, extraction never reads a README)
and in how a file becomes bytes of the digest (`RAW` or `HASHED`): each keeps the encoding its
stored keys were made with, so a warehouse built before this helper keeps its cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Compiled bytecode, editors' hidden or backup files are no one's source and vary between checkouts.
NEVER_COUNTED_SUFFIXES = (".pyc",)
DOC_SUFFIX = ".md"
WHOLE_ROOT = (".",)


@dataclass(frozen=True)
class Encoding:
    """How a file enters a digest: its record (relative path and bytes) and the order of the records."""

    record: Callable[[str, bytes], bytes]
    order: Callable[[str], object]


# Path and bytes, in the order of path parts (as pathlib sorts): the dbt digests.
RAW = Encoding(lambda relative, data: relative.encode() + b"\0" + data + b"\0", lambda r: PurePosixPath(r).parts)
# Path and the bytes' sha256, one line each, in string order: the extraction and ingest keys.
HASHED = Encoding(lambda relative, data: f"{relative}\0{hashlib.sha256(data).hexdigest()}\n".encode(), str)


def counts(relative: PurePosixPath, docs: bool, suffix: str | None = None) -> bool:
    """Whether a file at `relative` is a source: not hidden, bytecode or a backup; a doc only when
    `docs`; of `suffix` when one is given."""
    hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
    if hidden or relative.suffix in NEVER_COUNTED_SUFFIXES or relative.name.endswith("~"):
        return False
    if relative.suffix == DOC_SUFFIX and not docs:
        return False
    return suffix is None or relative.suffix == suffix


def listed_files(
    root: Path,
    names: Sequence[str] = WHOLE_ROOT,
    *,
    docs: bool,
    suffix: str | None = None,
    skipped_folders: Sequence[str] = (),
) -> list[str]:
    """The files under `root` (of the files and folders `names`, missing ones skipped) that count, as
    sorted POSIX paths relative to it; a top-level folder in `skipped_folders` is not read."""
    found: set[str] = set()
    for name in names:
        path = root / name
        for candidate in [path] if path.is_file() else path.rglob("*"):
            relative = PurePosixPath(candidate.relative_to(root).as_posix())
            if candidate.is_file() and relative.parts[0] not in skipped_folders and counts(relative, docs, suffix):
                found.add(str(relative))
    return sorted(found)


def update_digest(digest, root: Path, relatives: Iterable[str], encoding: Encoding) -> None:
    """Add each file's record to `digest` (a hashlib object), in the encoding's order."""
    for relative in sorted(relatives, key=encoding.order):
        digest.update(encoding.record(relative, (root / relative).read_bytes()))


def files_digest(root: Path, relatives: Iterable[str], encoding: Encoding) -> str:
    """sha256 over the files' records: `update_digest` for a digest of one root."""
    digest = hashlib.sha256()
    update_digest(digest, root, relatives, encoding)
    return digest.hexdigest()
