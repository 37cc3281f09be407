"""Many copies of one text: each sentence is linked to its earliest source, so n copies give n - 1
pairs (not n²/2), incrementally as from scratch, and adding a copy does only that copy's work.

The corpus is synthetic (a short made-up dispatch), written straight into the raw tables that
reuse reads: articles (body text, content hash) and article_dates (publication date).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import duckdb
import numpy as np
import pytest
from datasketch import MinHash

from newswh.events.reuse import (
    MINHASH_SEED,
    Article,
    ReuseSettings,
    detect_reuse,
    find_sources,
    minhash_values,
    sentence_units,
)
from newswh.store import raw as wh
from newswh.store.reuse_state import update_reuse
from newswh.store.tables import TABLES, tables_in

pytestmark = pytest.mark.unit

DISPATCH = (
    "Delegations from eleven provinces gathered in the northern valley town on Tuesday morning. "
    "Farmers described how the late spring floods destroyed irrigation channels across three districts. "
    "The regional water authority promised emergency funding for rebuilding the damaged canals before autumn. "
    "Engineers warned that repairs would require heavy machinery unavailable in remote mountain villages. "
    "Several elders demanded compensation for livestock drowned when the river burst its embankments. "
    "Officials announced another meeting next month to review progress on the reconstruction programme."
)
FIRST_DAY = date(2023, 5, 2)


def copy_of(k: int) -> tuple[str, str, date]:
    """(article id, text, date) of copy k: copy 0 is the dispatch; later ones add a line and a marker
    to one sentence (a near-duplicate of it, as outlets reword), one day later each."""
    text = DISPATCH.replace("on Tuesday morning.", f"on Tuesday morning (edition {k + 10}).") if k else DISPATCH
    extra = f" Reporters from outlet number {k + 10} travelled there with local translators and guides."
    return f"c{k:03d}", text + extra, FIRST_DAY + timedelta(days=k)


def articles(count: int) -> list[Article]:
    return [Article(a, text, day) for a, text, day in map(copy_of, range(count))]


def test_n_copies_give_n_minus_one_pairs_each_to_the_earliest():
    result = detect_reuse(articles(8))
    assert sorted((p.article_id, p.reused_article_id, p.direction_basis) for p in result.pairs) == [
        (f"c{k:03d}", "c000", "published_date") for k in range(1, 8)
    ]
    # Every sentence of a copy comes from c000, the near-duplicate (with its edition marker) included.
    assert {s.reused_article_id for s in result.sentences} == {"c000"}
    assert len(result.sentences) == 7 * 7  # seven copies of seven content sentences


def test_two_copies_without_their_source_are_a_pair():
    """The rule drops a copy-copy pair only because an earlier source explains it."""
    (a, b) = articles(3)[1:]
    result = detect_reuse([a, b])
    assert [(p.article_id, p.reused_article_id) for p in result.pairs] == [("c002", "c001")]


def test_undated_articles_come_after_dated_ones():
    dated, copy = articles(2)
    corpus = [dated, Article("a_undated", copy.body_text, None), Article("z_undated", copy.body_text, None)]
    settings = ReuseSettings()
    units = [u for article in corpus for u in sentence_units(article, settings)]
    links = find_sources(units, {a.article_id: a.published for a in corpus}, settings)
    sources = {(link.article_id, link.source_article_id) for link in links}
    # a_undated sorts first by id but has no date: the dated c000 is the source of both copies, and
    # c000's own source is the earliest other article, a_undated; z_undated is nobody's source.
    assert sources == {("a_undated", "c000"), ("z_undated", "c000"), ("c000", "a_undated")}
    assert len(links) == 3 * 7


def test_signature_is_datasketchs_minhash():
    words = frozenset(DISPATCH.lower().split()[:12])
    reference = MinHash(num_perm=128, seed=MINHASH_SEED)
    reference.update_batch([w.encode("utf-8") for w in sorted(words)])
    assert np.array_equal(minhash_values(words, 128), reference.hashvalues)


def _add(con: duckdb.DuckDBPyConnection, article: Article) -> None:
    row = dict.fromkeys(TABLES["articles"].column_names)
    digest = hashlib.sha256(article.body_text.encode()).hexdigest()
    row.update(article_id=article.article_id, body_text=article.body_text, content_hash=digest)
    wh.insert_rows(con, TABLES["articles"], [row])
    dates = dict.fromkeys(TABLES["article_dates"].column_names)
    dates.update(article_id=article.article_id, published_date=article.published)
    wh.insert_rows(con, TABLES["article_dates"], [dates])


def _warehouse(tmp_path, name: str, corpus: list[Article]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / f"{name}.duckdb"))
    wh.ensure_schema(con, wh.INGEST_TABLES)
    wh.ensure_schema(con, tables_in("extract"))
    for article in corpus:
        _add(con, article)
    return con


def _outputs(con) -> dict[str, list]:
    names = ("article_reuse", "reused_sentences", "reuse_sources", "reuse_signatures", "reuse_bands")
    return {name: con.execute(f"select * from raw.{name} order by all").fetchall() for name in names}


def test_adding_copies_one_at_a_time_equals_building_at_once(tmp_path):
    corpus = articles(6)
    scratch = _warehouse(tmp_path, "scratch", corpus)
    assert update_reuse(scratch).full_rebuild
    # Added newest first: each new copy is earlier than the held ones, so they are relinked to it.
    con = _warehouse(tmp_path, "incremental", [])
    for article in reversed(corpus):
        _add(con, article)
        stats = update_reuse(con)
    assert _outputs(con) == _outputs(scratch)
    # Adding c000 last: the 7 sentences of each of c001..c005 move to it (c001's from c002, the others' from c001).
    assert stats.relinked_sentences == 5 * 7
    pairs = scratch.execute("select article_id, reused_article_id from raw.article_reuse order by 1").fetchall()
    assert pairs == [(f"c{k:03d}", "c000") for k in range(1, 6)]
    want = detect_reuse(corpus)
    assert pairs == sorted((p.article_id, p.reused_article_id) for p in want.pairs)


def test_a_new_copy_is_signed_and_looked_up_alone(tmp_path):
    corpus = articles(12)
    con = _warehouse(tmp_path, "built", corpus[:-1])
    update_reuse(con)
    _add(con, corpus[-1])
    stats = update_reuse(con)
    own = con.execute("select count(*) from raw.reuse_signatures where article_id = 'c011'").fetchone()[0]
    held = con.execute("select count(*) from raw.reuse_signatures").fetchone()[0] - own
    assert stats.signed_articles == ["c011"] and stats.signed_sentences == own == 7
    # Its 7 sentences are looked up; none of the 77 held ones is signed, looked up or relinked.
    assert (stats.queried_sentences, stats.relinked_sentences, stats.rebuilt_pairs) == (own, 0, 1) and held == 77
    assert stats.rows == {"article_reuse": 1, "reused_sentences": 7}
    # Each sentence has more candidate wordings than the lookup verifies first: still the pure rule's rows.
    want = detect_reuse(corpus)
    assert con.execute("select * from raw.reused_sentences order by all").fetchall() == sorted(
        (s.article_id, s.sentence_index, s.reused_article_id, s.reused_sentence_index, s.jaccard)
        for s in want.sentences
    )
    # Deleting the source relinks its copies to the next earliest, c001.
    con.execute("delete from raw.articles where article_id = 'c000'")
    stats = update_reuse(con)
    assert stats.dropped_articles == ["c000"] and stats.queried_sentences == 11 * 7
    pairs = con.execute("select article_id, reused_article_id from raw.article_reuse order by 1").fetchall()
    assert pairs == [(f"c{k:03d}", "c001") for k in range(2, 12)]
