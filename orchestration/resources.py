"""Resources: where the warehouse and the corpus live, and how dbt is invoked."""

from __future__ import annotations

import os
import shutil
import sys
from functools import cached_property
from importlib import metadata
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource
from packaging import version

from newswh import config

DBT_PROJECT_DIR = config.PROJECT_ROOT / "dbt_project"

# The manifest is prepared at build time (`make manifest` runs `dbt parse`), never on code load.
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class CorpusResource(dg.ConfigurableResource):
    """The folder of articles the pipeline reads (ARTICLES_DIR, default seeds/articles)."""

    articles_dir: str

    @property
    def path(self) -> Path:
        return Path(self.articles_dir)


class WarehouseDbtResource(DbtCliResource):
    """dagster-dbt's dbt resource without two steps of its own that a build here never uses.

    Before each `dbt build`, `DbtCliResource.cli` runs `dbt --version` (a second dbt process, which
    also asks pypi.org for the latest release: a network call at run time) and builds a dbt adapter
    in the Dagster process (profile, project and macros loaded), read only by `fetch_row_counts` and
    `fetch_column_metadata`. The warehouse reads its row counts itself once dbt has exited
    (`assets/warehouse.py`), so neither is needed: 9-10 s of every build's fixed cost, measured.
    dbt is the one installed beside this interpreter (`_dbt_executable`), so its version is the
    installed package's. Both names are dagster-dbt's own; `tests/unit/orchestration/test_dbt_resource.py`
    fails if a dagster-dbt upgrade stops calling them, rather than letting the cost come back unseen.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None  # no adapter: the invocation then never opens the warehouse from this process


def _dbt_executable() -> str:
    """dbt beside the running interpreter in the project venv (PATH may not include it): its
    `newswh-dbt` entry point, whose parse a new warehouse reuses (orchestration/dbt_cli.py), else dbt's."""
    for name in ("newswh-dbt", "dbt"):
        beside = Path(sys.executable).parent / name
        if beside.exists():
            return str(beside)
    return shutil.which("dbt") or "dbt"


def build_resources(
    duckdb_path: Path | None = None, articles_dir: Path | None = None, raw_store_path: Path | None = None
) -> dict:
    """`duckdb` is the warehouse dbt builds and the reports read; `raw_store` the file ingest,
    extraction and the steps across articles write: the same file unless NEWSWH_RAW_STORE says
    otherwise (a distributed build, where only dbt writes the warehouse)."""
    duckdb_path = duckdb_path or config.duckdb_path()
    if raw_store_path is None:
        raw_store_path = config.raw_store_path() if os.environ.get(config.RAW_STORE_SETTING) else duckdb_path
    # dbt reads DUCKDB_PATH from its profile; export the resolved absolute path so the
    # subprocess, whatever its working directory, opens the same file as Python does.
    os.environ["DUCKDB_PATH"] = str(duckdb_path)
    duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return {
        "duckdb": DuckDBResource(database=str(duckdb_path)),
        "raw_store": DuckDBResource(database=str(raw_store_path)),
        "corpus": CorpusResource(articles_dir=str(articles_dir or config.articles_dir())),
        "dbt": WarehouseDbtResource(project_dir=dbt_project, dbt_executable=_dbt_executable()),
    }
