"""Incremental text reuse: signatures, LSH buckets and sentence links kept in the warehouse.

Each article's content sentences are signed once (`raw.reuse_signatures`; MinHash band keys of
each distinct content-word set in `raw.reuse_bands`), keyed by the article's content hash, the
pipeline version, the extraction that split its sentences, the signature settings and its
publication date (`raw.reuse_state`). Each sentence's source (newswh.events.reuse: the matching
sentence of the earliest other article) is kept in `raw.reuse_sources`, and `article_reuse` /
`reused_sentences` are built from those links.

A run signs the new and changed articles (in chunks), then links, in SQL (newswh.store.reuse_sql):
- the new and changed articles' sentences, and the sentences whose source was in a changed or
  deleted article: their source is looked up in the stored buckets (queried sentences);
- the stored sentences a new sentence is a better (earlier) source for, found by the same bucket
  join from the new sentences' side (relinked sentences).
Only article pairs whose links changed, or that involve a touched article, are rebuilt; the other
pairs' rows are kept. Memory holds one chunk of articles, the links of the rebuilt pairs and
DuckDB's join, never the corpus' signatures; the result equals `detect_reuse` on the whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

import duckdb
import pyarrow as pa

from newswh.config import PIPELINE_VERSION
from newswh.events.reuse import (
    Article,
    Link,
    ReuseResult,
    ReuseSettings,
    band_keys,
    class_key,
    links_to_matches,
    report_pairs,
    sentence_units,
    source_order,
)
from newswh.store import raw as wh
from newswh.store import reuse_sql as sql
from newswh.store.marts import ARTICLE_MARTS

REUSE_STATE = wh.TABLES["reuse_state"]
REUSE_SIGNATURES = wh.TABLES["reuse_signatures"]
REUSE_BANDS = wh.TABLES["reuse_bands"]
REUSE_SOURCES = wh.TABLES["reuse_sources"]
ARTICLE_REUSE = wh.TABLES["article_reuse"]
REUSED_SENTENCES = wh.TABLES["reused_sentences"]
OUTPUTS = (ARTICLE_REUSE, REUSED_SENTENCES)
STATE_TABLES = (REUSE_SIGNATURES, REUSE_STATE, REUSE_BANDS, REUSE_SOURCES)
# Articles signed, and articles whose sentences are looked up, per chunk: bounds the memory of a run.
CHUNK_ARTICLES = 250
MEMORY_LIMIT = "1GB"  # DuckDB's, while the step runs

_Pair = tuple[str, str]  # (a, b) with a < b


@dataclass
class ReuseStats:
    """What one run did: how many articles it signed, sentences it linked, pairs it rebuilt."""

    signed_articles: list[str] = field(default_factory=list)
    signed_sentences: int = 0
    dropped_articles: list[str] = field(default_factory=list)
    queried_sentences: int = 0  # sentences whose source was looked up (new, or their source went)
    relinked_sentences: int = 0  # stored sentences a new sentence became the source of
    rebuilt_pairs: int = 0  # article pairs whose rows were computed again
    full_rebuild: bool = False
    rows: dict[str, int] = field(default_factory=dict)


def update_reuse(con: duckdb.DuckDBPyConnection, settings: ReuseSettings | None = None) -> ReuseStats:
    """Bring raw.article_reuse and raw.reused_sentences up to date with the articles, incrementally."""
    settings = settings or ReuseSettings()
    wh.ensure_schema(con, wh.tables_in("events"))
    current = _current_articles(con)
    held = _held_state(con)
    key = settings.signature_key()
    stats = ReuseStats(full_rebuild=not held)
    stats.signed_articles = sorted(
        a
        for a, (content, extraction, published) in current.items()
        if held.get(a, ())[:5] != (content, PIPELINE_VERSION, extraction, key, published)
    )
    stats.dropped_articles = sorted(set(held) - set(current))
    touched = stats.signed_articles + stats.dropped_articles
    # DuckDB's default limit is most of the machine; a lower one makes the large joins of a
    # rebuild spill to disk instead of growing with the corpus.
    with wh.memory_limit(con, MEMORY_LIMIT):
        _update(con, stats, current, key, touched, settings)
    return stats


def _update(con, stats: ReuseStats, current: dict, key: str, touched: list[str], settings: ReuseSettings) -> None:
    with wh.transaction(con):
        _id_table(con, "_reuse_touched", touched)
        _id_table(con, "_reuse_signed", stats.signed_articles)
        if stats.full_rebuild:  # no state yet: outputs of an earlier (non-incremental) build are redone whole
            for table in (*OUTPUTS, *STATE_TABLES):
                con.execute(f"delete from {wh.RAW_SCHEMA}.{table.name}")
        changed = _unlink(con)
        for articles in _article_batches(con, stats.signed_articles):
            stats.signed_sentences += _sign(con, articles, settings, key, current)
        stats.queried_sentences = _mark_queried(con)
        changed |= _link_queried(con, settings)
        if not stats.full_rebuild and stats.signed_articles:
            relinked = _relink(con, settings)
            stats.relinked_sentences = len(relinked[0])
            changed |= relinked[1]
        stats.rebuilt_pairs = len(changed)
        stats.rows = _rebuild_pairs(con, changed, settings)
        # A mention's reuse flag comes from its sentence's links: the dbt rows of both sides of
        # every rebuilt pair (and of the touched articles) are built again.
        marked = None if stats.full_rebuild else {a for pair in changed for a in pair} | set(touched)
        wh.mark_mart_changes(con, ARTICLE_MARTS, marked)


def _unlink(con) -> set[_Pair]:
    """Drop the touched articles' signatures, buckets left empty, state and links. The sentences
    whose source was in a touched article go to temp table _reuse_orphans (to be linked again);
    returned: the pairs that lost a link."""
    raw, touched = wh.RAW_SCHEMA, "(select article_id from _reuse_touched)"
    lost = con.execute(
        f"""
        select distinct least(article_id, source_article_id), greatest(article_id, source_article_id)
        from {raw}.reuse_sources where article_id in {touched} or source_article_id in {touched}
        """
    ).fetchall()
    con.execute(
        f"""
        create or replace temp table _reuse_orphans as
        select article_id, sentence_index from {raw}.reuse_sources
        where source_article_id in {touched} and article_id not in {touched}
        """
    )
    con.execute(
        f"""
        create or replace temp table _reuse_dropped_classes as
        select distinct class_key from {raw}.reuse_signatures where article_id in {touched}
        """
    )
    con.execute(f"delete from {raw}.reuse_sources where source_article_id in {touched}")
    for table in (REUSE_SOURCES, REUSE_SIGNATURES, REUSE_STATE):
        con.execute(f"delete from {raw}.{table.name} where article_id in {touched}")
    con.execute(
        f"""
        delete from {raw}.reuse_bands
        where class_key in (select class_key from _reuse_dropped_classes)
          and class_key not in (
              select class_key from {raw}.reuse_signatures
              where class_key in (select class_key from _reuse_dropped_classes)
          )
        """
    )
    return {(a, b) for a, b in lost}


def _id_table(con, name: str, article_ids: list[str]) -> None:
    """Article ids as a temp table: joining one is fast where binding a long list parameter is not."""
    con.register("_reuse_ids", pa.table({"article_id": pa.array(article_ids, pa.string())}))
    con.execute(f"create or replace temp table {name} as select * from _reuse_ids")
    con.unregister("_reuse_ids")


def _sign(con, articles: list[Article], settings: ReuseSettings, key: str, current: dict) -> int:
    """Sign a chunk of articles: their sentences, the buckets of classes not indexed yet, their state."""
    article_ids = [article.article_id for article in articles]
    signatures, bands, counts = [], {}, dict.fromkeys(article_ids, 0)
    for article in articles:
        for unit in sentence_units(article, settings):
            counts[unit.article_id] += 1
            cls = class_key(unit.words)
            signatures.append(
                {
                    "article_id": unit.article_id,
                    "sentence_index": unit.sentence_index,
                    "char_start": unit.start,
                    "char_end": unit.end,
                    "class_key": cls,
                    "content_words": sorted(unit.words),
                }
            )
            if cls not in bands:
                bands[cls] = band_keys(unit.signature, settings)
    wh.insert_rows(con, REUSE_SIGNATURES, signatures)
    _insert_new_bands(con, bands)
    wh.insert_rows(con, REUSE_STATE, [_state_row(a, current[a], key, counts[a]) for a in article_ids])
    return len(signatures)


def _insert_new_bands(con, bands: dict[int, list[bytes]]) -> None:
    """Index the classes not indexed yet (a class's band keys follow from its words, so a held class's are equal)."""
    rows = [(cls, band, value) for cls, values in bands.items() for band, value in enumerate(values)]
    incoming = pa.Table.from_pylist(
        [{"class_key": c, "band": b, "band_key": v} for c, b, v in rows], schema=REUSE_BANDS.arrow_schema()
    )
    if not len(incoming):
        return
    con.register("_reuse_incoming_bands", incoming)
    con.execute(
        f"""
        insert into {wh.RAW_SCHEMA}.reuse_bands
        select i.* from _reuse_incoming_bands i
        where i.class_key not in (
            select class_key from {wh.RAW_SCHEMA}.reuse_bands
            where class_key in (select class_key from _reuse_incoming_bands)
        )
        """
    )
    con.unregister("_reuse_incoming_bands")


def _mark_queried(con) -> int:
    """The sentences to look up this run, as temp table _reuse_queried: the signed articles' and the orphans'."""
    con.execute(
        f"""
        create or replace temp table _reuse_queried as
        select article_id, sentence_index from {wh.RAW_SCHEMA}.reuse_signatures
        where article_id in (select article_id from _reuse_signed)
        union all
        select article_id, sentence_index from _reuse_orphans
        """
    )
    return con.execute("select count(*) from _reuse_queried").fetchone()[0]


def _link_queried(con, settings: ReuseSettings) -> set[_Pair]:
    """Look up the queried sentences' sources (in SQL); the pairs that gained a link."""
    for statement in (sql.QUERY_BUCKETS, sql.BUCKET_CLASSES, sql.HEADS, sql.CLASS_CANDIDATES):
        con.execute(statement)
    params = {"min_jaccard": settings.min_jaccard, "min_containment": settings.min_containment}
    con.execute("create or replace temp table _reuse_found as " + sql.FORWARD, params)
    con.execute(f"insert into {wh.RAW_SCHEMA}.reuse_sources select * from _reuse_found")
    return _pairs_of(con, "_reuse_found")


