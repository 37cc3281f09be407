"""Event extraction: one CAMEO-coded event per lexicon predicate in a parsed body text.

An event is a predicate (a verb, or a nominal such as "recognition") found in the verb
lexicon (`seeds/reference/verb_lexicon.csv`, data not code), with

* a source actor (who acts) and a target actor (to whom), taken from the caller's
  ActorMention list by overlap with the syntactic arguments (subject / passive agent /
  possessor; object / passive subject / dative / prepositional object);
* a modality (asserted, negated, hypothetical, planned, requested) read off negation,
  modal auxiliaries, conditional markers and the governing predicate ("refused to",
  "urged X to", "intends to", "too early to talk about");
* the time expression that dates it (`dating`: its own clause, else its occasion, paragraph or
  lead; never the report's date for a reported act), a place ("in Moscow") and the evidence
  (sentence index and char offsets into body_text).

The steps live in their own modules: `lexicon` (which predicates, which code), `syntax`
(helpers over the parse), `arguments` (actors, source fallbacks, place) and `modality`. An
asserted 054x event that still has no source is kept and flagged `extra["agent_unknown"]`
(see README_events.md).

Reported speech yields two events: the reporting verb's statement (CAMEO 01x) and the
reported act, which carries `extra["reported_by"]` (the statement's trigger offset).

Every pass is a single walk over the tokens of an already-parsed Doc with dictionary
lookups, so the cost stays linear in tokens and negligible next to the parser.
The CAMEO convention is CAMEO 1.1b3 as tabulated by ICEWS (see README_events.md).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newswh.events.arguments import (
    MentionIndex,
    SourceFallback,
    choose_arguments,
    fallback_source,
    noun_arguments,
    place_of,
    resolve_argument,
    verb_arguments,
)
from newswh.events.counts import count_recap, drop_repeated_counts, event_counts
from newswh.events.dating import date_by_context, own_clause_timex
from newswh.events.impersonal_reports import REASON as IMPERSONAL_REPORT
from newswh.events.impersonal_reports import impersonal_report
from newswh.events.implicit_agent import BASIS as IMPLICIT_AGENT
from newswh.events.implicit_agent import CONFIRMED_BY, OPERATION_FORCE, agentless_link, confirming_verb, operation_force
from newswh.events.lexicon import (
    CameoCode,
    Lexicon,
    LexiconEntry,
    code_family,
    load_cameo,
    load_lexicon,
    match_entry,
    reports_clause,
)
from newswh.events.modality import modality_of, nominal_modality
from newswh.events.not_events import caption_spans, in_caption, in_headline, not_event_reason, sentence_reasons
from newswh.events.senses import verb_sense
from newswh.events.syntax import sentence_of
from newswh.records import ActorMention, Citation, EventMention, TimeExpression

ChooseTimex = Callable[[Sequence[TimeExpression], int, int], TimeExpression | None]


def governing_timex_by_syntax(token: Token, timexes: Sequence[TimeExpression]) -> TimeExpression | None:
    """The time expression attached to the trigger's clause (see newswh.events.dating)."""
    return own_clause_timex(token, timexes)


# ---------------------------------------------------------------- the pass


@dataclass(frozen=True)
class _Context:
    """What every event of one parse is built from: actors, sentences and their dates and citations."""

    index: MentionIndex
    sentences: list[Span]
    token_starts: list[int]
    timex_by_sentence: dict[int, list[TimeExpression]]
    citation_by_sentence: dict[int, Citation]
    cameo: dict[str, CameoCode]
    choose_timex: ChooseTimex | None
    sentence_reasons: dict[int, str]  # sentences that are no news (PETRARCH discards)
    captions: list[tuple[int, int]]  # caption and credit text merged into the body


@dataclass(frozen=True)
class _Actors:
    source: ActorMention | None
    source_text: str | None
    target: ActorMention | None
    target_text: str | None
    source_token: Token | None  # the syntactic source argument (nominal modality needs it)
    voice: str
    fallback: SourceFallback | None


