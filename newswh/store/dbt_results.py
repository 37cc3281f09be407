"""What a dbt build left to say: the warn-level tests that returned rows, with their counts.

dbt writes `target/run_results.json` after every invocation; a plausibility test at severity
`warn` that finds rows has status "warn" and its row count in "failures". The build itself
succeeds, so these are the lines a user should still see at the end of `make run`. Under
Dagster each dbt invocation writes its own `target/<job>-<run id>-<hash>/run_results.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

TEST_PREFIX = "test."


def dbt_warnings(run_results_path: Path | str) -> list[tuple[str, int]]:
    """(test name, rows returned) of every test that warned, by name; [] when there are no results."""
    path = Path(run_results_path)
    if not path.exists():
        return []
    results = json.loads(path.read_text(encoding="utf-8")).get("results", [])
    warnings = [
        (_test_name(result["unique_id"]), int(result.get("failures") or 0)) for result in results if _warned(result)
    ]
    return sorted(warnings)


def latest_run_results(target_dir: Path | str) -> Path | None:
    """The newest run_results.json under a dbt target folder (Dagster gives each run its own), or None."""
    found = list(Path(target_dir).rglob("run_results.json"))
    return max(found, key=lambda path: path.stat().st_mtime) if found else None


def _warned(result: dict) -> bool:
    return result.get("status") == "warn" and str(result.get("unique_id", "")).startswith(TEST_PREFIX)


def _test_name(unique_id: str) -> str:
    """test.<project>.<name>[.<hash>] -> <name>: the name dbt prints and the test file carries."""
    parts = unique_id.split(".")
    return parts[2] if len(parts) > 2 else unique_id


def format_warnings(warnings: list[tuple[str, int]]) -> list[str]:
    """One line per warning, for the end of a build's output."""
    return [f"dbt warning: {name} returned {failures} row{'s' if failures != 1 else ''}" for name, failures in warnings]
