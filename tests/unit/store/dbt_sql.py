"""Run a dbt model's SQL on a plain DuckDB connection, for tests that pin Python to dbt.

Only the Jinja the raw-layer models use is rendered: `{{ source('raw', 't') }}` becomes
`raw.t` and `{{ ref('m') }}` becomes `m`, a view the test creates from that model first.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from newswh.config import PROJECT_ROOT

MODELS_DIR = PROJECT_ROOT / "dbt_project" / "models"
_SOURCE = re.compile(r"\{\{\s*source\('(\w+)',\s*'(\w+)'\)\s*\}\}")
_REF = re.compile(r"\{\{\s*ref\('(\w+)'\)\s*\}\}")


def model_path(name: str) -> Path:
    return next(MODELS_DIR.rglob(f"{name}.sql"))


def render(sql: str) -> str:
    rendered = _REF.sub(r"\1", _SOURCE.sub(r"\1.\2", sql))
    if "{{" in rendered or "{%" in rendered:
        raise ValueError("this helper renders only source() and ref(); the model uses more Jinja")
    return rendered


def create_model_view(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Create the dbt model `name` as a view named `name` (its refs must exist already)."""
    con.execute(f"create or replace view {name} as {render(model_path(name).read_text(encoding='utf-8'))}")
