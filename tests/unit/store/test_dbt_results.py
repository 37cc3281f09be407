"""dbt's run_results.json read back: warn-level tests with their row counts, errors and failed tests."""

from __future__ import annotations

import json

import duckdb
import pytest

from newswh.store.dbt_results import (
    SCOPED_MARK,
    data_tests_scope,
    dbt_errors,
    dbt_status_counts,
    dbt_warnings,
    forget_parse_of_another_project,
    format_errors,
    format_warnings,
    macros_hash,
    project_digest,
    record_data_tests_scope,
    write_data_tests_scope,
)

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


def test_errored_nodes_and_failed_error_level_tests_are_the_errors(run_results):
    assert dbt_errors(run_results) == [("assert_quote_offsets_match_text", "fail", 2)]


def test_a_node_that_could_not_run_is_an_error_and_each_error_is_one_line(tmp_path):
    path = tmp_path / "run_results.json"
    results = [
        _result("model.newswh.fct_events", "error", None),
        _result("test.newswh.unique_fct_events_event_id.1a2b3c", "fail", 1),
        _result("test.newswh.assert_takeover_rule", "skipped", None),
    ]
    path.write_text(json.dumps({"results": results}), encoding="utf-8")
    errors = dbt_errors(path)
    assert errors == [("fct_events", "error", 0), ("unique_fct_events_event_id", "fail", 1)]
    assert format_errors(errors) == [
        "dbt error: fct_events could not run",
        "dbt error: unique_fct_events_event_id failed, 1 row",
    ]
    assert dbt_status_counts(path) == [("error", 1), ("fail", 1), ("skipped", 1)]
    assert dbt_errors(tmp_path / "missing.json") == []


def test_a_partial_parse_made_for_another_checkout_is_dropped(tmp_path):
    target, here, elsewhere = tmp_path / "target", tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir(), elsewhere.mkdir()
    assert forget_parse_of_another_project(target, elsewhere) is False
    (target / "partial_parse.msgpack").write_bytes(b"state with elsewhere's absolute seed paths")
    assert forget_parse_of_another_project(target, here) is True
    assert not (target / "partial_parse.msgpack").exists()


def test_a_partial_parse_of_the_same_checkout_is_kept(tmp_path):
    target = tmp_path / "target"
    forget_parse_of_another_project(target, tmp_path)
    (target / "partial_parse.msgpack").write_bytes(b"state")
    assert forget_parse_of_another_project(target, tmp_path) is False
    assert (target / "partial_parse.msgpack").exists()


def test_state_from_before_the_marker_is_dropped_once(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    (target / "partial_parse.msgpack").write_bytes(b"state of unknown origin")
    forget_parse_of_another_project(target, tmp_path)
    assert not (target / "partial_parse.msgpack").exists()


def test_the_macros_hash_changes_with_any_macro_and_nothing_else(tmp_path):
    """Incremental models are rebuilt whole when a macro they may call changed (mart_changes.sql)."""
    (tmp_path / "macros").mkdir()
    (tmp_path / "macros" / "a.sql").write_text("{% macro a() %}1{% endmacro %}")
    (tmp_path / "models").mkdir()
    before = macros_hash(tmp_path)
    (tmp_path / "models" / "m.sql").write_text("select 1")
    assert macros_hash(tmp_path) == before
    (tmp_path / "macros" / "a.sql").write_text("{% macro a() %}2{% endmacro %}")
    assert macros_hash(tmp_path) != before


def _scoped_results(target, statuses: dict[str, str]) -> None:
    """run_results.json of a build whose tests named in `statuses` can be narrowed, with those statuses."""
    results = [
        {
            **_result(f"test.newswh.{name}", status, 0),
            "compiled_code": f"select 1 where true /* {SCOPED_MARK}: all rows */",
        }
        for name, status in statuses.items()
    ]
    results.append(
        {
            **_result("test.newswh.assert_no_fact_after_publication_unless_planned", "warn", 3),
            "compiled_code": "select 1",
        }
    )
    target.mkdir(parents=True, exist_ok=True)
    (target / "run_results.json").write_text(json.dumps({"results": results}), encoding="utf-8")


def test_tests_are_narrowed_only_after_a_whole_build_of_the_same_project_whose_narrowable_tests_passed(tmp_path):
    target = tmp_path / "target"
    assert data_tests_scope(target, "p1") == "all"  # a first build
    _scoped_results(target, {"unique_fct_quotes_quote_id": "pass", "assert_actor_mention_offsets_in_body": "pass"})
    # A warn-level test that is never narrowed does not stop the next build from narrowing the others.
    assert record_data_tests_scope(target, "p1", whole_project=True)
    assert data_tests_scope(target, "p1") == "changed"
    # The record is used up: a build killed before it records again leaves the next one testing every row.
    assert data_tests_scope(target, "p1") == "all"
    assert record_data_tests_scope(target, "p1", whole_project=True)
    assert data_tests_scope(target, "p2") == "all"  # the project (a test, a model, a seed) changed since


@pytest.mark.parametrize(
    ("statuses", "whole_project"),
    [
        ({"unique_fct_quotes_quote_id": "pass", "assert_actor_mention_offsets_in_body": "fail"}, True),
        ({"unique_fct_quotes_quote_id": "pass", "not_null_fct_events_event_id": "warn"}, True),
        ({"unique_fct_quotes_quote_id": "pass", "not_null_fct_events_event_id": "skipped"}, True),
        ({"unique_fct_quotes_quote_id": "pass"}, False),  # a build of part of the project
        ({}, True),  # no narrowable test ran
    ],
)
def test_a_narrowable_test_that_did_not_pass_keeps_every_row_tested_next_time(tmp_path, statuses, whole_project):
    target = tmp_path / "target"
    _scoped_results(target, statuses)
    assert not record_data_tests_scope(target, "p1", whole_project=whole_project)
    assert data_tests_scope(target, "p1") == "all"


def test_no_run_results_records_nothing(tmp_path):
    assert not record_data_tests_scope(tmp_path, "p1", whole_project=True)
    assert data_tests_scope(tmp_path, "p1") == "all"


def test_the_project_digest_reads_models_tests_macros_seeds_and_the_coding_switch_not_dbt_output(tmp_path):
    project, seeds = tmp_path / "dbt_project", tmp_path / "seeds"
    (project / "tests").mkdir(parents=True)
    (project / "target").mkdir()
    seeds.mkdir()
    (project / "tests" / "assert_x.sql").write_text("select 1", encoding="utf-8")
    (seeds / "takeover_cues.csv").write_text("cue\nsince\n", encoding="utf-8")
    base = project_digest(project, seeds, {})
    (project / "target" / "run_results.json").write_text("{}", encoding="utf-8")
    assert project_digest(project, seeds, {"UNRELATED": "1"}) == base
    assert project_digest(project, seeds, {"NEWSWH_CODED_EVENTS_ONLY": "false"}) != base
    (seeds / "takeover_cues.csv").write_text("cue\nsince\nafter\n", encoding="utf-8")
    seeded = project_digest(project, seeds, {})
    assert seeded != base
    (project / "tests" / "assert_x.sql").write_text("select 2", encoding="utf-8")
    assert project_digest(project, seeds, {}) != seeded


def test_the_scope_dbt_reads_is_a_table_of_one_row():
    con = duckdb.connect()
    write_data_tests_scope(con, "changed")
    write_data_tests_scope(con, "all")
    assert con.execute("select * from intermediate.data_tests_scope").fetchall() == [("all",)]
    with pytest.raises(ValueError):
        write_data_tests_scope(con, "some")
