"""The reference tables of the event coder: verb lexicon, CAMEO codes and the one speech-verb list."""

from __future__ import annotations

import csv

import pytest

from newswh.config import reference_dir
from newswh.events import load_cameo, load_lexicon, load_speech_verbs

pytestmark = pytest.mark.unit


def test_every_lexicon_code_is_in_cameo_table():
    cameo = load_cameo()
    lexicon = load_lexicon()
    # Discard rows ("---": "killed in an accident" is no attack) void a match instead of coding it.
    assert all(e.event_code in cameo or e.is_discard for rows in lexicon.entries.values() for e in rows)
    assert {"0541", "0542", "0851", "1631", "106"} <= set(cameo)
    assert cameo["0541"].is_extension and cameo["0541"].root_code == "05" and cameo["0541"].quad_class == 1
    assert cameo["163"].quad_class == 4 and cameo["163"].goldstein == -8.0


def test_speech_verbs_are_one_list_for_events_and_quotes():
    verbs = load_speech_verbs()
    assert {"say", "tell", "announce", "indicate", "report"} <= verbs.reported_clause
    # Reporting a clause implies speaking; "continue" only speaks next to a direct quote.
    assert verbs.reported_clause <= verbs.direct_quote
    assert verbs.direct_quote - verbs.reported_clause == {"continue"}


def test_every_reporting_verb_of_the_lexicon_is_a_speech_verb():
    with (reference_dir() / "verb_lexicon.csv").open(newline="", encoding="utf-8") as handle:
        reporting = {row["lemma"] for row in csv.DictReader(handle) if row["note"].startswith("reporting verb")}
    assert reporting, "the lexicon marks its reporting verbs in the note column"
    assert reporting <= load_speech_verbs().reported_clause
