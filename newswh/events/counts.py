"""Casualty and detention counts of an event mention: lower bounds ACLED users expect.

"killed two insurgents" -> num_killed 2; "detained several suspects" -> num_detained 3; "a Taliban
leader was captured" -> num_detained 1. The words are data (seeds/reference/event_counts.csv): which
trigger lemmas count the killed, injured or detained, and the lower bound of each number word
("several" = 3, "a few" = 2, a bare plural = 2; documented in README_events.md). The counted
phrase is the trigger's object, or its passive subject ("two insurgents were killed"), or a
nominal trigger's "of" object ("the arrest of two men"); conjoined phrases add up ("a leader
and two fighters" = 3). A count is None when the trigger counts nothing or no phrase is found.

A report retells its lead: a later count of a kind no larger than one the article already gave
("A force detained three suspects ... The security force detained three suspected insurgents")
adds no one and is dropped, unless the phrase or clause says the people are new (an `addition`
word: "two additional insurgents", "also detained", "two others").

A trigger that takes things as well as people ("seized weapons", kind `detained_if_people`)
counts only a phrase that names people (a `person` noun, a name or a pronoun). A definite or
pronoun phrase ("detained the suspects", "killed him") points back to people already told: once
an earlier mention of the article has counted that kind, it counts nothing more
(`drop_repeated_counts`), so a release's lead and its recap are not added up.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from newswh.config import reference_dir
from newswh.records import EventMention

KINDS = ("killed", "injured", "detained")
_NUMBER_DEPS = ("nummod", "det", "amod", "quantmod")
_PERSON_PRONOUNS = {"him": 1, "her": 1, "them": 2}
_PEOPLE_ONLY = "detained_if_people"
_ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


@dataclass(frozen=True)
class CountWords:
    kind_by_lemma: dict[str, str]  # trigger lemma -> killed / injured / detained
    numbers: dict[str, int]  # number word -> lower bound
    people_only: frozenset[str] = frozenset()  # trigger lemmas that count only people ("seize")
    person_nouns: frozenset[str] = frozenset()  # nouns that name people ("insurgent", "suspect")
    additions: frozenset[str] = frozenset()  # words that make the counted people new ("additional")


@lru_cache(maxsize=4)
def load_count_words(path: str | None = None) -> CountWords:
    file = Path(path) if path else reference_dir() / "event_counts.csv"
    with file.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kinds = {r["term"].strip().lower(): r["kind"] for r in rows if r["kind"] in KINDS}
    people_only = frozenset(r["term"].strip().lower() for r in rows if r["kind"] == _PEOPLE_ONLY)
    kinds.update(dict.fromkeys(people_only, "detained"))
    numbers = {r["term"].strip().lower(): int(r["value"]) for r in rows if r["kind"] == "number"}
    persons = frozenset(r["term"].strip().lower() for r in rows if r["kind"] == "person")
    additions = frozenset(r["term"].strip().lower() for r in rows if r["kind"] == "addition")
    return CountWords(kinds, numbers, people_only, persons, additions)


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


def names_people(head: Token, words: CountWords) -> bool:
    """A phrase about people: a person noun ("three suspects"), a name, or a personal pronoun."""
    return (
        head.lower_ in _PERSON_PRONOUNS
        or head.ent_type_ in ("PERSON", "NORP")
        or head.lemma_.lower() in words.person_nouns
    )


def event_counts(trigger: Token, words: CountWords | None = None) -> dict[str, int | None]:
    """num_killed, num_injured, num_detained of one trigger (None where the trigger counts nothing)."""
    words = words or load_count_words()
    counts: dict[str, int | None] = {f"num_{k}": None for k in KINDS}
    lemma = trigger.lemma_.lower()
    kind = words.kind_by_lemma.get(lemma)
    if kind is None:
        return counts
    phrase = _counted_phrase(trigger)
    if phrase is not None and (lemma not in words.people_only or names_people(phrase, words)):
        counts[f"num_{kind}"] = _with_conjuncts(phrase, words)
    return counts


def is_anaphoric_count(trigger: Token) -> bool:
    """The counted phrase points back ("the suspects", "him") rather than introducing people."""
    phrase = _counted_phrase(trigger)
    if phrase is None:
        return False
    if phrase.lower_ in _PERSON_PRONOUNS:
        return True
    return any(c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETERMINERS for c in phrase.children)


def adds_people(trigger: Token, words: CountWords | None = None) -> bool:
    """The clause says its people are new: "also detained", "two additional insurgents", "others"."""
    words = words or load_count_words()
    phrase = _counted_phrase(trigger)
    near = list(trigger.children) + (list(phrase.subtree) if phrase is not None else [])
    return any(t.lower_ in words.additions for t in near)


def is_restatement(event: EventMention, column: str, told: dict[str, int]) -> bool:
    """A count of a kind already told that points back, or adds no one to what was told."""
    if column not in told or event.extra.get("count_adds"):
        return False
    return bool(event.extra.get("count_anaphoric")) or getattr(event, column) <= told[column]


def drop_repeated_counts(events: Sequence[EventMention]) -> list[EventMention]:
    """Events in text order; a count that retells one an earlier mention gave becomes None."""
    told: dict[str, int] = {}
    result = []
    for event in events:
        columns = [f"num_{k}" for k in KINDS if getattr(event, f"num_{k}") is not None]
        repeated = [c for c in columns if is_restatement(event, c, told)]
        for column in columns:
            told[column] = max(told.get(column, 0), getattr(event, column))
        result.append(replace(event, **dict.fromkeys(repeated)) if repeated else event)
    return result
