"""Shared fixtures: paths, the spaCy pipeline, and a warehouse built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newswh import config
from tests.tier_markers import pytest_collection_modifyitems  # noqa: F401  (the tier check)

pytest_plugins = ["pytester"]

PROJECT_ROOT = config.PROJECT_ROOT
SEEDS_DIR = PROJECT_ROOT / "seeds" / "articles"
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))
# Every mart the dbt project builds (each a table in the main schema), dims included.
MARTS = sorted(path.stem for path in (PROJECT_ROOT / "dbt_project" / "models" / "marts").glob("*.sql"))
# The seeds of the small warehouse several integration tests start from.
TWO_SEEDS = ("003", "004")


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


def copy_seeds(folder: Path, prefixes: tuple[str, ...] = TWO_SEEDS) -> Path:
    """A corpus folder holding these seeds under their own names (so their article ids)."""
    folder.mkdir(parents=True)
    for prefix in prefixes:
        shutil.copy(seed_path(prefix), folder / seed_path(prefix).name)
    return folder


@pytest.fixture(scope="session")
def two_seed_build(tmp_path_factory):
    """Seeds 003 and 004 built once, and every mart's rows as that clean build left them.

    The crash-safety tests compare their recovered builds with these rows; one test goes on to
    rerun this warehouse with files added (it is the only one that changes it, and the rows were
    read before it could). A copy of the folder as built is kept for `two_seed_copy`.
    """
    from tests.support import build_warehouse, mart_rows

    root = tmp_path_factory.mktemp("two_seeds")
    built = build_warehouse(root, copy_seeds(root / "corpus"))
    assert built.result.success
    # Kept as the build left it (one test changes this warehouse): `two_seed_copy` starts from it.
    shutil.copytree(root, tmp_path_factory.getbasetemp() / TWO_SEEDS_PRISTINE)
    return built, mart_rows(built.duckdb_path, MARTS)


TWO_SEEDS_PRISTINE = "two_seeds_pristine"


@pytest.fixture
def two_seed_copy(two_seed_build, tmp_path_factory):
    """A copy of the clean two-seed build (corpus, warehouse, Dagster home) for a test to change.

    Saves a test that edits, bumps or deletes its own build of seeds 003 and 004 from building them.
    """
    import dagster as dg

    from orchestration.instance import prepare_home
    from tests.support import BuiltWarehouse

    root = tmp_path_factory.mktemp("two_seed_copy")
    shutil.copytree(tmp_path_factory.getbasetemp() / TWO_SEEDS_PRISTINE, root, dirs_exist_ok=True)
    built, _marts = two_seed_build
    duckdb_path = root / built.duckdb_path.name
    instance = dg.DagsterInstance.from_config(str(prepare_home(duckdb_path)))
    return BuiltWarehouse(duckdb_path, root / "corpus", instance, built.result)