def _pairs_of(con, table: str) -> set[_Pair]:
    rows = con.execute(
        f"select distinct least(article_id, source_article_id), greatest(article_id, source_article_id) from {table}"
    ).fetchall()
    return {(a, b) for a, b in rows}


def _relink(con, settings: ReuseSettings) -> tuple[list[tuple[str, int]], set[_Pair]]:
    """Stored sentences for which a new sentence is an earlier source than the one they hold."""
    params = {"min_jaccard": settings.min_jaccard, "min_containment": settings.min_containment}
    better: list[Link] = []
    for a, si, src, sj, jaccard, pkey, held_src, held_sj, held_jaccard, held_pkey in con.execute(
        sql.REVERSE, params
    ).fetchall():
        new = source_order(pkey, src, jaccard, sj)
        if held_src is None or new < source_order(held_pkey, held_src, held_jaccard, held_sj):
            better.append(Link(a, si, src, sj, jaccard))
    changed: set[_Pair] = set()
    if not better:
        return [], changed
    keys = pa.table(
        {
            "article_id": pa.array([link.article_id for link in better], pa.string()),
            "sentence_index": pa.array([link.sentence_index for link in better], pa.int32()),
        }
    )
    con.register("_reuse_relinked", keys)
    held = con.execute(
        f"""
        select l.article_id, l.source_article_id
        from {wh.RAW_SCHEMA}.reuse_sources l join _reuse_relinked b using (article_id, sentence_index)
        """
    ).fetchall()
    changed |= {_pair(a, src) for a, src in held}
    changed |= {_pair(link.article_id, link.source_article_id) for link in better}
    con.execute(
        f"""
        delete from {wh.RAW_SCHEMA}.reuse_sources l using _reuse_relinked b
        where l.article_id = b.article_id and l.sentence_index = b.sentence_index
        """
    )
    con.unregister("_reuse_relinked")
    wh.insert_rows(con, REUSE_SOURCES, [asdict(link) for link in better])
    return [(link.article_id, link.sentence_index) for link in better], changed


