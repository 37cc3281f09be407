"""The cross-article steps are incremental and give exactly the tables of a from-scratch build.

Warehouses of 4 or 5 seed articles are compared table for table, row for row: every table of
the actors and events groups (outputs and their kept state). Extraction is deterministic per
article (tests/integration/test_pipeline.py builds twice and compares ids), so a warehouse of a
subset is made by pruning a 5-article extraction as a deleted file is pruned, and an article is
added by copying its ingest and extraction rows back; the edit in place extracts for real.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from newswh import extract as ex
from newswh.events.reuse import Article, detect_reuse
from newswh.store import crossarticle, pipeline
from newswh.store import raw as wh
from newswh.store.marts import ARTICLE_MARTS
from tests.conftest import SEED_FILES, seed_path

pytestmark = pytest.mark.unit

CROSS_TABLES = wh.tables_in("actors") + wh.tables_in("events")
# Not state but dbt's pending work (emptied by the marts' builds, which these tests do not run), so
# it depends on the history of runs: test_mart_changes_mark_the_resolved_articles pins it.
PENDING_WORK = ("mart_changes",)
PER_ARTICLE_TABLES = wh.INGEST_TABLES + ex.EXTRACT_TABLES


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """All five seeds ingested and extracted (no cross-article step yet); seed prefix -> article id."""
    root = tmp_path_factory.mktemp("incremental")
    corpus = root / "articles"
    corpus.mkdir()
    for path in SEED_FILES:
        shutil.copy(path, corpus / path.name)
    records = pipeline.records_by_id(corpus)
    path = root / "template.duckdb"
    with duckdb.connect(str(path)) as con:
        pipeline.ingest(con, corpus, sorted(records), records=records)
        pipeline.extract(con, sorted(records))
    return path, {record.source_uri[:3]: article_id for article_id, record in records.items()}


def warehouse(template, tmp_path: Path, name: str, without: tuple[str, ...] = ()) -> duckdb.DuckDBPyConnection:
    """A copy of the template whose articles `without` were deleted the way a vanished file is."""
    path, ids = template
    copy = tmp_path / f"{name}.duckdb"
    shutil.copy(path, copy)
    con = duckdb.connect(str(copy))
    keep = [article_id for prefix, article_id in ids.items() if prefix not in without]
    wh.delete_articles_not_in(con, wh.INGEST_TABLES, keep)
    pipeline.prune_extractions(con)
    return con


def add_back(con: duckdb.DuckDBPyConnection, template, prefix: str) -> None:
    """The rows ingest and extraction write for the article (copied from the template)."""
    path, ids = template
    con.execute(f"attach '{path}' as template (read_only)")
    for table in PER_ARTICLE_TABLES:
        con.execute(
            f"insert into raw.{table.name} select * from template.raw.{table.name} where {table.article_key} = ?",
            [ids[prefix]],
        )
    con.execute("detach template")


def cross(con: duckdb.DuckDBPyConnection):
    crossarticle.ensure_tables(con)
    return crossarticle.update_actor_tables(con), *crossarticle.update_event_tables(con)


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {t.name: con.execute(f"select * from raw.{t.name} order by all").fetchall() for t in CROSS_TABLES}


def assert_same_tables(incremental: duckdb.DuckDBPyConnection, scratch: duckdb.DuckDBPyConnection) -> None:
    got, want = tables(incremental), tables(scratch)
    for name in set(want) - set(PENDING_WORK):
        assert got[name] == want[name], f"raw.{name} differs from a from-scratch build"
    # Not vacuous: the seeds resolve actors and consolidate events across articles.
    assert all(want[name] for name in ("actors", "actor_resolution", "event_clusters", "reuse_signatures"))


@pytest.fixture(scope="module")
def five(template, tmp_path_factory):
    con = warehouse(template, tmp_path_factory.mktemp("five"), "five")
    cross(con)
    return con


def marks(con: duckdb.DuckDBPyConnection) -> set:
    return set(con.execute("select mart, article_id from raw.mart_changes").fetchall())


def test_mart_changes_mark_the_resolved_articles(template, tmp_path):
    con = warehouse(template, tmp_path, "marks", without=("004",))
    crossarticle.ensure_tables(con)
    # A new marks table: every article of every incremental model.
    assert marks(con) == {("fct_actor_mentions", None), *((mart, None) for mart in ARTICLE_MARTS)}
    cross(con)
    con.execute("delete from raw.mart_changes")  # what the models' builds do
    add_back(con, template, "004")
    actors, events, _reuse = cross(con)
    new, reused_by_new = template[1]["004"], template[1]["000"]
    assert new in actors.resolved_articles
    assert {a for m, a in marks(con) if m == "fct_actor_mentions"} == set(actors.resolved_articles)
    # The event mentions' rows change with their article's resolution, their events' clusters
    # (consolidation's touched articles) and their sentences' reuse links (000 reuses 004: both sides).
    event_marks = {a for m, a in marks(con) if m == "int_event_mentions"}
    assert event_marks == set(actors.resolved_articles) | set(events.touched_articles) | {new, reused_by_new}
    assert None not in event_marks and events.touched_articles
    # The quotes and time expressions are marked alike (their speakers are resolved actors, their
    # sentences can be reused, and a new extraction is a new resolution).
    for mart in ARTICLE_MARTS:
        assert {a for m, a in marks(con) if m == mart} == event_marks, mart


def test_a_changed_metonym_list_marks_every_event_mention(template, tmp_path):
    """A capital standing for its state moves event actors in any article: all of them are built again."""
    con = warehouse(template, tmp_path, "metonyms")
    cross(con)
    con.execute("delete from raw.mart_changes")
    cross(con)
    assert marks(con) == set()  # nothing changed, nothing marked
    con.execute("delete from raw.actor_metonyms where actor_key = (select min(actor_key) from raw.actor_metonyms)")
    cross(con)
    assert {(mart, None) for mart in ARTICLE_MARTS} <= marks(con)
    assert not any(m == "fct_actor_mentions" for m, _ in marks(con))


def test_ingest_marks_the_event_mentions_of_what_it_reads_again(template, tmp_path):
    """The event mentions read the article's outlet, which a new url changes without a new extraction."""
    con = warehouse(template, tmp_path, "ingest")
    cross(con)
    con.execute("delete from raw.mart_changes")
    article_id = template[1]["003"]
    con.execute("update raw.articles set ingest_digest = 'old' where article_id = ?", [article_id])
    corpus = tmp_path / "articles"
    corpus.mkdir()
    shutil.copy(seed_path("003"), corpus / seed_path("003").name)
    pipeline.ingest(con, corpus, [article_id], records=pipeline.records_by_id(corpus))
    assert marks(con) == {(mart, article_id) for mart in ARTICLE_MARTS}


