"""Incremental actor resolution: only names and mentions whose resolution can have changed are resolved again.

Which actor an unknown name joins depends on the names it could join or be joined by (the most
mentioned spelling claims an actor first, and a new name can take or lose an acronym's
uniqueness). `newswh.store.actor_names` keeps each article's name counts and each name's
statistics, sums again only the names a new, changed or deleted article holds, and joins again
only the names connected to one whose statistics changed; every other name keeps its join
(raw.actor_joins). Then, per mention: the mentions of new, changed or deleted articles, and the
mentions anywhere of a name whose join changed, are resolved again, and the actors and aliases
of exactly the actors they left or reached are rebuilt. The result equals `resolve_actors` on
the whole corpus.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from newswh.actors.gazetteer import ActorRecord, Gazetteer, load_gazetteer
from newswh.actors.resolution import (
    aliases_of,
    join_names,
    referenced_actors,
    rewrite_mention,
)
from newswh.config import reference_dir
from newswh.records import ActorMention
from newswh.store import file_digest
from newswh.store import raw as wh
from newswh.store.actor_names import affected_names, name_delta, save_names
from newswh.store.marts import ARTICLE_MARTS
from newswh.store.rawparts import mark_parts

ACTORS = wh.TABLES["actors"]
ACTOR_ALIASES = wh.TABLES["actor_aliases"]
ACTOR_RESOLUTION = wh.TABLES["actor_resolution"]
ACTOR_JOINS = wh.TABLES["actor_joins"]
RESOLUTION_STATE = wh.TABLES["actor_resolution_state"]
RESOLUTION_CHANGES = wh.TABLES["actor_resolution_changes"]
MART_CHANGES = wh.TABLES["mart_changes"]
# The incremental dbt models built from actor_resolution (their rows are per article, keyed by mention).
RESOLUTION_MARTS = ("fct_actor_mentions", *ARTICLE_MARTS)
NAME_TABLES = (wh.TABLES["actor_name_counts"], wh.TABLES["actor_names"])
# Hashed with the reference folder: a warehouse whose actor state predates this layout (no name
# counts kept) is resolved from scratch once.
STATE_LAYOUT = "actor state 2: name counts per article"
_MENTION_COLUMNS = (
    "mention_id, article_id, char_start, char_end, mention_text, actor_key, canonical_name, "
    "actor_type, label, method, title, sentence_index"
)


@dataclass
class ActorStats:
    """What one run did: which articles and names it resolved again, which actors it rebuilt."""

    changed_articles: list[str] = field(default_factory=list)
    changed_names: list[str] = field(default_factory=list)
    resolved_mentions: int = 0
    resolved_articles: list[str] = field(default_factory=list)  # articles whose resolution rows were replaced
    touched_names: list[str] = field(default_factory=list)  # names whose statistics were summed again
    joined_names: list[str] = field(default_factory=list)  # names joined again (touched, and all they connect to)
    compared_names: int = 0  # kept names the search for connected names compared
    rebuilt_actors: list[str] = field(default_factory=list)
    full_rebuild: bool = False


@dataclass
class _Joins:
    """The joins of the names joined again this run, and the kept joins of the others, read as mentions need them."""

    gaz: Gazetteer
    join: dict[str, tuple[str, str]]
    new_actors: dict[str, ActorRecord]
    # Names joined again this run: their kept joins are out of date (a name gone has none).
    fresh: frozenset[str] = frozenset()

    def row(self, key: str) -> tuple:
        actor_key, method = self.join[key]
        actor = self.gaz.actors.get(actor_key) or self.new_actors[actor_key]
        return actor_key, method, actor.canonical_name, actor.actor_type

    def load(self, con, mentions: list[tuple[str, ActorMention]]) -> None:
        """Read the kept joins of the mentions' names not joined this run (unchanged since they were kept)."""
        keys = sorted({m.actor_key for _, m in mentions if m.actor_key} - set(self.join) - self.fresh)
        for key, actor_key, method, name, actor_type in _held_rows(con, keys):
            self.join[key] = (actor_key, method)
            if actor_key not in self.gaz.actors:
                self.new_actors.setdefault(actor_key, ActorRecord(actor_key, name, actor_type, None, None, None, "ner"))

    def rewrite(self, mention: ActorMention) -> ActorMention:
        return rewrite_mention(mention, self.join, self.gaz, self.new_actors)


def _held_rows(con, keys: list[str]) -> list[tuple]:
    if not keys:
        return []
    return con.execute(
        f"select * from {wh.RAW_SCHEMA}.actor_joins where local_actor_key in (select unnest(?))", [keys]
    ).fetchall()


