"""`make run` on a warehouse a reader holds open is refused up front, naming the reader.

DuckDB's one writer cannot open a file another process reads (`duckdb -readonly`, `newswh query`,
a notebook); the build used to stop at its first connection with a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, SEEDS_DIR

pytestmark = pytest.mark.unit


def test_a_build_while_a_reader_holds_the_warehouse_is_refused_naming_it(tmp_path):
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    duckdb.connect(str(warehouse)).close()
    env = {**os.environ, "DUCKDB_PATH": str(warehouse), "ARTICLES_DIR": str(SEEDS_DIR)}
    with duckdb.connect(str(warehouse), read_only=True):  # this process is the reader
        done = subprocess.run(
            [sys.executable, "-m", "orchestration.run"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 3, done.stdout + done.stderr
    assert f"error: {warehouse} is open in process {os.getpid()}" in done.stderr
    assert "close it, then run again" in done.stderr and "Traceback" not in done.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from information_schema.tables").fetchone() == (0,)
    assert not (warehouse.parent / "logs" / "build_incomplete").exists()  # refused before anything started
