"""Extraction in several processes gives the rows of one process (issue 12, item 8).

spaCy's workers send each Doc back as bytes; the actor ruler's entities (with their actor keys),
its agent span group and its user_data must survive that, or actor, event and quote rows change.
The five seed articles are extracted once in-process and once with two workers, one article per
batch so that both workers get articles, and every raw table is compared row for row.
"""

from __future__ import annotations

import os

import pytest

from newswh import config
from newswh import extract as ex
from newswh.ingest.discover import Article, discover, load_article

pytestmark = pytest.mark.unit

# Tables every seed article fills; an empty table would make the comparison vacuous.
FILLED_TABLES = ("sentences", "entities", "actor_mentions", "event_mentions", "timexes", "place_mentions")


def _seed_inputs() -> list[ex.ArticleInput]:
    articles = [
        a for a in map(load_article, discover(config.PROJECT_ROOT / "seeds" / "articles")) if isinstance(a, Article)
    ]
    return [ex.article_input(a) for a in articles]


@pytest.fixture(scope="module")
def extractions() -> dict[int, list[ex.ArticleExtraction]]:
    nlp = ex.build_nlp()
    inputs = _seed_inputs()
    assert len(inputs) == 5
    used: list[int] = []
    plain_pipe = nlp.pipe

    def recording_pipe(texts, **kwargs):
        used.append(kwargs.get("n_process", 1))
        return plain_pipe(texts, **kwargs)

    nlp.pipe = recording_pipe  # the instance attribute shadows the method on this instance only
    try:
        results = {n: list(ex.extract_articles(inputs, nlp=nlp, batch_size=1, n_process=n)) for n in (1, 2)}
    finally:
        del nlp.pipe
    assert used == [1, 2]
    return results


def test_spacy_forks_its_workers():
    # Forked workers inherit the pipeline built here, the actor ruler included; under spawn they
    # would rebuild it from the registered factory name instead.
    import multiprocessing

    assert multiprocessing.get_start_method() == "fork"


def test_two_processes_give_every_raw_row_of_one(extractions):
    one, two = extractions[1], extractions[2]
    assert [r.article_id for r in two] == [r.article_id for r in one]
    for single, parallel in zip(one, two, strict=True):
        assert parallel.content_hash == single.content_hash
        assert sorted(parallel.rows) == sorted(single.rows) == sorted(t.name for t in ex.EXTRACT_TABLES)
        for table in ex.EXTRACT_TABLES:
            assert parallel.rows[table.name] == single.rows[table.name], (single.article_id, table.name)


def test_the_compared_tables_are_not_empty(extractions):
    for result in extractions[2]:
        for table in FILLED_TABLES:
            assert result.rows[table], (result.article_id, table)


def test_actor_keys_from_the_ruler_survive_the_workers(extractions):
    # Only the ruler sets an entity's kb_id, read back as the entity row's actor key.
    assert any(row["actor_key"] for result in extractions[2] for row in result.rows["entities"])
    assert any(row["actor_key"] for result in extractions[2] for row in result.rows["actor_mentions"])


def test_the_setting_and_the_small_batch_fallback(monkeypatch):
    monkeypatch.delenv("NEWSWH_EXTRACT_PROCESSES", raising=False)
    cores = len(os.sched_getaffinity(0))
    assert config.extract_processes() == cores
    many = ex.MIN_ARTICLES_PER_PROCESS * 8
    assert ex.pipe_processes(many) == min(cores, 8)
    assert ex.pipe_processes(ex.MIN_ARTICLES_PER_PROCESS - 1) == 1
    monkeypatch.setenv("NEWSWH_EXTRACT_PROCESSES", "3")
    assert ex.pipe_processes(many) == 3
    assert ex.pipe_processes(2 * ex.MIN_ARTICLES_PER_PROCESS) == 2
    assert ex.pipe_processes(3, requested=2) == 2


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_a_bad_process_setting_is_refused_by_name(monkeypatch, value):
    monkeypatch.setenv("NEWSWH_EXTRACT_PROCESSES", value)
    with pytest.raises(ValueError, match="NEWSWH_EXTRACT_PROCESSES"):
        config.extract_processes()


def _extracted_warehouse(corpus, monkeypatch, n_process: int, write_articles: int):
    import duckdb

    from newswh.store import pipeline

    monkeypatch.setattr(pipeline, "EXTRACT_WRITE_ARTICLES", write_articles)
    con = duckdb.connect(":memory:")
    ids = sorted(pipeline.records_by_id(corpus))
    pipeline.ingest(con, corpus, ids)
    report = pipeline.extract(con, ids, nlp=ex.build_nlp(), n_process=n_process)
    tables = {t.name: con.execute(f"select * from raw.{t.name} order by all").fetchall() for t in ex.EXTRACT_TABLES}
    return report, tables


def test_the_stored_tables_do_not_depend_on_processes_or_write_chunks(monkeypatch):
    # Rows are written every EXTRACT_WRITE_ARTICLES articles so that a big build does not hold
    # them all; two articles per write splits the five seeds into three transactions.
    corpus = config.PROJECT_ROOT / "seeds" / "articles"
    whole_report, whole = _extracted_warehouse(corpus, monkeypatch, n_process=1, write_articles=250)
    split_report, split = _extracted_warehouse(corpus, monkeypatch, n_process=2, write_articles=2)
    assert split_report.extracted == whole_report.extracted == 5
    assert split_report.rows == whole_report.rows
    assert split_report.per_article == whole_report.per_article
    for table, rows in whole.items():
        assert split[table] == rows, table
    assert len(whole["extraction_state"]) == 5 and len(whole["event_mentions"]) > 0