def update_actors(con: duckdb.DuckDBPyConnection, metonyms: list[dict]) -> ActorStats:
    """Bring the actor tables up to date with raw.actor_mentions, incrementally."""
    ensure_actor_tables(con)
    gaz = load_gazetteer(None)
    stats = _changes(con)
    delta = name_delta(con, gaz, stats.changed_articles, stats.full_rebuild)
    affected = affected_names(con, delta, stats.full_rebuild)
    stats.touched_names, stats.joined_names, stats.compared_names = (
        delta.touched,
        sorted(affected.names),
        affected.compared,
    )
    joins = _Joins(gaz, *join_names(affected.statistics, gaz), frozenset(affected.names))
    current = {key: joins.row(key) for key in joins.join}
    held = {} if stats.full_rebuild else _held_joins(con, sorted(affected.names))
    stats.changed_names = sorted(k for k in set(held) | set(current) if held.get(k) != current.get(k))
    with wh.transaction(con):
        if stats.full_rebuild:
            for table in (ACTORS, ACTOR_ALIASES, ACTOR_RESOLUTION, ACTOR_JOINS, RESOLUTION_STATE, *NAME_TABLES):
                con.execute(f"delete from {wh.RAW_SCHEMA}.{table.name}")
        _replace_metonyms(con, metonyms)
        left = _resolve_again(con, stats, joins)
        stats.rebuilt_actors = sorted(left)
        _rebuild_actors(con, stats.rebuilt_actors, joins)
        save_names(con, delta, stats.changed_articles)
        _mark_outputs(con, stats)
        _save_state(con, stats, current)
    return stats


def ensure_actor_tables(con, also: tuple = ()) -> None:
    """The actor tables (and `also`, one group with them); a marks table created now (a warehouse
    built before marts were incremental) marks every article: nothing says which mart rows are current."""
    created = not wh.table_exists(con, MART_CHANGES)
    wh.ensure_schema(con, [*wh.tables_in("actors"), *also])
    if created:
        wh.insert_rows(con, MART_CHANGES, [{"mart": mart, "article_id": None} for mart in RESOLUTION_MARTS])


def _mark_outputs(con, stats: ActorStats) -> None:
    """The parts of the raw layer's files this run changed (newswh.store.rawparts); all of them on a full rebuild."""
    full = stats.full_rebuild
    mark_parts(con, ACTORS, None if full else stats.rebuilt_actors)
    mark_parts(con, ACTOR_ALIASES, None if full else stats.rebuilt_actors)
    mark_parts(con, ACTOR_RESOLUTION, None if full else stats.resolved_articles)


def _replace_metonyms(con, metonyms: list[dict]) -> None:
    """Write the capitals that stand for their states; a change (a new gazetteer) moves the
    actors of events in any article, so every event mention is built again."""
    columns = wh.TABLES["actor_metonyms"].column_names
    held = con.execute(f"select {', '.join(columns)} from {wh.RAW_SCHEMA}.actor_metonyms").fetchall()
    if sorted(held) != sorted(tuple(row[c] for c in columns) for row in metonyms):
        wh.mark_mart_changes(con, ARTICLE_MARTS, None)
    con.execute(f"delete from {wh.RAW_SCHEMA}.actor_metonyms")
    wh.insert_rows(con, wh.TABLES["actor_metonyms"], metonyms)


