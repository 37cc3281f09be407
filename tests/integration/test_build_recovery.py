"""A failed or killed build is never hidden: the next `make run` finishes the work, and says so.

Before, a build that failed in a late step left the raw tables up to date, so the next run said
"nothing changed ... no work done" and exited 0 over a broken warehouse.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from newswh import config
from tests.conftest import MARTS, PROJECT_ROOT, copy_seeds, seed_path
from tests.support import dbt_test, mart_rows

pytestmark = pytest.mark.integration


@pytest.fixture
def corpus(tmp_path) -> Path:
    return copy_seeds(tmp_path / "corpus")


def _env(warehouse: Path, corpus: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DUCKDB_PATH": str(warehouse), "ARTICLES_DIR": str(corpus), **extra}


def _run(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "orchestration.run"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_a_failed_build_makes_every_next_run_fail_until_one_succeeds(tmp_path, corpus):
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    broken = _env(warehouse, corpus, NEWSWH_SPACY_MODEL="no_such_spacy_model")

    first = _run(broken)
    assert first.returncode != 0, first.stdout
    # Ingest went through, so the raw layer looks current: only the marker says the build is unfinished.
    second = _run(broken)
    assert second.returncode != 0, second.stdout
    assert "did not finish: building again" in second.stdout
    assert "no work done" not in second.stdout

    healed = _run(_env(warehouse, corpus))
    assert healed.returncode == 0, healed.stdout + healed.stderr
    assert "did not finish" in healed.stdout and "articles ingested: 2" in healed.stdout
    again = _run(_env(warehouse, corpus))
    assert again.returncode == 0 and "no work done" in again.stdout


def _progress_line_of(stage: str):
    """Stop once the stage has reported its first progress line (NEWSWH_PROGRESS, on stderr)."""

    def reached(process: subprocess.Popen, _warehouse: Path) -> bool:
        line = process.stderr.readline()
        return line.startswith(f"{stage}: ")

    return reached


def _dbt_running(process: subprocess.Popen, warehouse: Path) -> bool:
    """Stop once dbt has started building tables (its progress goes to the run's log file)."""
    time.sleep(0.2)
    log = warehouse.parent / "logs" / "make_run.log"
    return log.exists() and "START sql table model" in log.read_text(encoding="utf-8", errors="replace")


# Kill points: ingest and extract write their tables at the end of the stage, so the kill leaves
# them unwritten; in dbt it leaves some models rebuilt and others not.
KILL_POINTS = {"ingest": _progress_line_of("ingest"), "extract": _progress_line_of("extract"), "dbt": _dbt_running}


def _start_and_kill(env: dict[str, str], warehouse: Path, reached) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.run"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while process.poll() is None and time.monotonic() < deadline and not reached(process, warehouse):
        pass
    assert process.poll() is None, "the build ended before the kill point"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory, two_seed_build):
    """The same two seeds in a corpus of the module's own, and the marts of the session's clean build of them."""
    _built, clean_marts = two_seed_build
    return copy_seeds(tmp_path_factory.mktemp("clean_build") / "corpus"), clean_marts


@pytest.mark.parametrize("stage", sorted(KILL_POINTS))
def test_a_build_killed_during_each_stage_is_finished_by_the_next_run_with_the_same_rows(tmp_path, clean_build, stage):
    corpus, clean_marts = clean_build
    killed = tmp_path / "killed" / "warehouse.duckdb"
    _start_and_kill(_env(killed, corpus), killed, KILL_POINTS[stage])
    recovered = _run(_env(killed, corpus))
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert "did not finish: building again" in recovered.stdout
    assert mart_rows(killed, MARTS) == clean_marts


