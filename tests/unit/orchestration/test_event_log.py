"""The warehouse's Dagster event log: every instance of a prepared home uses it, and it records what the stock one does."""

from __future__ import annotations

import dagster as dg
import pytest
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
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

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
        from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

        stock = SqliteEventLogStorage(storage._base_dir)
        assert len(stock.get_logs_for_run(runs[-1])) == len(dagster.all_logs(runs[-1]))


def test_an_instance_opened_from_its_home_alone_uses_it(tmp_path, monkeypatch):
    """As the tests and `make ui` open a warehouse's instance: by its folder, DAGSTER_HOME unset."""
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home = instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none")
    with dg.DagsterInstance.from_config(str(home)) as dagster:
        assert isinstance(dagster.event_log_storage, KeptEngineEventLogStorage)
        assert dg.materialize([one], instance=dagster).success
    assert (home / "history" / "runs" / "index.db").exists()
