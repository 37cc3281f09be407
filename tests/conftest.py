"""Shared fixtures: paths, the spaCy pipeline, and a warehouse built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswh import config
from tests.tier_markers import pytest_collection_modifyitems  # noqa: F401  (the tier check)

pytest_plugins = ["pytester"]

PROJECT_ROOT = config.PROJECT_ROOT
SEEDS_DIR = PROJECT_ROOT / "seeds" / "articles"
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))


def seed_path(prefix: str) -> Path:
    return next(path for path in SEED_FILES if path.name.startswith(prefix))


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared, or a skip saying exactly what is missing."""
    path = config.shared_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the read-only ../shared folder beside the repository); it is absent here")
    return path


@pytest.fixture(scope="session")
def nlp():
    from newswh.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory):
    """The seeds materialized once through Dagster into a temporary DuckDB and Dagster home."""
    from tests.support import build_warehouse

    root = tmp_path_factory.mktemp("warehouse")
    return build_warehouse(root, SEEDS_DIR)
