"""Steps that need every article at once: actor resolution, event consolidation, text reuse.

They read the per-article extraction rows from the warehouse and keep their state there
(`actor_state`, `event_state`, `reuse_state`), so a run redoes only the work a new, changed
or deleted article touches, and gives the tables a whole-corpus run would (no NLP: they work
on rows, not on text parses). Each step commits its state with its outputs in one transaction.
"""

from __future__ import annotations

import duckdb

from newswh.store import raw as wh
from newswh.store.actor_state import ActorStats, ensure_actor_tables, update_actors
from newswh.store.event_state import EventStats, update_events
from newswh.store.progress import stage
from newswh.store.reuse_state import ReuseStats, update_reuse

ACTORS = wh.TABLES["actors"]
ACTOR_ALIASES = wh.TABLES["actor_aliases"]
ACTOR_RESOLUTION = wh.TABLES["actor_resolution"]
ACTOR_METONYMS = wh.TABLES["actor_metonyms"]
EVENT_CLUSTERS = wh.TABLES["event_clusters"]
ARTICLE_REUSE = wh.TABLES["article_reuse"]
REUSED_SENTENCES = wh.TABLES["reused_sentences"]
# The outputs (Dagster assets, dbt sources); each group also holds its internal incremental state.
ACTOR_TABLES = tuple(t for t in wh.tables_in("actors") if not t.internal)
EVENT_TABLES = tuple(t for t in wh.tables_in("events") if not t.internal)


def resolve_actors(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Resolve the changed mentions across articles; the actor tables' row counts."""
    update_actor_tables(con)
    return _row_counts(con, ACTOR_TABLES)


def update_actor_tables(con: duckdb.DuckDBPyConnection) -> ActorStats:
    with stage("actor resolution", "new, changed and deleted articles") as step:
        stats = update_actors(con, metonym_rows())
        step.done(
            f"{len(stats.changed_articles)} articles and {len(stats.changed_names)} names resolved again",
            f"{stats.resolved_mentions} mentions",
            f"{len(stats.rebuilt_actors)} actors rebuilt" + (" (full rebuild)" if stats.full_rebuild else ""),
        )
    return stats


def _row_counts(con: duckdb.DuckDBPyConnection, tables) -> dict[str, int]:
    return {t.name: con.execute(f"select count(*) from {wh.RAW_SCHEMA}.{t.name}").fetchone()[0] for t in tables}


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


def actor_key_map(con: duckdb.DuckDBPyConnection, article_ids: list[str] | None = None) -> dict[tuple[str, str], str]:
    """(article, actor key within the article) -> the actor resolved across articles.

    The rule of dbt's int_actor_key_map, which remaps the marts' actors: a local key without a
    resolved actor is left out (it stays itself), and should one local key resolve to several
    actors, the smallest key wins. tests/unit/store/test_actor_key_map.py holds both to it.
    `article_ids` limits it to those articles' keys (None: every article).
    """
    wh.ensure_schema(con, [ACTOR_RESOLUTION])
    where, params = ("true", []) if article_ids is None else ("article_id in (select unnest(?))", [article_ids])
    rows = con.execute(
        f"""
        select article_id, local_actor_key, min(actor_key)
        from {wh.RAW_SCHEMA}.actor_resolution
        where local_actor_key is not null and actor_key is not null and ({where})
        group by article_id, local_actor_key
        """,
        params,
    ).fetchall()
    return {(article_id, local): resolved for article_id, local, resolved in rows}


def _event_party(con: duckdb.DuckDBPyConnection):
    """Function (article ids) -> function (article, local key, day) -> the actor an event's source or target counts as."""
    wh.ensure_schema(con, [ACTOR_METONYMS])
    metonyms = dict(
        con.execute(f"select actor_key, stands_for_actor_key from {wh.RAW_SCHEMA}.actor_metonyms").fetchall()
    )
    governs = _governments()

    def for_articles(article_ids: list[str]):
        # Events join on actors resolved across articles, so "Lavrov" in one article and
        # "Sergei Lavrov" in another count as the same source.
        key_map = actor_key_map(con, article_ids)

        def actor(article_id: str, key: str | None, day) -> str | None:
            """The actor as an event party: capitals stand for states, and a group that is a
            country's government on the day (the Taliban from 2021-08-15) matches that state."""
            if key is None:
                return None
            resolved = key_map.get((article_id, key), key)
            resolved = metonyms.get(resolved, resolved)
            return governs(resolved, day) or resolved

        return actor

    return for_articles


def mention_reader(con: duckdb.DuckDBPyConnection):
    """Function (SQL condition on raw.event_mentions, its parameters) -> those mentions, ready to consolidate.

    Only the actor resolution of the articles read is looked up, so reading a few mentions costs a few.
    """
    from newswh.events.consolidate import MentionForConsolidation

    parties = _event_party(con)

    def read(where: str, params: list) -> list[MentionForConsolidation]:
        rows = con.execute(
            f"""
            select mention_id, article_id, event_code, source_actor_key, target_actor_key,
                   reported_date_start, reported_date_end, modality, date_precision, sentence_index,
                   -- Where the text itself locates the event (a dateline city locates the report, not
                   -- the event): keeps physical events in two provinces apart (consolidate.py, rule 1).
                   case when location_basis in ('predicate', 'sentence', 'paragraph') and location_admin1 is not null
                        then location_country_code || '/' || location_admin1 end as place
            from {wh.RAW_SCHEMA}.event_mentions
            -- A recognition nobody is said to have granted is evidence, not a fact: it stays a
            -- mention (with its reason) but founds no event.
            -- Captions, a document's text, PETRARCH discards and bystanders' words found no event either.
            where not agent_unknown and not_event_reason is null and ({where})
            order by article_id, trigger_start
            """,
            params,
        ).fetchall()
        party = parties(sorted({row[1] for row in rows}))
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
                place=place,
                sentence=sentence,
            )
            for mention_id, article_id, code, source, target, start, end, modality, precision, sentence, place in rows
        ]

    return read


def consolidate_events(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Group event mentions of all articles into events; detect text reuse between articles."""
    update_event_tables(con)
    return _row_counts(con, EVENT_TABLES)


def update_event_tables(con: duckdb.DuckDBPyConnection) -> tuple[EventStats, ReuseStats]:
    with stage("event consolidation", "mentions of new and changed articles and names") as step:
        events = update_events(con, mention_reader(con))
        step.done(
            f"{events.read_mentions} mentions read",
            f"{len(events.blocks)} blocks clustered again",
            f"{events.clustered_mentions} mentions",
        )
    with stage("text reuse", "new and changed articles") as step:
        reuse = update_reuse(con)
        step.done(f"{len(reuse.signed_articles)} articles signed", f"{len(reuse.dropped_articles)} dropped")
    return events, reuse


def discard_mart_changes(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the marks of incremental marts: a distributed build's dbt reads the raw layer's files and
    builds those marts whole, so nothing would ever empty them (a later local build, finding no code
    version of the marts, rebuilds them whole as well)."""
    con.execute(f"delete from {wh.RAW_SCHEMA}.mart_changes")


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    ensure_actor_tables(con, also=wh.tables_in("events"))