def _pair(a: str, b: str) -> _Pair:
    return (a, b) if a < b else (b, a)


def _rebuild_pairs(con, changed: set[_Pair], settings: ReuseSettings) -> dict[str, int]:
    """Replace the rows of the changed article pairs (and of touched articles) with ones built from the links."""
    raw = wh.RAW_SCHEMA
    pair_table = pa.table(
        {"a": pa.array([a for a, _ in changed], pa.string()), "b": pa.array([b for _, b in changed], pa.string())}
    )
    con.register("_reuse_pair_list", pair_table)
    con.execute("create or replace temp table _reuse_pairs as select * from _reuse_pair_list")
    con.unregister("_reuse_pair_list")
    for table in OUTPUTS:
        con.execute(
            f"""
            delete from {raw}.{table.name}
            where article_id in (select article_id from _reuse_touched)
               or reused_article_id in (select article_id from _reuse_touched)
            """
        )
        con.execute(
            f"""
            delete from {raw}.{table.name} r using _reuse_pairs p
            where p.a = least(r.article_id, r.reused_article_id) and p.b = greatest(r.article_id, r.reused_article_id)
            """
        )
    links = [Link(*row) for row in con.execute(sql.PAIR_LINKS).fetchall()]
    spans = {(a, si): (start, end) for a, si, start, end in con.execute(sql.PAIR_SPANS).fetchall()}
    state = con.execute(
        f"""
        select article_id, published_date, content_sentences from {raw}.reuse_state
        where article_id in (select a from _reuse_pairs union select b from _reuse_pairs)
        """
    ).fetchall()
    published = {a: p for a, p, _ in state}
    counts = {a: n for a, _, n in state}
    result = report_pairs(links_to_matches(links), published, counts, spans, settings.min_shared)
    return _write_result(con, result)


