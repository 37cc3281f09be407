"""Gold independent of the seeds: ISAF press releases with hand-set event dates and counts.

`../shared/events_dev/isaf_dev.jsonl` is read by path (never copied into the repository). The
first RELEASES releases are built into a warehouse as `make run` would, and scored by the same
functions as `make eval-events`. The floors sit just under what this subset measured (see
FLOORS); they guard what is reached, the issue's targets stay the goal.
"""

from __future__ import annotations

import json

import pytest

from newswh.evals import aggregate, build_warehouse, load_releases, read_predictions, score_all, write_corpus
from tests.conftest import shared_or_skip

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

RELEASES = 120
# Measured on the first 120 releases when the floors were set (share of releases that pass):
# event_detect 0.975, dct_acc 0.990 (97 releases with a dateline), date_exact 0.583, killed 0.782,
# captured 0.513. The targets are 0.95, 0.99, 0.90, 0.85 and 0.85.
FLOORS = {"event_detect": 0.96, "dct_acc": 0.97, "date_exact": 0.56, "killed": 0.76, "captured": 0.49}


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    releases = load_releases(shared_or_skip("events_dev", "isaf_dev.jsonl"))[:RELEASES]
    root = tmp_path_factory.mktemp("isaf")
    write_corpus(releases, root / "corpus")
    warehouse = root / "warehouse" / "warehouse.duckdb"
    build_warehouse(root / "corpus", warehouse)
    result = aggregate(row["scores"] for row in score_all(releases, read_predictions(warehouse)))
    print(json.dumps(result, indent=2))
    return result


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_isaf_releases_meet_the_floor(figures, metric):
    cell = figures[metric]
    assert cell["n"] >= RELEASES * 0.75, f"{metric} scored only {cell['n']} releases"
    assert cell["value"] >= FLOORS[metric], f"{metric}={cell['value']} below floor {FLOORS[metric]}"
