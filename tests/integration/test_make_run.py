"""`python -m orchestration.run` (what `make run` calls) as a user sees it: summary, then a no-op rerun."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT, SEEDS_DIR, seed_path

pytestmark = pytest.mark.integration


def run_env(tmp_path, articles_dir) -> dict:
    # The Dagster instance follows the warehouse (tmp_path/.dagster): no DAGSTER_HOME to set.
    return {
        **os.environ,
        "DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "ARTICLES_DIR": str(articles_dir),
        "PATH": f"{PROJECT_ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}",
    }


def test_make_run_prints_a_summary_and_a_rerun_does_nothing(tmp_path):
    env = run_env(tmp_path, SEEDS_DIR)

    def run() -> str:
        completed = subprocess.run(
            [sys.executable, "-m", "orchestration.run"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
        return completed.stdout + completed.stderr  # progress goes to stderr, kept on the terminal

    first = run()
    assert "articles ingested: 5" in first and "articles quarantined: 0" in first
    assert "fct_events" in first and "dim_articles                       5" in first
    assert "START" not in first  # dbt's progress lines went to the log file
    assert "dbt warnings: none" in first  # plausibility warnings are listed with counts; the seeds have none
    assert "extract: 5/5 articles" in first  # per-stage progress (plain lines off a terminal)
    assert re.search(r"^dbt build: (\d+)/\1 models and seeds, ", first, re.MULTILINE)  # dbt's models, counted
    assert re.search(r"^recording dbt results: (\d+)/\1 events, ", first, re.MULTILINE)
    assert (tmp_path / "logs" / "make_run.log").read_text().count("PASS") > 100

    second = run()
    assert "no work done" in second and "articles ingested: 5" in second


def test_a_failing_build_exits_non_zero(tmp_path):
    """A step that raises inside the run makes `make run` report it and exit 1, not 0."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seed_path("004"), corpus / "004.txt")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    # Imported at interpreter start-up: break the extraction step for this process only.
    (hooks / "sitecustomize.py").write_text(
        "from newswh.store import pipeline\n\n"
        "def broken_extract(*args, **kwargs):\n"
        "    raise RuntimeError('extraction broken on purpose')\n\n"
        "pipeline.extract = broken_extract\n"
    )
    env = run_env(tmp_path, corpus)
    env["PYTHONPATH"] = f"{hooks}:{PROJECT_ROOT}"
    completed = subprocess.run(
        [sys.executable, "-m", "orchestration.run"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert 'step "extract_articles" failed' in completed.stderr and "run failed" in completed.stderr
    assert "extraction broken on purpose" in (tmp_path / "logs" / "make_run.log").read_text()


def test_a_missing_corpus_folder_exits_2(tmp_path):
    env = run_env(tmp_path, tmp_path / "no_such_folder")
    completed = subprocess.run(
        [sys.executable, "-m", "orchestration.run"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 2 and "is not a folder" in completed.stderr
