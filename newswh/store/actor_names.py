"""Name statistics by delta, and the names whose join a change can reach.

Which actor an unknown name joins depends on the statistics of the names it could join or be
joined by (`newswh.actors.resolution.could_join`: the same normalized name, an acronym, a
surname, a fuzzy spelling), in the order of their mention counts. Two names that cannot join
each other never affect each other's join, so joining the connected part of the name graph
that holds the changed names, alone, gives exactly their joins of a whole-corpus run:

- per article, each name's mentions by surface and type are kept (raw.actor_name_counts); a
  run replaces the counts of new, changed and deleted articles, and sums again the counts of
  the names they hold, and only those (`name_delta`);
- each name's statistics are kept with the keys the join rules compare (raw.actor_names), so
  the names a changed name could join are found by lookup, and the fuzzy rule compares it
  only with names of a length it could match (`affected_names`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import duckdb

from newswh.actors.gazetteer import Gazetteer
from newswh.actors.resolution import (
    FUZZY_MIN_LENGTH,
    NameIndex,
    could_join,
    fuzzy_length_window,
    is_resolvable,
    name_index,
)
from newswh.actors.resolution import name_statistics as statistics_of
from newswh.store import raw as wh

NAME_COUNTS = wh.TABLES["actor_name_counts"]
NAMES = wh.TABLES["actor_names"]
_INDEX_COLUMNS = ("norm", "bare", "acronym", "last_word", "single")


@dataclass
class NameDelta:
    """The name statistics a run changes: the names of the changed articles, summed again."""

    counts: list[dict] = field(default_factory=list)  # the changed articles' new actor_name_counts rows
    touched: list[str] = field(default_factory=list)  # names whose statistics were summed again
    statistics: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # theirs now (absent: gone)
    changed: list[str] = field(default_factory=list)  # touched names whose statistics differ from the kept ones


def name_delta(con: duckdb.DuckDBPyConnection, gaz: Gazetteer, articles: list[str], full: bool) -> NameDelta:
    """Replace the changed articles' name counts (in memory) and sum again the names they hold.

    `full`: every article is changed and the kept statistics are void (a full rebuild).
    """
    delta = NameDelta(counts=_article_counts(con, gaz, articles))
    before = set() if full else _keys_counted(con, articles)
    delta.touched = sorted(before | {row["local_actor_key"] for row in delta.counts})
    kept = [] if full else _kept_counts(con, delta.touched, articles)
    new = [(r["local_actor_key"], r["surface"], r["actor_type"], r["mentions"]) for r in delta.counts]
    surfaces: dict[str, Counter[str]] = {}
    types: dict[str, Counter[str]] = {}
    for key, surface, kind, count in kept + new:
        surfaces.setdefault(key, Counter())[surface] += count
        types.setdefault(key, Counter())[kind] += count
    delta.statistics = statistics_of(surfaces, types)
    held = {} if full else held_statistics(con, delta.touched)
    delta.changed = [key for key in delta.touched if delta.statistics.get(key) != held.get(key)]
    return delta


def _article_counts(con: duckdb.DuckDBPyConnection, gaz: Gazetteer, articles: list[str]) -> list[dict]:
    """The articles' resolvable mentions counted by name, surface and type (DuckDB counts, Python filters)."""
    rows = con.execute(
        f"""
        select article_id, actor_key, method, coalesce(nullif(canonical_name, ''), mention_text),
               coalesce(nullif(actor_type, ''), 'organization'), count(*)
        from {wh.RAW_SCHEMA}.actor_mentions
        where actor_key is not null and article_id in (select unnest(?)) group by all
        """,
        [articles],
    ).fetchall()
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for article_id, key, method, surface, kind, count in rows:
        if is_resolvable(key, method, gaz):
            counts[(article_id, key, surface, kind)] += count
    columns = NAME_COUNTS.column_names
    return [dict(zip(columns, (*key, count), strict=True)) for key, count in sorted(counts.items())]


def _keys_counted(con: duckdb.DuckDBPyConnection, articles: list[str]) -> set[str]:
    rows = con.execute(
        f"select distinct local_actor_key from {wh.RAW_SCHEMA}.actor_name_counts where article_id in (select unnest(?))",
        [articles],
    ).fetchall()
    return {key for (key,) in rows}


