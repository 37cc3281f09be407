"""The ingest cache is keyed by what ingest depends on (newswh.store.extraction_key.ingest_digest): an
edited ingest rule file cleans the article again (and extraction follows its new text), an unchanged
rerun ingests nothing, a moved checkout keeps its cache."""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest

from newswh import config
from newswh.ingest import clean
from newswh.store import extraction_key as key
from newswh.store import pipeline
from newswh.store import raw as wh
from tests.conftest import seed_path
from tests.unit.store.test_extraction_key import NAME_TABLES, copy_checkout, extraction_closure

pytestmark = pytest.mark.unit

RULE_FILE = "newswh/ingest/resources/furniture.yaml"
# What ingest runs: reading and cleaning a record, and the rows it writes.
INGEST_MODULES = ("newswh.ingest.discover", "newswh.store.raw")
TABLES = [*wh.INGEST_TABLES, *wh.tables_in("extract")]


def test_the_ingest_digest_covers_every_module_ingest_imports_and_extraction_covers_it():
    covered = set(key.input_files(config.PROJECT_ROOT, key.INGEST_INPUTS))
    missing = sorted(extraction_closure(INGEST_MODULES) - covered - NAME_TABLES)
    assert {RULE_FILE, "newswh/ingest/clean.py", "seeds/reference/sources.csv"} <= covered
    assert missing == [], f"add them to INGEST_INPUTS: {missing}"
    # An ingest edit changes the text extraction reads: the extraction digest changes with it.
    assert covered <= set(key.input_files(config.PROJECT_ROOT))


def test_the_ingest_digest_follows_ingest_content_only(tmp_path, monkeypatch):
    moved = copy_checkout(tmp_path / "elsewhere" / "checkout")
    assert key.ingest_digest(moved) == key.ingest_digest()
    here = key.files_digest(config.PROJECT_ROOT, key.INGEST_INPUTS)
    (moved / "newswh/ingest/resources/README.md").write_text("edited\n", encoding="utf-8")
    # An extraction rule is not ingest's: the articles are extracted again, not cleaned again.
    with (moved / "newswh/events/resources/senses.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# an edited extraction rule\n")
    assert key.files_digest(moved, key.INGEST_INPUTS) == here
    assert key.files_digest(moved) != key.files_digest(config.PROJECT_ROOT)
    with (moved / RULE_FILE).open("a", encoding="utf-8") as handle:
        handle.write("# an edited ingest rule\n")
    assert key.files_digest(moved, key.INGEST_INPUTS) != here
    # The libraries that clean count, with their versions; so does the pipeline version.
    assert key.ingest_identity() == "; ".join(f"{name}=={key._version(name)}" for name in key.INGEST_LIBRARIES)
    assert "ftfy==not installed" not in key.ingest_identity()
    before = key.ingest_digest()
    monkeypatch.setattr(config, "PIPELINE_VERSION", "bumped")
    assert key.ingest_digest() != before


@pytest.fixture
def one_article(tmp_path) -> tuple[duckdb.DuckDBPyConnection, dict]:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    shutil.copy(seed_path("003"), corpus / seed_path("003").name)
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    records = pipeline.records_by_id(corpus)
    first = pipeline.ingest(con, corpus, sorted(records), records=records)
    assert (first.ingested, dict(first.why)) == (1, {pipeline.NOT_INGESTED: 1})
    return con, records


def table_rows(con, tables) -> dict[str, list[tuple]]:
    return {t.name: con.execute(f"select * from raw.{t.name} order by all").fetchall() for t in tables}


def test_an_unchanged_rerun_ingests_nothing_in_this_or_a_moved_checkout(one_article, tmp_path, monkeypatch):
    con, records = one_article
    corpus = next(iter(records.values())).path.parent
    before = table_rows(con, wh.INGEST_TABLES)
    assert pipeline.stale_ingests(con, records) == {}
    again = pipeline.ingest(con, corpus, sorted(records), records=records)
    assert (again.ingested, again.skipped_unchanged, dict(again.why), again.why_lines()) == (0, 1, {}, [])
    moved = copy_checkout(tmp_path / "moved")
    monkeypatch.setattr(key, "ingest_digest", lambda real=key.ingest_digest: real(moved))
    assert pipeline.stale_ingests(con, records) == {}
    assert pipeline.ingest(con, corpus, sorted(records), records=records).ingested == 0
    assert table_rows(con, wh.INGEST_TABLES) == before
    assert con.execute("select distinct ingest_digest from raw.articles").fetchall() == [(key.ingest_digest(),)]


def _edit_rules_as_the_next_run_reads_them(monkeypatch, moved, fragment: str) -> None:
    """A furniture rule taking the line that holds `fragment`, in the moved checkout's rule file,
    which the keys and the cleaning then read (a new process loads the rules it runs once)."""
    rule = f"  - kind: footer\n    pattern: '{re.escape(fragment)}'\n    examples: ['{fragment}']\n"
    with (moved / RULE_FILE).open("a", encoding="utf-8") as handle:
        handle.write(rule)
    key.inputs_digest.cache_clear()
    patterns = [(r.kind, r.pattern) for r in clean.load_furniture(str(moved / RULE_FILE))]
    monkeypatch.setattr(clean, "_FURNITURE_PATTERNS", patterns)
    monkeypatch.setattr(key, "ingest_digest", lambda real=key.ingest_digest: real(moved))
    monkeypatch.setattr(key, "extraction_digest", lambda real=key.extraction_digest: real(moved))


def test_an_edited_ingest_rule_cleans_again_and_extraction_follows(one_article, tmp_path, monkeypatch):
    con, records = one_article
    corpus = next(iter(records.values())).path.parent
    [article_id] = records
    assert pipeline.extract(con, [article_id], n_process=1).extracted == 1
    body = con.execute("select body_text from raw.articles").fetchone()[0]
    # The last paragraph's opening words (letters and spaces: no quoting in the rule file).
    fragment = re.match(r"[A-Za-z ]{10,30}", [line for line in body.split("\n") if line.strip()][-1]).group().strip()
    _edit_rules_as_the_next_run_reads_them(monkeypatch, copy_checkout(tmp_path / "moved"), fragment)

    assert pipeline.stale_ingests(con, records) == {article_id: pipeline.INGEST_CODE_CHANGED}
    again = pipeline.ingest(con, corpus, [article_id], records=records)
    assert (again.ingested, again.why_lines()) == (1, ["1 articles ingested again: ingest code changed"])
    cleaned = con.execute("select body_text from raw.articles").fetchone()[0]
    assert fragment in body and fragment not in cleaned
    assert con.execute("select count(*) from raw.article_furniture where kind = 'footer'").fetchone()[0] == 1
    assert pipeline.stale_ingests(con, records) == {}
    assert pipeline.stale_extractions(con) == {article_id: pipeline.TEXT_CHANGED}
    assert pipeline.extract(con, [article_id], n_process=1).extracted == 1

    # The rerun's rows, ids included, are those of a warehouse built from scratch under the new rules.
    fresh = duckdb.connect(str(tmp_path / "fresh.duckdb"))
    pipeline.ingest(fresh, corpus, [article_id], records=records)
    pipeline.extract(fresh, [article_id], n_process=1)
    assert table_rows(con, TABLES) == table_rows(fresh, TABLES)
