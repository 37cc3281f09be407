"""The mutation check stays honest: every mutation still finds its target, and the fast ones are killed.

The two dbt mutations each build a warehouse, so they run in `make mutation` only; the Python
ones take seconds and run here, in `make test`.
"""

from __future__ import annotations

import pytest

from newswh import config
from tests.mutation.run_mutations import MUTATIONS, verdict

pytestmark = pytest.mark.integration

FAST = [m for m in MUTATIONS if not any("integration" in test for test in m.tests)]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_each_mutation_finds_exactly_one_target(mutation):
    text = (config.PROJECT_ROOT / mutation.path).read_text(encoding="utf-8")
    assert text.count(mutation.old) == 1, f"{mutation.path} no longer holds {mutation.old!r}: update the mutation"


@pytest.mark.parametrize("mutation", FAST, ids=lambda m: m.name)
def test_a_fast_mutation_is_killed_by_some_test(mutation):
    outcome, failed, _seconds = verdict(mutation, baseline=False)
    assert outcome == "killed", (mutation.name, outcome, failed)
