"""The Dagster UI as an analyst uses it: `make ui`, Materialize all, the marts appear; the sensor turns on.

What the test does, in the order a user would:

1. `make ui` on a free port, with DUCKDB_PATH in a temporary folder (passed as a make variable
   on the command line, which wins over the Makefile's own assignment); the Dagster instance
   follows the warehouse into that folder, so the developer's warehouse and instance are never
   touched.
2. Registers one dynamic partition per batch (each seed file is a batch of one article) with the
   GraphQL `addDynamicPartition` mutation: what the launch dialog's "Add a partition" button sends,
   and what `make run` does through the instance. The `new_article_files` sensor would also
   register them, but it then launches one run per article at once; on a fresh warehouse those
   runs would race the backfill for DuckDB's single write lock. So partitions come first and
   the sensor is turned on last, when it has nothing new to do.
3. Opens the global asset lineage (/asset-groups), clicks "Materialize all…", picks "All"
   partitions in the dialog and clicks "Launch backfill".
4. Waits (at most BACKFILL_TIMEOUT seconds) for the backfill to succeed, via GraphQL.
5. Checks the marts in the DuckDB file through a read-only connection.
6. Opens the sensor's page, clicks its "Running" switch, and checks that the sensor runs and
   that its first tick skips (every article already has a partition).

Screenshots are written to test-output/browser/<test name>/ (see tests/browser/conftest.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from newswh import config
from tests.conftest import SEED_FILES, SEEDS_DIR

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

SERVER_TIMEOUT = 240  # `make ui` may first run `dbt parse` when the manifest is stale
BACKFILL_TIMEOUT = int(os.environ.get("NEWSWH_UI_BACKFILL_TIMEOUT", "300"))  # seconds; the seeds take ~2-3 min
SENSOR_TICK_TIMEOUT = 120
REPOSITORY = "__repository__"
PARTITIONS_DEF = "article_batches"
SENSOR = "new_article_files"
TERMINAL_BACKFILL_STATUSES = {"COMPLETED", "COMPLETED_SUCCESS", "COMPLETED_FAILED", "FAILED", "CANCELED"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class DagsterUi:
    base_url: str
    process: subprocess.Popen
    log_path: Path
    duckdb_path: Path
    location: str = ""

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"{self.base_url}/graphql",
            data=json.dumps({"query": query, "variables": variables or {}}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.load(response)
        if body.get("errors"):
            raise AssertionError(f"GraphQL errors: {body['errors']}")
        return body["data"]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    @property
    def repository_selector(self) -> dict:
        return {"repositoryName": REPOSITORY, "repositoryLocationName": self.location}


def wait_until_ready(ui: DagsterUi) -> None:
    """Wait for the webserver, then for the code location to load; fail early if make exits."""
    deadline = time.monotonic() + SERVER_TIMEOUT
    while time.monotonic() < deadline:
        if ui.process.poll() is not None:
            pytest.fail(f"`make ui` exited with {ui.process.returncode}:\n{ui.log_tail()}")
        try:
            data = ui.graphql(
                "{ repositoriesOrError { __typename ... on RepositoryConnection { nodes { name location { name } } } } }"
            )
            nodes = data["repositoriesOrError"].get("nodes") or []
            if nodes:
                ui.location = nodes[0]["location"]["name"]
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, AssertionError):
            pass  # not listening yet, or still loading the code location
        time.sleep(1)
    pytest.fail(f"Dagster UI not ready after {SERVER_TIMEOUT}s:\n{ui.log_tail()}")


def stop_process_group(process: subprocess.Popen, grace: float = 30) -> None:
    """SIGTERM the group we started (make, dagster dev, webserver, daemon, runs), then SIGKILL."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # any member of our group still alive?
        except ProcessLookupError:
            return
        time.sleep(0.5)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    root = tmp_path_factory.mktemp("dagster_ui")
    duckdb_path = root / "warehouse.duckdb"
    port = free_port()
    overrides = {
        "UI_HOST": "127.0.0.1",
        "UI_PORT": str(port),
        "DUCKDB_PATH": str(duckdb_path),
        "ARTICLES_DIR": str(SEEDS_DIR),
    }
    log_path = root / "make_ui.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "ui", *(f"{key}={value}" for key, value in overrides.items())],
            cwd=config.PROJECT_ROOT,
            # A DAGSTER_HOME left in the shell must not win over the warehouse's own instance.
            env={**os.environ, **overrides, "DAGSTER_DISABLE_TELEMETRY": "1", "DAGSTER_HOME": str(root / "elsewhere")},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Its own session and process group: stopped by group id, and immune to our SIGINT.
            start_new_session=True,
        )
    ui = DagsterUi(f"http://127.0.0.1:{port}", process, log_path, duckdb_path)
    try:
        wait_until_ready(ui)
        ui.graphql("mutation { setNuxSeen }")  # dismiss the first-visit dialog
        yield ui
    finally:
        stop_process_group(process)


