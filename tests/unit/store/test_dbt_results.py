"""dbt_warnings reads the warn-level tests that returned rows out of dbt's run_results.json."""

from __future__ import annotations

import json
import os

import pytest

from newswh.store.dbt_results import dbt_warnings, format_warnings, latest_run_results

pytestmark = pytest.mark.unit


def _result(unique_id: str, status: str, failures: int | None) -> dict:
    # The fields dbt 1.11 writes for each node; only status, failures and unique_id are read.
    return {"unique_id": unique_id, "status": status, "failures": failures, "message": None, "timing": []}


@pytest.fixture()
def run_results(tmp_path):
    path = tmp_path / "run_results.json"
    results = [
        _result("model.newswh.fct_events", "success", None),
        _result("test.newswh.assert_no_fact_after_publication_unless_planned", "warn", 49),
        _result("test.newswh.not_null_fct_events_event_id.3e1f0a2b", "pass", 0),
        _result("test.newswh.assert_asserted_recognition_has_source_actor", "warn", 1),
        _result("test.newswh.assert_quote_offsets_match_text", "fail", 2),
        _result("unit_test.newswh.fct_events.reuse_is_not_corroboration", "pass", 0),
    ]
    path.write_text(json.dumps({"metadata": {}, "results": results, "elapsed_time": 1.0}), encoding="utf-8")
    return path


def test_only_warned_tests_are_returned_with_their_row_counts(run_results):
    assert dbt_warnings(run_results) == [
        ("assert_asserted_recognition_has_source_actor", 1),
        ("assert_no_fact_after_publication_unless_planned", 49),
    ]


def test_a_generic_test_is_named_without_its_hash(tmp_path):
    path = tmp_path / "run_results.json"
    unique_id = "test.newswh.quality_flag_share_below_fct_events_quality_flags__x.0a1b2c3d"
    path.write_text(json.dumps({"results": [_result(unique_id, "warn", 3)]}), encoding="utf-8")
    assert dbt_warnings(path) == [("quality_flag_share_below_fct_events_quality_flags__x", 3)]


def test_no_run_results_means_no_warnings(tmp_path):
    assert dbt_warnings(tmp_path / "missing.json") == []


def test_each_warning_is_one_line_with_its_count():
    lines = format_warnings([("assert_a", 1), ("assert_b", 49)])
    assert lines == ["dbt warning: assert_a returned 1 row", "dbt warning: assert_b returned 49 rows"]


def test_the_latest_run_results_of_a_target_folder_is_the_newest(tmp_path):
    older = tmp_path / "warehouse_models-aaa" / "run_results.json"
    newer = tmp_path / "warehouse_models-bbb" / "run_results.json"
    for age, path in ((100, older), (0, newer)):
        path.parent.mkdir()
        path.write_text("{}", encoding="utf-8")
        os.utime(path, (path.stat().st_mtime - age, path.stat().st_mtime - age))
    assert latest_run_results(tmp_path) == newer
    assert latest_run_results(tmp_path / "warehouse_models-aaa") == older


def test_a_target_folder_without_results_has_no_latest(tmp_path):
    assert latest_run_results(tmp_path) is None
