"""Incremental text reuse: signatures kept in the warehouse, only new or changed articles signed.

Each article's content sentences are signed once (MinHash, `raw.reuse_signatures`) and the
signature is keyed by the article's content hash, the pipeline version, the signature
settings and its publication date (`raw.reuse_state`). A run signs the new and changed
articles, drops the signatures of deleted ones, rebuilds the LSH index from the stored
signatures, and queries only the new and changed articles' sentences. A pair of two untouched
articles depends on nothing that changed, so its rows are kept; every pair with a new or
changed article is computed afresh. The result equals `detect_reuse` on the whole corpus.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from newswh.config import PIPELINE_VERSION
from newswh.events.reuse import (
    Article,
    ReuseResult,
    ReuseSettings,
    Unit,
    match_sentences,
    minhash_bytes,
    minhash_from_bytes,
    report_pairs,
    sentence_units,
)
from newswh.store import raw as wh

REUSE_STATE = wh.TABLES["reuse_state"]
REUSE_SIGNATURES = wh.TABLES["reuse_signatures"]
ARTICLE_REUSE = wh.TABLES["article_reuse"]
REUSED_SENTENCES = wh.TABLES["reused_sentences"]
OUTPUTS = (ARTICLE_REUSE, REUSED_SENTENCES)


@dataclass
class ReuseStats:
    """What one run did: how many articles it signed and queried, what it kept."""

    signed_articles: list[str] = field(default_factory=list)
    signed_sentences: int = 0
    dropped_articles: list[str] = field(default_factory=list)
    stored_sentences: int = 0  # signatures read back (the LSH index is rebuilt from them)
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
        for a, (content, published) in current.items()
        if held.get(a, ())[:4] != (content, PIPELINE_VERSION, key, published)
    )
    stats.dropped_articles = sorted(set(held) - set(current))
    touched = stats.signed_articles + stats.dropped_articles
    new_units = [u for article in _articles(con, stats.signed_articles) for u in sentence_units(article, settings)]
    kept_units = _stored_units(con, exclude=touched)
    stats.signed_sentences, stats.stored_sentences = len(new_units), len(kept_units)
    counts = {a: count for a, (*_, count) in held.items()}
    counts.update(dict.fromkeys(stats.signed_articles, 0))
    for unit in new_units:
        counts[unit.article_id] += 1
    matches = match_sentences(new_units, kept_units + new_units, settings)
    published = {a: p for a, (_, p) in current.items()}
    result = report_pairs(matches, published, counts, new_units + kept_units, settings.min_shared)
    with wh.transaction(con):
        _clear(con, touched, stats.full_rebuild)
        wh.insert_rows(con, REUSE_SIGNATURES, _signature_rows(new_units))
        state = [_state_row(a, current[a], key, counts[a]) for a in stats.signed_articles]
        wh.insert_rows(con, REUSE_STATE, state)
        stats.rows = _write_result(con, result)
    return stats


def _current_articles(con) -> dict[str, tuple]:
    rows = con.execute(
        f"""
        select a.article_id,
               -- Sentence spans come from extraction: an article signed before its extraction
               -- (split by punctuation) is signed again once extracted.
               case when e.content_hash = a.content_hash then a.content_hash else 'unextracted:' || a.content_hash end,
               d.published_date
        from {wh.RAW_SCHEMA}.articles a
        left join {wh.RAW_SCHEMA}.article_dates d using (article_id)
        left join {wh.RAW_SCHEMA}.extraction_state e using (article_id)
        """
    ).fetchall()
    return {article_id: (content, published) for article_id, content, published in rows}


def _held_state(con) -> dict[str, tuple]:
    rows = con.execute(
        f"""
        select article_id, content_hash, pipeline_version, signature_settings, published_date, content_sentences
        from {wh.RAW_SCHEMA}.reuse_state
        """
    ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def _articles(con, article_ids: list[str]) -> list[Article]:
    """The articles to sign, with extraction's sentence spans (so indices agree with events')."""
    if not article_ids:
        return []
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article_id, start, end in con.execute(
        f"""
        select article_id, char_start, char_end from {wh.RAW_SCHEMA}.sentences
        where article_id in (select unnest(?)) order by article_id, sentence_index
        """,
        [article_ids],
    ).fetchall():
        spans[article_id].append((start, end))
    rows = con.execute(
        f"select article_id, body_text from {wh.RAW_SCHEMA}.articles where article_id in (select unnest(?))",
        [article_ids],
    ).fetchall()
    return [Article(a, body, None, tuple(spans.get(a, ())) or None) for a, body in sorted(rows)]


def _stored_units(con, exclude: list[str]) -> list[Unit]:
    rows = con.execute(
        f"""
        select article_id, sentence_index, char_start, char_end, content_words, minhash
        from {wh.RAW_SCHEMA}.reuse_signatures where article_id not in (select unnest(?))
        order by article_id, sentence_index
        """,
        [exclude],
    ).fetchall()
    return [
        Unit(a, si, start, end, frozenset(words), minhash_from_bytes(blob)) for a, si, start, end, words, blob in rows
    ]


def _clear(con, touched: list[str], everything: bool) -> None:
    """Remove the touched articles' signatures and every reuse row they take part in."""
    if everything:  # no state yet: outputs of an earlier (non-incremental) build are redone whole
        for table in (*OUTPUTS, REUSE_SIGNATURES, REUSE_STATE):
            con.execute(f"delete from {wh.RAW_SCHEMA}.{table.name}")
        return
    for table in (REUSE_SIGNATURES, REUSE_STATE):
        wh.delete_keys(con, table, "article_id", touched)
    for table in OUTPUTS:
        wh.delete_keys(con, table, "article_id", touched)
        wh.delete_keys(con, table, "reused_article_id", touched)


def _signature_rows(units: list[Unit]) -> list[dict]:
    return [
        {
            "article_id": u.article_id,
            "sentence_index": u.sentence_index,
            "char_start": u.start,
            "char_end": u.end,
            "content_words": sorted(u.words),
            "minhash": minhash_bytes(u.minhash),
        }
        for u in units
    ]


def _state_row(article_id: str, current: tuple, key: str, count: int) -> dict:
    content, published = current
    return {
        "article_id": article_id,
        "content_hash": content,
        "pipeline_version": PIPELINE_VERSION,
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
