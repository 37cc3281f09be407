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
_INTO_CUSTODY = "detained_into_custody"
_WITH_ADVERBS = frozenset({"along", "together"})


# Word lists of event_counts.csv beyond the triggers, numbers and person nouns, in CountWords order.
_WORD_KINDS = (
    "addition",
    "above",
    "tally_since",
    "tally_period",
    "detained_into_custody",
    "negative",
    "vague",
    "anaphoric",
)
_PERFECT_AUXILIARIES = frozenset({"have", "has", "'ve"})


@dataclass(frozen=True)
class CountWords:
    kind_by_lemma: dict[str, str]  # trigger lemma -> killed / injured / detained
    numbers: dict[str, int]  # number word -> lower bound
    people_only: frozenset[str] = frozenset()  # trigger lemmas that count only people ("seize")
    person_nouns: frozenset[str] = frozenset()  # nouns that name people ("insurgent", "suspect")
    additions: frozenset[str] = frozenset()  # words that make the counted people new ("additional")
    above: frozenset[str] = frozenset()  # words that make a number a strict lower bound ("more than")
    tally_since: frozenset[str] = frozenset()  # "have detained 25 leaders since December 1": a tally
    tally_period: frozenset[str] = frozenset()  # "have detained five commanders in the last month"
    custody_only: frozenset[str] = frozenset()  # trigger lemmas that detain only "into custody" ("take")
    negatives: frozenset[str] = frozenset()  # determiners that count no one ("no civilians were harmed")
    vague: frozenset[str] = frozenset()  # number words that do not say how many ("several", "numerous")
    anaphoric: frozenset[str] = frozenset()  # determiners that point back ("the suspects", "both leaders")


@lru_cache(maxsize=4)
def load_count_words(path: str | None = None) -> CountWords:
    file = Path(path) if path else reference_dir() / "event_counts.csv"
    with file.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kinds = {r["term"].strip().lower(): r["kind"] for r in rows if r["kind"] in KINDS}
    people_only = frozenset(r["term"].strip().lower() for r in rows if r["kind"] == _PEOPLE_ONLY)
    kinds.update(dict.fromkeys(people_only, "detained"))
    kinds.update({r["term"].strip().lower(): "detained" for r in rows if r["kind"] == _INTO_CUSTODY})
    numbers = {r["term"].strip().lower(): int(r["value"]) for r in rows if r["kind"] == "number"}
    persons = frozenset(r["term"].strip().lower() for r in rows if r["kind"] == "person")
    terms = {kind: frozenset(r["term"].strip().lower() for r in rows if r["kind"] == kind) for kind in _WORD_KINDS}
    return CountWords(kinds, numbers, people_only, persons, *terms.values())


def _bare_value(token: Token, words: CountWords) -> int | None:
    text = token.lower_.replace(",", "")
    if text.isdigit():
        value = int(text)
        return None if len(text) == 4 and 1900 <= value <= 2100 else value  # a year ("killed in 2010")
    return words.numbers.get(text)


def _number_value(token: Token, words: CountWords) -> int | None:
    """A number token: digits ("12", "1,200") or a number word ("two", "several", "dozens").

    "more than 30" / "over 30" (an `above` word) is at least 31; "eight to 12" at least 8.
    """
    value = _bare_value(token, words)
    if value is None:
        return None
    modifiers = list(token.children)
    if any(c.lower_ in words.above for c in modifiers):
        return value + 1
    if any(c.lower_ == "to" for c in modifiers):
        low = [_bare_value(c, words) for c in modifiers if c.dep_ == "quantmod"]
        return min([value, *[v for v in low if v is not None]])
    return value


def _phrase_count(head: Token, words: CountWords) -> int | None:
    """Lower bound of the people a noun phrase names; None for a phrase that is not a count of things."""
    if head.lower_ in _PERSON_PRONOUNS:
        return _PERSON_PRONOUNS[head.lower_]
    if _partitive(head, words):
        return _number_value(head, words)  # "several of his associates", "two of them"
    if head.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    if head.pos_ == "NUM" or (head.lower_ in words.numbers and head.lower_ not in ("a", "an")):
        return _number_value(head, words)  # "dozens (of insurgents)", "three (of them)"
    values = [_number_value(c, words) for c in head.children if c.dep_ in _NUMBER_DEPS]
    known = [v for v in values if v is not None]
    if known:
        return max(known)  # "a few suspects": the larger bound of "a" and "few"
    plural = head.tag_ == "NNS"  # a name is one person, whatever its tag ("killed Malawi Sahib")
    return words.numbers["plural" if plural else "singular"]


def _partitive(head: Token, words: CountWords) -> bool:
    """A number word heading an "of" phrase ("several of his associates"), whatever its tag."""
    return (
        head.lower_ in words.numbers
        and head.lower_ not in ("a", "an")
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
    )


