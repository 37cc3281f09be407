"""Gold independent of the seeds: ISAF press releases with hand-set event dates and counts.

`../shared/events_dev/isaf_dev.jsonl` is read by path (never copied into the repository). The
first RELEASES releases are built into a warehouse as `make run` would, and scored by the same
functions as `make eval-events`. The floors sit just under what this subset measured (see
FLOORS), on each half of the hash split separately: the check half is never tuned on, so
releases the project has not seen are held to floors of their own. They guard what is
reached, the issues' targets stay the goal.
"""

from __future__ import annotations

import json

import pytest

from newswh.evals import (
    SPLITS,
    build_warehouse,
    load_releases,
    read_predictions,
    score_all,
    split_of,
    summarise,
    write_corpus,
)
from tests.conftest import shared_or_skip

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

RELEASES = 120
# Measured on the first 120 releases (share of releases that pass; 65 tune and 55 check releases;
# dct_acc scores the 53 and 44 with a dateline, province the 65 and 54 with a gold province):
#   tune:  event_detect 1.000, date_exact 0.769, dct_acc 1.000, killed 0.908, captured 0.923, province 1.000
#   check: event_detect 0.982, date_exact 0.673, dct_acc 1.000, killed 0.909, captured 0.855, province 0.926
# (2026-12-07, after the count rule for vague counts retold and the consolidation rule for undated and
# window-dated physical events; check event_detect and province had already fallen from 1.000 / 0.944 on
# main before those: releases 112, 1, 105 and 108 fail in main's 363-release warehouse too.)
# Each floor lets one more release of its half fail (tune killed keeps its earlier floor: floors are
# never lowered). The targets are 0.95, 0.90, 0.99, 0.85, 0.85, 0.90.
# Check date_exact 0.673 -> 0.691 (2026-12-07, a reported nominal keeps its own day: "ISAF today
# confirmed the capture ..., June 14"); its floor raised to let one release fail from there.
FLOORS = {
    "tune": {
        "event_detect": 0.98,
        "date_exact": 0.75,
        "dct_acc": 0.98,
        "killed": 0.90,
        "captured": 0.90,
        "province": 0.98,
    },
    "check": {
        "event_detect": 0.98,
        "date_exact": 0.67,
        "dct_acc": 0.97,
        "killed": 0.89,
        "captured": 0.83,
        "province": 0.92,
    },
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    releases = load_releases(shared_or_skip("events_dev", "isaf_dev.jsonl"))[:RELEASES]
    root = tmp_path_factory.mktemp("isaf")
    write_corpus(releases, root / "corpus")
    warehouse = root / "warehouse" / "warehouse.duckdb"
    build_warehouse(root / "corpus", warehouse)
    result = summarise(score_all(releases, read_predictions(warehouse)))
    result["sizes"] = {split: sum(split_of(r["text"]) == split for r in releases) for split in SPLITS}
    print(json.dumps(result, indent=2))
    return result


@pytest.mark.parametrize(("split", "metric"), [(split, metric) for split in SPLITS for metric in sorted(FLOORS[split])])
def test_isaf_releases_meet_the_floor_on_each_half(figures, split, metric):
    cell = figures[split][metric]
    assert cell["n"] >= figures["sizes"][split] * 0.75, f"{split} {metric} scored only {cell['n']} releases"
    assert cell["value"] >= FLOORS[split][metric], (
        f"{split} {metric}={cell['value']} below floor {FLOORS[split][metric]}"
    )
