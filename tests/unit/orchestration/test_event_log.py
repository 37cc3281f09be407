"""The warehouse's Dagster event log: every instance of a prepared home uses it, and it records what the stock one does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster_shared.check import CheckError

from orchestration import instance
from orchestration.event_log import KeptEngineEventLogStorage

pytestmark = pytest.mark.unit


@dg.asset
def one() -> int:
    return 1


@dg.asset_check(asset=one)
def one_is_positive() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _home_instance(tmp_path, monkeypatch) -> dg.DagsterInstance:
    home = instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return dg.DagsterInstance.get()


def test_a_new_home_records_events_with_one_engine_per_shard(tmp_path, monkeypatch):
    with _home_instance(tmp_path, monkeypatch) as dagster:
        storage = dagster.event_log_storage
        assert isinstance(storage, KeptEngineEventLogStorage)
        first = dg.materialize([one, one_is_positive], instance=dagster)
        second = dg.materialize([one, one_is_positive], instance=dagster)
        assert first.success and second.success
        # A run shard per run plus the index shard, each engine made once, however many events.
        assert set(storage._engines) == {first.run_id, second.run_id, "index"}
        assert len(dagster.all_logs(first.run_id)) > len(storage._engines)
        # What the UI reads back: the asset's materializations and its check's latest result.
        assert dagster.get_latest_materialization_event(dg.AssetKey("one")).run_id == second.run_id
        check_key = dg.AssetCheckKey(dg.AssetKey("one"), "one_is_positive")
        records = storage.get_asset_check_execution_history(check_key, limit=5)
        assert [record.run_id for record in records] == [second.run_id, first.run_id]


def test_the_stock_storage_reads_what_it_wrote(tmp_path, monkeypatch):
    with _home_instance(tmp_path, monkeypatch) as dagster:
        run = dg.materialize([one], instance=dagster)
        base_dir = dagster.event_log_storage._base_dir
        written = len(dagster.all_logs(run.run_id))
    stock = SqliteEventLogStorage(base_dir)
    assert len(stock.get_logs_for_run(run.run_id)) == written > 0


def test_batched_events_are_stored_as_one_by_one(tmp_path, monkeypatch):
    with _home_instance(tmp_path / "single", monkeypatch) as dagster:
        single = dg.materialize([one, one_is_positive], instance=dagster)
        single_types = sorted(str(e.dagster_event_type) for e in dagster.all_logs(single.run_id))
    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "1000")
    with _home_instance(tmp_path / "batched", monkeypatch) as dagster:
        storage = dagster.event_log_storage
        stored = []
        monkeypatch.setattr(storage, "store_event_batch", _spy(storage.store_event_batch, stored))
        batched = dg.materialize([one, one_is_positive], instance=dagster)
        assert stored, "Dagster sent no batch"  # the planned materialization and check
        assert sorted(str(e.dagster_event_type) for e in dagster.all_logs(batched.run_id)) == single_types
        check_key = dg.AssetCheckKey(dg.AssetKey("one"), "one_is_positive")
        [record] = storage.get_asset_check_execution_history(check_key, limit=5)
        assert record.run_id == batched.run_id and record.status.value == "SUCCEEDED"


def test_a_failed_batch_keeps_none_of_its_events(tmp_path, monkeypatch):
    with _home_instance(tmp_path, monkeypatch) as dagster:
        run = dg.materialize([one], instance=dagster)
        storage = dagster.event_log_storage
        events = list(dagster.all_logs(run.run_id))
        copies = [event._replace(run_id="copy") for event in events]
        with pytest.raises(CheckError):
            storage.store_event_batch([*copies, "not an event"])
        assert storage.get_logs_for_run("copy") == []
        storage.store_event_batch(copies)
        assert len(storage.get_logs_for_run("copy")) == len(events)


def _spy(method, calls: list):
    def spied(events):
        calls.append(len(events))
        return method(events)

    return spied


def test_only_the_shards_in_use_keep_a_connection(tmp_path, monkeypatch):
    from orchestration.event_log import KEPT_SHARDS

    with _home_instance(tmp_path, monkeypatch) as dagster:
        storage = dagster.event_log_storage
        runs = [dg.materialize([one], instance=dagster).run_id for _ in range(KEPT_SHARDS + 1)]
        assert len(storage._engines) == KEPT_SHARDS
        assert runs[0] not in storage._engines
        # A run whose connection was closed reads back as before, and the stock class sees it too.
        assert len(dagster.all_logs(runs[0])) == len(dagster.all_logs(runs[-1])) > 0
        stock = SqliteEventLogStorage(storage._base_dir)
        assert len(stock.get_logs_for_run(runs[-1])) == len(dagster.all_logs(runs[-1]))


@dg.asset
def fails() -> int:
    raise RuntimeError("the step fails")


@dg.asset_check(asset=fails)
def fails_is_checked() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _event_types(dagster: dg.DagsterInstance, run_id: str) -> list[str]:
    return sorted(str(entry.dagster_event_type) for entry in dagster.all_logs(run_id))


def test_a_failed_run_stores_every_event_when_batched(tmp_path, monkeypatch):
    with _home_instance(tmp_path / "single", monkeypatch) as dagster:
        single = dg.materialize([fails, fails_is_checked], instance=dagster, raise_on_error=False)
        single_types = _event_types(dagster, single.run_id)
    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "1000")
    with _home_instance(tmp_path / "batched", monkeypatch) as dagster:
        batched = dg.materialize([fails, fails_is_checked], instance=dagster, raise_on_error=False)
        assert not batched.success
        assert dict(dagster._event_buffer) == {}  # nothing left waiting for a flush
        assert _event_types(dagster, batched.run_id) == single_types
        assert "DagsterEventType.RUN_FAILURE" in single_types
    # Read back by another storage object, as the UI would: every event was committed.
    stock = SqliteEventLogStorage(str(tmp_path / "batched" / ".dagster" / "history" / "runs"))
    assert len(stock.get_logs_for_run(batched.run_id)) == len(single_types)


KILLED_RUN = """
import os, signal, sys
import dagster as dg