def _members(head: Token) -> list[Token]:
    """The heads a counted phrase adds up: its conjuncts and "along with" / "together with" objects,
    also when the parse hangs "along with" on the verb or on the head's relative clause ("detained
    a leader who operated in the district, along with one suspect")."""
    members = [t for t in (head, *head.conjuncts) if t.i >= head.i]
    members += [t for a in _listed_appositions(head) for t in (a, *a.conjuncts) if t.i >= a.i]
    hosts = [*members, *(c for t in members for c in t.children if c.dep_ == "relcl")]
    if head.dep_ == "dobj":
        hosts.append(head.head)
    for host in hosts:
        # only after the counted head: "forces, along with police, detained a man" adds no one
        preps = [prep for prep in _with_preps(host) if prep.i > head.i]
        members += [c for prep in preps for c in prep.children if c.dep_ == "pobj"]
    return members


def _listed_appositions(head: Token) -> list[Token]:
    """ "a leader, a facilitator and several of their associates" is parsed as the leader with the
    apposition "a facilitator and several ...": an apposition that has conjuncts of its own is the
    rest of a list. A true apposition ("a Taliban leader, Mullah Zaher,") has none and adds no one."""
    return [c for c in head.children if c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children)]


def _with_preps(head: Token) -> list[Token]:
    """The "with" of "along with" / "together with" on a noun, parsed either way round."""
    found = []
    for prep in head.children:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ == "with" and any(c.lower_ in _WITH_ADVERBS for c in prep.children):
            found.append(prep)
        elif prep.lower_ in _WITH_ADVERBS:
            found += [c for c in prep.children if c.dep_ == "prep" and c.lower_ == "with"]
    return found


def _with_conjuncts(head: Token, words: CountWords, fresh_only: bool = False) -> int | None:
    if any(c.lower_ in words.negatives for c in head.children if c.dep_ in ("det", "neg")):
        return None  # "No women or children were injured or detained": no one is counted
    members = [t for t in _members(head) if not (fresh_only and _points_back(t))]
    known = [c for c in (_phrase_count(t, words) for t in members) if c is not None]
    return sum(known) if known else None


def _counted_phrase(trigger: Token) -> Token | None:
    """Object, passive subject, or a nominal trigger's 'of' object; a verb conjoined after
    another shares that verb's object ("identified and detained the commander")."""
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child
    shared = _shared_phrase(trigger)
    if shared is not None:
        return shared
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    if trigger.dep_ in ("acl", "relcl") and trigger.tag_ == "VBN":  # "two insurgents killed in the raid"
        return trigger.head
    return None


def _shared_phrase(trigger: Token) -> Token | None:
    """What a verb conjoined by "and" shares with the verb before it: the object that follows it at
    once ("identified and detained the commander"), or, a participle, the passive subject ("the
    leader ... was identified and taken into custody"). Never over "or": in "captured or killed"
    each person is one or the other, and counting both would count them twice."""
    head = trigger.head
    if trigger.dep_ != "conj" or trigger.pos_ != "VERB" or head.pos_ != "VERB":
        return None
    if any(c.dep_ == "cc" and c.lower_ != "and" for c in head.children):
        return None
    shared = next((c for c in head.children if c.dep_ == "dobj" and c.left_edge.i == trigger.i + 1), None)
    if shared is None and trigger.tag_ == "VBN":
        shared = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    return shared


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
    if phrase is None or is_tally(trigger, words) or (lemma in words.custody_only and not _into_custody(trigger)):
        return counts
    if lemma not in words.people_only or names_people(phrase, words):
        counts[f"num_{kind}"] = _with_conjuncts(phrase, words)
    return counts


def _into_custody(trigger: Token) -> bool:
    """ "were taken into custody", "took two men into custody"."""
    preps = (c for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("into", "in"))
    return any(o.lemma_.lower() == "custody" for p in preps for o in p.children if o.dep_ == "pobj")


def is_tally(trigger: Token, words: CountWords) -> bool:
    """A present-perfect count over a period ("have detained 25 leaders since December 1", "we've
    detained five commanders in the last month") is a running tally of many operations, not the
    toll of the event it is told with. Conjoined verbs ("have killed two and detained 30 since
    Dec. 1") share the tense and the period."""
    verbs = [trigger, *trigger.conjuncts]
    if not any(c.dep_ == "aux" and c.lower_ in _PERFECT_AUXILIARIES for v in verbs for c in v.children):
        return False
    for prep in (c for v in verbs for c in v.children if c.dep_ == "prep"):
        if prep.lower_ in words.tally_since:
            return True
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if any(m.lower_ in words.tally_period for o in objects for m in o.children):
            return True
    return False


def _points_back(head: Token) -> bool:
    """ "the suspects", "this man", "him": people already told."""
    if head.lower_ in _PERSON_PRONOUNS:
        return True
    anaphoric = load_count_words().anaphoric
    return any(c.dep_ == "det" and c.lower_ in anaphoric for c in head.children)