@pytest.fixture(scope="module")
def article_partitions(dagster_ui) -> list[str]:
    """One partition per batch of the seeds, added as the launch dialog's "Add a partition" does."""
    from newswh.ingest import discover
    from newswh.store.batches import article_batches

    keys = list(article_batches(discover(SEEDS_DIR)))
    mutation = """
    mutation($selector: RepositorySelector!, $name: String!, $key: String!) {
      addDynamicPartition(repositorySelector: $selector, partitionsDefName: $name, partitionKey: $key) {
        __typename
        ... on PythonError { message }
        ... on UnauthorizedError { message }
      }
    }"""
    for key in keys:
        result = dagster_ui.graphql(
            mutation, {"selector": dagster_ui.repository_selector, "name": PARTITIONS_DEF, "key": key}
        )
        assert result["addDynamicPartition"]["__typename"] in {
            "AddDynamicPartitionSuccess",
            "DuplicateDynamicPartitionError",
        }, result
    return keys


def backfill_status(ui: DagsterUi, backfill_id: str) -> str:
    data = ui.graphql(
        "query($id: String!) { partitionBackfillOrError(backfillId: $id) { __typename ... on PartitionBackfill { status } } }",
        {"id": backfill_id},
    )
    return data["partitionBackfillOrError"]["status"]


def backfill_run_failures(ui: DagsterUi, backfill_id: str) -> list[str]:
    """Status and error messages of the backfill's runs, for a useful failure message."""
    runs = ui.graphql(
        """query($tags: [ExecutionTag!]) { runsOrError(filter: {tags: $tags}) { ... on Runs { results { runId status } } } }""",
        {"tags": [{"key": "dagster/backfill", "value": backfill_id}]},
    )["runsOrError"]["results"]
    lines = []
    for run in runs:
        lines.append(f"run {run['runId']}: {run['status']}")
        if run["status"] != "FAILURE":
            continue
        events = ui.graphql(
            """query($id: ID!) { logsForRun(runId: $id) { ... on EventConnection { events {
                 __typename ... on ExecutionStepFailureEvent { error { message } } } } } }""",
            {"id": run["runId"]},
        )["logsForRun"]["events"]
        lines += [event["error"]["message"][:2000] for event in events if event.get("error")]
    return lines


def wait_for_backfill(ui: DagsterUi, backfill_id: str) -> str:
    deadline = time.monotonic() + BACKFILL_TIMEOUT
    status = "REQUESTED"
    while time.monotonic() < deadline:
        status = backfill_status(ui, backfill_id)
        if status in TERMINAL_BACKFILL_STATUSES:
            return status
        time.sleep(2)
    pytest.fail(
        f"backfill {backfill_id} still {status} after {BACKFILL_TIMEOUT}s:\n"
        + "\n".join(backfill_run_failures(ui, backfill_id))
    )


def launch_materialize_all(page, ui: DagsterUi, partition_count: int, output_dir: Path) -> str:
    """Click "Materialize all…" on the lineage graph, choose every partition, launch; return the backfill id."""
    page.goto(f"{ui.base_url}/asset-groups")
    page.get_by_role("button", name="Materialize all").click(timeout=60_000)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(re.compile(r"Launch runs to materialize \d+ assets")).wait_for()
    # The ingest and extract assets are partitioned by article: pick every registered partition.
    dialog.get_by_role("button", name="All", exact=True).click()
    dialog.get_by_text(f"{partition_count} partitions selected").wait_for()
    page.screenshot(path=str(output_dir / "01_materialize_all_dialog.png"))
    dialog.get_by_role("button", name="Launch backfill").click()
    toast = page.get_by_text(re.compile(r"Created backfill \w+"))
    toast.wait_for(timeout=60_000)
    return re.search(r"Created backfill (\w+)", toast.inner_text()).group(1)


