"""Tense: which way an underspecified date ("on Saturday", "in November") points from the DCT.

From the spaCy parse when there is one (`doc_direction`), otherwise from a cheap lexical
heuristic (`lexical_direction`): future modals and "plans to" versus past-tense verbs. The
word lists are data, documented with examples in resources/english/tense.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

PAST, UNKNOWN, FUTURE = -1, 0, 1

TENSE_FILE = Path(__file__).resolve().parent / "resources" / "english" / "tense.yaml"


@dataclass(frozen=True)
class TenseCues:
    """The word lists of resources/english/tense.yaml, one field per list (documented there)."""

    future_auxiliaries: frozenset[str]
    future_words: frozenset[str]
    modals: frozenset[str]
    future_verbs: frozenset[str]
    past_words: frozenset[str]
    not_past_ed: frozenset[str]
    intent_verbs: frozenset[str]
    planning_participles: frozenset[str]
    future_heads: frozenset[str]
    present_event_verbs: frozenset[str]
    not_before_present: frozenset[str]


@lru_cache(maxsize=2)
def load_cues(path: str | None = None) -> TenseCues:
    data = yaml.safe_load(Path(path or TENSE_FILE).read_text(encoding="utf-8"))
    return TenseCues(**{key: frozenset(words) for key, words in data.items()})


_CUES = load_cues()
_FUTURE_AUXILIARIES = _CUES.future_auxiliaries
_FUTURE_WORDS = _CUES.future_words
_MODALS = _CUES.modals
_FUTURE_VERBS = _CUES.future_verbs
_PAST_WORDS = _CUES.past_words
_NOT_PAST_ED = _CUES.not_past_ed
_INTENT_VERBS = _CUES.intent_verbs
_PLANNING_PARTICIPLES = _CUES.planning_participles
_FUTURE_HEADS = _CUES.future_heads
_PRESENT_EVENT_VERBS = _CUES.present_event_verbs
_NOT_BEFORE_PRESENT = _CUES.not_before_present
# Before a planning participle, these make it the way things went, not a plan ahead: "as
# previously planned Saturday night". One set for the lexical and the parse reading.
_PLAN_AS_BEFORE = frozenset(("previously", "originally", "as"))
_WORD_RE = re.compile(r"[A-Za-z'’]+")
_SENT_BREAK_RE = re.compile(r"[.!?]\s+(?=[A-Z\"“])|\n\s*\n")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 250)
    left = lo
    for m in _SENT_BREAK_RE.finditer(text, lo, start):
        left = m.end()
    m = _SENT_BREAK_RE.search(text, end, min(len(text), end + 250))
    right = m.start() + 1 if m else min(len(text), end + 250)
    return left, right


def _word_class(word: str, prev: str | None, nxt: str = "") -> int:
    w = word.lower()
    if w == "next" and nxt.lower() == "to":
        return UNKNOWN  # "next to the embassy" is a place, not the coming week
    if w in _FUTURE_WORDS or w in _FUTURE_AUXILIARIES or (w in _MODALS and word == w):
        return FUTURE
    if w in ("to",) and prev and prev.lower() in _FUTURE_VERBS:
        return FUTURE
    if w in _PAST_WORDS:
        return PAST
    if len(w) > 4 and w.endswith("ed") and w not in _NOT_PAST_ED and not w.endswith("eed"):
        return PAST
    return UNKNOWN


def lexical_direction(text: str, start: int, end: int) -> int:
    """Cheap tense guess for the clause around text[start:end].

    English puts the governing verb (and its auxiliaries) before a temporal
    adjunct, so the words to the left are read first, nearest first; the
    right side is read only when the left is silent ("On Saturday, X took
    over"), twelve words deep, as a fronted date's subject can be a long name
    ("On Tuesday, the National Abortion and Reproductive Rights Action League
    plans to ..."). A past participle with a future modal shortly before it ("will be
    held Saturday") is future.
    """
    left, right = _sentence_bounds(text, start, end)
    lw_rev = [m.group() for m in _WORD_RE.finditer(text, left, start)][::-1][:12]
    rw = [m.group() for m in _WORD_RE.finditer(text, end, right)][:12]
    if rw and rw[0].lower() in ("was", "were") and not text[end : end + 2].startswith(","):
        # The date ends the subject of a past clause: "a service planned for Saturday was
        # canceled" reports the Saturday as past, whatever the participle inside the subject says.
        return PAST
    for i, w in enumerate(lw_rev):
        lw = w.lower()
        prev = lw_rev[i + 1].lower() if i + 1 < len(lw_rev) else ""
        if lw == "to" and (prev in _FUTURE_VERBS or prev in _INTENT_VERBS):
            return FUTURE
        if lw in _FUTURE_VERBS and prev in ("is", "are", "am", "'s", "were", "was"):
            return FUTURE
        if lw in _PLANNING_PARTICIPLES and prev not in _PLAN_AS_BEFORE:
            return FUTURE
        if w in _PRESENT_EVENT_VERBS and prev not in _NOT_BEFORE_PRESENT:
            return FUTURE  # news tells a scheduled event in the present: "the council meets Monday"
        c = _word_class(w, None, lw_rev[i - 1] if i else "")
        if c == PAST:
            window = [x.lower() for x in lw_rev[i + 1 : i + 4]]
            modal = any(x in _FUTURE_AUXILIARIES or x in _MODALS for x in window)
            if window[:2] == ["be", "to"] or (window[:1] in (["be"], ["been"], ["have"]) and modal):
                return FUTURE  # "will be held", "is to be signed", "will have met"
            if modal and lw.endswith("ed"):
                return FUTURE
            if window[:1] in (["is"], ["are"], ["am"], ["be"]) and not modal:
                return UNKNOWN  # present passive ("when the case is heard in May") is not past
        if c != UNKNOWN:
            return c
    for i, w in enumerate(rw):
        c = _word_class(w, rw[i - 1] if i else None, rw[i + 1] if i + 1 < len(rw) else "")
        if c != UNKNOWN:
            return c
    return UNKNOWN


# A date that modifies a noun is not dated by its clause: in "gave no reason for the Jan. 14
# deadline" or "would look for ways around Wednesday's ruling" the verb's tense says nothing
# about the date. A determiner before it and a lower-case word after it, or a possessive 's.
_DETERMINER_BEFORE_RE = re.compile(r"(?i)(?<![\w-])(?:the|a|an|its|his|her|their|our|this)\s+$")
_NOUN_AFTER_RE = re.compile(
    r"\s+(?!(?:of|in|on|at|to|for|and|or|as|when|with|by|from|that|was|were|is|are|will|would|had|has|have)\b)[a-z]"
)
_POSSESSIVE_RE = re.compile(r"['’]s(?![\w-])")


def attributive(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a date used as a modifier ("the Jan. 14 deadline", "Friday's vote")."""
    if _POSSESSIVE_RE.match(text, end):
        return True
    return bool(_DETERMINER_BEFORE_RE.search(text[max(0, start - 8) : start])) and bool(_NOUN_AFTER_RE.match(text, end))


# Cues just before a date that point it forward whatever the clause's tense: the earliest
# time of something expected ("could come as early as Tuesday") and the new end of a
# deferral ("postponed until Tuesday", "has given the relatives until 9 a.m. Tuesday").
_FORWARD_CUE_RE = re.compile(
    r"(?i)(?:\bas\s+(?:early|soon)\s+as"
    r"|\b(?:postponed|delayed|deferred|adjourned|extended|given|give|gives)\b(?:\s+[\w'’]+){0,4}?\s+until)\s+$"
)


def forward_cue(text: str, start: int) -> bool:
    """True when the words just before text[start:] point the date after the DCT."""
    return bool(_FORWARD_CUE_RE.search(text[max(0, start - 60) : start]))


def _modal_ahead(verb) -> bool:
    """A modal of obligation or possibility on the verb points it forward, as in the lexical
    reading ("must be returned by Jan. 14"), unless a perfect makes it a guess about the past
    ("may have been killed Monday")."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in ("have", "'ve") for c in auxes):
        return False
    return any(c.text in _MODALS for c in auxes)


def _planned_ahead(verb, span) -> bool:
    """The date after a planning participle is what was planned, so it lies ahead even in a
    past clause ("planned a demonstration on Saturday", "has scheduled a news conference
    Thursday"), as in the lexical reading; not when the plan is only the way it went ("as
    previously planned Saturday night") or a noun's modifier ("a service planned for Saturday
    was canceled")."""
    if verb.lower_ not in _PLANNING_PARTICIPLES or verb.i >= span.start or verb.dep_ == "acl":
        return False
    return not any(c.lower_ in _PLAN_AS_BEFORE for c in verb.children)


def _future_auxiliary(token) -> bool:
    """An auxiliary of tense.yaml's future_auxiliaries, by its form or its lemma ("wo" of "won't"
    is lemmatised "will")."""
    if token.dep_ not in ("aux", "auxpass"):
        return False
    return token.lower_ in _FUTURE_AUXILIARIES or token.lemma_.lower() in _FUTURE_AUXILIARIES


def _future_head(token) -> bool:
    """A verb of future_heads, by its lemma or, where the tagger's lemma is wrong ("hopes" ->
    "hop"), by the form listed beside it."""
    return token.lemma_.lower() in _FUTURE_HEADS or token.lower_ in _FUTURE_HEADS


def _governing_verb(span):
    """The verb the date hangs on, at most six heads up, and whether the way up passes a noun
    outside the date ("a cutback in its oil supply in September"); (None, False) without one."""
    tok, via_noun = span.root, False
    for _ in range(6):
        outside = not (span.start <= tok.i < span.end)
        if tok.pos_ in ("VERB", "AUX") and outside:
            return tok, via_noun
        if tok.head is tok:  # the sentence's root: a verb even inside the date, as before
            return (tok, via_noun) if tok.pos_ in ("VERB", "AUX") else (None, False)
        via_noun = via_noun or (outside and tok.pos_ in ("NOUN", "PROPN"))
        tok = tok.head
    return None, False


def doc_direction(doc, start: int, end: int) -> int:
    """Tense of the clause that governs text[start:end], read off a spaCy parse.

    A past verb does not date a date that modifies one of its nouns, the parse's twin of
    `attributive`: in "told oil companies of a cutback in its oil supply in September" the
    cutback is still to come. Yet both dev corpora annotate nearly all such dates on or before
    the DCT (TimeBank 10 of 12, AQUAINT 48 of 51), so the past is not turned forward: the date
    is left to the words around it and, failing them, to the nearer occurrence. A future verb still
    points it forward ("will be named commander for a mission in December").
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return UNKNOWN
    verb, via_noun = _governing_verb(span)
    if verb is None:
        return UNKNOWN
    direction = _verb_direction(verb, span)
    return UNKNOWN if via_noun and direction == PAST else direction


def _verb_direction(verb, span) -> int:
    """Tense of `verb`, the verb that governs the date `span`."""
    if any(_future_auxiliary(c) for c in verb.children):
        return FUTURE
    # "plans to visit on Saturday": the infinitive hangs off a planning verb.
    if verb.dep_ == "xcomp" and _future_head(verb.head):
        return FUTURE
    if _modal_ahead(verb) or _planned_ahead(verb, span):
        return FUTURE
    if any(c.lower_ == "going" for c in verb.children) or (
        verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)
    ):
        return FUTURE
    if "Past" in verb.morph.get("Tense") and verb.tag_ == "VBD":
        return PAST
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and "Past" in child.morph.get("Tense"):
            return PAST
    if verb.tag_ == "VBN" and verb.head is not verb and verb.head.tag_ == "VBD":
        return PAST
    return UNKNOWN
