"""The raw layer as Parquet files: one file per table and batch, replaced whole, loaded without duplicates."""

from __future__ import annotations

import duckdb
import pytest

from newswh import extract as ex
from newswh.store import raw as wh
from newswh.store import rawfiles as rf
from newswh.store.rawingest import load_batches

pytestmark = pytest.mark.unit

FURNITURE = wh.ARTICLE_FURNITURE


def _furniture(article_id: str, lines: int) -> list[dict]:
    return [
        {"article_id": article_id, "ordinal": n, "line_no": n + 1, "kind": "share", "text": f"Share {n}"}
        for n in range(lines)
    ]


@pytest.mark.parametrize("root_kind", ["folder", "fsspec url"])
def test_a_rewritten_batch_replaces_its_file_and_leaves_no_temporary_file(tmp_path, root_kind):
    root = str(tmp_path / "layer") if root_kind == "folder" else f"memory://{tmp_path.name}/layer"
    rf.write_rows(root, FURNITURE, "b_1", _furniture("a1", 3))
    rf.write_rows(root, FURNITURE, "b_1", _furniture("a1", 2))  # a retried batch
    assert rf.read_table_file(root, FURNITURE, "b_1").num_rows == 2
    assert rf.read_table_file(root, FURNITURE, "b_2") is None
    import fsspec

    fs, folder = fsspec.core.url_to_fs(f"{root}/{FURNITURE.name}")
    assert [name.rsplit("/", 1)[-1] for name in fs.ls(folder, detail=False)] == ["b_1.parquet"]


def test_a_row_with_a_misspelt_column_is_refused_before_anything_is_written(tmp_path):
    row = {**_furniture("a1", 1)[0], "txt": "x"}
    with pytest.raises(ValueError, match="unknown keys"):
        rf.write_rows(str(tmp_path), FURNITURE, "b_1", [row])
    assert not (tmp_path / FURNITURE.name).exists()


def test_tasks_cover_every_batch_once_with_at_least_two_per_worker():
    batches = {f"k{n:02d}": tuple(f"a{n}_{m}" for m in range(1 + n % 3)) for n in range(20)}
    chunks = rf.task_chunks(batches, workers=2, max_articles=25)
    assert sorted(key for chunk in chunks for key in chunk) == sorted(batches)
    assert len(chunks) >= 4
    sizes = [sum(len(batches[key]) for key in chunk) for chunk in chunks]
    assert max(sizes) <= 12  # 39 articles over at least 4 tasks, one batch of up to 3 past the target
    assert rf.task_chunks({}, workers=2, max_articles=25) == []
    capped = rf.task_chunks(batches, workers=1, max_articles=5)
    assert max(sum(len(batches[key]) for key in chunk) for chunk in capped) <= 5 + 3 - 1  # cap, then one batch


def test_tasks_balance_text_length_and_queue_the_heaviest_first():
    # one long article and nine short ones over 2 workers: the long one gets a task of its own
    batches = {f"k{n}": (f"a{n}",) for n in range(10)}
    weights = {"a0": 9000, **{f"a{n}": 1000 for n in range(1, 10)}}
    chunks = rf.task_chunks(batches, workers=2, max_articles=25, weights=weights)
    assert chunks[0] == ["k0"]
    work = [sum(weights[batches[key][0]] for key in chunk) for chunk in chunks]
    assert work == sorted(work, reverse=True)
    assert work == [9000, 3000, 3000, 3000]  # by key order, k0 would share a task with two others
    assert sorted(key for chunk in chunks for key in chunk) == sorted(batches)


def test_a_batch_extracted_from_files_equals_the_warehouse_extraction_and_loads_once(small_warehouse, tmp_path):
    con, _counts = small_warehouse
    article_id = con.execute("select min(article_id) from raw.articles").fetchone()[0]
    root = str(tmp_path / "layer")
    assert rf.batches_needing_extraction(con, {"b_x": (article_id,)}) == {}  # current: nothing to send
    for table in rf.INGEST_FILE_TABLES:
        data = con.execute(f"select * from raw.{table.name} where article_id = ?", [article_id]).to_arrow_table()
        rf.write_table_file(root, table, "b_x", data)
    assert rf.extract_batch_files(root, "b_x") == 1
    assert rf.extract_batch_files(root, "b_x") == 0  # its files are current: skipped
    for table in ex.EXTRACT_TABLES:
        expected = con.execute(
            f"select * from raw.{table.name} where article_id = ? order by all", [article_id]
        ).fetchall()
        reader = duckdb.connect()
        reader.register("written", rf.read_table_file(root, table, "b_x"))
        written = reader.execute("select * from written order by all").fetchall()
        assert written == expected, table.name
    target = duckdb.connect()
    for _ in range(2):  # a batch loaded twice (a retried load) holds its rows once
        assert load_batches(target, root, {"b_x": (article_id,)}, ex.EXTRACT_TABLES) == 1
    sentences = con.execute("select count(*) from raw.sentences where article_id = ?", [article_id]).fetchone()[0]
    assert target.execute("select count(*) from raw.sentences").fetchone()[0] == sentences > 0


