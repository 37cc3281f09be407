"""The documented example queries in dbt_project/analyses run on the seeds warehouse and say something true."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.integration

ANALYSES = PROJECT_ROOT / "dbt_project" / "analyses"


def render(name: str, **variables: str) -> str:
    """Render an analysis the way dbt would for these files: refs become tables, vars their values."""
    sql = (ANALYSES / f"{name}.sql").read_text()
    sql = re.sub(r"\{%\s*set (\w+) = var\('(\w+)', '([^']*)'\)\s*%\}", "", sql)
    sql = re.sub(r"\{\{\s*ref\('(\w+)'\)\s*\}\}", r"main.\1", sql)
    defaults = dict(re.findall(r"var\('(\w+)', '([^']*)'\)", (ANALYSES / f"{name}.sql").read_text()))
    values = {**defaults, **variables}
    sql = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: values[m.group(1)], sql)
    assert "{{" not in sql and "{%" not in sql, sql
    return sql


def run(built, name: str, **variables: str) -> list[dict]:
    import duckdb

    with duckdb.connect(str(built.duckdb_path), read_only=True) as con:
        cursor = con.execute(render(name, **variables))
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=False)) for row in cursor.fetchall()]


def test_every_analysis_is_documented_and_tested():
    names = {path.stem for path in ANALYSES.glob("*.sql")}
    documented = set(re.findall(r"- name: (\w+)", (ANALYSES / "_analyses.yml").read_text()))
    tested = set(re.findall(r'run\(built_warehouse, "(\w+)"', Path(__file__).read_text()))
    assert names == documented == tested


def test_recognition_timeline(built_warehouse):
    rows = run(built_warehouse, "recognition_timeline")
    asserted = [r for r in rows if r["modality"] == "asserted"]
    recognitions = [r for r in asserted if r["event_code"] == "0541"]
    assert len(recognitions) == 1 and recognitions[0]["event_date_end"] >= date(2025, 7, 3)
    accreditations = [r for r in asserted if r["event_code"] == "0542" and r["num_articles"] >= 2]
    assert accreditations and all(r["takeover_period"] == "post_takeover" for r in accreditations)
    assert any(r["reported_by"] for r in rows)
    # Positions on recognition are listed too, but never as asserted facts.
    assert {r["modality"] for r in rows} >= {"asserted", "hypothetical", "negated"}


def test_recognition_quotes(built_warehouse):
    rows = run(built_warehouse, "recognition_quotes")
    speakers = {r["speaker"] for r in rows}
    assert "Maria Zakharova" in speakers or "Sergey Lavrov" in speakers
    assert all("recogni" in r["quote_text"].lower() for r in rows)


def test_events_by_takeover_period(built_warehouse):
    rows = run(built_warehouse, "events_by_takeover_period")
    periods = {r["takeover_period"] for r in rows}
    assert "post_takeover" in periods
    post = sum(r["num_events"] for r in rows if r["takeover_period"] == "post_takeover")
    pre = sum(r["num_events"] for r in rows if r["takeover_period"] == "pre_takeover")
    assert post > pre  # the corpus is about the Taliban in power


def test_source_independence(built_warehouse):
    rows = run(built_warehouse, "source_independence")
    by_name = {r["source_name"]: r for r in rows}
    assert by_name["Voice of America"]["num_articles_published"] == 1
    assert by_name["Voice of America"]["num_citations"] >= 1
    assert sum(r["num_articles_reusing_others"] for r in rows) >= 1  # seed 000 reuses seed 004


def test_actor_roles_on_date(built_warehouse):
    before = {r["canonical_name"]: r["cameo_code"] for r in run(built_warehouse, "actor_roles_on_date")}
    after = {
        r["canonical_name"]: r["cameo_code"] for r in run(built_warehouse, "actor_roles_on_date", as_of="2022-04-01")
    }
    assert before["Taliban"] == "AFGREB"
    assert after["Taliban"] == "AFGGOV"
