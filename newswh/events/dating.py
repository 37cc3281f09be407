"""When an event mention happened: which time expression dates it, in a fixed fallback order.

The rules and their order are data (`resources/dating.yaml`, which says what each rule means):
own_clause, occasion, paragraph, lead_followup, lead_sentence, dateline, inherited. This module
implements the first five over a parsed Doc; `dateline` is `newswh.events.convention` (it needs the parsed
dateline, so `newswh.extract` applies it to what is still undated after these), and `inherited` is the article window that `newswh.extract.fact_date` gives an undated fact.

A time expression dates the predicate it attaches to in the parse (`timex_host`), so in
"Lavrov announced that Russia has accredited the first diplomat since the Taliban took control
in August 2021" the month dates "took" and nothing else. A reporting verb takes the time of
the report; the event it reports keeps its own, or none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from newswh.events.lexicon import code_family, reports_clause
from newswh.events.modality import load_rules as modality_rules
from newswh.events.syntax import is_infinitive, is_non_finite, is_past
from newswh.nlp import doc_text
from newswh.records import EventMention, TimeExpression

RULES_FILE = Path(__file__).resolve().parent / "resources" / "dating.yaml"
_AGE = re.compile(r"(?i)-?\bold\b$")  # "the 8-month-old government" dates its noun, never an event
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_VERBAL = ("VERB", "AUX")


@dataclass(frozen=True)
class DatingRules:
    fallback_order: tuple[str, ...]
    occasion_nouns: frozenset[str]
    lead_occasion_nouns: frozenset[str]
    generic_anaphors: frozenset[str]
    anaphoric_determiners: frozenset[str]
    nominal_suffixes: tuple[str, ...]
    simultaneous_markers: frozenset[str]
    bounding_markers: frozenset[str]
    sequence_prepositions: frozenset[str]
    occasion_lookback: int
    name_like_deictics: frozenset[str]
    end_prepositions: frozenset[str]
    prospective_governors: frozenset[str]
    future_auxiliaries: frozenset[str]
    forward_words: frozenset[str]


@lru_cache(maxsize=2)
def load_rules(path: str | None = None) -> DatingRules:
    data = yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))
    return DatingRules(
        fallback_order=tuple(data["fallback_order"]),
        occasion_nouns=frozenset(data["occasion_nouns"]),
        lead_occasion_nouns=frozenset(data["lead_occasion_nouns"]),
        generic_anaphors=frozenset(data["generic_anaphors"]),
        anaphoric_determiners=frozenset(data["anaphoric_determiners"]),
        nominal_suffixes=tuple(sorted(data["nominal_suffixes"], key=len, reverse=True)),
        simultaneous_markers=frozenset(data["simultaneous_markers"]),
        bounding_markers=frozenset(data["bounding_markers"]),
        sequence_prepositions=frozenset(data["sequence_prepositions"]),
        occasion_lookback=int(data["occasion_lookback"]),
        name_like_deictics=frozenset(data["name_like_deictics"]),
        end_prepositions=frozenset(data["end_prepositions"]),
        prospective_governors=frozenset(data["prospective_governors"]),
        future_auxiliaries=modality_rules().future_auxiliaries,
        forward_words=frozenset(data["forward_words"]),
    )


# ---------------------------------------------------------------- own clause


def can_date(timex: TimeExpression) -> bool:
    """A calendar date or time, or a duration that denotes a window ("in recent months"); no ages."""
    if _AGE.search(timex.text):
        return False
    return timex.type in ("DATE", "TIME") or (timex.type == "DURATION" and timex.date_start is not None)


def in_a_name(doc: Doc, timex: TimeExpression) -> bool:
    """A deictic word capitalized mid-sentence is part of a name ("Now Zad", "Qal'ah-ye Now")."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    word = span[0]
    return word.lower_ in load_rules().name_like_deictics and word.text[0].isupper() and not word.is_sent_start


