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
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*.sql") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