def extract_events(
    doc: Doc,
    mentions: Sequence[ActorMention],
    timexes: Sequence[TimeExpression],
    lexicon: Lexicon | None = None,
    *,
    citations: Sequence[Citation] = (),
    cameo: dict[str, CameoCode] | None = None,
    choose_timex: ChooseTimex | None = None,
) -> list[EventMention]:
    """All lexicon events of a parsed body text, in text order.

    `doc` must be the parse of body_text (token offsets are body_text offsets). Dates follow
    `newswh.events.dating`. `choose_timex`, when given (e.g. newswh.time.tagger.governing_timex),
    replaces that choice: it gets the sentence's time expressions plus the trigger offsets.
    """
    lexicon = lexicon or load_lexicon()
    cameo = cameo if cameo is not None else load_cameo()
    context = _context(doc, mentions, timexes, citations, cameo, choose_timex)
    events = [_build_event(token, entry, context) for token, entry in _triggers(doc, lexicon)]
    events.sort(key=lambda e: (e.trigger_start, e.event_code))
    # A recap ("the security force detained the suspects") repeats the lead's count (counts.py).
    events = drop_repeated_counts(events)
    if choose_timex is None:
        # Beyond its own clause, an event is dated by its occasion, paragraph or lead (dating.py).
        events = date_by_context(doc, events, timexes)
    return events


def _context(
    doc: Doc,
    mentions: Sequence[ActorMention],
    timexes: Sequence[TimeExpression],
    citations: Sequence[Citation],
    cameo: dict[str, CameoCode],
    choose_timex: ChooseTimex | None,
) -> _Context:
    sentences: list[Span] = list(doc.sents)
    char_starts = [s.start_char for s in sentences]
    timex_by_sentence: dict[int, list[TimeExpression]] = {}
    for timex in timexes:
        timex_by_sentence.setdefault(bisect_right(char_starts, timex.start) - 1, []).append(timex)
    citation_by_sentence: dict[int, Citation] = {}
    for citation in citations:
        si = (
            citation.sentence_index
            if citation.sentence_index is not None
            else bisect_right(char_starts, citation.start) - 1
        )
        citation_by_sentence.setdefault(si, citation)
    token_starts = [s.start for s in sentences]
    index = MentionIndex(doc, mentions)
    return _Context(
        index,
        sentences,
        token_starts,
        timex_by_sentence,
        citation_by_sentence,
        cameo,
        choose_timex,
        sentence_reasons(doc),
        caption_spans(doc),
    )


def _triggers(doc: Doc, lexicon: Lexicon) -> Iterator[tuple[Token, LexiconEntry]]:
    """Lexicon predicates, verbs first; a noun already coded through its verb is skipped."""
    consumed: set[int] = set()  # nominal cue words already coded through their verb ("give recognition")
    for pos in ("VERB", "NOUN"):
        for token in doc:
            if pos == "VERB" and (token.pos_ != "VERB" or token.dep_ == "amod"):
                continue
            if pos == "NOUN" and (token.pos_ != "NOUN" or token.i in consumed):
                continue
            entry = match_entry(token, pos, lexicon)
            if entry is not None and pos == "VERB":
                entry = verb_sense(token, entry, lexicon)  # "planning a mission" intends nothing coded
            if entry is None:
                continue
            if pos == "VERB" and entry.object_cues:
                consumed.update(c.i for c in token.subtree if c.lemma_.lower() in entry.object_cues)
            yield token, entry


def _actors(token: Token, nominal: bool, index: MentionIndex, reversed_roles: bool = False) -> _Actors:
    """Source and target from the syntactic arguments, else from the source fallbacks.

    A reversed row ("X faced criticism") makes the subject the target and the object side the
    source; no fallback guesses a source the sentence leaves unnamed."""
    args = noun_arguments(token) if nominal else verb_arguments(token)
    source, source_text, target, target_text = choose_arguments(token, args, index)
    if reversed_roles:
        return _Actors(target, target_text, source, source_text, None, args.voice, None)
    fallback = fallback_source(token, index) if source is None and not nominal else None
    if fallback is not None:
        source, source_text = fallback.mention, fallback.mention.text
        if fallback.receiver is not None:  # "X received credentials from Y": Y gives, X receives
            target, target_text = resolve_argument(fallback.receiver, index)
        if target is source:
            target = None
    if source is None and source_text is None and args.voice == "passive":
        force = operation_force(token, index.at)  # "detained during an Afghan and coalition operation"
        if force is not None:
            source, source_text, fallback = force, force.text, SourceFallback(force, OPERATION_FORCE)
    source_token = args.source if source is not None else None
    return _Actors(source, source_text, target, target_text, source_token, args.voice, fallback)


