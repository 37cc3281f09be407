"""A failed error-level dbt test fails `make run`, yet the steps after dbt still run.

One article, written here, dates three of its events years after its own dateline, so the
plausibility flag `reported_after_publication` marks more than 5% of the event mentions: the
warn-level test warns with its count, and the error-level share guard fails. `make run` must
exit non-zero and name the failed test, while `story_timeline` and both Python asset checks
still ran in the same run (dbt's failure used to skip them).
"""

from __future__ import annotations

import os
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.integration

ARTICLE = """Russia Recognizes Taliban Government

MOSCOW, Russia (Jan. 25, 2013) — Russia formally recognized the Taliban government on March 3, 2015, the Foreign Ministry said.

China accredited a Taliban diplomat on April 9, 2016, officials said.

Pakistan signed a trade agreement with the Taliban on May 5, 2017.
"""
WARN_TEST = "assert_no_fact_after_publication_unless_planned"
SHARE_GUARD = "quality_flag_share_below_fct_event_mentions_quality_flags__reported_after_publication__0_05"
PYTHON_CHECKS = {"events_dated_from_their_own_text", "articles_dated_and_conflicts_resolved"}


@pytest.fixture(scope="module")
def failed_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("dbt_failure")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "late.txt").write_text(ARTICLE, encoding="utf-8")
    warehouse = root / "wh" / "warehouse.duckdb"
    env = {**os.environ, "DUCKDB_PATH": str(warehouse), "ARTICLES_DIR": str(corpus)}
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.run"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return warehouse, done


def _flagged_mentions(warehouse) -> tuple[int, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select count(*) filter (where list_contains(quality_flags, 'reported_after_publication')), count(*) "
            "from fct_event_mentions"
        ).fetchone()


def test_a_failed_error_level_test_makes_make_run_exit_non_zero_naming_it(failed_build):
    warehouse, done = failed_build
    flagged, total = _flagged_mentions(warehouse)
    assert flagged / total > 0.05  # the corpus does breach the guard
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"dbt error: {SHARE_GUARD} failed, 1 row" in done.stderr
    assert "the dbt build had errors" in done.stderr


def test_the_warn_level_test_is_printed_with_its_count(failed_build):
    warehouse, done = failed_build
    flagged, _total = _flagged_mentions(warehouse)
    assert flagged > 0
    assert f"dbt warning: {WARN_TEST} returned {flagged} row{'s' if flagged != 1 else ''}" in done.stdout


def test_the_timeline_and_the_python_checks_still_ran(failed_build):
    warehouse, _done = failed_build
    with dg.DagsterInstance.from_config(str(warehouse.parent / ".dagster")) as instance:
        (run,) = instance.get_runs()
        timelines = instance.fetch_materializations(dg.AssetKey("story_timeline"), limit=5).records
        evaluations = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    assert [record.run_id for record in timelines] == [run.run_id]
    checks = {event.dagster_event.event_specific_data.asset_check_key.name for event in evaluations}
    assert checks >= PYTHON_CHECKS
    assert SHARE_GUARD in checks  # the dbt test itself is still reported as a failed check