def count_recap(trigger: Token, words: CountWords | None = None) -> dict:
    """What a later mention of the same kind needs to tell a recap from new people (event.extra keys).

    count_anaphoric: some of the counted people point back ("the facilitator and several of his
    associates"); count_fresh: the count of the others (None when all point back); count_adds: the
    phrase or clause says its people are new ("two additional suspects", "also detained").
    """
    words = words or load_count_words()
    phrase = _counted_phrase(trigger)
    if phrase is None or words.kind_by_lemma.get(trigger.lemma_.lower()) is None:
        return {}
    recap: dict = {}
    if any(_points_back(t) for t in _members(phrase)):
        recap["count_anaphoric"] = True
        recap["count_fresh"] = _with_conjuncts(phrase, words, fresh_only=True)
        recap["count_stated"] = any(c.dep_ == "nummod" for t in _members(phrase) for c in t.children)
    # "two additional suspects" is new; in "the leader and two additional suspects" the word only sets
    # the suspects beside the leader, so only the phrase's first member or the verb can say so.
    modifiers = [*phrase.children, *(c for c in trigger.children if c.dep_ == "advmod")]
    if any(c.lower_ in words.additions for c in modifiers):
        recap["count_adds"] = True
    if any(c.lower_ in words.additions for c in phrase.children):
        recap["count_new_people"] = True  # "two additional suspects": said of the people, not of the act
    if len(_members(phrase)) == 1 and phrase.pos_ in ("NOUN", "PROPN"):
        recap["count_noun"] = phrase.lemma_.lower()
        recap["count_vague"] = _is_vague(phrase, words)
    return recap


def _is_vague(head: Token, words: CountWords) -> bool:
    """ "several suspects", "numerous insurgents", a bare plural: a count that does not say how many."""
    numbers = [c for c in head.children if c.dep_ in _NUMBER_DEPS and _number_value(c, words) is not None]
    if not numbers:
        return head.tag_ == "NNS"
    return all(c.lower_ in words.vague for c in numbers)


def recounted(
    event: EventMention, column: str, told: dict[str, tuple[int, int, int]], vague: dict | None = None
) -> int | None:
    """The mention's count once what earlier sentences told is taken out.

    TOLD maps a count column to (largest count, sentence that first told one, people told in all).
    A count in the sentence that first told one ("arrested a leader and detained two suspects") is
    new; a later one that adds no one to what was told is a recap. A later phrase that points back
    ("the leader and two of his associates", "the five suspects") recounts the people told: only
    those beyond them are new, and never more than its fresh members when it names some.
    VAGUE maps (column, noun) to the count an earlier sentence told of that noun without saying
    how many ("detained numerous suspects"): a later count of the same noun ("detained more than
    10 suspects", "also detained several suspects") tells those people again, more precisely, so
    only those beyond the vague count are new, unless the phrase says its people are new ("two
    additional suspects"); the verb's "also" sets the act beside another, not the people.
    """
    value = getattr(event, column)
    if column not in told or told[column][1] == event.sentence_index:
        return value
    retold = (vague or {}).get((column, event.extra.get("count_noun")))
    if retold is not None and retold[1] != event.sentence_index and not event.extra.get("count_new_people"):
        return value - retold[0] if value > retold[0] else None
    if event.extra.get("count_adds"):
        return value
    if event.extra.get("count_anaphoric"):
        return _beyond_told(value, told[column][2], event.extra)
    return None if value <= told[column][0] else value


def _beyond_told(value: int, told_people: int, extra: dict) -> int | None:
    fresh = extra.get("count_fresh")
    if fresh is None and not extra.get("count_stated"):
        return None  # "the suspects", "him": no one beyond those told
    beyond = value - told_people
    if fresh is not None:
        beyond = min(beyond, fresh)
    return beyond if beyond > 0 else None


def _remember_vague(event: EventMention, columns: list[str], vague: dict) -> None:
    """A vague count ("numerous suspects") of a noun, for a later, more precise telling to replace."""
    noun = event.extra.get("count_noun")
    if noun is None:
        return
    for column in columns:
        if event.extra.get("count_vague") and (column, noun) not in vague:
            vague[(column, noun)] = (getattr(event, column), event.sentence_index)


def drop_repeated_counts(events: Sequence[EventMention]) -> list[EventMention]:
    """Events in text order, each count reduced to the people it adds to what came before.

    Only asserted events tell people: "an operation to arrest a leader" detained no one yet, so the
    "one suspected insurgent" then detained is new, not its recap.
    """
    told: dict[str, tuple[int, int, int]] = {}
    vague: dict[tuple[str, str], tuple[int, int]] = {}  # (column, noun) -> (vague count, its sentence)
    result = []
    for event in events:
        if event.modality != "asserted":
            result.append(event)
            continue
        columns = [f"num_{k}" for k in KINDS if getattr(event, f"num_{k}") is not None]
        changes = {c: recounted(event, c, told, vague) for c in columns}
        _remember_vague(event, columns, vague)
        for column in columns:
            largest, first, people = told.get(column, (0, event.sentence_index, 0))
            told[column] = (max(largest, getattr(event, column)), first, people + (changes[column] or 0))
        changes = {c: v for c, v in changes.items() if v != getattr(event, c)}
        result.append(replace(event, **changes) if changes else event)
    return result
