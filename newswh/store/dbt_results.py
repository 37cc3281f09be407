"""What a dbt build left to say: the warn-level tests that returned rows, with their counts.

dbt writes `target/run_results.json` after every invocation; a plausibility test at severity
`warn` that finds rows has status "warn" and its row count in "failures". The build itself
succeeds, so these are the lines a user should still see at the end of `make run`. A node that
errored, or an error-level test that failed, is read from the same file: the dbt step does not
raise on them (so the steps after it still run), and `make run` fails the build on them instead.
Each warehouse has its own target folder (`newswh.config.dbt_target_dir`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from newswh.store import file_digest

TEST_PREFIX = "test."
FAILED = ("error", "fail")


def dbt_warnings(run_results_path: Path | str) -> list[tuple[str, int]]:
    """(test name, rows returned) of every test that warned, by name; [] when there are no results."""
    warnings = [
        (_test_name(result["unique_id"]), int(result.get("failures") or 0))
        for result in _results(run_results_path)
        if _warned(result)
    ]
    return sorted(warnings)


def dbt_errors(run_results_path: Path | str) -> list[tuple[str, str, int]]:
    """(node name, status, rows returned) of every node that errored or error-level test that failed.

    dbt's status is "fail" for a test at severity error that found rows and "error" for a node
    that could not run at all (bad SQL, a missing relation); either makes the build a failure.
    """
    return sorted(
        (_test_name(result["unique_id"]), result["status"], int(result.get("failures") or 0))
        for result in _results(run_results_path)
        if result.get("status") in FAILED
    )


def dbt_status_counts(run_results_path: Path | str) -> list[tuple[str, int]]:
    """How many nodes ended in each status (success, pass, warn, fail, error, skipped), by status."""
    counts: dict[str, int] = {}
    for result in _results(run_results_path):
        counts[result.get("status")] = counts.get(result.get("status"), 0) + 1
    return sorted(counts.items())


def _results(run_results_path: Path | str) -> list[dict]:
    path = Path(run_results_path)
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8")).get("results", [])


def _warned(result: dict) -> bool:
    return result.get("status") == "warn" and str(result.get("unique_id", "")).startswith(TEST_PREFIX)


def _test_name(unique_id: str) -> str:
    """test.<project>.<name>[.<hash>] -> <name>: the name dbt prints and the test file carries."""
    parts = unique_id.split(".")
    return parts[2] if len(parts) > 2 else unique_id


def format_warnings(warnings: list[tuple[str, int]]) -> list[str]:
    """One line per warning, for the end of a build's output."""
    return [f"dbt warning: {name} returned {failures} row{'s' if failures != 1 else ''}" for name, failures in warnings]


def format_errors(errors: list[tuple[str, str, int]]) -> list[str]:
    """One line per failed node: a test with the rows it returned, a node that could not run."""
    return [
        f"dbt error: {name} failed, {failures} row{'s' if failures != 1 else ''}"
        if status == "fail"
        else f"dbt error: {name} could not run"
        for name, status, failures in errors
    ]


PARSED_FOR = "parsed_for_project.txt"


