"""Every column of every built model and seed is documented in yml, and the yml names no missing column."""

from __future__ import annotations

import pytest

from tests.docs_manifest import MANIFEST_PATH, documented_relations, load_manifest

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def built_columns(built_warehouse) -> dict[tuple[str, str], list[str]]:
    """(schema, table) -> column names, as the built warehouse has them."""
    rows = built_warehouse.query(
        "select table_schema, table_name, column_name from information_schema.columns order by ordinal_position"
    )
    columns: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in rows:
        columns.setdefault((schema.lower(), table.lower()), []).append(column.lower())
    return columns


@pytest.fixture(scope="module")
def built_relations():
    if not MANIFEST_PATH.exists():
        pytest.fail(f"no dbt manifest at {MANIFEST_PATH}: run `make manifest` first")
    relations = documented_relations(load_manifest())
    # Ephemeral models are inlined into others and never exist as tables.
    return [
        relation
        for relation in relations
        if relation.resource_type != "source" and relation.materialized != "ephemeral"
    ]


def test_every_model_and_seed_was_built(built_relations, built_columns):
    missing = [
        relation.label
        for relation in built_relations
        if (relation.schema.lower(), relation.identifier.lower()) not in built_columns
    ]
    assert missing == []


def test_every_built_column_is_documented(built_relations, built_columns):
    undocumented = []
    for relation in built_relations:
        documented = {name.lower() for name in relation.columns}
        actual = built_columns.get((relation.schema.lower(), relation.identifier.lower()), [])
        undocumented += [f"{relation.label}: {column}" for column in actual if column not in documented]
    assert undocumented == [], "document these columns in yml:\n  " + "\n  ".join(undocumented)


def test_no_documented_column_is_missing_from_its_table(built_relations, built_columns):
    stale = []
    for relation in built_relations:
        actual = set(built_columns.get((relation.schema.lower(), relation.identifier.lower()), []))
        if actual:
            stale += [f"{relation.label}: {name}" for name in relation.columns if name.lower() not in actual]
    assert stale == [], "these documented columns do not exist in the built tables:\n  " + "\n  ".join(stale)
