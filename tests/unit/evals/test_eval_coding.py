"""`make eval-coding` scores what a warehouse holds: asserted mentions with a coded source."""

from __future__ import annotations

import duckdb
import pytest

from newswh.evals.eval_coding import TARGET, coded_source_share, corpus_halves, format_line

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
    assert {k: figures[k] for k in ("asserted", "coded", "share")} == {"asserted": 3, "coded": 2, "share": 0.667}
    assert figures["bases"] == {"state": 1, "agent": 1, "uncoded": 1}
    assert "below" in format_line("corpus", figures) and TARGET > 0.667


ASSERTED_EVENTS = (
    """create table fct_event_mentions (article_id varchar, modality varchar, is_asserted_event boolean,
    source_cameo_code varchar, source_code_basis varchar)""",
    "create table dim_articles (article_id varchar, source_uri varchar)",
    "insert into dim_articles values ('a', 'b/one.json'), ('b', 'a/two.txt')",
    """insert into fct_event_mentions values
    ('a', 'asserted', true, 'RUSGOV', 'state'), ('a', 'asserted', false, null, 'uncoded'),
    ('b', 'asserted', true, null, 'uncoded'), ('b', 'asserted', false, null, 'uncoded'),
    ('b', 'asserted', true, 'USAGOV', 'title'), ('b', 'negated', false, 'RUSGOV', 'state')""",
)


def test_a_not_event_mention_leaves_the_population_and_the_old_figure_is_kept(tmp_path):
    figures = coded_source_share(warehouse(tmp_path, *ASSERTED_EVENTS))
    assert (figures["asserted"], figures["coded"], figures["share"]) == (3, 2, 0.667)
    assert (figures["modality_only"]["asserted"], figures["modality_only"]["share"]) == (5, 0.4)
    assert "modality only: 2/5 = 0.4" in format_line("corpus", figures)


def test_the_corpus_halves_are_the_articles_by_path(tmp_path):
    figures = coded_source_share(warehouse(tmp_path, *ASSERTED_EVENTS), corpus_halves)
    tune, check = figures["splits"]["tune"], figures["splits"]["check"]
    assert (tune["asserted"], tune["coded"], tune["modality_only"]["asserted"]) == (2, 1, 3)  # a/two.txt first
    assert (check["asserted"], check["coded"], check["modality_only"]["share"]) == (1, 1, 0.5)


def test_an_older_warehouse_drops_not_event_reasons_by_its_unconsolidated_reason(tmp_path):
    path = warehouse(
        tmp_path,
        """create table fct_event_mentions (article_id varchar, modality varchar, source_cameo_code varchar,
        source_code_basis varchar, unconsolidated_reason varchar)""",
        """insert into fct_event_mentions values ('a', 'asserted', null, 'uncoded', 'caption'),
        ('a', 'asserted', null, 'uncoded', 'source_uncoded'), ('a', 'asserted', 'RUSGOV', 'state', null)""",
    )
    figures = coded_source_share(path)
    assert (figures["asserted"], figures["share"], figures["modality_only"]["asserted"]) == (2, 0.5, 3)


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
