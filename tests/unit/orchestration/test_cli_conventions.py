"""`python -m orchestration.run` and `python -m orchestration.instance` follow the CLI conventions.

`--help` and `--version` answer and exit 0 without building or touching a warehouse; an unknown
argument is a usage error (exit 2). Run as subprocesses, as `make run` and the Makefile call them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from newswh.cli import package_version
from tests.conftest import PROJECT_ROOT, SEEDS_DIR

pytestmark = pytest.mark.unit


def _run(tmp_path, module: str, *args: str, warehouse=None) -> subprocess.CompletedProcess:
    warehouse = warehouse or tmp_path / "wh" / "warehouse.duckdb"
    env = {**os.environ, "DUCKDB_PATH": str(warehouse), "ARTICLES_DIR": str(SEEDS_DIR)}
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_run_help_exits_0_and_builds_nothing(tmp_path):
    done = _run(tmp_path, "orchestration.run", "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: python -m orchestration.run") and "--version" in done.stdout
    assert not (tmp_path / "wh").exists()  # no Dagster home, no log, no warehouse


def test_run_version_exits_0_and_prints_the_version(tmp_path):
    done = _run(tmp_path, "orchestration.run", "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"newswh {package_version()}")
    assert not (tmp_path / "wh").exists()


def test_run_with_an_unknown_argument_is_a_usage_error(tmp_path):
    done = _run(tmp_path, "orchestration.run", "--bogus")
    assert done.returncode == 2
    assert "unrecognized arguments: --bogus" in done.stderr
    assert not (tmp_path / "wh").exists()


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_instance_help_exits_0(tmp_path, flag):
    done = _run(tmp_path, "orchestration.instance", flag)
    assert done.returncode == 0, done.stderr
    assert "python -m orchestration.instance exec CMD" in done.stdout
    assert not (tmp_path / "wh").exists()


def test_instance_with_an_unknown_argument_is_a_usage_error(tmp_path):
    done = _run(tmp_path, "orchestration.instance", "--bogus")
    assert done.returncode == 2 and "python -m orchestration.instance exec CMD" in done.stderr


def test_run_with_a_warehouse_path_that_cannot_be_made_is_one_clear_line(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    warehouse = blocker / "wh" / "warehouse.duckdb"
    done = _run(tmp_path, "orchestration.run", warehouse=warehouse)
    assert done.returncode == 2, done.stdout + done.stderr
    assert (
        done.stderr.startswith(f"error: DUCKDB_PATH {warehouse}: Not a directory: ") and "Traceback" not in done.stderr
    )


def test_run_while_a_reader_holds_the_warehouse_is_refused_naming_it(tmp_path):
    """DuckDB's one writer cannot open a file another process reads (`duckdb -readonly`, `newswh query`,
    a notebook); the build used to stop at its first connection with a traceback."""
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    duckdb.connect(str(warehouse)).close()
    with duckdb.connect(str(warehouse), read_only=True):  # this process is the reader
        done = _run(tmp_path, "orchestration.run")
    assert done.returncode == 3, done.stdout + done.stderr
    assert f"error: {warehouse} is open in process {os.getpid()}" in done.stderr
    assert "close it, then run again" in done.stderr and "Traceback" not in done.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from information_schema.tables").fetchone() == (0,)
    assert not (warehouse.parent / "logs" / "build_incomplete").exists()  # refused before anything started