def _held_joins(con, keys: list[str]) -> dict[str, tuple]:
    rows = con.execute(
        f"select * from {wh.RAW_SCHEMA}.actor_joins where local_actor_key in (select unnest(?))", [keys]
    ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def _changes(con) -> ActorStats:
    """Articles extracted anew (or gone) since their mentions were resolved.

    An edited reference folder (seed actors, aliases, agents) re-resolves every article.
    """
    reference = reference_hash()
    held, other = con.execute(
        f"select count(*), count(*) filter (where reference_hash <> ?) from {wh.RAW_SCHEMA}.actor_resolution_state",
        [reference],
    ).fetchone()
    stats = ActorStats(full_rebuild=not held or other > 0)
    rows = con.execute(
        f"""
        select coalesce(e.article_id, s.article_id) from {wh.RAW_SCHEMA}.extraction_state e
        full outer join {wh.RAW_SCHEMA}.actor_resolution_state s using (article_id)
        where e.content_hash is distinct from s.content_hash or e.extraction_digest is distinct from s.extraction_digest
           or s.reference_hash is distinct from ? order by 1
        """,
        [reference],
    ).fetchall()
    stats.changed_articles = [article_id for (article_id,) in rows]
    return stats


def reference_hash() -> str:
    """Hash of every file of the reference folder the gazetteer is read from."""
    digest = hashlib.sha256(STATE_LAYOUT.encode())
    root = reference_dir()
    # The READMEs count, as they did before this key used the shared helper: the same edits resolve again.
    file_digest.update_digest(digest, root, file_digest.listed_files(root, docs=True), file_digest.RAW)
    return digest.hexdigest()


def _resolve_again(con, stats: ActorStats, joins: _Joins) -> set[str]:
    """Replace the resolution rows of the changed articles and names; the actors they left or reached."""
    where = "article_id in (select unnest(?)) or local_actor_key in (select unnest(?))"
    params = [stats.changed_articles, stats.changed_names]
    if stats.full_rebuild:
        where, params = "true", []
    held = con.execute(f"select actor_key, article_id from {wh.RAW_SCHEMA}.actor_resolution where {where}", params)
    left, articles = set(), set()
    for key, article_id in held.fetchall():
        left.add(key)
        articles.add(article_id)
    con.execute(f"delete from {wh.RAW_SCHEMA}.actor_resolution where {where}", params)
    mention_where = where.replace("local_actor_key", "actor_key")
    ids, mentions = _mentions(con, mention_where, params)
    joins.load(con, mentions)
    rows = []
    for mention_id, (article_id, original) in zip(ids, mentions, strict=True):
        resolved = joins.rewrite(original)
        left.add(resolved.actor_key)
        articles.add(article_id)
        rows.append(
            {
                "mention_id": mention_id,
                "article_id": article_id,
                "local_actor_key": original.actor_key,
                "actor_key": resolved.actor_key,
                "method": resolved.method,
            }
        )
    stats.resolved_mentions = wh.insert_rows(con, ACTOR_RESOLUTION, rows)
    stats.resolved_articles = sorted(articles)
    return {key for key in left if key is not None}


def _mentions(con, where: str, params: list) -> tuple[list[str], list[tuple[str, ActorMention]]]:
    """Actor mentions matching `where`, in the order resolution reads them (article, then text order)."""
    rows = con.execute(
        f"select {_MENTION_COLUMNS} from {wh.RAW_SCHEMA}.actor_mentions where {where} "
        "order by article_id, char_start, char_end",
        params,
    ).fetchall()
    return [row[0] for row in rows], [(row[1], ActorMention(*row[2:])) for row in rows]


def _rebuild_actors(con, actor_keys: list[str], joins: _Joins) -> None:
    """Rows of raw.actors and raw.actor_aliases for these actors, from all mentions now resolved to them."""
    wh.delete_keys(con, ACTORS, "actor_key", actor_keys)
    wh.delete_keys(con, ACTOR_ALIASES, "actor_key", actor_keys)
    where = (
        f"mention_id in (select mention_id from {wh.RAW_SCHEMA}.actor_resolution where actor_key in (select unnest(?)))"
    )
    _, mentions = _mentions(con, where, [actor_keys])
    joins.load(con, mentions)
    resolved: dict[str, list[ActorMention]] = defaultdict(list)
    for article_id, mention in mentions:
        resolved[article_id].append(joins.rewrite(mention))
    wh.insert_rows(con, ACTORS, _actor_rows(referenced_actors(resolved, joins.gaz, joins.new_actors)))
    wh.insert_rows(con, ACTOR_ALIASES, _alias_rows(aliases_of(resolved, joins.join, joins.gaz)))


def _save_state(con, stats: ActorStats, current: dict[str, tuple]) -> None:
    # Consolidation reads again the event mentions of these articles (a null: of every article),
    # and dbt builds the marts' rows of these articles again (and empties their marks as it does).
    changes = [None] if stats.full_rebuild else stats.resolved_articles
    wh.insert_rows(con, MART_CHANGES, [{"mart": mart, "article_id": a} for mart in RESOLUTION_MARTS for a in changes])
    wh.delete_keys(con, ACTOR_JOINS, "local_actor_key", stats.changed_names)
    wh.insert_rows(
        con,
        ACTOR_JOINS,
        [
            dict(zip(ACTOR_JOINS.column_names, (key, *current[key]), strict=True))
            for key in stats.changed_names
            if key in current
        ],
    )
    wh.insert_rows(con, RESOLUTION_CHANGES, [{"article_id": article_id} for article_id in changes])
    wh.delete_keys(con, RESOLUTION_STATE, "article_id", stats.changed_articles)
    con.execute(
        f"""
        insert into {wh.RAW_SCHEMA}.actor_resolution_state
        select *, ? from {wh.RAW_SCHEMA}.extraction_state where article_id in (select unnest(?))
        """,
        [reference_hash(), stats.changed_articles],
    )


def _actor_rows(actors: list[ActorRecord]) -> list[dict]:
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
    """One row per (actor, alias) ignoring case: the first of the resolver's sorted aliases."""
    rows, seen = [], set()
    for a in aliases:
        if (a.actor_key, a.alias.lower()) not in seen:
            seen.add((a.actor_key, a.alias.lower()))
            rows.append({"actor_key": a.actor_key, "alias": a.alias, "alias_kind": a.alias_kind, "method": a.method})
    return rows
