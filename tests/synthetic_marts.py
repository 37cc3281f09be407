"""A tiny DuckDB file with the mart columns the report pictures read, written by hand.

Shared by the report unit tests and the browser test, so that neither needs a warehouse build.
The rows are invented: three places in two countries, violent and diplomatic roots, one event
dated 2003 among 2012 ones, one event without a place, one reused mention, and one hostile
sentence and title (markup that would run if it were not escaped).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

HOSTILE_SENTENCE = "Troops met <img src=x onerror=alert(1)> near the <b>bazaar</b> & left."
HOSTILE_TITLE = "<script>alert('title')</script> Patrol report"
EVIDENCE_SENTENCE = "Afghan and coalition forces detained two suspected insurgents in Andar district yesterday."

SCHEMA = """
create table fct_actors (actor_id varchar, canonical_name varchar);
create table dim_articles (article_id varchar, source_uri varchar, title varchar, published_date date);
create table dim_locations (geonames_id varchar, country_name varchar);
create table fct_events (
    event_id varchar, event_code varchar, event_root_code varchar, event_label varchar, modality varchar,
    source_actor_id varchar, target_actor_id varchar, event_date_start date, event_date_end date,
    date_precision varchar, takeover_period varchar, location_name varchar, location_admin1 varchar,
    location_country_code varchar, latitude double, longitude double, geonames_id varchar);
create table fct_event_mentions (
    event_id varchar, article_id varchar, sentence_text varchar, char_start integer, is_reused boolean);
"""

ACTORS = [("afg_forces", "Afghan forces"), ("insurgents", "Insurgents"), ("rus", "Russia"), ("taliban", "Taliban")]
ARTICLES = [
    ("a1", "release_0001.txt", "Forces detain suspects in Ghazni", "2012-03-05"),
    ("a2", "release_0002.txt", HOSTILE_TITLE, "2012-05-10"),
    ("a3", "copy_of_a1.txt", "Copied report", "2012-03-01"),
    ("a4", "old.txt", "An old story", "2003-06-02"),
]
LOCATIONS = [("seed:af_ghazni_andar", "Afghanistan"), ("seed:af_helmand", "Afghanistan"), ("524901", "Russia")]
# event_id, code, root, label, modality, source, target, start, end, precision, period, place, admin1, cc, lat, lon, id
EVENTS = [
    ("ev1", "173", "17", "Arrest, detain", "asserted", "afg_forces", "insurgents", "2012-03-04", "2012-03-04", "day", "pre_takeover", "Andar", "Ghazni", "AFG", 33.4, 68.4, "seed:af_ghazni_andar"),
    ("ev2", "190", "19", "Use conventional military force", "asserted", "afg_forces", "insurgents", "2012-05-09", "2012-05-09", "day", "pre_takeover", "Helmand", "Helmand", "AFG", 31.4, 64.4, "seed:af_helmand"),
    ("ev3", "173", "17", "Arrest, detain", "asserted", "afg_forces", "insurgents", "2012-04-01", "2012-04-30", "month", "pre_takeover", "Andar", "Ghazni", "AFG", 33.4, 68.4, "seed:af_ghazni_andar"),
    ("ev4", "042", "04", "Make a visit", "asserted", "rus", "taliban", "2012-06-12", "2012-06-12", "day", "pre_takeover", "Moscow", "Moscow", "RUS", 55.75, 37.62, "524901"),
    ("ev5", "036", "03", "Express intent to meet", "asserted", "rus", "taliban", "2003-06-01", "2003-06-01", "day", "pre_takeover", None, None, None, None, None, None),
    ("ev6", "173", "17", "Arrest, detain", "planned", "afg_forces", "insurgents", "2012-07-01", "2012-07-01", "day", "pre_takeover", "Helmand", "Helmand", "AFG", 31.4, 64.4, "seed:af_helmand"),
    ("ev7", "190", "19", "Use conventional military force", "asserted", "afg_forces", "insurgents", None, None, "fuzzy", "undated", "Helmand", "Helmand", "AFG", 31.4, 64.4, "seed:af_helmand"),
]  # fmt: skip
MENTIONS = [
    ("ev1", "a3", "A copied sentence about Andar.", 0, True),  # reused: never the evidence shown
    ("ev1", "a1", EVIDENCE_SENTENCE, 40, False),
    ("ev2", "a2", HOSTILE_SENTENCE, 10, False),
    ("ev3", "a1", "Forces detained a facilitator in Andar in April.", 200, False),
    ("ev4", "a2", "Russia's envoy visited the Taliban delegation in Moscow on Tuesday.", 300, False),
    ("ev5", "a4", "Russia said it intended to meet the Taliban.", 0, False),
    ("ev6", "a2", "Forces plan to detain more suspects in Helmand.", 400, False),
    ("ev7", "a2", "Fighting went on in Helmand.", 500, False),
]


def build_marts(path: Path) -> Path:
    """Write the synthetic marts to PATH (a new DuckDB file) and return it."""
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA)
        for table, rows in (
            ("fct_actors", ACTORS),
            ("dim_articles", ARTICLES),
            ("dim_locations", LOCATIONS),
            ("fct_events", EVENTS),
            ("fct_event_mentions", MENTIONS),
        ):
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"insert into {table} values ({marks})", rows)
    return path
