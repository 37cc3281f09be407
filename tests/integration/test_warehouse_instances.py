"""Two warehouses from two corpora in one checkout, each with its own Dagster instance.

Both are built through the real entry point (`python -m orchestration.run`, what `make run`
calls), at the same time, from disjoint halves of the seeds. Each warehouse's folder must hold its
own instance, logs and reports, and nothing of the other one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from newswh.store import records_by_id
from tests.conftest import PROJECT_ROOT, SEED_FILES

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

CORPORA = {"a": ("000", "001"), "b": ("002", "003", "004")}
WAREHOUSE_FILES = {"warehouse.duckdb", ".dagster", "logs", "reports", "dbt"}


def _corpus(root: Path, prefixes: tuple[str, ...]) -> Path:
    folder = root / "articles"
    folder.mkdir(parents=True)
    for path in SEED_FILES:
        if path.name.startswith(prefixes):
            shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("two_warehouses")
    built, processes = {"started": time.time()}, {}
    for name, prefixes in CORPORA.items():
        articles = _corpus(root / f"corpus_{name}", prefixes)
        duckdb_path = root / f"warehouse_{name}" / "warehouse.duckdb"
        built[name] = {"articles": articles, "duckdb": duckdb_path, "ids": set(records_by_id(articles))}
        env = {
            **os.environ,
            "DUCKDB_PATH": str(duckdb_path),
            "ARTICLES_DIR": str(articles),
            # A shell's DAGSTER_HOME is ignored: the instance follows the warehouse.
            "DAGSTER_HOME": str(root / "shared_home"),
            "PATH": f"{PROJECT_ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}",
        }
        processes[name] = subprocess.Popen(
            [sys.executable, "-m", "orchestration.run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    for name, process in processes.items():
        output, _ = process.communicate(timeout=800)
        assert process.returncode == 0, output
        built[name]["output"] = output
    assert not (root / "shared_home").exists()
    return built


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_each_instance_lists_only_its_own_partitions_and_runs(warehouses, name):
    own = warehouses[name]
    with dg.DagsterInstance.from_config(str(own["duckdb"].parent / ".dagster")) as instance:
        assert set(instance.get_dynamic_partitions("article_batches")) == own["ids"]
        articles = instance.fetch_materializations(dg.AssetKey(["raw", "articles"]), limit=100).records
        assert {record.asset_materialization.partition for record in articles} == own["ids"]
        assert len(instance.get_runs()) == 1
        timelines = instance.fetch_materializations(dg.AssetKey("story_timeline"), limit=10).records
    assert len(timelines) == 1
    metadata = timelines[0].asset_materialization.metadata
    reports = own["duckdb"].parent / "reports"
    for key, file_name in (("png_path", "timeline.png"), ("html_path", "timeline.html")):
        assert Path(metadata[key].value) == reports / file_name
        assert (reports / file_name).is_file()


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_each_folder_holds_its_own_warehouse_logs_and_reports_only(warehouses, name):
    own = warehouses[name]
    folder = own["duckdb"].parent
    assert {path.name for path in folder.iterdir()} == WAREHOUSE_FILES
    assert f"log: {folder / 'logs' / 'make_run.log'}" in own["output"]
    # One article per file, so one batch per article.
    count = len(own["ids"])
    assert f"{count} articles in {count} batches: {count} new partitions, 0 removed" in own["output"]
    import duckdb

    with duckdb.connect(str(own["duckdb"]), read_only=True) as con:
        held = {row[0] for row in con.execute("select article_id from dim_articles").fetchall()}
    assert held == own["ids"]


def _invocation(duckdb_path: Path) -> tuple[dict, str]:
    run_results = json.loads((duckdb_path.parent / "dbt" / "target" / "run_results.json").read_text())
    return run_results, run_results["metadata"]["invocation_id"]


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_each_warehouse_keeps_its_own_dbt_results_and_log(warehouses, name):
    own = warehouses[name]
    other = warehouses[next(other for other in CORPORA if other != name)]
    folder = own["duckdb"].parent
    run_results, invocation = _invocation(own["duckdb"])
    _other_results, other_invocation = _invocation(other["duckdb"])
    assert invocation != other_invocation
    assert run_results["args"]["target_path"] == str(folder / "dbt" / "target")
    assert run_results["args"]["log_path"] == str(folder / "dbt" / "logs")
    # One build, one set of results: nothing of the other build landed here.
    assert list(folder.rglob("run_results.json")) == [folder / "dbt" / "target" / "run_results.json"]
    # dbt's file log (warnings and errors only: empty for the seeds) is here, and only here.
    assert list(folder.rglob("dbt.log")) == [folder / "dbt" / "logs" / "dbt.log"]
    # Neither build wrote results or logs into the checkout's dbt_project (the build-time manifest's home).
    checkout = PROJECT_ROOT / "dbt_project"
    written = [*checkout.rglob("run_results.json"), *checkout.rglob("dbt.log")]
    assert [path for path in written if path.stat().st_mtime >= warehouses["started"]] == []