def _current_articles(con) -> dict[str, tuple]:
    rows = con.execute(
        f"""
        select a.article_id,
               -- Sentence spans come from extraction: an article signed before its extraction
               -- (split by punctuation) is signed again once extracted.
               case when e.content_hash = a.content_hash then a.content_hash else 'unextracted:' || a.content_hash end,
               -- ... and signed again when extracted again by other code (its split may differ).
               case when e.content_hash = a.content_hash then e.extraction_digest end,
               d.published_date
        from {wh.RAW_SCHEMA}.articles a
        left join {wh.RAW_SCHEMA}.article_dates d using (article_id)
        left join {wh.RAW_SCHEMA}.extraction_state e using (article_id)
        """
    ).fetchall()
    return {article_id: tuple(values) for article_id, *values in rows}


def _held_state(con) -> dict[str, tuple]:
    rows = con.execute(
        f"""
        select article_id, content_hash, pipeline_version, extraction_digest, signature_settings, published_date,
               content_sentences
        from {wh.RAW_SCHEMA}.reuse_state
        """
    ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def _article_batches(con, article_ids: list[str]) -> Iterator[list[Article]]:
    """The articles to sign, CHUNK_ARTICLES at a time, with extraction's sentence spans (so indices
    agree with events'). One streamed query: fetching each chunk by its ids would scan every text."""
    cursor = con.cursor()  # a result stream of its own while `con` writes the signatures
    cursor.register("_reuse_sign_ids", pa.table({"article_id": pa.array(article_ids, pa.string())}))
    reader = cursor.execute(
        f"""
        with spans as (
            select article_id, list(char_start order by sentence_index) as starts,
                   list(char_end order by sentence_index) as ends
            from {wh.RAW_SCHEMA}.sentences
            where article_id in (select article_id from _reuse_sign_ids)
            group by article_id
        )
        select a.article_id, a.body_text, spans.starts, spans.ends
        from {wh.RAW_SCHEMA}.articles a
        join _reuse_sign_ids using (article_id)
        left join spans using (article_id)
        order by a.article_id
        """
    ).to_arrow_reader(CHUNK_ARTICLES)
    try:
        for batch in reader:
            yield [
                Article(row["article_id"], row["body_text"], None, _spans(row["starts"], row["ends"]))
                for row in batch.to_pylist()
            ]
    finally:
        cursor.close()


def _spans(starts: list[int] | None, ends: list[int] | None) -> tuple[tuple[int, int], ...] | None:
    """Extraction's sentence spans; None before extraction (the text is then split by punctuation)."""
    return tuple(zip(starts, ends, strict=True)) if starts else None


def _state_row(article_id: str, current: tuple, key: str, count: int) -> dict:
    content, extraction, published = current
    return {
        "article_id": article_id,
        "content_hash": content,
        "pipeline_version": PIPELINE_VERSION,
        "extraction_digest": extraction,
        "signature_settings": key,
        "published_date": published,
        "content_sentences": count,
    }


def _write_result(con, result: ReuseResult) -> dict[str, int]:
    pairs = [
        {
            "article_id": p.article_id,
            "reused_article_id": p.reused_article_id,
            "shared_sentences": p.shared_sentences,
            "containment": p.containment,
            "direction_basis": p.direction_basis,
        }
        for p in result.pairs
    ]
    sentences = [
        {
            "article_id": s.article_id,
            "sentence_index": s.sentence_index,
            "reused_article_id": s.reused_article_id,
            "reused_sentence_index": s.reused_sentence_index,
            "jaccard": s.jaccard,
        }
        for s in result.sentences
    ]
    return {
        ARTICLE_REUSE.name: wh.insert_rows(con, ARTICLE_REUSE, pairs),
        REUSED_SENTENCES.name: wh.insert_rows(con, REUSED_SENTENCES, sentences),
    }
