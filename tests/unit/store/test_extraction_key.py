"""The extraction cache is keyed by what extraction depends on (newswh.store.extraction_key): an
edited rule file re-extracts, an unchanged rerun extracts nothing, a moved checkout keeps its cache."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import duckdb
import pytest

from newswh import config
from newswh.store import crossarticle, pipeline
from newswh.store import extraction_key as key
from newswh.store import raw as wh
from tests.conftest import seed_path

pytestmark = pytest.mark.unit

EXTRACT_TABLES = wh.tables_in("extract")
# A rule file extraction reads (the sense rules of event coding); a comment changes its bytes only.
RULE_FILE = "newswh/events/resources/senses.yaml"
# Not traversed: the command-line helpers reached only from modules' `python -m` entry points.
SCRIPT_ONLY = {"newswh.cli"}
# Run but not an input: the store package's table of lazily imported names decides no row.
NAME_TABLES = {"newswh/store/__init__.py"}


def _module_file(name: str) -> Path | None:
    path = config.PROJECT_ROOT / Path(*name.split("."))
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imported(path: Path, name: str) -> set[str]:
    """The newswh modules `path` imports anywhere (functions' own imports too), absolute names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {module for module in found if module.split(".")[0] == "newswh"}


def extraction_closure(start: tuple[str, ...] = ("newswh.extract",)) -> set[str]:
    """Files of every newswh module that `start` (default newswh.extract) imports, directly or not (and their packages)."""
    seen: dict[str, Path] = {}
    todo = list(start)
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if name in seen or name in SCRIPT_ONLY or path is None:
            continue
        seen[name] = path
        parts = name.split(".")
        todo += [".".join(parts[:n]) for n in range(1, len(parts))]
        todo += sorted(_imported(path, name))
    return {path.relative_to(config.PROJECT_ROOT).as_posix() for path in seen.values()}


def copy_checkout(destination: Path) -> Path:
    """The digest's input files copied to another folder, as a moved or cloned checkout holds them."""
    for relative in key.input_files(config.PROJECT_ROOT):
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(config.PROJECT_ROOT / relative, target)
    return destination


def test_the_digest_covers_every_module_extraction_imports():
    covered = set(key.input_files(config.PROJECT_ROOT))
    missing = sorted(extraction_closure() - covered - NAME_TABLES)
    assert "newswh/events/senses.py" in covered and "seeds/reference/verb_lexicon.csv" in covered
    assert missing == [], f"add them to EXTRACTION_INPUTS: {missing}"


def test_the_digest_follows_content_not_the_checkouts_path_or_its_docs(tmp_path):
    moved = copy_checkout(tmp_path / "elsewhere" / "checkout")
    assert key.files_digest(moved) == key.files_digest(config.PROJECT_ROOT)
    assert key.extraction_digest(moved) == key.extraction_digest()
    # Documentation, bytecode and an editor's swap or backup file are not inputs.
    (moved / "seeds/reference/README_events.md").write_text("edited\n", encoding="utf-8")
    (moved / "newswh/events/__pycache__").mkdir(exist_ok=True)
    (moved / "newswh/events/__pycache__/senses.cpython-311.pyc").write_bytes(b"\0")
    (moved / "newswh/events/resources/.senses.yaml.swp").write_bytes(b"\0")
    (moved / "newswh/events/resources/senses.yaml~").write_bytes(b"\0")
    assert key.files_digest(moved) == key.files_digest(config.PROJECT_ROOT)
    with (moved / RULE_FILE).open("a", encoding="utf-8") as handle:
        handle.write("# an edited rule file\n")
    assert key.files_digest(moved) != key.files_digest(config.PROJECT_ROOT)


def test_the_digest_names_the_model_and_the_version(monkeypatch, tmp_path):
    assert key.model_identity(config.SPACY_MODEL).startswith(f"{config.SPACY_MODEL}==")
    assert key.model_identity("no_such_model").startswith("no_such_model==not installed")
    # A model folder is named by its meta.json, wherever the folder is.
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "meta.json").write_text('{"name": "m", "version": "1.0"}', encoding="utf-8")
    assert key.model_identity(str(tmp_path / "one")) == key.model_identity(str(tmp_path / "two"))
    before = key.extraction_digest()
    monkeypatch.setattr(config, "PIPELINE_VERSION", "bumped")
    assert key.extraction_digest() != before


@pytest.fixture
def one_article(tmp_path) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    shutil.copy(seed_path("003"), corpus / seed_path("003").name)
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    ids = sorted(pipeline.records_by_id(corpus))
    pipeline.ingest(con, corpus, ids)
    first = pipeline.extract(con, ids, n_process=1)
    assert first.extracted == 1 and dict(first.reasons) == {pipeline.NOT_EXTRACTED: 1}
    return con, ids


def extraction_rows(con) -> dict[str, list[tuple]]:
    return {t.name: con.execute(f"select * from raw.{t.name} order by all").fetchall() for t in EXTRACT_TABLES}


def test_an_unchanged_rerun_extracts_nothing_and_keeps_every_id(one_article):
    con, ids = one_article
    before = extraction_rows(con)
    again = pipeline.extract(con, ids, n_process=1)
    assert (again.extracted, again.skipped_unchanged, dict(again.reasons)) == (0, 1, {})
    assert pipeline.stale_extractions(con) == {}
    assert extraction_rows(con) == before
    assert con.execute("select distinct extraction_digest from raw.extraction_state").fetchall() == [
        (key.extraction_digest(),)
    ]


def test_an_edited_rule_file_re_extracts_and_the_cross_article_state_follows(one_article, tmp_path, monkeypatch):
    con, ids = one_article
    crossarticle.ensure_tables(con)
    crossarticle.resolve_actors(con)
    crossarticle.consolidate_events(con)
    before = extraction_rows(con)
    # The same code in another folder: nothing to do.
    moved = copy_checkout(tmp_path / "moved")
    monkeypatch.setattr(key, "extraction_digest", lambda real=key.extraction_digest: real(moved))
    assert pipeline.extract(con, ids, n_process=1).extracted == 0
    # A rule file edited in that checkout: its article is extracted again, and says why.
    with (moved / RULE_FILE).open("a", encoding="utf-8") as handle:
        handle.write("# an edited rule file\n")
    key.inputs_digest.cache_clear()  # computed once per process: as the next `make run` would
    edited = key.extraction_digest()
    assert pipeline.stale_extractions(con) == {ids[0]: pipeline.CODE_CHANGED}
    again = pipeline.extract(con, ids, n_process=1)
    assert (again.extracted, dict(again.reasons)) == (1, {pipeline.CODE_CHANGED: 1})
    assert again.reason_lines() == ["1 articles re-extracted: extraction code changed"]
    after = extraction_rows(con)
    assert after.pop("extraction_state") != before.pop("extraction_state")
    assert after == before  # a comment changed no rule: the same rows, the same ids
    # The steps across articles read the article again, at its new extraction.
    crossarticle.resolve_actors(con)
    crossarticle.consolidate_events(con)
    for table in ("extraction_state", "actor_resolution_state", "event_consolidation_state", "reuse_state"):
        assert con.execute(f"select distinct extraction_digest from raw.{table}").fetchall() == [(edited,)], table
