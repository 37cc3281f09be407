"""What an article's extraction depends on, as one digest: the cache key of raw.extraction_state; and
what its ingest depends on, by the same machinery: the cache key of raw.articles and
raw.quarantined_articles (`ingest_digest`).

An article is extracted again when its text or this digest changed. The digest covers the sources
of the core modules extraction runs, the rule and resource files they read (the packages'
resources, seeds/reference), the spaCy model's name and version (and spaCy's own, which parses),
the versions of the libraries ingest cleans with, and PIPELINE_VERSION. So editing a lexicon or a rule, then `make run` on the same warehouse,
extracts again, and an unchanged rerun extracts nothing. The ingest digest covers ingest's own
sources and rule files (a subset), those libraries and PIPELINE_VERSION: an edited cleaning rule
cleans again, and extraction follows.

Files are listed by their path relative to the checkout, sorted, and hashed by content: a checkout
moved or cloned elsewhere keeps its warehouse's extraction, and no file time counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from newswh import config
from newswh.store import file_digest

# Relative to the checkout: what newswh.extract imports (tests/unit/store/test_extraction_key.py
# checks that its import closure stays inside these) and the files those modules read. Whole
# packages, not single modules, so a module added to one is covered without editing this list.
EXTRACTION_INPUTS = (
    "newswh/__init__.py",
    "newswh/config.py",
    "newswh/extract.py",
    "newswh/nlp.py",
    "newswh/records.py",
    "newswh/actors",
    "newswh/events",
    "newswh/ingest",
    "newswh/places",
    "newswh/time",
    "newswh/store/extraction_key.py",  # the key itself: a new definition makes the stored keys incomparable
    "newswh/store/file_digest.py",
    "newswh/store/raw.py",
    "newswh/store/tables.py",
    "newswh/store/raw_tables.yml",
    "seeds/reference",
)
# What ingest imports (tests/unit/store/test_extraction_key.py checks its import closure too: the
# time package comes whole, as its __init__ runs the tagger's modules) and the files it reads: its
# resources and the outlet registry. A subset of EXTRACTION_INPUTS, so an ingest edit re-extracts too.
INGEST_INPUTS = (
    "newswh/__init__.py",
    "newswh/config.py",
    "newswh/records.py",
    "newswh/ingest",
    "newswh/time",
    "newswh/store/extraction_key.py",
    "newswh/store/file_digest.py",
    "newswh/store/raw.py",
    "newswh/store/tables.py",
    "newswh/store/raw_tables.yml",
    "seeds/reference/sources.csv",
)
# The libraries ingest decodes, repairs, extracts HTML and identifies the language with: a new
# release can change a cleaned text or a page's metadata.
INGEST_LIBRARIES = ("ftfy", "trafilatura", "py3langid")


def input_files(root: Path, inputs: Sequence[str] = EXTRACTION_INPUTS) -> list[str]:
    """The input files under `root`, as sorted POSIX paths relative to it (missing inputs are skipped).
    Documentation beside the rules (README_*.md) is read by people, not by extraction."""
    return file_digest.listed_files(root, inputs, docs=False)


def files_digest(root: Path, inputs: Sequence[str] = EXTRACTION_INPUTS) -> str:
    """sha256 over each input file's relative path and content hash, in path order."""
    return file_digest.files_digest(root, input_files(root, inputs), file_digest.HASHED)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def model_identity(model: str) -> str:
    """The spaCy model's name and version, and spaCy's: a new model or parser changes every parse.

    A model given as a folder (NEWSWH_SPACY_MODEL=/path) is named by its meta.json's content (its
    name and version), not by the folder's path.
    """
    meta = Path(model) / "meta.json"
    if meta.is_file():
        return f"model@{hashlib.sha256(meta.read_bytes()).hexdigest()}; spacy=={_version('spacy')}"
    return f"{model}=={_version(model)}; spacy=={_version('spacy')}"


def libraries_identity(distributions: Sequence[str]) -> str:
    """Each library's name and installed version, in the order given."""
    return "; ".join(f"{name}=={_version(name)}" for name in distributions)


def extraction_identity() -> str:
    """The model that parses, and the libraries ingest cleaned the text with: extraction reads the
    metadata ingest wrote (dates, dateline, url), which a library can change without changing the text."""
    return f"{model_identity(config.SPACY_MODEL)}; {libraries_identity(INGEST_LIBRARIES)}"


def ingest_identity() -> str:
    return libraries_identity(INGEST_LIBRARIES)


@lru_cache(maxsize=8)
def inputs_digest(
    root: Path | None = None, inputs: tuple[str, ...] = EXTRACTION_INPUTS, identity=extraction_identity
) -> str:
    """The files' (under `root`, default this checkout) and the model's or libraries' digest, computed
    once per process: the process reads its rules once too, so the key stays that of the rules it runs."""
    text = f"{files_digest(root or config.PROJECT_ROOT, inputs)}\n{identity()}"
    return hashlib.sha256(text.encode()).hexdigest()


def _versioned(digest: str) -> str:
    """A cache key: the inputs' digest and PIPELINE_VERSION (read at each call, so a bumped version
    counts at once). 64 bits: a collision among a checkout's versions is negligible."""
    return hashlib.sha256(f"{config.PIPELINE_VERSION}\n{digest}".encode()).hexdigest()[:16]


def extraction_digest(root: Path | None = None) -> str:
    """The extraction cache key (raw.extraction_state.extraction_digest)."""
    return _versioned(inputs_digest(root))


def ingest_digest(root: Path | None = None) -> str:
    """The ingest cache key (raw.articles and raw.quarantined_articles' ingest_digest): an article
    whose key differs is read and cleaned again, as if its bytes had changed."""
    return _versioned(inputs_digest(root, INGEST_INPUTS, ingest_identity))
