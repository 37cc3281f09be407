"""`make eval-coding` scores what a warehouse holds: asserted mentions with a coded source."""

from __future__ import annotations

import duckdb
import pytest

from newswh.evals.eval_coding import TARGET, coded_source_share, format_line

pytestmark = pytest.mark.unit


def warehouse(tmp_path, *statements: str):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        for statement in statements:
            con.execute(statement)
    return path


def test_the_share_counts_asserted_mentions_with_a_coded_source(tmp_path):
    path = warehouse(
        tmp_path,
        "create table fct_event_mentions (modality varchar, source_cameo_code varchar, source_code_basis varchar)",
        """insert into fct_event_mentions values
        ('asserted', 'RUSGOV', 'state'), ('asserted', 'AFGCOP', 'agent'), ('asserted', null, 'uncoded'),
        ('negated', 'RUSGOV', 'state')""",
    )
    figures = coded_source_share(path)
    assert figures == {"asserted": 3, "coded": 2, "share": 0.667, "bases": {"state": 1, "agent": 1, "uncoded": 1}}
    assert "below" in format_line("corpus", figures) and TARGET > 0.667


def test_a_warehouse_without_code_columns_is_scored_on_its_actors_roles_and_codes(tmp_path):
    path = warehouse(
        tmp_path,
        "create table fct_event_mentions (modality varchar, source_actor_id varchar, reported_date_start date)",
        "create table dim_actor_roles (actor_id varchar, cameo_code varchar, valid_from date, valid_to date)",
        "create table fct_actors (actor_id varchar, cameo_code varchar)",
        "insert into dim_actor_roles values ('taliban', 'AFGREB', '1994-01-01', '2021-08-14')",
        "insert into fct_actors values ('taliban', null), ('rus', 'RUS'), ('jane_doe', null)",
        """insert into fct_event_mentions values
        ('asserted', 'taliban', '2021-08-01'), ('asserted', 'taliban', '2021-09-01'),
        ('asserted', 'rus', '2021-09-01'), ('asserted', 'jane_doe', '2021-09-01')""",
    )
    figures = coded_source_share(path)
    assert (figures["asserted"], figures["coded"], figures["bases"]["legacy"]) == (4, 2, 2)
