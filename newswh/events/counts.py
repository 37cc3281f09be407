"""Casualty and detention counts of an event mention: lower bounds ACLED users expect.

"killed two insurgents" -> num_killed 2; "detained several suspects" -> num_detained 3; "a Taliban
leader was captured" -> num_detained 1. The words are data (seeds/reference/event_counts.csv): which
trigger lemmas count the killed, injured or detained, and the lower bound of each number word
("several" = 3, "a few" = 2, a bare plural = 2; documented in README_events.md). The counted
phrase is the trigger's object, or its passive subject ("two insurgents were killed"), or a
nominal trigger's "of" object ("the arrest of two men"); conjoined phrases add up ("a leader
and two fighters" = 3). A count is None when the trigger counts nothing or no phrase is found.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from newswh.config import reference_dir

KINDS = ("killed", "injured", "detained")
_NUMBER_DEPS = ("nummod", "det", "amod", "quantmod")
_PERSON_PRONOUNS = {"him": 1, "her": 1, "them": 2}


@dataclass(frozen=True)
class CountWords:
    kind_by_lemma: dict[str, str]  # trigger lemma -> killed / injured / detained
    numbers: dict[str, int]  # number word -> lower bound


@lru_cache(maxsize=4)
def load_count_words(path: str | None = None) -> CountWords:
    file = Path(path) if path else reference_dir() / "event_counts.csv"
    with file.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kinds = {r["term"].strip().lower(): r["kind"] for r in rows if r["kind"] in KINDS}
    numbers = {r["term"].strip().lower(): int(r["value"]) for r in rows if r["kind"] == "number"}
    return CountWords(kinds, numbers)


def _number_value(token: Token, words: CountWords) -> int | None:
    """A number token: digits ("12", "1,200") or a number word ("two", "several", "dozens")."""
    text = token.lower_.replace(",", "")
    if text.isdigit():
        value = int(text)
        return None if len(text) == 4 and 1900 <= value <= 2100 else value  # a year ("killed in 2010")
    return words.numbers.get(text)


def _phrase_count(head: Token, words: CountWords) -> int | None:
    """Lower bound of the people a noun phrase names; None for a phrase that is not a count of things."""
    if head.lower_ in _PERSON_PRONOUNS:
        return _PERSON_PRONOUNS[head.lower_]
    if head.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    if head.pos_ == "NUM" or (head.lower_ in words.numbers and head.lower_ not in ("a", "an")):
        return _number_value(head, words)  # "dozens (of insurgents)", "three (of them)"
    values = [_number_value(c, words) for c in head.children if c.dep_ in _NUMBER_DEPS]
    known = [v for v in values if v is not None]
    if known:
        return max(known)  # "a few suspects": the larger bound of "a" and "few"
    plural = head.tag_ in ("NNS", "NNPS")
    return words.numbers["plural" if plural else "singular"]


def _with_conjuncts(head: Token, words: CountWords) -> int | None:
    counts = [_phrase_count(t, words) for t in (head, *head.conjuncts) if t.i >= head.i]
    known = [c for c in counts if c is not None]
    return sum(known) if known else None


def _counted_phrase(trigger: Token) -> Token | None:
    """Object, passive subject, or a nominal trigger's 'of' object."""
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    if trigger.dep_ in ("acl", "relcl") and trigger.tag_ == "VBN":  # "two insurgents killed in the raid"
        return trigger.head
    return None


def event_counts(trigger: Token, words: CountWords | None = None) -> dict[str, int | None]:
    """num_killed, num_injured, num_detained of one trigger (None where the trigger counts nothing)."""
    words = words or load_count_words()
    counts: dict[str, int | None] = {f"num_{k}": None for k in KINDS}
    kind = words.kind_by_lemma.get(trigger.lemma_.lower())
    if kind is None:
        return counts
    phrase = _counted_phrase(trigger)
    if phrase is not None:
        counts[f"num_{kind}"] = _with_conjuncts(phrase, words)
    return counts
