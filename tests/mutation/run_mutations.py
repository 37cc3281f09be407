"""Break one rule at a time in a copy of the repository and check that some test notices.

Usage: `make mutation` (or `.venv/bin/python tests/mutation/run_mutations.py [name ...]`).

Each mutation is a literal text replacement in one file. For each, the repository is copied
to a temporary folder (without .git, data and test output; .venv is linked, not copied), the
replacement is applied, and only the tests that should catch it are run there. A mutation is
"killed" when pytest exits 1 (a test failed) and "survived" when the tests still pass. The
script exits non-zero if any mutation survived or could not be applied.

The two dbt mutations each build a warehouse in the copy (a few minutes); the Python ones take
seconds. This is not part of `make test`; tests/integration/test_mutations.py runs the Python
mutations there, and each dbt mutation against its `dbt_unit_test` only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".git", ".venv", "data", "test-output", ".ruff_cache", ".pytest_cache", "__pycache__", "logs"}
WAREHOUSE_TESTS = (
    "tests/integration/test_warehouse_facts.py",
    "tests/integration/test_example_queries.py",
    "tests/integration/test_pipeline.py::test_run_succeeds_and_dbt_checks_pass",
)


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    why: str
    # The dbt unit test (in the model's yml) that fails on this mutation; the integration test
    # tests/integration/test_mutations.py runs it on the session warehouse, so CI sees the kill.
    dbt_unit_test: str = ""


MUTATIONS = (
    Mutation(
        "takeover_macro",
        "dbt_project/macros/takeover_period.sql",
        "{{ date_start }} >= date",
        "{{ date_start }} > date",
        WAREHOUSE_TESTS,
        "a fact starting on the takeover day (2021-08-15) is no longer post_takeover",
        "takeover_period_labels_intervals_on_either_side_of_2021_08_15",
    ),
    Mutation(
        "reuse_discount",
        "dbt_project/models/marts/fct_events.sql",
        "count(distinct case when not is_reused then coalesce(outlet_source_id, article_id) end)",
        "count(distinct coalesce(outlet_source_id, article_id))",
        WAREHOUSE_TESTS,
        "num_sources counts reused text as an independent source",
        "reuse_is_not_corroboration",
    ),
    Mutation(
        "printed_date_parser",
        "newswh/ingest/printed_dates.py",
        'return date(int(match.group("year")), month_number, int(match.group("day")))',
        'return date(int(match.group("year")), month_number, 1)',
        ("tests/unit/ingest",),
        "the day of a printed date is dropped",
    ),
    Mutation(
        "dateline_parser",
        "newswh/ingest/datelines.py",
        "return _safe_date(self.year, self.month, self.day)",
        "return _safe_date(self.year, self.month, 1)",
        ("tests/unit/ingest/test_datelines.py",),
        "the day a dateline states is dropped",
    ),
    Mutation(
        "quarantine_empty_file",
        "newswh/ingest/discover.py",
        "if not raw.strip():",
        "if False:",
        ("tests/unit/ingest/test_bad_input.py",),
        "empty files are no longer quarantined as empty_file",
    ),
    Mutation(
        "article_id_stability",
        "newswh/ingest/discover.py",
        'hashlib.sha256(key.encode("utf-8", "surrogateescape"))',
        'hashlib.sha256((key + str(__import__("time").time_ns())).encode("utf-8", "surrogateescape"))',
        ("tests/unit/ingest/test_ids.py",),
        "article ids change from one run to the next",
    ),
)


def copy_repository(target: Path) -> None:
    shutil.copytree(ROOT, target, ignore=lambda _dir, names: [n for n in names if n in SKIP])
    (target / ".venv").symlink_to(ROOT / ".venv")


def apply(mutation: Mutation, copy: Path) -> None:
    path = copy / mutation.path
    text = path.read_text(encoding="utf-8")
    if text.count(mutation.old) != 1:
        raise ValueError(f"{mutation.path}: expected exactly one {mutation.old!r}, found {text.count(mutation.old)}")
    path.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")


def run_tests(copy: Path, tests: tuple[str, ...]) -> tuple[int, str]:
    """pytest's exit code and the first failing test's id."""
    # The copy's own code must be imported, not the worktree's editable install.
    check = subprocess.run(
        [sys.executable, "-c", "import newswh; print(newswh.__file__)"], cwd=copy, capture_output=True, text=True
    )
    if not check.stdout.startswith(str(copy)):
        raise RuntimeError(f"the copy imports newswh from {check.stdout.strip()}, not from {copy}")
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-rf", "-p", "no:cacheprovider", *tests]
    completed = subprocess.run(command, cwd=copy, capture_output=True, text=True)
    failed = [line.split()[1] for line in completed.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return completed.returncode, failed[0] if failed else ""


def verdict(mutation: Mutation, baseline: bool) -> tuple[str, str, float]:
    """(outcome, the first failing test, seconds)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"mutation-{mutation.name}-") as folder:
        copy = Path(folder) / "repo"
        copy_repository(copy)
        if baseline and run_tests(copy, mutation.tests)[0] != 0:
            return "tests fail unmutated", "", time.perf_counter() - started
        try:
            apply(mutation, copy)
        except ValueError as error:
            return f"not applied: {error}", "", time.perf_counter() - started
        code, failed = run_tests(copy, mutation.tests)
    outcome = {0: "SURVIVED", 1: "killed"}.get(code, f"pytest exit {code}")
    return outcome, failed, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only these mutations")
    parser.add_argument("--baseline", action="store_true", help="first check the tests pass without the mutation")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    print(f"{'mutation':<24} {'result':<10} {'seconds':>7}  first failing test")
    failures = 0
    for mutation in chosen:
        outcome, failed, seconds = verdict(mutation, args.baseline)
        failures += outcome != "killed"
        print(f"{mutation.name:<24} {outcome:<10} {seconds:>7.0f}  {failed}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
