"""Each warehouse's Dagster home: where it is, what it holds, and the notice about the old shared one."""

from __future__ import annotations

import pytest
import yaml

from newswh import config
from orchestration import instance

pytestmark = pytest.mark.unit


def test_the_home_logs_and_reports_sit_beside_the_warehouse_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DUCKDB_PATH", str(tmp_path / "a" / "warehouse.duckdb"))
    assert config.dagster_home() == tmp_path / "a" / ".dagster"
    assert config.logs_dir() == tmp_path / "a" / "logs"
    assert config.reports_dir() == tmp_path / "a" / "reports"
    assert config.dbt_target_dir() == tmp_path / "a" / "dbt" / "target"
    assert config.dbt_logs_dir() == tmp_path / "a" / "dbt" / "logs"
    assert config.dagster_home(tmp_path / "b" / "w.duckdb") == tmp_path / "b" / ".dagster"


def test_a_new_home_gets_the_project_settings_and_a_rerun_keeps_local_edits(tmp_path):
    home = instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none")
    assert home == tmp_path / ".dagster"
    settings = yaml.safe_load((home / "dagster.yaml").read_text())
    assert settings["telemetry"] == {"enabled": False}
    assert settings["run_coordinator"]["config"] == {"max_concurrent_runs": 1}
    assert settings["event_log_storage"] == {
        "module": "orchestration.event_log",
        "class": "KeptEngineEventLogStorage",
        "config": {"base_dir": str(home / "history" / "runs")},
    }
    edited = (home / "dagster.yaml").read_text().replace("max_concurrent_runs: 1", "max_concurrent_runs: 2")
    (home / "dagster.yaml").write_text(edited)
    assert instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none") == home
    assert (home / "dagster.yaml").read_text() == edited


def test_a_path_with_yaml_syntax_in_it_reads_back_as_itself(tmp_path):
    folder = tmp_path / "a: b #c, 'd\""
    home = instance.prepare_home(folder / "warehouse.duckdb", legacy_home=tmp_path / "none")
    settings = yaml.safe_load((home / "dagster.yaml").read_text())
    assert settings["event_log_storage"]["config"]["base_dir"] == str(folder / ".dagster" / "history" / "runs")


def test_an_older_home_gains_the_event_log_block_and_keeps_its_edits(tmp_path):
    home = tmp_path / ".dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text("# mine\ntelemetry:\n  enabled: false\n")
    instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none")
    text = (home / "dagster.yaml").read_text()
    assert text.startswith("# mine\ntelemetry:\n  enabled: false\n")
    assert yaml.safe_load(text)["event_log_storage"]["config"]["base_dir"] == str(home / "history" / "runs")


def test_a_home_that_chose_its_own_storage_keeps_it(tmp_path):
    home = tmp_path / ".dagster"
    home.mkdir()
    mine = "storage:\n  sqlite:\n    base_dir: /somewhere\n"
    (home / "dagster.yaml").write_text(mine)
    instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none")
    assert (home / "dagster.yaml").read_text() == mine


def test_a_moved_warehouse_folder_points_its_event_log_at_its_new_place(tmp_path):
    home = instance.prepare_home(tmp_path / "old" / "warehouse.duckdb", legacy_home=tmp_path / "none")
    edited = (home / "dagster.yaml").read_text().replace("max_concurrent_runs: 1", "max_concurrent_runs: 2")
    (home / "dagster.yaml").write_text(edited)
    (tmp_path / "old").rename(tmp_path / "new")
    moved = instance.prepare_home(tmp_path / "new" / "warehouse.duckdb", legacy_home=tmp_path / "none")
    text = (moved / "dagster.yaml").read_text()
    assert yaml.safe_load(text)["event_log_storage"]["config"]["base_dir"] == str(moved / "history" / "runs")
    assert text == edited.replace(str(tmp_path / "old"), str(tmp_path / "new"))


def test_a_second_warehouse_in_the_same_folder_is_refused(tmp_path):
    instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none")
    with pytest.raises(instance.HomeTakenError, match=r"other/other\.duckdb"):
        instance.prepare_home(tmp_path / "other.duckdb", legacy_home=tmp_path / "none")


def test_an_old_checkout_wide_home_is_announced_once_and_left_alone(tmp_path, capsys):
    legacy = tmp_path / "checkout" / ".dagster"
    (legacy / "storage").mkdir(parents=True)
    before = sorted(legacy.rglob("*"))

    home = instance.prepare_home(tmp_path / "checkout" / "data" / "warehouse.duckdb", legacy_home=legacy)
    first = capsys.readouterr().err
    instance.prepare_home(tmp_path / "checkout" / "data" / "warehouse.duckdb", legacy_home=legacy)
    second = capsys.readouterr().err

    assert first.count("\n") == 1 and "no longer used" in first and str(home) in first
    assert second == ""
    assert sorted(legacy.rglob("*")) == before


def test_no_notice_without_an_old_home(tmp_path, capsys):
    instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "absent")
    assert capsys.readouterr().err == ""


def test_clean_removes_one_warehouse_and_nothing_else_in_its_folder(tmp_path):
    wh = tmp_path / "warehouse.duckdb"
    instance.prepare_home(wh, legacy_home=tmp_path / "none")
    wh.write_bytes(b"")
    for folder in ("logs", "reports", "dbt", "mine"):
        (tmp_path / folder).mkdir()
    removed = instance.clean(wh)
    assert sorted(path.name for path in removed) == [".dagster", "dbt", "logs", "reports", "warehouse.duckdb"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mine"]
