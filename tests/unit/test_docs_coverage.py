"""Every model, seed and source table, and every column they list, carries a description.

Reads dbt_project/target/manifest.json, which `make test` (and `make manifest`) build with
`dbt parse` before pytest runs. Whether the built tables have columns the yml does not list
is checked against a real warehouse in tests/integration/test_docs_columns.py.
"""

from __future__ import annotations

import pytest

from tests.docs_manifest import MANIFEST_PATH, documented_relations, load_manifest, stale_inputs

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def relations():
    if not MANIFEST_PATH.exists():
        pytest.fail(f"no dbt manifest at {MANIFEST_PATH}: run `make manifest` (or `make test`, which builds it)")
    stale = stale_inputs()
    if stale:
        pytest.fail(f"the dbt manifest is older than {', '.join(map(str, stale))}: run `make manifest` first")
    return documented_relations(load_manifest())


def test_the_manifest_covers_the_marts(relations):
    names = {(relation.resource_type, relation.identifier) for relation in relations}
    assert {("model", "dim_articles"), ("model", "fct_sources"), ("source", "articles")} <= names
    assert any(kind == "seed" for kind, _ in names)


def test_every_model_seed_and_source_table_is_described(relations):
    undescribed = [relation.label for relation in relations if not relation.description]
    assert undescribed == [], "add a description to:\n  " + "\n  ".join(undescribed)


def test_every_model_and_seed_lists_its_columns(relations):
    """A model or seed whose yml lists no column at all documents none of them."""
    bare = [relation.label for relation in relations if relation.resource_type != "source" and not relation.columns]
    assert bare == [], "list and describe the columns of:\n  " + "\n  ".join(bare)


def test_every_listed_column_is_described(relations):
    undescribed = [
        f"{relation.label}: {column}"
        for relation in relations
        for column, description in relation.columns.items()
        if not description
    ]
    assert undescribed == [], "add a description to these columns:\n  " + "\n  ".join(undescribed)
