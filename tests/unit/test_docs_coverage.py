"""Every model, seed and source table, and every column they list, carries a description.

Reads dbt_project/target/manifest.json, which `make test` (and `make manifest`) build with
`dbt parse` before pytest runs. Each model is described in its own yml beside its SQL
(jaffle-shop style). Whether the built tables have columns the yml does not list, so that every
column a model outputs is described, is checked against a real warehouse in
tests/integration/test_docs_columns.py.
"""

from __future__ import annotations

import pytest
import yaml

from tests.docs_manifest import DBT_PROJECT_DIR, MANIFEST_PATH, documented_relations, load_manifest, stale_inputs

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


MODELS_DIR = DBT_PROJECT_DIR / "models"
# Project-wide yml that describes no single model.
SHARED_YML = {"_sources.yml", "exposures.yml"}


def test_each_model_has_its_own_yml_beside_it():
    """models/**/<name>.sql has <name>.yml next to it describing that model and no other."""
    wrong = []
    for sql in sorted(MODELS_DIR.rglob("*.sql")):
        yml = sql.with_suffix(".yml")
        if not yml.exists():
            wrong.append(f"{yml.relative_to(DBT_PROJECT_DIR)} is missing")
            continue
        content = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
        models = [model.get("name") for model in content.get("models", [])]
        tested = {test.get("model") for test in content.get("unit_tests", [])}
        if models != [sql.stem] or not tested <= {sql.stem}:
            wrong.append(f"{yml.relative_to(DBT_PROJECT_DIR)} describes {models}, unit-tests {sorted(tested)}")
    assert wrong == [], "\n".join(wrong)


def test_every_model_yml_has_its_model():
    orphans = [
        str(yml.relative_to(DBT_PROJECT_DIR))
        for yml in MODELS_DIR.rglob("*.yml")
        if yml.name not in SHARED_YML and not yml.with_suffix(".sql").exists()
    ]
    assert orphans == []


def test_the_manifest_takes_each_model_description_from_the_yml_beside_it(relations):
    models = [relation for relation in relations if relation.resource_type == "model"]
    misplaced = [
        relation.label
        for relation in models
        if not relation.yml_path.endswith(f"/{relation.identifier}.yml")
        or not (DBT_PROJECT_DIR / relation.yml_path).exists()
    ]
    assert models and misplaced == []