@dg.asset
def killed(context) -> int:
    context.log.info("before the kill")
    os.kill(os.getpid(), signal.SIGKILL)

with dg.DagsterInstance.from_config(sys.argv[1]) as instance:
    dg.materialize([killed], instance=instance)
"""


def test_events_recorded_before_a_crash_are_kept(tmp_path, monkeypatch):
    """The kept connection commits each event (or batch) at once: a killed process loses none of them."""
    home = instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none")
    env = {**os.environ, "DAGSTER_EVENT_BATCH_SIZE": "1000", "DAGSTER_DISABLE_TELEMETRY": "1"}
    done = subprocess.run([sys.executable, "-c", KILLED_RUN, str(home)], env=env, timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL
    with dg.DagsterInstance.from_config(str(home)) as dagster:
        [run] = dagster.get_runs()
        messages = [entry.user_message for entry in dagster.all_logs(run.run_id)]
        types = _event_types(dagster, run.run_id)
    assert "before the kill" in messages
    assert "DagsterEventType.STEP_START" in types and "DagsterEventType.ASSET_MATERIALIZATION_PLANNED" in types


def test_the_storage_is_chosen_by_the_homes_settings_not_by_an_import(tmp_path):
    """A process that imports nothing of the project gets the class from dagster.yaml, and Dagster's own
    names are left as they are (no patching)."""
    from dagster._core.storage import sqlite_storage

    home = instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none")
    assert sqlite_storage.SqliteEventLogStorage is SqliteEventLogStorage
    probe = (
        "import sys, dagster as dg\n"
        "with dg.DagsterInstance.from_config(sys.argv[1]) as i:\n"
        "    s = i.event_log_storage\n"
        "    print(type(s).__module__, type(s).__name__, s._base_dir)\n"
    )
    env = {**os.environ, "DAGSTER_DISABLE_TELEMETRY": "1"}
    env.pop("DAGSTER_HOME", None)
    out = subprocess.run([sys.executable, "-c", probe, str(home)], env=env, capture_output=True, text=True, check=True)
    module, name, base_dir = out.stdout.split(maxsplit=2)
    assert (module, name) == ("orchestration.event_log", "KeptEngineEventLogStorage")
    assert base_dir.strip() == str(home / "history" / "runs")


def test_the_index_is_asked_for_each_table_once(tmp_path, monkeypatch):
    asked = []
    stock_has_table = SqliteEventLogStorage.has_table

    def counted(storage, table_name):
        asked.append(table_name)
        return stock_has_table(storage, table_name)

    monkeypatch.setattr(SqliteEventLogStorage, "has_table", counted)
    with _home_instance(tmp_path, monkeypatch) as dagster:
        runs = [dg.materialize([one, one_is_positive], instance=dagster) for _ in range(3)]
        storage = dagster.event_log_storage
        check_key = dg.AssetCheckKey(dg.AssetKey("one"), "one_is_positive")
        records = storage.get_asset_check_execution_history(check_key, limit=5)
        assert [record.run_id for record in records] == [run.run_id for run in reversed(runs)]
        assert asked and len(asked) == len(set(asked))  # each table once, though asked for every event
        # A missing table is asked for again: a migration may add it.
        assert not storage.has_table("no_such_table") and not storage.has_table("no_such_table")
        assert asked.count("no_such_table") == 2


def test_a_wiped_storage_records_again(tmp_path, monkeypatch):
    with _home_instance(tmp_path, monkeypatch) as dagster:
        before = dg.materialize([one], instance=dagster)
        dagster.event_log_storage.wipe()
        assert dagster.all_logs(before.run_id) == []
        after = dg.materialize([one], instance=dagster)
        assert len(dagster.all_logs(after.run_id)) > 0
        assert dagster.get_latest_materialization_event(dg.AssetKey("one")).run_id == after.run_id


def test_a_run_worker_rebuilds_it_from_the_instance_ref(tmp_path, monkeypatch):
    """`make ui` launches each run in a worker process given the instance's ref, not its home."""
    from dagster._core.instance.ref import InstanceRef
    from dagster_shared.serdes import deserialize_value, serialize_value

    with _home_instance(tmp_path, monkeypatch) as dagster:
        ref = deserialize_value(serialize_value(dagster.get_ref()), InstanceRef)
    monkeypatch.delenv("DAGSTER_HOME")
    with dg.DagsterInstance.from_ref(ref) as worker:
        assert isinstance(worker.event_log_storage, KeptEngineEventLogStorage)
        assert worker.event_log_storage._base_dir == str(tmp_path / ".dagster" / "history" / "runs")
        assert dg.materialize([one], instance=worker).success


def test_an_instance_opened_from_its_home_alone_uses_it(tmp_path, monkeypatch):
    """As the tests and `make ui` open a warehouse's instance: by its folder, DAGSTER_HOME unset."""
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home = instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none")
    with dg.DagsterInstance.from_config(str(home)) as dagster:
        assert isinstance(dagster.event_log_storage, KeptEngineEventLogStorage)
        assert dg.materialize([one], instance=dagster).success
    assert (home / "history" / "runs" / "index.db").exists()
