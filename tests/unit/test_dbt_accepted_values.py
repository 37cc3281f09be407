"""A column's accepted values agree along one entity's layers (stg_raw__X, int_X, fct_X, dim_X).

A value the pipeline writes but staging does not accept fails the staging test, and dbt then
skips every model downstream of it: one missing word in one YAML file empties the marts.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

MODELS = Path(__file__).resolve().parents[2] / "dbt_project" / "models"
LAYER_PREFIXES = ("stg_raw__", "int_", "fct_", "dim_")


def _entity(model: str) -> str:
    return next((model[len(p) :] for p in LAYER_PREFIXES if model.startswith(p)), model)


def _accepted_values(column: dict) -> tuple[str, ...] | None:
    for test in column.get("data_tests") or column.get("tests") or []:
        if isinstance(test, dict) and "accepted_values" in test:
            spec = test["accepted_values"]
            return tuple(sorted(map(str, (spec.get("arguments") or spec)["values"])))
    return None


def accepted_values_by_entity_column() -> dict[tuple[str, str], dict[str, tuple[str, ...]]]:
    found: dict[tuple[str, str], dict[str, tuple[str, ...]]] = defaultdict(dict)
    for path in MODELS.rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            for column in model.get("columns") or []:
                values = _accepted_values(column)
                if values is not None:
                    found[(_entity(model["name"]), column["name"])][model["name"]] = values
    return found


def test_layers_of_one_entity_accept_the_same_values():
    disagreements = {
        key: by_model for key, by_model in accepted_values_by_entity_column().items() if len(set(by_model.values())) > 1
    }
    assert disagreements == {}


def test_the_check_sees_the_event_mentions_date_basis_on_both_layers():
    by_model = accepted_values_by_entity_column()[("event_mentions", "date_basis")]
    assert {"stg_raw__event_mentions", "fct_event_mentions"} <= set(by_model)
    assert "reresolved" in by_model["stg_raw__event_mentions"]