def timex_host(doc: Doc, timex: TimeExpression, nominals: frozenset[int] = frozenset()) -> Token | None:
    """The predicate a time expression attaches to: the first verb (or nominal trigger) above it."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = range(span.start, span.end)
    token = span.root
    rules = load_rules()
    if token.pos_ in _VERBAL and _marker(token) in rules.bounding_markers:
        return None  # "since the Taliban took control": a bound on what follows, the date of none
    if token.dep_ == "pobj" and token.head.lower_ in rules.end_prepositions:
        return None  # "delayed the launch until 2018": where a state or a postponement ends
    if describes_a_noun_of_a_noun(token) and rules.forward_words & {t.lower_ for t in span}:
        return token.head if token.head.i in nominals else None
    for _ in range(12):
        if token.i not in inside and (token.pos_ in _VERBAL or token.i in nominals):
            return token
        if token.head.i == token.i:
            return token if token.pos_ in _VERBAL else None
        token = token.head
    return None


_ATTRIBUTIVE_DEPS = ("poss", "compound", "nummod", "amod", "nmod")
_NOMINAL = ("NOUN", "PROPN")


def describes_a_noun_of_a_noun(token: Token) -> bool:
    """The expression modifies a noun that is itself an argument of a noun ("the value of next
    month's launch", "preparations for next week's summit"), not one the clause takes directly
    ("during yesterday's operation, forces detained ...": the clause's occasion)."""
    noun = token.head
    if token.dep_ not in _ATTRIBUTIVE_DEPS or noun.i == token.i or noun.pos_ not in _NOMINAL:
        return False
    if noun.dep_ in _ATTRIBUTIVE_DEPS or noun.dep_ == "appos":
        return noun.head.pos_ in _NOMINAL
    return noun.dep_ == "pobj" and noun.head.head.pos_ in _NOMINAL


def is_reported(token: Token) -> bool:
    """The clause is the complement of a reporting verb ("said that ...")."""
    return token.dep_ == "ccomp" and reports_clause(token.head)


def is_reported_nominal(token: Token) -> bool:
    """A nominal event that a reporting verb takes as its object ("ISAF today confirmed the capture
    of a leader"): what is reported, so, like a reported clause, not at the time of the report."""
    return token.pos_ in _NOMINAL and token.dep_ == "dobj" and reports_clause(token.head)


def _climbs(token: Token) -> bool:
    """Whether a predicate shares the time of the one governing it."""
    if token.pos_ not in _VERBAL:
        # A nominal: up to the clause it is an argument of, unless a preposition orders it
        # before or after that clause ("seized power in August 2021, following the withdrawal").
        if is_reported_nominal(token):
            return False
        return not (token.dep_ == "pobj" and token.head.lower_ in load_rules().sequence_prepositions)
    if token.dep_ == "relcl" and is_infinitive(token):
        return True  # "an operation to arrest a leader": a purpose, at the time of the operation
    if token.dep_ in ("relcl", "parataxis") or is_reported(token):
        return False
    if is_past(token) and future_marked(token.head):
        return False  # "As Musk explained, the rocket will carry ...": told before what it foretells
    if token.dep_ in ("advcl", "acl"):
        # "..., adding" and "when X accredited" share the time; "since X took control" does not.
        return is_non_finite(token) or _marker(token) in load_rules().simultaneous_markers
    return True


def future_marked(token: Token) -> bool:
    """The predicate carries a future auxiliary ("will carry", "is going to launch")."""
    return any(c.dep_ == "aux" and c.lower_ in load_rules().future_auxiliaries for c in token.children)


def lies_ahead(token: Token) -> bool:
    """The predicate is what its governor plans, expects or asks for, so it lies after the governor's time.

    "unveiled plans to put humans on Mars as early as 2024", "is planned to orbit the moon in
    2019", "a lunar lander, planned for 2022": the year is when the plan is to be carried out,
    not when it was unveiled, made or contributed to.
    """
    prospective = load_rules().prospective_governors
    if token.dep_ == "acl" and token.lemma_.lower() in prospective:
        return True
    if token.dep_ in ("xcomp", "ccomp", "acl") and token.head.lemma_.lower() in prospective:
        return True
    return future_marked(token)


def _marker(clause: Token) -> str | None:
    """The conjunction that opens a clause ("since", "when"; "when" is often parsed as advmod)."""
    for c in clause.children:
        if c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB"):
            return c.lower_
    return None


def _verbal_head(token: Token) -> Token | None:
    current = token
    while current.head.i != current.i:
        current = current.head
        if current.pos_ in _VERBAL:
            return current
    return None


def simultaneous_clauses(predicate: Token) -> list[Token]:
    """Adverbial clauses of a predicate that happen at its time ("as soon as X took control")."""
    markers = load_rules().simultaneous_markers
    return [
        t
        for t in predicate.subtree
        if t.dep_ == "advcl" and t.i != predicate.i and _marker(t) in markers and _verbal_head(t) == predicate
    ]


def governing_chain(token: Token) -> list[Token]:
    """The trigger and the predicates whose time it shares, nearest first."""
    chain = [token]
    current = token
    for _ in range(10):
        if current.head.i == current.i or not _climbs(current):
            break
        current = current.head
        if current.pos_ in _VERBAL or current.i == token.i:
            chain.append(current)
    return chain


def own_clause_timex(
    token: Token, timexes: Sequence[TimeExpression], nominals: frozenset[int] = frozenset()
) -> TimeExpression | None:
    """The expression attached to the trigger's clause, else to a clause whose time it shares."""
    hosted: dict[int, list[TimeExpression]] = {}
    for timex in timexes:
        # "following the withdrawal" is a time after the withdrawal, not the withdrawal's own time.
        if can_date(timex) and not timex.start <= token.idx < timex.end and not in_a_name(token.doc, timex):
            host = timex_host(token.doc, timex, nominals | {token.i})
            if host is not None:
                hosted.setdefault(host.i, []).append(timex)
    chain = governing_chain(token)
    for predicate in chain:
        found = hosted.get(predicate.i) or [t for c in simultaneous_clauses(predicate) for t in hosted.get(c.i, [])]
        if found:
            return min(found, key=lambda t: (t.date_start is None, abs(t.start - token.idx)))
    return dependent_timex(token.doc, chain, hosted)


def dependent_timex(doc: Doc, chain: list[Token], hosted: dict[int, list[TimeExpression]]) -> TimeExpression | None:
    """An expression hosted below the trigger by a predicate that shares its time.

    "detained two suspects during an operation to arrest a leader yesterday": "yesterday" hangs
    on "arrest", whose time climbs through "operation" to "detained", so it dates the detention
    too. A finite or relative clause, a report or a sequence preposition on the way up stops it.
    Among several, the finest (a stated day before a month), then the nearest, wins.
    """
    members = {t.i for t in chain}
    found = [
        timex
        for host_index, timexes in hosted.items()
        if host_index not in members and _shares_time_with(governing_chain(doc[host_index]), members)
        for timex in timexes
    ]
    if not found:
        return None
    trigger = chain[0]
    return min(found, key=lambda t: (t.date_start is None, t.precision != "day", abs(t.start - trigger.idx)))


def _shares_time_with(host_chain: list[Token], members: set[int]) -> bool:
    """The host's chain reaches the trigger's without passing a predicate that lies ahead of it."""
    for predicate in host_chain:
        if predicate.i in members:
            return True
        if lies_ahead(predicate):
            return False
    return False


# ---------------------------------------------------------------- beyond the clause


def is_background(token: Token) -> bool:
    """A reported event keeps its own time; a relative clause is background. Neither borrows one."""
    current = token
    for _ in range(10):
        if is_reported(current) or is_reported_nominal(current) or current.dep_ == "relcl":
            return True
        if current.head.i == current.i or not _climbs(current):
            return False
        current = current.head
    return False


def verb_stem(noun: Token, rules: DatingRules) -> str:
    """The verb a nominal names, without a final e ("announcement" -> "announc")."""
    lemma = noun.lemma_.lower()
    for suffix in rules.nominal_suffixes:
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 3:
            lemma = lemma[: -len(suffix)]
            break
    return lemma.rstrip("e")


def names_predicate(noun: Token, predicate: Token, rules: DatingRules) -> bool:
    """'the announcement' names 'announced'; 'the visit' names 'visited'."""
    return predicate.pos_ == "VERB" and predicate.lemma_.lower().rstrip("e") == verb_stem(noun, rules)


def definite_nouns(tokens: Sequence[Token], rules: DatingRules) -> list[Token]:
    """Nouns introduced by an anaphoric determiner ("the meeting", "this move")."""
    return [
        t
        for t in tokens
        if t.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in rules.anaphoric_determiners for c in t.children)
    ]


def clause_tokens(token: Token) -> list[Token]:
    """The tokens of the trigger's clause and of the clauses whose time it shares."""
    chain = governing_chain(token)
    members = {t.i for t in chain}
    found = []
    for predicate in chain:
        for tok in predicate.subtree:
            path = tok
            while path.i not in members and path.head.i != path.i:
                if path.pos_ in _VERBAL and path.dep_ in ("ccomp", "relcl", "advcl", "parataxis", "acl", "conj"):
                    break
                path = path.head
            if path.i in members:
                found.append(tok)
    return found


@dataclass(frozen=True)
class Narrative:
    """What the fallbacks read: the sentences, their paragraphs and their narrative times."""

    sentences: list[Span]
    paragraph_of: Callable[[int], int]
    times: list[TimeExpression | None]
    events_by_sentence: dict[int, list[EventMention]]
    timexes_by_sentence: dict[int, list[TimeExpression]] = field(default_factory=dict)

    @property
    def lead(self) -> int | None:
        """The lead: the first sentence that tells an event (a dateline or heading tells none)."""
        return min(self.events_by_sentence, default=None)


def paragraph_index(text: str) -> Callable[[int], int]:
    """Char offset -> paragraph number (paragraphs are separated by a blank line)."""
    starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    return lambda offset: bisect_right(starts, offset) - 1


def occasion_time(token: Token, si: int, narrative: Narrative, rules: DatingRules) -> TimeExpression | None:
    """The time of an earlier sentence the trigger's clause points back to."""
    tokens = clause_tokens(token)
    indefinite = _operation_nouns(tokens, rules)
    for noun in definite_nouns(tokens, rules) + indefinite:
        lemma = noun.lemma_.lower()
        if lemma in rules.generic_anaphors and si > 0:
            return narrative.times[si - 1]
        if lemma not in rules.occasion_nouns:
            continue
        for earlier in range(si - 1, max(-1, si - 1 - rules.occasion_lookback), -1):
            if narrative.times[earlier] is not None and _tells(narrative.sentences[earlier], noun, rules):
                return narrative.times[earlier]
        lead_time = None if noun in indefinite else _lead_occasion_time(lemma, si, narrative, rules)
        if lead_time is not None:
            return lead_time
    return None


def _operation_nouns(tokens: Sequence[Token], rules: DatingRules) -> list[Token]:
    """Lead occasion nouns without a definite determiner ("conducted a security operation"): in a
    report they name the operation its lead told, so they too look back for it (never to the lead
    by default: only an earlier sentence that names the same noun dates them)."""
    return [
        t
        for t in tokens
        if t.pos_ == "NOUN"
        and t.lemma_.lower() in rules.lead_occasion_nouns
        and not any(c.dep_ == "det" and c.lower_ in rules.anaphoric_determiners for c in t.children)
    ]


def _lead_occasion_time(lemma: str, si: int, narrative: Narrative, rules: DatingRules) -> TimeExpression | None:
    """'during the operation' with no earlier sentence naming one: the occasion the lead reports."""
    lead = narrative.lead
    if lemma not in rules.lead_occasion_nouns or lead is None or lead >= si or lead >= len(narrative.times):
        return None
    return narrative.times[lead]


def _tells(sentence: Span, noun: Token, rules: DatingRules) -> bool:
    lemma = noun.lemma_.lower()
    return any(t.lemma_.lower() == lemma or names_predicate(noun, t, rules) for t in sentence)


def paragraph_time(token: Token, si: int, narrative: Narrative) -> TimeExpression | None:
    """The narrative time of the nearest earlier dated sentence of the trigger's paragraph."""
    paragraph = narrative.paragraph_of(token.idx)
    for earlier in range(si - 1, -1, -1):
        if narrative.paragraph_of(narrative.sentences[earlier].start_char) != paragraph:
            return None
        if narrative.times[earlier] is not None:
            return narrative.times[earlier]
    return None


def lead_followup_time(
    token: Token, event: EventMention, narrative: Narrative, rules: DatingRules
) -> TimeExpression | None:
    """A lead event takes the second sentence's calendar date when it tells the same occasion."""
    lead = narrative.lead
    if event.sentence_index != lead or len(narrative.sentences) < lead + 2:
        return None
    time = narrative.times[lead + 1]
    if time is None or time.precision in (None, "fuzzy"):
        return None
    follow = narrative.sentences[lead + 1]
    family = code_family(event.event_code)
    same = (
        any(names_predicate(noun, token, rules) for noun in definite_nouns(list(follow), rules))
        or any(code_family(e.event_code) == family for e in narrative.events_by_sentence.get(lead + 1, []))
        or bool(_shared_occasion_nouns(narrative.sentences[lead], follow, rules))
    )
    return time if same else None


def lead_sentence_time(event: EventMention, narrative: Narrative) -> TimeExpression | None:
    """An event of the lead takes the one day its sentence states, wherever the parse hangs it.

    "Forces detained a leader who operated in the district, along with one suspect, during an
    operation yesterday": the parse hangs "yesterday" on the relative clause, but a news lead
    states when its event happened, once. Only a stated or resolved day (precision day) that is
    the sentence's only date counts: two dates, or a month or a window, date nothing this way.
    """
    if event.sentence_index != narrative.lead:
        return None
    candidates = [t for t in narrative.timexes_by_sentence.get(event.sentence_index, []) if can_date(t)]
    if len({(t.date_start, t.date_end) for t in candidates}) != 1 or candidates[0].precision != "day":
        return None
    return candidates[0]


def reported_nominal_time(token: Token, event: EventMention, narrative: Narrative) -> TimeExpression | None:
    """A reported nominal takes the one day its sentence states besides the report's own time.

    "ISAF today confirmed the capture of a facilitator during an operation in Zabul province, June
    14": "today" modifies the reporting verb and dates the confirming; "June 14", however the parse
    hangs it, is the capture's. Only when the other datable expressions all denote one day.
    """
    if not is_reported_nominal(token):
        return None
    reporting = token.head
    others = [
        t
        for t in narrative.timexes_by_sentence.get(event.sentence_index, [])
        if can_date(t) and not _modifies(token.doc, t, reporting)
    ]
    if len({(t.date_start, t.date_end) for t in others}) != 1 or others[0].precision != "day":
        return None
    return others[0]


def _modifies(doc: Doc, timex: TimeExpression, predicate: Token) -> bool:
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.head.i == predicate.i


def _shared_occasion_nouns(first: Span, second: Span, rules: DatingRules) -> set[str]:
    nouns = {t.lemma_.lower() for t in definite_nouns(list(second), rules)} & rules.occasion_nouns
    return nouns & {t.lemma_.lower() for t in first}


# ---------------------------------------------------------------- the pass


def narrative_times(
    sentences: list[Span],
    timex_by_sentence: dict[int, list[TimeExpression]],
    paragraph_of,
    rules: DatingRules,
    events: Sequence[EventMention] = (),
) -> Narrative:
    """Each sentence's narrative time: its main clause's own date, else by occasion or paragraph."""
    narrative = Narrative(sentences, paragraph_of, [], {}, timex_by_sentence)
    for event in events:
        narrative.events_by_sentence.setdefault(event.sentence_index, []).append(event)
    for si, sentence in enumerate(sentences):
        root = sentence.root
        time = own_clause_timex(root, timex_by_sentence.get(si, []))
        if time is None or time.date_start is None:
            time = occasion_time(root, si, narrative, rules) or paragraph_time(root, si, narrative)
        narrative.times.append(time)
    return narrative


def _fallback(rule: str, token: Token, event: EventMention, narrative: Narrative, rules: DatingRules):
    if rule == "occasion":
        return occasion_time(token, event.sentence_index, narrative, rules)
    if rule == "paragraph":
        return paragraph_time(token, event.sentence_index, narrative)
    if rule == "lead_followup":
        return lead_followup_time(token, event, narrative, rules)
    if rule == "lead_sentence":
        return lead_sentence_time(event, narrative)
    # own_clause ran already; dateline (newswh.events.convention) and inherited are the caller's.
    return None


def date_by_context(
    doc: Doc, events: Sequence[EventMention], timexes: Sequence[TimeExpression], rules: DatingRules | None = None
) -> list[EventMention]:
    """Events without a date of their own clause take one by the fallbacks, in the rules' order.

    Each event records the rule that dated it in `extra["date_rule"]` (absent when undated).
    """
    rules = rules or load_rules()
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    timex_by_sentence: dict[int, list[TimeExpression]] = {}
    for timex in timexes:
        timex_by_sentence.setdefault(bisect_right(starts, timex.start) - 1, []).append(timex)
    narrative = narrative_times(sentences, timex_by_sentence, paragraph_index(doc_text(doc)), rules, events)
    return [_dated(doc, event, narrative, rules) for event in events]


def _dated(doc: Doc, event: EventMention, narrative: Narrative, rules: DatingRules) -> EventMention:
    if event.date is not None:
        return replace(event, extra={**event.extra, "date_rule": "own_clause"})
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    if span is None:
        return event
    if is_background(span.root):
        time = reported_nominal_time(span.root, event, narrative)
        return event if time is None else replace(event, date=time, extra={**event.extra, "date_rule": "reported"})
    for rule in rules.fallback_order:
        time = _fallback(rule, span.root, event, narrative, rules)
        if time is not None:
            return replace(event, date=time, extra={**event.extra, "date_rule": rule})
    return event