def forget_parse_of_another_project(target_path: Path | str, project_dir: Path | str) -> bool:
    """Drop dbt's partial-parse state in a warehouse's target folder when another checkout made it.

    dbt reuses `partial_parse.msgpack` whenever the project's files are unchanged, and keeps each
    node's absolute root path from the parse that wrote it: a warehouse folder built once from
    another checkout (a moved clone, a second worktree) would then load seeds from a path that
    may no longer exist. Returns True when stale state was removed. Records the project it is for.
    """
    target = Path(target_path)
    project = str(Path(project_dir).resolve())
    marker = target / PARSED_FOR
    parsed_for = marker.read_text(encoding="utf-8") if marker.exists() else None
    if parsed_for != project:  # another checkout's state, or state of unknown origin
        (target / "partial_parse.msgpack").unlink(missing_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    marker.write_text(project, encoding="utf-8")
    return parsed_for is not None and parsed_for != project


# The environment variable dbt's incremental models read their macros' hash from
# (dbt_project/macros/mart_changes.sql): dbt's graph holds the models' checksums, not the macros'.
MACROS_HASH_SETTING = "NEWSWH_DBT_MACROS_HASH"


def macros_hash(project_dir: Path | str) -> str:
    """sha256 of every macro file of the dbt project (name and bytes), so that an incremental model
    whose macros changed is rebuilt whole, as one whose SQL changed is."""
    root = Path(project_dir) / "macros"
    return file_digest.files_digest(root, file_digest.listed_files(root, docs=False, suffix=".sql"), file_digest.RAW)


# Data tests over the rows an add-one build rebuilt (dbt_project/macros/rebuilt_rows.sql). A test
# that can be narrowed says so in its compiled SQL, in either scope.
SCOPED_MARK = "newswh-scopable"
SCOPE_RECORD = "data_tests_scope.json"
SCOPES = ("all", "changed")
# What the project's tests read besides their files: the seeds (dbt's seed-paths) and the coding rule's switch.
PROJECT_SETTINGS = ("NEWSWH_CODED_EVENTS_ONLY",)
NOT_PROJECT = ("target", "logs", "dbt_packages")


def project_digest(project_dir: Path | str, seeds_dir: Path | str, environ: dict) -> str:
    """sha256 of the dbt project's files (models, tests, macros, dbt_project.yml), its seeds and the
    settings it reads: a build may narrow its tests only after one that ran them all with the same."""
    digest = hashlib.sha256()
    for root in (Path(project_dir), Path(seeds_dir)):
        # The .md doc blocks count: dbt renders them into the docs the build serves.
        files = file_digest.listed_files(root, docs=True, skipped_folders=NOT_PROJECT)
        file_digest.update_digest(digest, root, files, file_digest.RAW)
    for name in PROJECT_SETTINGS:
        digest.update(f"{name}={environ.get(name, '')}\0".encode())
    return digest.hexdigest()


def scoped_tests_passed(run_results_path: Path | str) -> bool:
    """True when the build ran tests that can be narrowed and every one of them passed."""
    scoped = [r for r in _results(run_results_path) if SCOPED_MARK in (r.get("compiled_code") or "")]
    return bool(scoped) and all(r.get("status") == "pass" for r in scoped)


def data_tests_scope(target_path: Path | str, digest: str) -> str:
    """'changed' when the last build of this warehouse ran the whole project `digest` names and every
    narrowable test passed, else 'all'. The record is used up: a build that does not finish leaves
    none, so the next one tests every row."""
    record = Path(target_path) / SCOPE_RECORD
    if not record.exists():
        return "all"
    held = json.loads(record.read_text(encoding="utf-8"))
    record.unlink()
    return "changed" if held.get("project_digest") == digest else "all"


def record_data_tests_scope(target_path: Path | str, digest: str, whole_project: bool) -> bool:
    """After a build: keep `digest` for the next one when this build was of the whole project and
    its narrowable tests all passed (its run_results.json). Returns whether it was kept."""
    record = Path(target_path) / SCOPE_RECORD
    record.unlink(missing_ok=True)
    if not (whole_project and scoped_tests_passed(Path(target_path) / "run_results.json")):
        return False
    record.write_text(json.dumps({"project_digest": digest}), encoding="utf-8")
    return True


def write_data_tests_scope(con, scope: str) -> None:
    """The scope dbt's tests read (intermediate.data_tests_scope; a table, as a var that changes
    between builds would make dbt parse the whole project again)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown data tests scope {scope!r}: one of {SCOPES}")
    con.execute("create schema if not exists intermediate")
    con.execute("create or replace table intermediate.data_tests_scope as select ? as scope", [scope])