def test_an_added_article_runs_its_partition_only_and_gives_the_clean_build(tmp_path, clean_build):
    """Issue 12: adding one article costs that article, not a Dagster partition per article held."""
    _corpus, clean_marts = clean_build
    corpus = copy_seeds(tmp_path / "corpus", ("003",))
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    assert _run(_env(warehouse, corpus)).returncode == 0
    shutil.copy(seed_path("004"), corpus / seed_path("004").name)
    added = _run(_env(warehouse, corpus))
    assert added.returncode == 0, added.stdout + added.stderr
    assert "2 articles in 2 batches: 1 new partitions, 0 removed, 1 run" in added.stdout
    # The steps' own counts (progress lines): one article ingested, extracted, signed for reuse and
    # resolved; the other's state is read back from the warehouse, not recomputed.
    for stage in ("ingest", "extract"):
        assert f"{stage}: 1/1 articles" in added.stderr
    assert re.search(r"^text reuse: done in [\d.]+s: 1 articles signed, 0 dropped$", added.stderr, re.M)
    resolved = re.search(r"^actor resolution: done in [\d.]+s: 1 articles and .*$", added.stderr, re.M)
    assert resolved and "full rebuild" not in resolved.group(0)
    assert mart_rows(warehouse, MARTS) == clean_marts
    # The incremental models were built from the marked articles' rows only (the event marts from
    # those int_event_mentions handed on), and their builds emptied the marks.
    incremental = ("fct_actor_mentions", "int_event_mentions", "fct_event_mentions", "fct_events", "fct_quotes")
    for model in (*incremental, "fct_time_expressions", "dim_articles"):
        compiled = next((config.dbt_target_dir(warehouse) / "compiled").rglob(f"{model}.sql"))
        assert f"mart = '{model}'" in compiled.read_text(encoding="utf-8"), model
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.mart_changes").fetchone() == (0,)
    # The first build ran every data test and they passed: the add-one build's tests read the rows
    # the incremental marts rebuilt (dbt_project/macros/rebuilt_rows.sql).
    assert "tests over the rows rebuilt" in added.stderr
    for test in ("assert_actor_mention_offsets_in_body", "assert_takeover_labels_agree_with_text_cues"):
        compiled = next((config.dbt_target_dir(warehouse) / "compiled").rglob(f"{test}.sql"))
        assert "newswh-scopable: rebuilt rows" in compiled.read_text(encoding="utf-8"), test
    _narrowed_tests_still_fail_on_a_rebuilt_row(warehouse)


def _dbt_test(warehouse: Path, *select: str) -> subprocess.CompletedProcess:
    target = config.dbt_target_dir(warehouse)
    return dbt_test(warehouse, target, target / "logs", *select)


def _narrowed_tests_still_fail_on_a_rebuilt_row(warehouse: Path) -> None:
    """A narrowed test reads the rebuilt rows and fails on a bad one; a kept row, checked when it was
    built, is read again only when every row is tested."""
    test = "assert_actor_mention_offsets_in_body"
    with duckdb.connect(str(warehouse)) as con:
        rebuilt, kept = con.execute("select min(article_id), max(article_id) from main.fct_actor_mentions").fetchone()
        con.execute("delete from intermediate.mart_rebuilt where mart = 'fct_actor_mentions'")
        con.execute(
            "insert into intermediate.mart_rebuilt values ('fct_actor_mentions', null, false), "
            "('fct_actor_mentions', ?, false)",
            [rebuilt],
        )
        con.execute("create or replace table intermediate.data_tests_scope as select 'changed' as scope")
        bad = "update main.fct_actor_mentions set mention_text = mention_text || 'x' where mention_id = ?"
        first = "select min(mention_id) from main.fct_actor_mentions where article_id = ?"
        rebuilt_row = con.execute(first, [rebuilt]).fetchone()[0]
        text = con.execute("select mention_text from main.fct_actor_mentions where mention_id = ?", [rebuilt_row])
        good_text = text.fetchone()[0]
        con.execute(bad, [rebuilt_row])
    assert _dbt_test(warehouse, test).returncode == 1  # a bad rebuilt row
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "update main.fct_actor_mentions set mention_text = ? where mention_id = ?", [good_text, rebuilt_row]
        )
        con.execute(bad, [con.execute(first, [kept]).fetchone()[0]])
    # The kept article's bad row is not read by the narrowed test, and is when every row is tested.
    assert _dbt_test(warehouse, test).returncode == 0
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create or replace table intermediate.data_tests_scope as select 'all' as scope")
    whole = _dbt_test(warehouse, test)
    assert whole.returncode == 1 and f"Failure in test {test}" in whole.stdout
