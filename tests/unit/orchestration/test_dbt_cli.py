"""newswh-dbt: dbt whose partial parse does not depend on where the warehouse file is, so a new
warehouse's first build starts from the parse `make manifest` left (orchestration/dbt_cli.py)."""

from __future__ import annotations

import inspect
import sys

import pytest
from dbt.adapters.duckdb.credentials import DuckDBCredentials
from dbt.parser.manifest import ManifestLoader

from orchestration import dbt_cli, resources
from orchestration.resources import DBT_PROJECT_DIR

pytestmark = pytest.mark.unit


def credentials(path: str) -> DuckDBCredentials:
    return DuckDBCredentials.from_dict({"path": path, "schema": "main"})


def test_the_parse_hash_ignores_the_folder_but_not_the_database_name():
    here, there = credentials("/a/warehouse.duckdb"), credentials("/b/c/warehouse.duckdb")
    assert dbt_cli.connection_hash(here) == dbt_cli.connection_hash(there)
    # The file's stem is the database every parsed relation names: another stem parses again.
    assert dbt_cli.connection_hash(credentials("/a/other.duckdb")) != dbt_cli.connection_hash(here)
    assert dbt_cli.connection_hash(credentials("/a/warehouse.duckdb")) == dbt_cli.connection_hash(here)


def test_dbt_still_hashes_the_connection_where_the_entry_point_replaces_it():
    """Fails when a dbt upgrade forms the parse's profile hash elsewhere: the patch would then do nothing."""
    source = inspect.getsource(ManifestLoader.build_manifest_state_check)
    assert "credentials.connection_info()" in source and "profile_hash=profile_hash" in source
    original = ManifestLoader.build_manifest_state_check
    try:
        dbt_cli.hash_without_path()
        assert ManifestLoader.build_manifest_state_check is not original
    finally:
        ManifestLoader.build_manifest_state_check = original


def test_the_entry_point_run_in_process_leaves_dbt_as_it_was():
    """`main(["--help"])` in a test process must not leave the next in-process dbt run patched."""
    original = ManifestLoader.build_manifest_state_check
    with pytest.raises(SystemExit) as stopped:
        dbt_cli.main(["--help"])
    assert stopped.value.code == 0
    assert ManifestLoader.build_manifest_state_check is original


def test_nothing_the_project_parses_reads_the_warehouse_path():
    """The premise of leaving `path` out: only profiles.yml names DUCKDB_PATH, and no model reads target.path."""
    readers = [
        path.relative_to(DBT_PROJECT_DIR).as_posix()
        for folder in ("models", "macros", "tests", "analyses", "seeds")
        for path in (DBT_PROJECT_DIR / folder).rglob("*")
        if path.is_file() and any(word in path.read_text(errors="replace") for word in ("target.path", "DUCKDB_PATH"))
    ]
    project = (DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8")
    assert readers == [] and "target.path" not in project and "DUCKDB_PATH" not in project


def test_a_new_warehouse_gets_the_build_time_parse_and_a_built_one_keeps_its_own(tmp_path):
    built, target = tmp_path / "dbt_project_target", tmp_path / "warehouse" / "dbt" / "target"
    assert not dbt_cli.seed_partial_parse(target, built)  # nothing to copy: dbt parses in full
    built.mkdir()
    (built / dbt_cli.PARTIAL_PARSE).write_bytes(b"build time")
    assert dbt_cli.seed_partial_parse(target, built)
    assert (target / dbt_cli.PARTIAL_PARSE).read_bytes() == b"build time"
    (target / dbt_cli.PARTIAL_PARSE).write_bytes(b"this warehouse's own")
    assert not dbt_cli.seed_partial_parse(target, built)
    assert (target / dbt_cli.PARTIAL_PARSE).read_bytes() == b"this warehouse's own"


def test_the_build_runs_the_entry_point_installed_beside_python(tmp_path, monkeypatch):
    for name in ("python", "dbt", "newswh-dbt"):
        (tmp_path / name).write_text("")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert resources._dbt_executable() == str(tmp_path / "newswh-dbt")
    (tmp_path / "newswh-dbt").unlink()  # an install from before the entry point: plain dbt, a full parse
    assert resources._dbt_executable() == str(tmp_path / "dbt")
