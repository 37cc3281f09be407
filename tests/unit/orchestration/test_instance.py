"""Each warehouse's Dagster home: where it is, what it holds, and the notice about the old shared one."""

from __future__ import annotations

import pytest

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
    assert (home / "dagster.yaml").read_text() == instance.TEMPLATE.read_text()
    assert "enabled: false" in instance.TEMPLATE.read_text()  # telemetry off
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    assert instance.prepare_home(tmp_path / "warehouse.duckdb", legacy_home=tmp_path / "none") == home
    assert (home / "dagster.yaml").read_text() == "telemetry:\n  enabled: false\n"


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
