"""Every test carries exactly one tier marker, so the three tier targets add up to `make test`.

`make test-unit`, `make test-integration` and `make test-browser` select by marker; a test
without one would run in `make test` only, and a test with two would run twice. The check
runs before `-m` deselects anything, so it sees the whole collection whatever the target.
"""

from __future__ import annotations

import pytest

TIERS = ("unit", "integration", "browser")


def tiers_of(item: pytest.Item) -> list[str]:
    return [tier for tier in TIERS if item.get_closest_marker(tier) is not None]


def misfiled(items: list[pytest.Item]) -> list[str]:
    """`nodeid: why` for each test whose tier markers are not exactly one."""
    problems = []
    for item in items:
        tiers = tiers_of(item)
        if len(tiers) != 1:
            why = "no tier marker" if not tiers else f"several tier markers {tiers}"
            problems.append(f"{item.nodeid}: {why}")
    return problems


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    problems = misfiled(items)
    if problems:
        listing = "\n  ".join(problems)
        pytest.exit(
            "each test module needs exactly one of pytestmark = pytest.mark.unit / integration / browser:\n  "
            + listing,
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