def _date(token: Token, si: int, context: _Context) -> TimeExpression | None:
    sentence_timexes = context.timex_by_sentence.get(si, [])
    if context.choose_timex is not None:
        return context.choose_timex(sentence_timexes, token.idx, token.idx + len(token))
    return governing_timex_by_syntax(token, sentence_timexes)


def _extra(token: Token, entry: LexiconEntry, actors: _Actors, modality: str, context: _Context) -> dict:
    cameo = context.cameo
    extra: dict = {"voice": actors.voice, "lexicon_note": entry.note}
    si = sentence_of(token, context.token_starts)
    page_text = in_caption(token, context.captions) or in_headline(token)
    sentence_reason = "caption" if page_text else context.sentence_reasons.get(si)
    reason = not_event_reason(token, entry.event_code, actors.source, sentence_reason, context.index)
    if reason is None and impersonal_report(token, actors.source is not None, context.index):
        reason = IMPERSONAL_REPORT  # "Initial reports indicate ...": nobody reports; its clause is the news
    if reason is not None:
        extra["not_event_reason"] = reason
    if actors.fallback is not None:
        extra["source_basis"] = actors.fallback.basis
    has_source = actors.source is not None or actors.source_text is not None
    link = agentless_link(token, actors.voice, has_source, has_actor=actors.source is not None)
    if link is not None:  # coding may find the agent the article established (newswh.events.implicit_agent)
        extra[IMPLICIT_AGENT] = link
    confirmer = confirming_verb(token, actors.voice, has_source)
    if confirmer is not None:  # "Coalition forces confirmed the arrest of ...": the force's own act
        extra[CONFIRMED_BY] = confirmer
    if actors.source is None and modality == "asserted" and code_family(entry.event_code, cameo).startswith("054"):
        # No asserted recognition/accreditation without a source: kept (nothing silently dropped)
        # but flagged, so the warehouse can keep the mention and not count it as a recognition fact.
        extra["agent_unknown"] = True
    if token.dep_ == "ccomp" and reports_clause(token.head):
        extra["reported_by"] = token.head.idx
    extra.update(count_recap(token))  # what tells a recap of a count from new people (counts.py)
    return extra


def _build_event(token: Token, entry: LexiconEntry, context: _Context) -> EventMention:
    nominal = entry.pos == "NOUN"
    actors = _actors(token, nominal, context.index, entry.reversed_roles)
    source, target = actors.source, actors.target
    modality = nominal_modality(token, actors.source_token) if nominal else modality_of(token)
    si = sentence_of(token, context.token_starts)
    sentence = context.sentences[si]
    code = context.cameo.get(entry.event_code)
    confidence = _confidence(source, target, nominal) - (0.05 if actors.fallback is not None else 0.0)
    return EventMention(
        sentence_index=si,
        sentence_start=sentence.start_char,
        sentence_end=sentence.end_char,
        trigger_start=token.idx,
        trigger_end=token.idx + len(token),
        trigger_text=token.text,
        event_code=entry.event_code,
        modality=modality,
        source_actor_key=source.actor_key if source else None,
        target_actor_key=target.actor_key if target else None,
        source_text=source.text if source else actors.source_text,
        target_text=target.text if target else actors.target_text,
        location=place_of(token, context.index, (source, target)),
        date=_date(token, si, context),
        citation=context.citation_by_sentence.get(si),
        confidence=round(confidence, 2),
        event_label=code.label if code else None,
        event_root_code=code.root_code if code else None,
        quad_class=code.quad_class if code else None,
        goldstein_scale=code.goldstein if code else None,
        extra=_extra(token, entry, actors, modality, context),
        **event_counts(token),
    )


def _confidence(source: ActorMention | None, target: ActorMention | None, nominal: bool) -> float:
    base = (
        0.4
        + 0.25 * (source is not None and source.actor_key is not None)
        + 0.2 * (target is not None and target.actor_key is not None)
    )
    return round(base - (0.1 if nominal else 0.0), 2)


def event_mention_id(article_id: str, event: EventMention) -> str:
    """Deterministic id: article, trigger offsets and code."""
    key = f"{article_id}|{event.trigger_start}|{event.trigger_end}|{event.event_code}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def mark_reused(events: Sequence[EventMention], reused_sentences: Iterable[int]) -> list[EventMention]:
    """Flag events whose sentence was copied from another article (see newswh.events.reuse)."""
    reused = set(reused_sentences)
    return [replace(e, is_reused=e.sentence_index in reused) for e in events]
