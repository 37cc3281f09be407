"""Casualty and detention counts: lower bounds from the trigger's object or passive subject."""

from __future__ import annotations

import pytest

from newswh.events.counts import event_counts, load_count_words
from newswh.nlp import load_nlp

pytestmark = pytest.mark.unit


def _counts(sentence: str, trigger: str) -> dict:
    doc = load_nlp()(sentence)
    return event_counts(next(t for t in doc if t.text == trigger))


@pytest.mark.parametrize(
    ("sentence", "trigger", "column", "value"),
    [
        ("Coalition forces killed two insurgents.", "killed", "num_killed", 2),
        ("Two insurgents were killed in the operation.", "killed", "num_killed", 2),
        ("Troops killed 12 militants near the border.", "killed", "num_killed", 12),
        ("The force detained several suspects.", "detained", "num_detained", 3),
        ("A few suspects were detained.", "detained", "num_detained", 2),
        ("A Taliban leader was arrested.", "arrested", "num_detained", 1),
        ("Afghan forces captured insurgents in Kandahar.", "captured", "num_detained", 2),
        ("Police arrested a leader and two fighters.", "arrested", "num_detained", 3),
        ("Dozens of insurgents were detained.", "detained", "num_detained", 24),
        ("Police announced the arrest of three men.", "arrest", "num_detained", 3),
        ("The blast wounded four civilians.", "wounded", "num_injured", 4),
    ],
)
def test_counts(sentence, trigger, column, value):
    counts = _counts(sentence, trigger)
    assert counts[column] == value
    assert all(v is None for k, v in counts.items() if k != column)


def test_a_trigger_that_counts_nothing():
    assert set(_counts("The minister met the envoy.", "met").values()) == {None}


def test_vague_words_are_documented_lower_bounds():
    numbers = load_count_words().numbers
    assert numbers["several"] == 3 and numbers["few"] == 2 and numbers["plural"] == 2 and numbers["singular"] == 1
    assert all(v >= 1 for v in numbers.values())
