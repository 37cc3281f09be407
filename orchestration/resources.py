"""Resources: where the warehouse and the corpus live, and how dbt is invoked."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

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


def _dbt_executable() -> str:
    # dbt lives beside the running interpreter in the project venv; PATH may not include it.
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


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
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=_dbt_executable()),
    }
