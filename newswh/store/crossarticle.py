"""Steps that need every article at once: actor resolution, event consolidation, text reuse.

They read the per-article extraction rows from the warehouse and rewrite their own tables
whole, so they are idempotent and cheap (no NLP: they work on rows, not on text parses).
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from newswh.records import ActorMention
from newswh.store import raw as wh
from newswh.store.progress import stage

ACTORS = wh.TABLES["actors"]
ACTOR_ALIASES = wh.TABLES["actor_aliases"]
ACTOR_RESOLUTION = wh.TABLES["actor_resolution"]
ACTOR_METONYMS = wh.TABLES["actor_metonyms"]
EVENT_CLUSTERS = wh.TABLES["event_clusters"]
ARTICLE_REUSE = wh.TABLES["article_reuse"]
REUSED_SENTENCES = wh.TABLES["reused_sentences"]
ACTOR_TABLES = wh.tables_in("actors")
EVENT_TABLES = wh.tables_in("events")


def _replace_all(con: duckdb.DuckDBPyConnection, table: wh.Table, rows: list[dict]) -> int:
    wh.ensure_schema(con, [table])
    con.execute(f"delete from {wh.RAW_SCHEMA}.{table.name}")
    return wh.replace_rows(con, table, [], rows)


def _mentions_by_article(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, list[ActorMention]], dict[str, list[str]]]:
    """Each article's actor mentions in text order, and their mention ids in the same order."""
    rows = con.execute(
        f"""
        select mention_id, article_id, char_start, char_end, mention_text, actor_key, canonical_name,
               actor_type, label, method, title, sentence_index
        from {wh.RAW_SCHEMA}.actor_mentions order by article_id, char_start, char_end
        """
    ).fetchall()
    by_article: dict[str, list[ActorMention]] = defaultdict(list)
    ids: dict[str, list[str]] = defaultdict(list)
    for mention_id, article_id, start, end, text, key, name, kind, label, method, title, sentence in rows:
        by_article[article_id].append(ActorMention(start, end, text, key, name, kind, label, method, title, sentence))
        ids[article_id].append(mention_id)
    return dict(by_article), ids


def _resolution_rows(by_article, ids, resolution) -> list[dict]:
    rows = []
    for article_id, mentions in resolution.mentions.items():
        originals = by_article[article_id]
        for mention_id, original, resolved in zip(ids[article_id], originals, mentions, strict=True):
            rows.append(
                {
                    "mention_id": mention_id,
                    "article_id": article_id,
                    "local_actor_key": original.actor_key,
                    "actor_key": resolved.actor_key,
                    "method": resolved.method,
                }
            )
    return rows


def _actor_rows(actors) -> list[dict]:
    return [
        {
            "actor_key": a.actor_key,
            "canonical_name": a.canonical_name,
            "actor_type": a.actor_type,
            "country_code": a.country_code,
            "cameo_code": a.cameo_code,
            "affiliation": a.affiliation,
            "origin": a.source,
        }
        for a in actors
    ]


def _alias_rows(aliases) -> list[dict]:
    return [
        {"actor_key": a.actor_key, "alias": a.alias, "alias_kind": a.alias_kind, "method": a.method}
        for a in _unique_aliases(aliases)
    ]


