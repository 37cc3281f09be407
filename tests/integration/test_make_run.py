"""`python -m orchestration.run` (what `make run` calls) as a user sees it: summary, then a no-op rerun."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT, SEEDS_DIR

pytestmark = pytest.mark.integration


def test_make_run_prints_a_summary_and_a_rerun_does_nothing(tmp_path):
    env = {
        **os.environ,
        "DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "ARTICLES_DIR": str(SEEDS_DIR),
        "PATH": f"{PROJECT_ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}",
    }

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
        return completed.stdout

    first = run()
    assert "articles ingested: 5" in first and "articles quarantined: 0" in first
    assert "fct_events" in first and "dim_articles                       5" in first
    assert "START" not in first  # dbt's progress lines went to the log file
    assert (tmp_path / "logs" / "make_run.log").read_text().count("PASS") > 100

    second = run()
    assert "no work done" in second and "articles ingested: 5" in second
