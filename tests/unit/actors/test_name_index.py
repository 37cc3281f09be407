"""The name graph's edges: could_join holds whenever _join_unknown could join one name to the other."""

from __future__ import annotations

import random
import string

import pytest
from rapidfuzz import fuzz

from newswh.actors.gazetteer import Gazetteer
from newswh.actors.resolution import (
    FUZZY_MIN_LENGTH,
    FUZZY_THRESHOLD,
    could_join,
    fuzzy_length_window,
    join_names,
    name_index,
)

pytestmark = pytest.mark.unit


def _variant(rng: random.Random, word: str) -> str:
    """A spelling a few edits away (the kind the fuzzy rule joins)."""
    letters = list(word)
    for _ in range(rng.randint(0, 2)):
        position = rng.randrange(len(letters) + 1)
        if rng.random() < 0.5 and letters:
            del letters[min(position, len(letters) - 1)]
        else:
            letters.insert(position, rng.choice(string.ascii_lowercase))
    return "".join(letters)


def test_every_fuzzy_match_falls_in_the_length_window():
    rng = random.Random(3)
    checked = 0
    for _ in range(3000):
        word = "".join(rng.choice(string.ascii_lowercase + " ") for _ in range(rng.randint(5, 40))).strip()
        other = _variant(rng, word)
        if len(word) < FUZZY_MIN_LENGTH or len(other) < FUZZY_MIN_LENGTH:
            continue
        if fuzz.ratio(word, other, score_cutoff=FUZZY_THRESHOLD):
            low, high = fuzzy_length_window(len(word))
            assert low <= len(other) <= high, (word, other)
            checked += 1
    assert checked > 500  # most variants are close enough to match


@pytest.mark.parametrize(
    ("a", "b", "joins"),
    [
        ("Northern Valley Irrigation Council", "NVIC", True),  # acronym
        ("N.V.I.C.", "Northern Valley Irrigation Council", True),  # dotted acronym
        ("Karim Bazhdarov", "Bazhdarov", True),  # surname
        ("Golden Orchard Traders", "Golden Orchards Traders", True),  # fuzzy
        ("the Qarabagh Water Board", "Qarabagh Water Board", True),  # the same normalized name
        ("Qarabagh Water Board", "Karim Bazhdarov", False),
        ("Iran", "Iraq", False),  # too short for the fuzzy rule
    ],
)
def test_could_join_is_symmetric_and_covers_each_rule(a, b, joins):
    assert could_join(name_index(a), name_index(b)) is joins
    assert could_join(name_index(b), name_index(a)) is joins


def test_names_that_cannot_join_are_joined_alike_alone_or_together():
    """The premise of joining a connected part of the name graph alone (newswh.store.actor_names)."""
    gaz = Gazetteer(actors={}, aliases=(), roles=(), patterns=(), lexicon={}, cameo_type_keywords=())
    left = {"k1": ("Karim Bazhdarov", "person", 3), "k2": ("Bazhdarov", "person", 1)}
    right = {"k3": ("Golden Orchard Traders", "organization", 2), "k4": ("Golden Orchards Traders", "organization", 1)}
    assert not any(could_join(name_index(a[0]), name_index(b[0])) for a in left.values() for b in right.values())
    together = join_names({**left, **right}, gaz)[0]
    assert together == {**join_names(left, gaz)[0], **join_names(right, gaz)[0]}
    assert together["k2"] == ("k1", "surname") and together["k4"][0] == "k3"