@pytest.mark.parametrize("prefix", ["004", "001"])
def test_adding_an_article_equals_building_all_at_once(template, five, tmp_path, prefix):
    con = warehouse(template, tmp_path, "four", without=(prefix,))
    cross(con)
    add_back(con, template, prefix)
    cross(con)
    assert_same_tables(con, five)
    assert len(tables(five)["article_reuse"]) == 1


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_deleting_an_article_equals_building_without_it(template, tmp_path, prefix):
    built = warehouse(template, tmp_path, "built")
    cross(built)
    reuse_before = built.execute("select * from raw.article_reuse").fetchall()
    wh.delete_articles_not_in(built, wh.INGEST_TABLES, [a for p, a in template[1].items() if p != prefix])
    pipeline.prune_extractions(built)
    cross(built)
    scratch = warehouse(template, tmp_path, "scratch", without=(prefix,))
    cross(scratch)
    assert_same_tables(built, scratch)
    # 000 reuses 004: deleting 000 drops the pair, deleting 003 keeps it.
    after = built.execute("select * from raw.article_reuse").fetchall()
    assert len(reuse_before) == 1 and after == ([] if prefix == "000" else reuse_before)


def test_an_edit_in_place_equals_a_build_of_the_edited_corpus(template, tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for path in SEED_FILES:
        shutil.copy(path, corpus / path.name)
    built = warehouse(template, tmp_path, "built")
    cross(built)
    assert built.execute(
        "select count(*) from raw.article_reuse where article_id = ?", [template[1]["003"]]
    ).fetchone() == (0,)
    # 003 loses a paragraph and gains three of 004's, so it now reuses 004 too.
    edited = corpus / seed_path("003").name
    text = edited.read_text(encoding="utf-8")
    lines = seed_path("004").read_text(encoding="utf-8").split("\n")
    borrowed = "\n\n".join([line for line in lines if "Taliban" in line and len(line) > 150][:3])
    kept = [line for line in text.split("\n") if not line.startswith("The announcement came during a meeting")]
    assert len(kept) < len(text.split("\n"))
    edited.write_text("\n".join(kept) + "\n\n" + borrowed + "\n", encoding="utf-8")
    records = pipeline.records_by_id(corpus)
    article_id = template[1]["003"]
    # From scratch for the cross-article steps: the template's other extractions, 003 extracted anew.
    scratch = warehouse(template, tmp_path, "scratch")
    for con in (built, scratch):
        pipeline.ingest(con, corpus, [article_id], records=records)
        pipeline.extract(con, [article_id])
    actors, _, reuse = cross(built)
    assert reuse.signed_articles == [article_id] and actors.changed_articles == [article_id]
    cross(scratch)
    assert_same_tables(built, scratch)
    assert built.execute("select count(*) from raw.article_reuse where article_id = ?", [article_id]).fetchone() == (1,)


def test_adding_one_article_does_only_that_articles_work(template, tmp_path):
    con = warehouse(template, tmp_path, "four", without=("004",))
    first = cross(con)
    assert first[2].signed_articles == sorted(a for p, a in template[1].items() if p != "004")
    add_back(con, template, "004")
    actors, events, reuse = cross(con)
    new = template[1]["004"]

    # Reuse: one article signed and only its sentences looked up; the other four's are neither
    # signed nor linked again, except those the new article is now an earlier source for.
    own = con.execute("select count(*) from raw.reuse_signatures where article_id = ?", [new]).fetchone()[0]
    assert reuse.signed_articles == [new] and reuse.signed_sentences == own > 0
    assert reuse.queried_sentences == own
    relinked = con.execute(
        "select count(*) from raw.reuse_sources where source_article_id = ? and article_id <> ?", [new, new]
    ).fetchone()[0]
    assert reuse.relinked_sentences == relinked > 0  # 000 reuses 004, which is earlier: 000 now points at it
    assert reuse.rebuilt_pairs == 1 and not reuse.full_rebuild and reuse.dropped_articles == []

    # Actors: the new article's mentions, plus the mentions anywhere of a name whose join changed.
    assert actors.changed_articles == [new] and not actors.full_rebuild
    expected = con.execute(
        "select count(*) from raw.actor_mentions where article_id = ? or actor_key in (select unnest(?))",
        [new, actors.changed_names],
    ).fetchone()[0]
    total = con.execute("select count(*) from raw.actor_mentions").fetchone()[0]
    assert actors.resolved_mentions == expected < total

    # Events: only the blocks the new article's mentions fall in are clustered again.
    blocks = {
        b for (b,) in con.execute("select block_key from raw.event_blocks where article_id = ?", [new]).fetchall()
    }
    assert set(events.blocks) <= blocks | _blocks_of_moved(con, actors.changed_names)
    assert (
        events.blocks and events.clustered_mentions < con.execute("select count(*) from raw.event_blocks").fetchone()[0]
    )

    # A rerun with nothing changed does nothing.
    actors, events, reuse = cross(con)
    assert (reuse.signed_articles, reuse.signed_sentences, reuse.queried_sentences) == ([], 0, 0)
    assert (reuse.relinked_sentences, reuse.rebuilt_pairs) == (0, 0)
    assert (actors.changed_articles, actors.changed_names, actors.resolved_mentions) == ([], [], 0)
    assert (events.blocks, events.clustered_mentions) == ([], 0)


def _blocks_of_moved(con, changed_names: list[str]) -> set[str]:
    """Blocks of event mentions whose party is a name whose join changed (they may move block)."""
    rows = con.execute(
        """
        select b.block_key from raw.event_blocks b join raw.event_mentions m using (mention_id)
        where m.source_actor_key in (select unnest(?)) or m.target_actor_key in (select unnest(?))
        """,
        [changed_names, changed_names],
    ).fetchall()
    return {b for (b,) in rows}


def test_incremental_reuse_equals_detect_reuse_on_the_whole_corpus(template, five):
    """The kept pairs and the pure function agree (the from-scratch rule of newswh.events.reuse)."""
    spans: dict[str, list] = {}
    for a, start, end in five.execute(
        "select article_id, char_start, char_end from raw.sentences order by all"
    ).fetchall():
        spans.setdefault(a, []).append((start, end))
    articles = [
        Article(a, body, published, tuple(spans.get(a, ())) or None)
        for a, body, published in five.execute(
            "select article_id, body_text, published_date from raw.articles left join raw.article_dates using (article_id)"
        ).fetchall()
    ]
    result = detect_reuse(articles)
    pairs = sorted(
        (p.article_id, p.reused_article_id, p.shared_sentences, p.containment, p.direction_basis) for p in result.pairs
    )
    assert pairs and pairs == five.execute("select * from raw.article_reuse order by all").fetchall()


STEP_TABLES = {
    "actor_joins": [t.name for t in wh.tables_in("actors")],
    "event_blocks": ["event_clusters", "event_blocks"],
    "reused_sentences": ["reuse_state", "reuse_signatures", "article_reuse", "reused_sentences"],
}


@pytest.mark.parametrize("last_write", sorted(STEP_TABLES))
def test_a_step_killed_before_its_last_write_leaves_state_and_outputs_as_they_were(
    template, five, tmp_path, monkeypatch, last_write
):
    """State commits with its outputs: a crash mid-step rolls both back, and the next run catches up."""
    con = warehouse(template, tmp_path, "four", without=("004",))
    cross(con)
    add_back(con, template, "004")
    before = tables(con)
    real_insert = wh.insert_rows

    def crash(connection, table, rows):
        if table.name == last_write:
            raise KeyboardInterrupt("killed")
        return real_insert(connection, table, rows)

    monkeypatch.setattr(wh, "insert_rows", crash)
    with pytest.raises(KeyboardInterrupt):
        cross(con)
    after = tables(con)
    assert {name: after[name] for name in STEP_TABLES[last_write]} == {
        name: before[name] for name in STEP_TABLES[last_write]
    }
    monkeypatch.undo()
    cross(con)
    assert_same_tables(con, five)


def test_incremental_actors_equal_resolve_actors_on_the_whole_corpus(five):
    """The SQL name statistics and per-actor rebuilds give what the pure resolver gives."""
    from newswh.actors.resolution import resolve_actors
    from newswh.records import ActorMention

    rows = five.execute(
        """
        select mention_id, article_id, char_start, char_end, mention_text, actor_key, canonical_name, actor_type,
               label, method, title, sentence_index
        from raw.actor_mentions order by article_id, char_start, char_end
        """
    ).fetchall()
    by_article: dict[str, list] = {}
    for row in rows:
        by_article.setdefault(row[1], []).append((row[0], ActorMention(*row[2:])))
    resolution = resolve_actors({a: [m for _, m in ms] for a, ms in by_article.items()})
    expected = sorted(
        (mention_id, article_id, original.actor_key, resolved.actor_key, resolved.method)
        for article_id, ms in by_article.items()
        for (mention_id, original), resolved in zip(ms, resolution.mentions[article_id], strict=True)
    )
    assert expected == five.execute("select * from raw.actor_resolution order by all").fetchall()
    actors = sorted(a.actor_key for a in resolution.actors)
    assert actors == [k for (k,) in five.execute("select actor_key from raw.actors order by all").fetchall()]
    aliases = {(a.actor_key, a.alias.lower()) for a in resolution.aliases}
    assert aliases == set(five.execute("select actor_key, lower(alias) from raw.actor_aliases").fetchall())


def _mention_count(con, where: str, params: list) -> int:
    return con.execute(
        f"select count(*) from raw.event_mentions where not agent_unknown and not_event_reason is null and ({where})",
        params,
    ).fetchone()[0]


@pytest.mark.parametrize("prefix", ["004", "001"])
def test_consolidation_reads_only_the_new_articles_mentions_and_their_blocks(template, tmp_path, prefix):
    """Consolidation reads the mentions of the new article and of the articles resolved again, not the corpus's."""
    con = warehouse(template, tmp_path, "four", without=(prefix,))
    actors, first, _ = cross(con)
    assert first.read_mentions == _mention_count(con, "true", [])  # the first run reads everything
    add_back(con, template, prefix)
    actors, events, _ = cross(con)
    new = template[1][prefix]
    # The new article, and the articles naming a name whose join changed (their parties may move).
    assert new in actors.resolved_articles
    read = _mention_count(con, "article_id in (select unnest(?))", [actors.resolved_articles])
    own = _mention_count(con, "article_id = ?", [new])
    total = _mention_count(con, "true", [])
    assert events.changed_articles == [new] and own > 0
    assert own <= events.read_mentions == read < total
    # Members of the touched blocks outside what was read are read back by id, nothing else.
    in_blocks = con.execute(
        "select count(*) from raw.event_blocks where block_key in (select unnest(?))", [events.blocks]
    ).fetchone()[0]
    assert events.clustered_mentions == in_blocks < total
    # A rerun with nothing changed reads nothing.
    _, again, _ = cross(con)
    assert (again.read_mentions, again.changed_articles, again.blocks) == (0, [], [])


OUTPUTS = crossarticle.ACTOR_TABLES + crossarticle.EVENT_TABLES


def _assert_files_are_the_tables(con, root: str) -> None:
    for table in OUTPUTS:
        files = con.execute(f"select * from read_parquet('{root}/{table.name}/*.parquet') order by all").fetchall()
        assert files == con.execute(f"select * from raw.{table.name} order by all").fetchall(), table.name


def test_the_raw_layer_files_are_rewritten_by_part_and_equal_the_tables(template, tmp_path, monkeypatch):
    """A distributed build's export writes only the parts a new article changed, and survives a kill."""
    from newswh.store import rawparts

    con = warehouse(template, tmp_path, "four", without=("004",))
    cross(con)
    root = str(tmp_path / "layer")
    first = rawparts.export_parts(con, root, OUTPUTS)
    assert set(first.parts) == {t.name for t in OUTPUTS} and all(p == ["*"] for p in first.parts.values())
    _assert_files_are_the_tables(con, root)
    add_back(con, template, "004")
    actors, events, _ = cross(con)
    # Killed while writing: the parts stay pending, and the next export writes them.
    monkeypatch.setattr(rawparts, "write_table_file", lambda *args: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        rawparts.export_parts(con, root, OUTPUTS)
    monkeypatch.undo()
    second = rawparts.export_parts(con, root, OUTPUTS)
    _assert_files_are_the_tables(con, root)
    assert second.parts["event_clusters"] == sorted({rawparts.part_of(a) for a in events.touched_articles})
    assert second.parts["actors"] == sorted({rawparts.part_of(k) for k in actors.rebuilt_actors})
    assert len(events.touched_articles) < 5 and second.rows < first.rows
    # Nothing changed: nothing written.
    cross(con)
    third = rawparts.export_parts(con, root, OUTPUTS)
    assert (third.rows, {p for parts in third.parts.values() for p in parts}) == (0, set())


def test_consolidation_run_before_actor_resolution_catches_up_after_it(template, five, tmp_path):
    """The steps may run apart (one asset materialized alone): what resolution changed later is read then."""
    con = warehouse(template, tmp_path, "four", without=("004",))
    cross(con)
    add_back(con, template, "004")
    crossarticle.update_event_tables(con)  # the new article's parties are not resolved yet
    actors = crossarticle.update_actor_tables(con)
    events, _ = crossarticle.update_event_tables(con)
    assert template[1]["004"] not in events.changed_articles  # read again because it was resolved again
    assert events.read_mentions == _mention_count(con, "article_id in (select unnest(?))", [actors.resolved_articles])
    assert_same_tables(con, five)


def test_actor_resolution_sums_and_joins_only_the_new_articles_names(template, tmp_path):
    con = warehouse(template, tmp_path, "four", without=("004",))
    cross(con)
    add_back(con, template, "004")
    actors, _, _ = cross(con)
    new = template[1]["004"]
    counted = {
        k
        for (k,) in con.execute(
            "select local_actor_key from raw.actor_name_counts where article_id = ?", [new]
        ).fetchall()
    }
    names = con.execute("select count(*) from raw.actor_names").fetchone()[0]
    assert counted and actors.touched_names == sorted(counted)
    assert set(actors.touched_names) <= set(actors.joined_names) and len(actors.joined_names) < names
    assert actors.compared_names < names
