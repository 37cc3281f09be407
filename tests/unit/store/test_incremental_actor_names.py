"""Actor resolution joins again only the names a change can reach, and still equals a from-scratch run.

Synthetic corpora of made-up names built to join each other by every rule (the same name,
an acronym and a dotted acronym, a surname shared by two people, fuzzy spellings, a key whose
most frequent spelling flips with the counts) are edited at random, article by article; after
each edit the incremental state must equal a run on a fresh store over the same mentions, and
the names joined again must be those connected to a changed name, not the corpus's.
"""

from __future__ import annotations

import random

import duckdb
import pytest

from newswh import extract as ex
from newswh.actors.resolution import could_join, name_index
from newswh.store import actor_state
from newswh.store import raw as wh

pytestmark = pytest.mark.unit

# (key, surfaces, type): a key with two surfaces changes its name when their counts cross.
POOL = [
    ("x_karim", ("Karim Bazhdarov", "Kareem Bazhdarov"), "person"),
    ("x_kareem", ("Kareem Bazhdarov",), "person"),
    ("x_bazhdarov", ("Bazhdarov",), "person"),
    ("x_ilyas", ("Ilyas Bazhdarov",), "person"),
    ("x_nodira", ("Nodira Sultanbekova",), "person"),
    ("x_nodira_w", ("Nodira Sultanbekowa",), "person"),
    ("x_sultanbekova", ("Sultanbekova",), "person"),
    ("x_nvic_full", ("Northern Valley Irrigation Council", "Northern Valley Irrigation Councils"), "organization"),
    ("x_nvic", ("NVIC",), "organization"),
    ("x_nvic_dots", ("N.V.I.C.",), "organization"),
    ("x_nuristan", ("Nuristan Veterans Independent Coalition",), "organization"),
    ("x_mujahid", ("Mujahid",), "person"),  # the surname of a seed actor
    ("x_orchard", ("Golden Orchard Traders",), "organization"),
    ("x_orchards", ("Golden Orchards Traders",), "organization"),
    ("x_lone", ("Qarabagh Water Board",), "organization"),
]
# The logs consolidation and dbt's marts empty grow with each run here, where neither runs
# (tests/unit/store/test_incremental_crossarticle.py pins what raw.mart_changes marks).
TABLES = [t for t in wh.tables_in("actors") if t.name not in ("actor_resolution_changes", "mart_changes")]


def _mentions(rng: random.Random, article_id: str, version: int) -> list[dict]:
    rows = []
    for index in range(rng.randint(1, 6)):
        key, surfaces, kind = rng.choice(POOL)
        surface = rng.choice(surfaces)
        values = (f"{article_id}_{version}_{index}", article_id, 0, index * 40, index * 40 + len(surface), surface)
        values += (key, None, kind, "PERSON" if kind == "person" else "ORG", "ner", None)
        rows.append(dict(zip(ex.ACTOR_MENTIONS.column_names, values, strict=True)))
    return rows


def _store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    wh.ensure_schema(con, ex.EXTRACT_TABLES)
    wh.ensure_schema(con, wh.tables_in("actors"))
    return con


def _write(con, article_id: str, version: int, mentions: list[dict]) -> None:
    wh.replace_rows(con, ex.ACTOR_MENTIONS, [article_id], mentions)
    state = [
        {
            "article_id": article_id,
            "content_hash": f"h{version}",
            "pipeline_version": "test",
            "extraction_digest": "test",
        }
    ]
    wh.replace_rows(con, ex.EXTRACTION_STATE, [article_id], state)


def _delete(con, article_id: str) -> None:
    for table in (ex.ACTOR_MENTIONS, ex.EXTRACTION_STATE):
        wh.replace_rows(con, table, [article_id], [])


def _tables(con) -> dict[str, list[tuple]]:
    return {t.name: con.execute(f"select * from raw.{t.name} order by all").fetchall() for t in TABLES}


def _scratch(corpus: dict[str, tuple[int, list[dict]]]) -> dict[str, list[tuple]]:
    con = _store()
    for article_id, (version, mentions) in corpus.items():
        _write(con, article_id, version, mentions)
    actor_state.update_actors(con, [])
    return _tables(con)


def _edit(rng: random.Random, con, corpus: dict, step: int) -> str:
    """Add, change or delete one article at random; which one."""
    article_id = rng.choice([*corpus, f"a{step:02d}"]) if corpus else f"a{step:02d}"
    if article_id in corpus and len(corpus) > 1 and rng.random() < 0.4:  # an empty store is a first run
        _delete(con, article_id)
        del corpus[article_id]
        return article_id
    mentions = _mentions(rng, article_id, step)
    corpus[article_id] = (step, mentions)
    _write(con, article_id, step, mentions)
    return article_id


@pytest.mark.parametrize("seed", range(3))
def test_every_edit_gives_the_tables_of_a_from_scratch_run(seed):
    rng = random.Random(seed)
    con = _store()
    corpus: dict[str, tuple[int, list[dict]]] = {}
    for step in range(5):
        _edit(rng, con, corpus, step)
    actor_state.update_actors(con, [])
    for step in range(5, 13):
        edited = _edit(rng, con, corpus, step)
        before = _names(con)
        stats = actor_state.update_actors(con, [])
        assert stats.changed_articles == [edited] and not stats.full_rebuild
        assert _tables(con) == _scratch(corpus), f"seed {seed}, step {step}"
        # Joined again: only names connected to one the edited article holds, not the corpus's.
        own = {m["actor_key"] for m in corpus.get(edited, (0, []))[1]}
        assert own <= set(stats.touched_names)
        assert set(stats.joined_names) <= _connected(set(stats.touched_names), before, _names(con))


def _names(con) -> dict[str, str]:
    return dict(con.execute("select local_actor_key, name from raw.actor_names").fetchall())


def _connected(start: set[str], before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Names reachable from `start` by could_join, through the names before or after the run (brute force)."""
    spellings = {key: {before.get(key), after.get(key)} - {None} for key in set(before) | set(after)}
    found, frontier = set(start), list(start)
    while frontier:
        key = frontier.pop()
        for other, names in spellings.items():
            if other not in found and any(
                could_join(name_index(a), name_index(b)) for a in spellings.get(key, ()) for b in names
            ):
                found.add(other)
                frontier.append(other)
    return found


def test_an_article_of_unrelated_names_joins_only_its_own_names():
    """A new article naming only the lone board joins one name again, whatever the corpus holds."""
    con = _store()
    rng = random.Random(7)
    corpus: dict[str, tuple[int, list[dict]]] = {}
    for step in range(12):
        mentions = [m for m in _mentions(rng, f"a{step:02d}", step) if m["actor_key"] != "x_lone"]
        if mentions:
            corpus[f"a{step:02d}"] = (step, mentions)
            _write(con, f"a{step:02d}", step, mentions)
    actor_state.update_actors(con, [])
    lone = next(entry for entry in POOL if entry[0] == "x_lone")
    row = dict(zip(ex.ACTOR_MENTIONS.column_names, ("new_0", "new", 0, 0, 20, lone[1][0], "x_lone"), strict=False))
    row.update({"canonical_name": None, "actor_type": "organization", "label": "ORG", "method": "ner", "title": None})
    _write(con, "new", 99, [row])
    corpus["new"] = (99, [row])
    stats = actor_state.update_actors(con, [])
    known = con.execute("select count(*) from raw.actor_names").fetchone()[0]
    assert stats.touched_names == ["x_lone"] and stats.joined_names == ["x_lone"] and known > 5
    assert stats.resolved_mentions == 1 and stats.compared_names < known
    assert _tables(con) == _scratch(corpus)
