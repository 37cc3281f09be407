"""The dbt tests on locations catch what they promise: coordinates out of range, and an admin-1 outside
its place's country (dim_locations) or an event whose country or admin-1 disagrees with its place.

Each test's SQL runs on a small in-memory DuckDB holding one good and one bad row; it must return
the bad row only.
"""

from __future__ import annotations

import re

import duckdb
import jinja2
import pytest
import yaml

from newswh.config import PROJECT_ROOT
from tests.unit.store.dbt_sql import render

pytestmark = pytest.mark.unit

TESTS_DIR = PROJECT_ROOT / "dbt_project" / "tests"


def _value_between_sql(model: str, column: str, low: int, high: int) -> str:
    """The generic test's body ({% test value_between %}), rendered as dbt renders it for one column."""
    source = (TESTS_DIR / "generic" / "value_between.sql").read_text(encoding="utf-8")
    body = re.search(r"{%\s*test value_between\(.*?\)\s*%}(.*){%\s*endtest\s*%}", source, re.S).group(1)
    return jinja2.Template(body).render(model=model, column_name=column, min_value=low, max_value=high)


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute(
        "create table dim_locations (geonames_id varchar, place_kind varchar, country_code varchar,"
        " country_code_iso2 varchar, admin1_code varchar, admin1_name varchar, latitude double, longitude double)"
    )
    con.execute(
        "insert into dim_locations values"
        " ('1138958', 'city', 'AFG', 'AF', 'AF.13', 'Kabul', 34.53, 69.17),"
        " ('bad', 'city', 'AFG', 'AF', 'PK.04', 'Punjab', 134.5, -190.0)"
    )
    con.execute(
        "create table fct_event_mentions (mention_id varchar, geonames_id varchar,"
        " location_country_code varchar, location_admin1 varchar)"
    )
    con.execute(
        "insert into fct_event_mentions values ('good', '1138958', 'AFG', 'Kabul'),"
        " ('wrong_country', '1138958', 'PAK', 'Kabul'), ('wrong_admin1', '1138958', 'AFG', 'Helmand')"
    )
    yield con
    con.close()


@pytest.mark.parametrize(
    ("column", "low", "high", "bad"), [("latitude", -90, 90, 134.5), ("longitude", -180, 180, -190.0)]
)
def test_value_between_returns_only_coordinates_out_of_range(con, column, low, high, bad):
    assert con.execute(_value_between_sql("dim_locations", column, low, high)).fetchall() == [(bad,)]


def test_admin1_in_its_country_returns_only_the_disagreeing_rows(con):
    sql = render((TESTS_DIR / "assert_location_admin1_in_its_country.sql").read_text(encoding="utf-8"))
    failing = {(row[0], row[3]) for row in con.execute(sql).fetchall()}
    # The bad place (a Pakistani admin-1 on an Afghan city) and both disagreeing event mentions.
    assert failing == {("bad", "dim_locations"), ("1138958", "fct_event_mentions")}
    assert len(con.execute(sql).fetchall()) == 3


@pytest.mark.parametrize("model", ["dim_locations", "fct_events", "fct_event_mentions"])
def test_every_located_mart_tests_its_coordinates_in_range(model):
    spec = yaml.safe_load((PROJECT_ROOT / "dbt_project" / "models" / "marts" / f"{model}.yml").read_text("utf-8"))
    (columns,) = [m["columns"] for m in spec["models"] if m["name"] == model]
    ranges = {}
    for column in columns:
        for test in column.get("data_tests", []):
            if isinstance(test, dict) and "value_between" in test:
                arguments = test["value_between"]["arguments"]
                ranges[column["name"]] = (arguments["min_value"], arguments["max_value"])
    assert ranges == {"latitude": (-90, 90), "longitude": (-180, 180)}
