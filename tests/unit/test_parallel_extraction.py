"""Extraction in several processes gives the rows of one process (issue 12, item 8).

Forked workers parse AND extract their articles and send back plain rows; they must inherit the
whole pipeline (the actor ruler's entities with their actor keys, its agent span group) and every
resource, or actor, event and quote rows change. The five seed articles are extracted once
in-process and once with two workers, one article per task so that both workers get articles,
and every raw table is compared row for row.
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


PLAIN_EXTRACT_DOC = ex.extract_doc


def _recording_extract_doc(log_path, change_in_workers: bool = False):
    """extract_doc that logs which process extracted which article; optionally spoils worker rows."""
    parent = os.getpid()

    def extract_doc(article, doc):
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {article.article_id}\n")
        result = PLAIN_EXTRACT_DOC(article, doc)
        if change_in_workers and os.getpid() != parent:
            result.rows["sentences"][0] = {**result.rows["sentences"][0], "char_end": -1}
        return result

    return extract_doc


def _extracted_by(log_path) -> dict[str, int]:
    return {line.split()[1]: int(line.split()[0]) for line in log_path.read_text().splitlines()}


def differing_tables(one, two) -> list[tuple[str, str]]:
    """(article, table) wherever the rows of TWO differ from those of ONE."""
    assert [r.article_id for r in two] == [r.article_id for r in one]
    found = []
    for single, parallel in zip(one, two, strict=True):
        assert parallel.content_hash == single.content_hash
        assert sorted(parallel.rows) == sorted(single.rows) == sorted(t.name for t in ex.EXTRACT_TABLES)
        found += [
            (single.article_id, t.name) for t in ex.EXTRACT_TABLES if parallel.rows[t.name] != single.rows[t.name]
        ]
    return found


@pytest.fixture(scope="module")
def extractions(tmp_path_factory) -> dict:
    nlp = ex.build_nlp()
    inputs = _seed_inputs()
    assert len(inputs) == 5
    results, logs = {}, {}
    with pytest.MonkeyPatch.context() as patch:
        for n in (1, 2):
            logs[n] = tmp_path_factory.mktemp(f"processes{n}") / "extracted_by.log"
            # Forked workers inherit the patched module, so they log too.
            patch.setattr(ex, "extract_doc", _recording_extract_doc(logs[n]))
            results[n] = list(ex.extract_articles(inputs, nlp=nlp, batch_size=1, n_process=n))
    return {**results, "extracted_by": {n: _extracted_by(log) for n, log in logs.items()}}


def test_spacy_forks_its_workers():
    # Forked workers inherit the pipeline built here, the actor ruler included; under spawn they
    # would rebuild it from the registered factory name instead.
    import multiprocessing

    assert multiprocessing.get_start_method() == "fork"


def test_two_processes_give_every_raw_row_of_one(extractions):
    assert differing_tables(extractions[1], extractions[2]) == []


def test_workers_parse_and_extract(extractions):
    # One process extracts all here; with two, the first article is extracted here (it loads
    # the lazily read resources the workers then inherit) and every other one in a worker.
    parent = os.getpid()
    assert set(extractions["extracted_by"][1].values()) == {parent}
    by_process = extractions["extracted_by"][2]
    first, *rest = (r.article_id for r in extractions[2])
    assert by_process[first] == parent
    workers = {by_process[article_id] for article_id in rest}
    assert rest and parent not in workers and 1 <= len(workers) <= 2


def test_the_comparison_catches_a_row_a_worker_got_wrong(extractions, tmp_path, monkeypatch):
    # Would a worker that extracts differently be noticed? Spoil one row of each worker's article.
    inputs = _seed_inputs()[:3]
    monkeypatch.setattr(ex, "extract_doc", _recording_extract_doc(tmp_path / "log", change_in_workers=True))
    spoiled = list(ex.extract_articles(inputs, nlp=ex.build_nlp(), batch_size=1, n_process=2))
    expected = [(r.article_id, "sentences") for r in extractions[1][1:3]]
    assert differing_tables(extractions[1][:3], spoiled) == expected


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


def test_replaced_workers_give_the_same_rows(extractions, tmp_path, monkeypatch):
    # With one article per worker, each pool of two workers takes two tasks and is then
    # replaced by fresh forks: the four worker articles go to two pools with their own workers.
    monkeypatch.setattr(ex, "ARTICLES_PER_WORKER", 1)
    log = tmp_path / "extracted_by.log"
    monkeypatch.setattr(ex, "extract_doc", _recording_extract_doc(log))
    replaced = list(ex.extract_articles(_seed_inputs(), nlp=ex.build_nlp(), batch_size=1, n_process=2))
    assert differing_tables(extractions[1], replaced) == []
    by_process = _extracted_by(log)
    ids = [r.article_id for r in replaced]
    first_pool, second_pool = {by_process[i] for i in ids[1:3]}, {by_process[i] for i in ids[3:5]}
    assert os.getpid() not in first_pool | second_pool
    assert first_pool.isdisjoint(second_pool)