def test_a_vanished_batch_loses_its_files_and_the_corpus_files_stay(tmp_path):
    root = str(tmp_path / "layer")
    for key in ("b_kept", "b_gone", rf.CORPUS_KEY):
        rf.write_rows(root, FURNITURE, key, _furniture(key, 1))
    assert rf.prune_batch_files(root, [FURNITURE.name, wh.ARTICLES.name], keep=["b_kept"]) == 1
    assert sorted(path.name for path in (tmp_path / "layer" / FURNITURE.name).iterdir()) == [
        "b_kept.parquet",
        "corpus.parquet",
    ]


def test_dbt_reads_every_file_of_a_table_through_the_source_template(tmp_path, monkeypatch):
    root = str(tmp_path / "layer")
    rf.write_rows(root, FURNITURE, "b_1", _furniture("a1", 2))
    rf.write_rows(root, FURNITURE, "b_2", _furniture("a2", 1))  # a second file of the same table
    con = duckdb.connect()
    location = rf.dbt_source_template(root).format(name=FURNITURE.name)
    assert con.execute(f"select count(*), count(distinct article_id) from {location}").fetchone() == (3, 2)
    monkeypatch.delenv(rf.RAW_FILES_SETTING, raising=False)
    assert rf.files_root() is None  # `make run`: dbt reads the warehouse's raw schema
    monkeypatch.setenv(rf.RAW_FILES_SETTING, location)
    monkeypatch.setenv(rf.ROOT_SETTING, root)
    assert rf.files_root() == root


def test_the_python_steps_write_the_warehouse_itself_unless_a_distributed_build_says_otherwise(tmp_path, monkeypatch):
    from newswh import config

    monkeypatch.setenv("DUCKDB_PATH", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.delenv(config.RAW_STORE_SETTING, raising=False)
    assert config.raw_store_path() == tmp_path / "warehouse.duckdb"
    monkeypatch.setenv(config.RAW_STORE_SETTING, str(config.coordinator_store_path()))
    assert config.raw_store_path() == tmp_path / "raw_store.duckdb"


def test_vanished_batches_are_pruned_by_name_once_the_layer_batches_are_known(tmp_path, monkeypatch):
    root = str(tmp_path / "layer")
    con = duckdb.connect()
    for key in ("b_kept", "b_gone"):
        rf.write_rows(root, FURNITURE, key, _furniture(key, 1))
    # First build on this store: the folders are listed once.
    assert rf.prune_vanished_batches(con, root, [FURNITURE.name], keep=["b_kept", "b_gone"]) == 0
    listed = []
    real = rf.prune_batch_files
    monkeypatch.setattr(rf, "prune_batch_files", lambda *args: listed.append(args) or real(*args))
    rf.write_rows(root, FURNITURE, "b_new", _furniture("b_new", 1))
    assert rf.prune_vanished_batches(con, root, [FURNITURE.name, wh.ARTICLES.name], keep=["b_kept", "b_new"]) == 1
    assert listed == []  # deleted by name: no folder listed
    names = sorted(path.name for path in (tmp_path / "layer" / FURNITURE.name).iterdir())
    assert names == ["b_kept.parquet", "b_new.parquet"]
    held = con.execute("select batch_key from raw.layer_batches order by all").fetchall()
    assert held == [("b_kept",), ("b_new",)]
    # Another root is unknown to the store: listed afresh.
    other = str(tmp_path / "other")
    rf.write_rows(other, FURNITURE, "b_stale", _furniture("b_stale", 1))
    assert rf.prune_vanished_batches(con, other, [FURNITURE.name], keep=["b_kept"]) == 1 and len(listed) == 1
