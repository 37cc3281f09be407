"""The mutation check stays honest: every mutation still finds its target, and CI sees each one killed.

The Python mutations take seconds and run here whole. The two dbt mutations run whole (with the
warehouse integration tests) only in `make mutation`; here each runs against the dbt unit test
that kills it: the mutated project's unit tests, in a copy of the repository, against a copy of
the session's seed warehouse (dbt unit tests read only their parents' columns from it). Two dbt
invocations, about 12 s of CPU each.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newswh import config
from tests.mutation.run_mutations import MUTATIONS, apply, copy_repository, verdict

pytestmark = pytest.mark.integration

FAST = [m for m in MUTATIONS if not any("integration" in test for test in m.tests)]
DBT = [m for m in MUTATIONS if m.dbt_unit_test]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_each_mutation_finds_exactly_one_target(mutation):
    text = (config.PROJECT_ROOT / mutation.path).read_text(encoding="utf-8")
    assert text.count(mutation.old) == 1, f"{mutation.path} no longer holds {mutation.old!r}: update the mutation"


@pytest.mark.parametrize("mutation", FAST, ids=lambda m: m.name)
def test_a_fast_mutation_is_killed_by_some_test(mutation):
    outcome, failed, _seconds = verdict(mutation, baseline=False)
    assert outcome == "killed", (mutation.name, outcome, failed)


def dbt_unit_test_statuses(copy: Path, warehouse: Path) -> dict[str, str]:
    """Run the killing dbt unit tests of the project in `copy` against `warehouse`: name -> status.

    Only the unit tests the dbt mutations name run: the verdicts below read no other, and the
    project's other unit tests run in every warehouse build anyway.
    """
    project = copy / "dbt_project"
    results = project / "target" / "run_results.json"
    results.unlink(missing_ok=True)
    env = {**os.environ, "DUCKDB_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = Path(sys.executable).with_name("dbt")
    killing = [f"test_name:{m.dbt_unit_test}" for m in DBT]
    command = [str(dbt), "--log-level-file", "warn", "test", "--select", *killing, "--profiles-dir", "."]
    completed = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert results.exists(), completed.stdout[-2000:] + completed.stderr[-2000:]
    return {r["unique_id"].rsplit(".", 1)[-1]: r["status"] for r in json.loads(results.read_text())["results"]}


@pytest.fixture(scope="module")
def mutated_unit_tests(built_warehouse, tmp_path_factory) -> dict[str, dict[str, str]]:
    """mutation name -> the status of every dbt unit test with that mutation (and only it) applied."""
    statuses = {}
    for mutation in DBT:
        root = tmp_path_factory.mktemp(f"mutation-{mutation.name}")
        copy_repository(root / "repo")
        apply(mutation, root / "repo")
        # Same file name as the original: dbt-duckdb names the catalog its views refer to after it.
        warehouse = root / "warehouse" / built_warehouse.duckdb_path.name
        warehouse.parent.mkdir()
        shutil.copy2(built_warehouse.duckdb_path, warehouse)
        statuses[mutation.name] = dbt_unit_test_statuses(root / "repo", warehouse)
    return statuses


def test_both_dbt_mutations_have_a_killing_unit_test():
    assert {m.name for m in DBT} == {"takeover_macro", "reuse_discount"}


@pytest.mark.parametrize("mutation", DBT, ids=lambda m: m.name)
def test_a_dbt_mutation_fails_its_unit_test(mutated_unit_tests, mutation):
    assert mutated_unit_tests[mutation.name].get(mutation.dbt_unit_test) == "fail", mutated_unit_tests[mutation.name]


@pytest.mark.parametrize("mutation", DBT, ids=lambda m: m.name)
def test_the_killing_unit_test_passes_without_its_mutation(mutated_unit_tests, mutation):
    # The other mutation's copy leaves this mutation's target as it is: there the same unit test
    # must pass, so its failure above comes from the mutation and not from the harness.
    others = [statuses for name, statuses in mutated_unit_tests.items() if name != mutation.name]
    assert others and all(statuses.get(mutation.dbt_unit_test) == "pass" for statuses in others), others
