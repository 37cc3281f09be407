"""News convention: an undated past-tense lead event of a datelined report."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.events.convention import (
    CONVENTION_BASIS,
    apply_dateline_convention,
    dateline_end,
    dateline_window,
    is_past_tense,
    lead_sentence_index,
)
from newswh.records import EventMention

pytestmark = pytest.mark.unit


def test_dateline_end_skips_the_dash():
    body = "WASHINGTON, March 31, 2022 — The talks ended."
    assert body[dateline_end(body, "WASHINGTON, March 31, 2022") :] == "The talks ended."
    assert dateline_end(body, None) == 0
    assert dateline_end("The talks ended.", "WASHINGTON, March 31, 2022") == 0


def test_window_is_the_dateline_day_and_the_day_before():
    assert dateline_window(date(2013, 1, 1)) == {
        "reported_date_start": date(2012, 12, 31),
        "reported_date_end": date(2013, 1, 1),
        "date_precision": "fuzzy",
        "date_basis": CONVENTION_BASIS,
    }


@pytest.mark.parametrize(
    ("sentence", "word", "past"),
    [
        ("A patrol detained two suspects.", "detained", True),
        ("Two insurgents were killed in the strike.", "killed", True),
        ("A patrol will detain two suspects.", "detain", False),
        ("Forces are searching the compound.", "searching", False),
        ("The airstrike killed two insurgents.", "airstrike", True),
    ],
)
def test_past_tense(nlp, sentence, word, past):
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == word)
    assert is_past_tense(token) is past


def _event(doc, word: str, modality: str = "asserted") -> EventMention:
    token = next(t for t in doc if t.text == word)
    sentence = token.sent
    index = list(doc.sents).index(sentence)
    return EventMention(
        sentence_index=index,
        sentence_start=sentence.start_char,
        sentence_end=sentence.end_char,
        trigger_start=token.idx,
        trigger_end=token.idx + len(token),
        trigger_text=token.text,
        event_code="173",
        modality=modality,
        source_actor_key=None,
        target_actor_key=None,
    )


def test_only_undated_asserted_past_lead_events_take_the_window(nlp):
    body = "KABUL, Afghanistan (Jan. 25, 2013) — A patrol detained two suspects. Police arrested a man."
    doc = nlp(body)
    start = dateline_end(body, "KABUL, Afghanistan (Jan. 25, 2013)")
    events = [_event(doc, "detained"), _event(doc, "arrested"), _event(doc, "detained", modality="planned")]
    # The parser may or may not make the dateline a sentence of its own; the lead is the report's first.
    assert lead_sentence_index(doc, start) == events[0].sentence_index != events[1].sentence_index
    rows = [{"date_basis": "inherited"}, {"date_basis": "inherited"}, {"date_basis": "inherited"}]
    explicit = {"date_basis": "explicit"}
    apply_dateline_convention([*rows, explicit], [*events, events[0]], doc, date(2013, 1, 25), start)
    assert rows[0]["date_basis"] == CONVENTION_BASIS and rows[0]["reported_date_start"] == date(2013, 1, 24)
    assert rows[1] == {"date_basis": "inherited"}  # not the lead
    assert rows[2] == {"date_basis": "inherited"}  # not asserted
    assert explicit == {"date_basis": "explicit"}  # its own date stays