def _kept_counts(con: duckdb.DuckDBPyConnection, keys: list[str], articles: list[str]) -> list[tuple]:
    """The names' counts in the articles that did not change."""
    return con.execute(
        f"""
        select local_actor_key, surface, actor_type, sum(mentions)::bigint from {wh.RAW_SCHEMA}.actor_name_counts
        where local_actor_key in (select unnest(?)) and article_id not in (select unnest(?)) group by all
        """,
        [keys, articles],
    ).fetchall()


def held_statistics(con: duckdb.DuckDBPyConnection, keys: list[str]) -> dict[str, tuple[str, str, int]]:
    rows = con.execute(
        f"select local_actor_key, name, actor_type, mentions from {wh.RAW_SCHEMA}.actor_names "
        "where local_actor_key in (select unnest(?))",
        [keys],
    ).fetchall()
    return {key: (name, kind, count) for key, name, kind, count in rows}


@dataclass
class Affected:
    """The names to join again (their statistics now) and how many kept names the search compared."""

    statistics: dict[str, tuple[str, str, int]]
    names: set[str]  # every name reached, those gone from the corpus included
    compared: int = 0


def affected_names(con: duckdb.DuckDBPyConnection, delta: NameDelta, full: bool) -> Affected:
    """The changed names and every name connected to one (by `could_join`, through their old or new names)."""
    if full:
        return Affected(dict(delta.statistics), set(delta.statistics))
    held = held_statistics(con, delta.changed)
    found = Affected({k: delta.statistics[k] for k in delta.changed if k in delta.statistics}, set(delta.changed))
    frontier = [
        name_index(stats[0]) for k in delta.changed for stats in (held.get(k), delta.statistics.get(k)) if stats
    ]
    while frontier:
        reached = []
        rows = _candidates(con, frontier)
        found.compared += len(rows)
        for key, name, kind, count in rows:
            if key in found.names:
                continue
            index = name_index(name)
            if any(could_join(index, other) for other in frontier):
                found.names.add(key)
                found.statistics[key] = (name, kind, count)
                reached.append(index)
        frontier = reached
    return found


def _candidates(con: duckdb.DuckDBPyConnection, frontier: list[NameIndex]) -> list[tuple]:
    """Kept names that may join or be joined by a frontier name: equal keys, or a length a fuzzy match allows."""
    lengths: set[int] = set()
    for index in frontier:
        if len(index.norm) >= FUZZY_MIN_LENGTH:
            low, high = fuzzy_length_window(len(index.norm))
            lengths.update(range(low, high + 1))

    def values(attribute: str) -> list[str]:
        return sorted({getattr(index, attribute) for index in frontier if getattr(index, attribute) is not None})

    return con.execute(
        f"""
        select local_actor_key, name, actor_type, mentions from {wh.RAW_SCHEMA}.actor_names
        where norm in (select unnest(?)) or acronym in (select unnest(?)) or bare in (select unnest(?))
           or last_word in (select unnest(?)) or single in (select unnest(?)) or norm_length in (select unnest(?))
        order by local_actor_key
        """,
        [values("norm"), values("bare"), values("acronym"), values("single"), values("last_word"), sorted(lengths)],
    ).fetchall()


def save_names(con: duckdb.DuckDBPyConnection, delta: NameDelta, articles: list[str]) -> None:
    """Write the changed articles' counts and the touched names' statistics (no transaction of its own)."""
    wh.delete_keys(con, NAME_COUNTS, "article_id", articles)
    wh.insert_rows(con, NAME_COUNTS, delta.counts)
    wh.delete_keys(con, NAMES, "local_actor_key", delta.touched)
    rows = []
    for key, (name, kind, count) in sorted(delta.statistics.items()):
        index = name_index(name)
        values = {column: getattr(index, column) for column in _INDEX_COLUMNS}
        base = {"local_actor_key": key, "name": name, "actor_type": kind, "mentions": count}
        rows.append({**base, **values, "norm_length": len(index.norm)})
    wh.insert_rows(con, NAMES, rows)