def resolve_actors(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    from newswh.actors.resolution import resolve_actors as resolve

    by_article, ids = _mentions_by_article(con)
    mentions = sum(len(found) for found in by_article.values())
    with stage("actor resolution", f"{mentions} actor mentions in {len(by_article)} articles") as step:
        resolution = resolve(by_article)
        step.done(f"{len(resolution.actors)} actors", f"{len(resolution.aliases)} aliases")
    return {
        "actor_metonyms": _replace_all(con, ACTOR_METONYMS, metonym_rows()),
        "actors": _replace_all(con, ACTORS, _actor_rows(resolution.actors)),
        "actor_aliases": _replace_all(con, ACTOR_ALIASES, _alias_rows(resolution.aliases)),
        "actor_resolution": _replace_all(con, ACTOR_RESOLUTION, _resolution_rows(by_article, ids, resolution)),
    }


def metonym_rows() -> list[dict]:
    """Capital -> state: as the source or target of an event, a capital names its government.

    News (and CAMEO coders) write "Moscow accepted the credentials" for Russia acting; the
    mention stays the city, but the event's actor is the state.
    """
    from newswh.actors.gazetteer import load_gazetteer

    gaz = load_gazetteer(None)
    states = _state_by_country(gaz)
    capitals = _capital_keys()
    return [
        {"actor_key": a.actor_key, "stands_for_actor_key": states[a.country_code], "basis": "capital_of"}
        for a in sorted(gaz.actors.values(), key=lambda a: a.actor_key)
        if a.actor_type == "location"
        and a.source in ("capital", "seed")
        and a.country_code in states
        and a.actor_key in capitals
    ]


def _state_by_country(gaz) -> dict[str, str]:
    return {a.country_code: a.actor_key for a in gaz.actors.values() if a.actor_type == "state" and a.country_code}


def _governments():
    """Function (actor, day) -> the state whose government the actor is on that day, if any."""
    from newswh.actors.gazetteer import load_gazetteer

    gaz = load_gazetteer(None)
    states = _state_by_country(gaz)

    def governs(actor_key: str, day) -> str | None:
        actor = gaz.actors.get(actor_key)
        # A state's ministries act for it: the Russian Foreign Ministry accrediting is Russia accrediting.
        if actor is not None and actor.actor_type == "government" and actor.country_code in states:
            return states[actor.country_code]
        if day is None:
            return None
        role = gaz.role_at(actor_key, day)
        if role is None or not role.cameo_code.endswith("GOV") or len(role.cameo_code) != 6:
            return None
        state = states.get(role.cameo_code[:3])
        # A minister is part of a government, not the government: only groups govern here.
        if state is None or actor is None or actor.actor_type == "person":
            return None
        return state

    return governs


def _capital_keys() -> set[str]:
    import csv

    from newswh.actors.gazetteer import slugify
    from newswh.config import reference_dir

    with (reference_dir() / "capitals.csv").open(newline="", encoding="utf-8") as handle:
        return {slugify(row["capital"]) for row in csv.DictReader(handle)}


def _unique_aliases(aliases):
    seen: set[tuple[str, str]] = set()
    for alias in aliases:
        key = (alias.actor_key, alias.alias.lower())
        if key not in seen:
            seen.add(key)
            yield alias


def actor_key_map(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(article, actor key within the article) -> the actor resolved across articles.

    The rule of dbt's int_actor_key_map, which remaps the marts' actors: a local key without a
    resolved actor is left out (it stays itself), and should one local key resolve to several
    actors, the smallest key wins. tests/unit/store/test_actor_key_map.py holds both to it.
    """
    wh.ensure_schema(con, [ACTOR_RESOLUTION])
    rows = con.execute(
        f"""
        select article_id, local_actor_key, min(actor_key)
        from {wh.RAW_SCHEMA}.actor_resolution
        where local_actor_key is not null and actor_key is not null
        group by article_id, local_actor_key
        """
    ).fetchall()
    return {(article_id, local): resolved for article_id, local, resolved in rows}


def _event_party(con: duckdb.DuckDBPyConnection):
    """Function (article, local key, day) -> the actor an event's source or target counts as."""
    # Events join on actors resolved across articles, so "Lavrov" in one article and
    # "Sergei Lavrov" in another count as the same source.
    key_map = actor_key_map(con)
    wh.ensure_schema(con, [ACTOR_METONYMS])
    metonyms = dict(
        con.execute(f"select actor_key, stands_for_actor_key from {wh.RAW_SCHEMA}.actor_metonyms").fetchall()
    )
    governs = _governments()

    def actor(article_id: str, key: str | None, day) -> str | None:
        """The actor as an event party: capitals stand for states, and a group that is a
        country's government on the day (the Taliban from 2021-08-15) matches that state."""
        if key is None:
            return None
        resolved = key_map.get((article_id, key), key)
        resolved = metonyms.get(resolved, resolved)
        return governs(resolved, day) or resolved

    return actor


def _mentions_to_consolidate(con: duckdb.DuckDBPyConnection, party) -> list:
    from newswh.events.consolidate import MentionForConsolidation

    rows = con.execute(
        f"""
        select mention_id, article_id, event_code, source_actor_key, target_actor_key,
               reported_date_start, reported_date_end, modality, date_precision
        from {wh.RAW_SCHEMA}.event_mentions
        -- A recognition nobody is said to have granted is evidence, not a fact: it stays a
        -- mention (with its reason) but founds no event.
        where not agent_unknown
        order by article_id, trigger_start
        """
    ).fetchall()
    return [
        MentionForConsolidation(
            mention_id=mention_id,
            article_id=article_id,
            event_code=code,
            source_actor_key=party(article_id, source, start),
            target_actor_key=party(article_id, target, start),
            date_start=start,
            date_end=end,
            modality=modality,
            precision=precision,
        )
        for mention_id, article_id, code, source, target, start, end, modality, precision in rows
    ]


def _cluster_rows(mentions: list, events: list, assignment: dict[str, str]) -> list[dict]:
    by_id = {event.event_id: event for event in events}
    article_of = {m.mention_id: m.article_id for m in mentions}
    return [
        {
            "mention_id": mention_id,
            "event_id": event_id,
            "article_id": article_of[mention_id],
            "date_disputed": by_id[event_id].date_disputed,
            "event_date_start": by_id[event_id].date_start,
            "event_date_end": by_id[event_id].date_end,
            "event_date_precision": by_id[event_id].date_precision,
        }
        for mention_id, event_id in sorted(assignment.items())
    ]


def _articles_for_reuse(con: duckdb.DuckDBPyConnection) -> list:
    from newswh.events.reuse import Article

    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article_id, start, end in con.execute(
        f"select article_id, char_start, char_end from {wh.RAW_SCHEMA}.sentences order by article_id, sentence_index"
    ).fetchall():
        spans[article_id].append((start, end))
    return [
        Article(article_id, body, published, tuple(spans.get(article_id, ())) or None)
        for article_id, body, published in con.execute(
            f"""
            select a.article_id, a.body_text, d.published_date
            from {wh.RAW_SCHEMA}.articles a left join {wh.RAW_SCHEMA}.article_dates d using (article_id)
            order by a.article_id
            """
        ).fetchall()
    ]


def _reuse_pair_rows(reuse) -> list[dict]:
    return [
        {
            "article_id": p.article_id,
            "reused_article_id": p.reused_article_id,
            "shared_sentences": p.shared_sentences,
            "containment": p.containment,
            "direction_basis": p.direction_basis,
        }
        for p in reuse.pairs
    ]


def _reused_sentence_rows(reuse) -> list[dict]:
    return [
        {
            "article_id": s.article_id,
            "sentence_index": s.sentence_index,
            "reused_article_id": s.reused_article_id,
            "reused_sentence_index": s.reused_sentence_index,
            "jaccard": s.jaccard,
        }
        for s in reuse.sentences
    ]


def consolidate_events(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Group event mentions of all articles into events; detect text reuse between articles."""
    from newswh.events.consolidate import consolidate
    from newswh.events.reuse import detect_reuse

    mentions = _mentions_to_consolidate(con, _event_party(con))
    with stage("event consolidation", f"{len(mentions)} event mentions") as step:
        events, assignment = consolidate(mentions)
        step.done(f"{len(events)} events")
    articles = _articles_for_reuse(con)
    with stage("text reuse", f"{len(articles)} articles") as step:
        reuse = detect_reuse(articles)
        step.done(f"{len(reuse.pairs)} reusing pairs", f"{len(reuse.sentences)} reused sentences")
    return {
        "event_clusters": _replace_all(con, EVENT_CLUSTERS, _cluster_rows(mentions, events, assignment)),
        "article_reuse": _replace_all(con, ARTICLE_REUSE, _reuse_pair_rows(reuse)),
        "reused_sentences": _replace_all(con, REUSED_SENTENCES, _reused_sentence_rows(reuse)),
    }


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    wh.ensure_schema(con, ACTOR_TABLES + EVENT_TABLES)
