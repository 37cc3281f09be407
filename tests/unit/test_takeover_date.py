"""The takeover date is written in several places; every copy must agree with newswh.config.

Python labels facts with config.TAKEOVER_DATE, dbt's macro with the var `takeover_date`, the
time tagger resolves "since the takeover" against the anchor_events seed, the gazetteer switches
the Taliban's CAMEO code on actor_roles, and the dbt docs state the day. A change in one place
alone would split the warehouse into two timelines without any error.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
import yaml

from newswh import config

pytestmark = pytest.mark.unit

DBT_PROJECT_DIR = config.PROJECT_ROOT / "dbt_project"
TAKEOVER_ANCHOR = "taliban_takeover"


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (config.reference_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_dbt_var_is_the_config_date():
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert date.fromisoformat(str(project["vars"]["takeover_date"])) == config.TAKEOVER_DATE


def test_the_anchor_event_is_the_config_date():
    anchors = [row for row in _csv_rows("anchor_events.csv") if row["anchor_id"] == TAKEOVER_ANCHOR]
    assert len(anchors) == 1, f"anchor_events.csv must hold exactly one {TAKEOVER_ANCHOR} row"
    assert date.fromisoformat(anchors[0]["date_start"]) == config.TAKEOVER_DATE
    assert date.fromisoformat(anchors[0]["date_end"]) == config.TAKEOVER_DATE


def test_the_taliban_roles_switch_on_the_config_date():
    roles = {row["cameo_code"]: row for row in _csv_rows("actor_roles.csv") if row["actor_key"] == "taliban"}
    assert date.fromisoformat(roles["AFGREB"]["valid_to"]) == config.TAKEOVER_DATE - timedelta(days=1)
    assert date.fromisoformat(roles["AFGGOV"]["valid_from"]) == config.TAKEOVER_DATE


def test_the_dbt_docs_state_the_config_date():
    overview = (DBT_PROJECT_DIR / "models" / "overview.md").read_text(encoding="utf-8")
    block = overview.split("{% docs takeover_period %}", 1)[1].split("{% enddocs %}", 1)[0]
    assert config.TAKEOVER_DATE.isoformat() in block
