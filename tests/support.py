"""Helpers for integration tests: build a warehouse in a temporary folder through Dagster."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg


@dataclass
class BuiltWarehouse:
    duckdb_path: Path
    articles_dir: Path
    instance: dg.DagsterInstance
    result: object

    def query(self, sql: str, params=None) -> list[tuple]:
        import duckdb

        with duckdb.connect(str(self.duckdb_path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


def build_warehouse(root: Path, articles_dir: Path) -> BuiltWarehouse:
    from newswh.store import records_by_id
    from orchestration.instance import prepare_home
    from orchestration.resources import build_resources
    from orchestration.run import materialize_corpus

    duckdb_path = root / "warehouse.duckdb"
    # The same instance settings as `make run`, in the home beside the warehouse.
    instance = dg.DagsterInstance.from_config(str(prepare_home(duckdb_path)))
    resources = build_resources(duckdb_path=duckdb_path, articles_dir=articles_dir)
    result, _summary = materialize_corpus(instance, records_by_id(articles_dir), resources=resources)
    return BuiltWarehouse(duckdb_path, articles_dir, instance, result)


def rerun(built: BuiltWarehouse):
    from newswh.store import records_by_id
    from orchestration.resources import build_resources
    from orchestration.run import materialize_corpus

    resources = build_resources(duckdb_path=built.duckdb_path, articles_dir=built.articles_dir)
    result, _ = materialize_corpus(built.instance, records_by_id(built.articles_dir), resources=resources)
    return result


def mart_rows(duckdb_path: Path, marts: list[str]) -> dict[str, list[tuple]]:
    """Every mart's rows, ordered by all their columns, so two builds compare row for row."""
    import duckdb

    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        tables = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'main' and table_type = 'BASE TABLE'"
            ).fetchall()
        }
        assert tables == set(marts)
        return {name: con.execute(f"select * from main.{name} order by all").fetchall() for name in marts}


# The README's marker of the one command a worker on another machine runs (section Distributed).
README_WORKER_MARK = "orchestration.celery_worker worker"


def readme_worker_command(readme_text: str, broker: str) -> tuple[dict[str, str], list[str]]:
    """The README's command for a worker on another machine, with `broker` for its placeholder: (env, argv)."""
    import shlex

    lines = [line.strip() for line in readme_text.splitlines() if README_WORKER_MARK in line]
    commands = [line for line in lines if line.startswith("NEWSWH_BROKER_URL=redis://COORDINATOR:PORT/0 ")]
    assert len(commands) == 1, f"the README should show the worker command once, found {commands}"
    tokens = shlex.split(commands[0].replace("redis://COORDINATOR:PORT/0", broker))
    env = {}
    while tokens and "=" in tokens[0] and not tokens[0].startswith("-"):
        name, value = tokens.pop(0).split("=", 1)
        env[name] = value
    return env, tokens


def dbt_test(duckdb_path: Path, target: Path, logs: Path, *select: str):
    """`dbt test --select SELECT` of the project on the warehouse DUCKDB_PATH (its process, output captured)."""
    import os
    import subprocess
    import sys

    from newswh import config

    env = {**os.environ, "DUCKDB_PATH": str(duckdb_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [str(Path(sys.executable).with_name("dbt")), "test", "--profiles-dir", ".", "--target-path", str(target)]
    return subprocess.run(
        [*command, "--log-path", str(logs), "--select", *select],
        cwd=config.PROJECT_ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
