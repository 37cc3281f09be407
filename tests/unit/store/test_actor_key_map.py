"""The actor-key remap is written twice, in Python (event consolidation) and in dbt (the marts).

crossarticle.actor_key_map and dbt's int_actor_key_map must give the same mapping, also in the
cases the resolver does not produce today: a local key resolving to several actors, or to none.
"""

from __future__ import annotations

import duckdb
import pytest

from newswh.store import crossarticle
from newswh.store import raw as wh
from tests.unit.store.dbt_sql import create_model_view

pytestmark = pytest.mark.unit

RESOLUTION = [
    # mention, article, local key, resolved key, method
    ("m1", "a1", "lavrov", "sergey_lavrov", "surname"),
    ("m2", "a1", "lavrov", "sergey_lavrov", "surname"),
    # One local key resolving to two actors: the smallest key wins on both sides.
    ("m3", "a1", "muttaqi", "amir_khan_muttaqi", "surname"),
    ("m4", "a1", "muttaqi", "a_muttaqi", "fuzzy:91"),
    ("m5", "a1", "muttaqi", "muttaqi_amir", "fuzzy:90"),
    # The same local key in another article is mapped on its own.
    ("m6", "a2", "muttaqi", "muttaqi_amir", "exact"),
    # No resolved actor: left out of the map, so the local key stands for itself.
    ("m7", "a2", "the_group", None, "collective_unresolved"),
    # No local key: nothing to remap.
    ("m8", "a2", None, "rus", "ruler"),
]


def _dbt_key_map(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    create_model_view(con, "stg_raw__actor_resolution")
    create_model_view(con, "int_actor_key_map")
    rows = con.execute("select article_id, local_actor_key, actor_id from int_actor_key_map").fetchall()
    assert len(rows) == len({(article, local) for article, local, _ in rows}), "one row per article and local key"
    return {(article, local): actor for article, local, actor in rows}


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    wh.ensure_schema(con, [crossarticle.ACTOR_RESOLUTION])
    rows = [dict(zip(crossarticle.ACTOR_RESOLUTION.column_names, row, strict=True)) for row in RESOLUTION]
    wh.replace_rows(con, crossarticle.ACTOR_RESOLUTION, [], rows)
    return con


def test_python_and_dbt_remap_actor_keys_alike(con):
    python = crossarticle.actor_key_map(con)
    assert python == _dbt_key_map(con)
    assert python == {
        ("a1", "lavrov"): "sergey_lavrov",
        ("a1", "muttaqi"): "a_muttaqi",
        ("a2", "muttaqi"): "muttaqi_amir",
    }


def test_python_and_dbt_remap_alike_on_resolved_seed_articles(small_warehouse):
    con, _ = small_warehouse
    python = crossarticle.actor_key_map(con)
    assert python
    assert python == _dbt_key_map(con)