def test_materialize_all_builds_the_marts(dagster_ui, article_partitions, page, output_dir):
    backfill_id = launch_materialize_all(page, dagster_ui, len(article_partitions), output_dir)

    status = wait_for_backfill(dagster_ui, backfill_id)
    page.goto(f"{dagster_ui.base_url}/runs/b/{backfill_id}")
    page.get_by_text(backfill_id).first.wait_for()
    page.wait_for_timeout(1500)  # let the partition status bars draw
    page.screenshot(path=str(output_dir / "02_backfill.png"), full_page=True)
    assert status in {"COMPLETED_SUCCESS", "COMPLETED"}, "\n".join(
        [f"backfill {backfill_id} ended {status}", *backfill_run_failures(dagster_ui, backfill_id)]
    )

    page.goto(f"{dagster_ui.base_url}/asset-groups")
    page.get_by_role("button", name="Materialize all").wait_for()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(output_dir / "03_asset_graph_after.png"))

    import duckdb

    assert dagster_ui.duckdb_path.exists(), f"no warehouse at {dagster_ui.duckdb_path}"
    with duckdb.connect(str(dagster_ui.duckdb_path), read_only=True) as con:
        tables = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main'"
            ).fetchall()
        }
        assert {"dim_articles", "fct_sources"} <= tables
        assert con.execute("select count(*) from dim_articles").fetchone()[0] == len(SEED_FILES)
        assert con.execute("select count(*) from fct_sources").fetchone()[0] > 0


def test_the_ui_serves_the_instance_beside_its_warehouse(dagster_ui, article_partitions):
    import dagster as dg

    home = dagster_ui.duckdb_path.parent / ".dagster"
    assert "QueuedRunCoordinator" in (home / "dagster.yaml").read_text()
    assert not (dagster_ui.duckdb_path.parent / "elsewhere").exists()
    # The partitions added through the UI are in the warehouse's own instance.
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert sorted(instance.get_dynamic_partitions(PARTITIONS_DEF)) == sorted(article_partitions)


SENSOR_QUERY = """
query($selector: SensorSelector!) {
  sensorOrError(sensorSelector: $selector) {
    __typename
    ... on Sensor { name sensorState { id status ticks(limit: 1) { status skipReason error { message } } } }
  }
}"""


def sensor_state(ui: DagsterUi) -> dict:
    selector = {**ui.repository_selector, "sensorName": SENSOR}
    result = ui.graphql(SENSOR_QUERY, {"selector": selector})["sensorOrError"]
    assert result["__typename"] == "Sensor", result
    return result["sensorState"]


def test_sensor_is_listed_and_can_be_turned_on(dagster_ui, article_partitions, page, output_dir):
    page.goto(f"{dagster_ui.base_url}/automation")
    page.get_by_text(SENSOR, exact=True).first.wait_for(timeout=60_000)
    page.screenshot(path=str(output_dir / "01_automation.png"))
    assert sensor_state(dagster_ui)["status"] == "STOPPED"

    page.goto(f"{dagster_ui.base_url}/locations/{dagster_ui.location}/sensors/{SENSOR}")
    switch = page.get_by_role("checkbox")  # the "Running" switch is the page's only checkbox
    switch.wait_for(state="attached")
    assert not switch.is_checked()
    # The input is visually hidden behind the drawn switch; a user clicks its label.
    switch.locator("xpath=ancestor::label[1]").click()
    page.wait_for_function("() => document.querySelector('input[type=checkbox]').checked", timeout=30_000)

    deadline = time.monotonic() + SENSOR_TICK_TIMEOUT
    state = sensor_state(dagster_ui)
    # A tick is read only once it has ended: a tick still being evaluated reports STARTED.
    while time.monotonic() < deadline and (not state["ticks"] or state["ticks"][0]["status"] == "STARTED"):
        time.sleep(2)
        state = sensor_state(dagster_ui)
    page.reload()
    page.get_by_text(SENSOR).first.wait_for()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(output_dir / "02_sensor_running.png"))
    try:
        assert state["status"] == "RUNNING"
        assert state["ticks"], f"the sensor did not tick within {SENSOR_TICK_TIMEOUT}s"
        tick = state["ticks"][0]
        # Every article already has a partition, so the first evaluation has nothing to request.
        assert tick["status"] == "SKIPPED", tick
        assert tick["skipReason"] == "no new or changed article files"
    finally:
        dagster_ui.graphql(
            "mutation($id: String!) { stopSensor(id: $id) { __typename } }",
            {"id": state["id"]},
        )
