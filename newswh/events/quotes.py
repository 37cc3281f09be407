"""Quotes (direct and indirect, with their speaker) and cited sources in a parsed body text.

* Citations ("according to TASS", "as TOLOnews quoted", "told VOA's Afghan Service", "in
  response to a query from VOA") are found by the cues of resources/citations.yaml over the text and
  resolved through the source registry (newswh.ingest.outlets), so a cited outlet and a
  publishing outlet share one source_id. Cues that also fit people ("told X", "X quoted")
  only count when the registry knows X.
* Direct quotes are the text between curly or straight double quotes (≥ 4 words, so
  scare quotes such as “failure” are left out); a multi-sentence quote is one record and a
  split quote (“A,” she said, “B.”) gives two records with the same speaker. The speaker is
  the subject of the nearest reporting verb outside the quote in the sentences the quote
  touches; a quote standing alone right after another quote continues that speaker.
* Indirect quotes are the clausal complement of a reporting verb ("Lavrov said that …",
  "saying it was too early …") unless that complement is itself a direct quote.

Speakers such as "he" or "the spokesperson" resolve to the nearest clear antecedent (the
previous person mention, or the last phrase headed by the same noun), else None.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import yaml
from spacy.tokens import Doc, Token

from newswh.events.arguments import PERSON_PRONOUNS, MentionIndex, actor_in_phrase
from newswh.events.lexicon import load_speech_verbs
from newswh.events.speakers import is_person_antecedent, officials_context, speaker_in_phrase
from newswh.events.syntax import phrase_text, subject_token
from newswh.ingest.outlets import SourceRegistry, load_registry
from newswh.nlp import doc_text
from newswh.records import ActorMention, Citation, Quote

# ---------------------------------------------------------------- citations

# A name is capitalised words (dots only inside: "U.S."), at most one line break between words
# (wrapped lines), the lower-case tails "news agency", and a parenthesised acronym.
_WORD = r"[A-Z][\w'’&-]*(?:\.(?=\w)[\w'’&-]*)*"
# Exactly one whitespace character: the old "[ \t]*\n?[ \t]*(?<=\S[ \t\n])" meant the same
# but could split a run of spaces many ways, and backtracked catastrophically on real pages.
_GAP = r"[ \t\n]"
# No outlet's name runs past a dozen words. The bound also keeps the search linear: with an
# unbounded name, a match could start at every word of a long capitalised run and scan to its end.
MAX_NAME_WORDS = 12
_NAME = (
    r"(?P<name>(?:[Tt]he\s+)?"
    + _WORD
    + r"(?:"
    + _GAP
    + r"(?:"
    + _WORD
    + r"|news agency|Afghan Service|of(?=\s+[A-Z])|\([A-Z][\w.-]*\)))"
    + f"{{0,{MAX_NAME_WORDS - 1}}})"
)
CITATIONS_FILE = Path(__file__).resolve().parent / "resources" / "citations.yaml"


@lru_cache(maxsize=2)
def load_citation_patterns(path: str | None = None) -> tuple[tuple[str, re.Pattern[str], bool], ...]:
    """(cue name, compiled regex, registry must know the name) of resources/citations.yaml, in its order."""
    data = yaml.safe_load(Path(path or CITATIONS_FILE).read_text(encoding="utf-8"))
    return tuple(
        (cue["name"], re.compile(cue["cue"].replace("{name}", _NAME)), bool(cue["require_known"]))
        for cue in data["citation_cues"]
    )


_TRAILING = re.compile(r"(\s+(of|and|the))+$|['’]s$|[.,;:]+$")


def _resolve_name(name: str, registry: SourceRegistry, require_known: bool):
    """Registry source for a cue's name: full name, the parenthetical, then shorter prefixes."""
    name = _TRAILING.sub("", " ".join(name.split()))
    attempts = [name]
    if paren := re.search(r"\(([^)]+)\)", name):
        attempts += [name[: paren.start()].strip(), paren.group(1)]
    words = name.split()
    attempts += [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]
    for attempt in attempts:
        if attempt and (source := registry.by_name(attempt)):
            return source
    if require_known:
        return None
    return registry.resolve(name=name)


def extract_citations(doc: Doc, registry: SourceRegistry | None = None) -> list[Citation]:
    """Cited sources in text order; overlapping cue matches keep the earliest, longest one."""
    registry = registry or load_registry()
    text = doc_text(doc)
    sentence_starts = [s.start_char for s in doc.sents]
    found: list[tuple[int, int, str, re.Match[str], bool]] = []
    for pattern_name, pattern, require_known in load_citation_patterns():
        for match in pattern.finditer(text):
            found.append((match.start(), -match.end(), pattern_name, match, require_known))
    found.sort(key=lambda item: (item[0], item[1]))
    citations: list[Citation] = []
    taken_until = -1
    for start, neg_end, pattern_name, match, require_known in found:
        end = -neg_end
        if start < taken_until:
            continue
        source = _resolve_name(match.group("name"), registry, require_known)
        if source is None:
            continue
        taken_until = end
        citations.append(
            Citation(
                start=start,
                end=end,
                text=text[start:end],
                source_name=source.source_name,
                pattern=pattern_name,
                sentence_index=bisect_right(sentence_starts, start) - 1,
                source_id=source.source_id,
                source_known=source.known,
            )
        )
    return citations


# ---------------------------------------------------------------- quotes

_DIRECT = re.compile(r"“([^“”]{1,3000})”|\"([^\"\n]{1,3000})\"")
MIN_QUOTE_WORDS = 4
_NOMINAL_SPEAKER_WINDOW = 6  # sentences searched back for "the spokesperson"'s antecedent


class QuoteSpans:
    """Spans sorted once, so "is this offset inside a quote?" is a bisection, not a scan of every quote.

    Asked once per reporting verb, a scan made long articles quadratic (verbs x quotes).
    """

    def __init__(self, spans: Sequence[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [start for start, _end in ordered]
        # The furthest end among the spans starting at or before each one: spans may overlap.
        self._reach = list(accumulate((end for _start, end in ordered), max))

    def __len__(self) -> int:
        return len(self._starts)

    def covers(self, offset: int, margin: int = 0) -> bool:
        """True when some span widened by `margin` on each side holds offset (start <= offset < end)."""
        last = bisect_right(self._starts, offset + margin) - 1
        return last >= 0 and self._reach[last] + margin > offset


def _direct_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _DIRECT.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.span(group)
        if len(match.group(group).split()) >= MIN_QUOTE_WORDS:
            spans.append((start, end))
    return spans


def _speaker(verb: Token, index: MentionIndex, doc: Doc) -> tuple[ActorMention | None, str | None]:
    # "He noted that ..., saying, “…”": a participial reporting verb speaks for the reporter above it.
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        ancestor = next(
            (a for a in verb.ancestors if a.lemma_ in load_speech_verbs().direct_quote and a.pos_ == "VERB"), None
        )
        if ancestor is not None:
            verb = ancestor
    subject = subject_token(verb)
    if subject is None:
        inverted = _inverted_subject(verb, index)
        if inverted is None:
            return None, None
        return inverted, inverted.text
    text = " ".join(phrase_text(subject).split())
    mention = speaker_in_phrase(subject, index)
    if mention is not None:
        # "spokesperson Maria Zakharova said" parses with the title as head; prefer the person.
        return mention, mention.text
    if subject.lower_ in PERSON_PRONOUNS:
        return index.nearest_before(subject.idx, is_person_antecedent), text
    if subject.pos_ == "NOUN":
        return _nominal_antecedent(subject, index, doc) or officials_context(subject, index), text
    return None, text


def _inverted_subject(verb: Token, index: MentionIndex) -> ActorMention | None:
    """'“…,” said Suhail Shaheen, who …': the small model often misparses the inverted subject."""
    if verb.i + 1 < len(verb.doc):
        mention = index.at(verb.doc[verb.i + 1])
        if mention is not None and is_person_antecedent(mention):
            return mention
    return None


def _nominal_antecedent(subject: Token, index: MentionIndex, doc: Doc) -> ActorMention | None:
    """'the spokesperson' -> the last earlier phrase headed by the same noun that names an actor."""
    sent_start = subject.i
    limit_sent = subject.sent
    for _ in range(_NOMINAL_SPEAKER_WINDOW):
        if limit_sent.start == 0:
            break
        limit_sent = doc[limit_sent.start - 1].sent
    for i in range(sent_start - 1, limit_sent.start - 1, -1):
        token = doc[i]
        if token.lemma_ != subject.lemma_:
            continue
        head = token.head
        if token.dep_ in ("compound", "appos") and (m := index.at(head)) is not None:
            return m
        mention = actor_in_phrase(token, index)
        if mention is not None:
            return mention
        return None
    return None


def _verb_text(verb: Token) -> str:
    if verb.lemma_ == "tell":
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        if obj is not None:
            return f"{verb.text} {phrase_text(obj)}"
    return verb.text


def _attribution(doc: Doc, start: int, end: int, spans: QuoteSpans) -> Token | None:
    """Nearest reporting verb outside any quote in the sentences the quote touches."""
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return None
    left = first[0].sent.start
    right = first[-1].sent.end

    best: tuple[int, Token] | None = None
    for token in doc[left:right]:
        if (
            token.lemma_ not in load_speech_verbs().direct_quote
            or token.pos_ not in ("VERB", "AUX")
            or spans.covers(token.idx)
        ):
            continue
        distance = start - token.idx if token.idx < start else token.idx - end
        if best is None or distance < best[0]:
            best = (distance, token)
    return best[1] if best else None


def extract_quotes(doc: Doc, mentions: Sequence[ActorMention], citations: Sequence[Citation] = ()) -> list[Quote]:
    """Direct and indirect quotes in text order, each with speaker, verb and citation."""
    index = MentionIndex(doc, mentions)
    sentence_index, citation_for = _locators(doc, citations)
    quote_spans = QuoteSpans(_direct_spans(doc_text(doc)))
    quotes = _direct_quotes(doc, index, sentence_index, citation_for)
    quotes.extend(_indirect_quotes(doc, index, quote_spans, sentence_index, citation_for))
    quotes.sort(key=lambda q: (q.start, q.kind))
    return quotes


def direct_quotes(doc: Doc, index: MentionIndex) -> list[Quote]:
    """The direct quotes alone, with their speakers (no citations): what a pronoun inside one may
    not refer to (speakers.pronoun_referent)."""
    sentence_index, citation_for = _locators(doc, ())
    return _direct_quotes(doc, index, sentence_index, citation_for)


def _locators(doc: Doc, citations: Sequence[Citation]):
    """The sentence index of an offset, and the citation of the first cited sentence among offsets."""
    sentence_starts = [s.start_char for s in doc.sents]

    def sentence_index(offset: int) -> int:
        return bisect_right(sentence_starts, offset) - 1

    citation_by_sentence: dict[int, Citation] = {}
    for citation in citations:
        si = citation.sentence_index if citation.sentence_index is not None else sentence_index(citation.start)
        citation_by_sentence.setdefault(si, citation)

    def citation_for(*offsets: int) -> Citation | None:
        for si in sorted({sentence_index(o) for o in offsets}):
            if si in citation_by_sentence:
                return citation_by_sentence[si]
        return None

    return sentence_index, citation_for


def _attributed(
    doc: Doc, index: MentionIndex, verb, start: int, end: int, kind: str, sentence_index, citation_for
) -> Quote:
    """The quote at start:end, of `kind`, said by the speaker of its attribution `verb`."""
    speaker, speaker_text = _speaker(verb, index, doc)
    return Quote(
        start,
        end,
        doc_text(doc)[start:end],
        speaker_text,
        speaker.actor_key if speaker else None,
        _verb_text(verb),
        kind,
        sentence_index(start),
        citation_for(start, verb.idx),
    )


def _direct_quotes(doc: Doc, index: MentionIndex, sentence_index, citation_for) -> list[Quote]:
    """Each quoted span with the speaker of its attribution, or of the quote it continues."""
    text = doc_text(doc)
    spans = _direct_spans(text)
    quote_spans = QuoteSpans(spans)
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_end = -1
    for start, end in spans:
        verb = _attribution(doc, start, end, quote_spans)
        if verb is not None:
            quote = _attributed(doc, index, verb, start, end, "direct", sentence_index, citation_for)
        elif previous is not None and sentence_index(start) <= sentence_index(previous_end) + 1:
            # A quote standing alone right after another continues the same speaker.
            quote = replace(
                previous,
                start=start,
                end=end,
                text=text[start:end],
                sentence_index=sentence_index(start),
                citation=previous.citation or citation_for(start),
            )
        else:
            quote = Quote(
                start, end, text[start:end], None, None, None, "direct", sentence_index(start), citation_for(start)
            )
        quotes.append(quote)
        previous, previous_end = quote, end + 1
    return quotes


def _indirect_quotes(doc, index, spans: QuoteSpans, sentence_index, citation_for) -> list[Quote]:
    def in_direct(offset: int) -> bool:
        # One character of slack on each side: the quote marks themselves count as inside.
        return spans.covers(offset, margin=1)

    quotes = []
    for verb in doc:
        if verb.lemma_ not in load_speech_verbs().reported_clause or verb.pos_ != "VERB" or in_direct(verb.idx):
            continue
        for comp in verb.children:
            if comp.dep_ != "ccomp":
                continue
            tokens = [t for t in comp.subtree if not (t.dep_ == "mark" and t.i < comp.i and t.lower_ == "that")]
            while tokens and tokens[0].is_punct:
                tokens.pop(0)
            while tokens and tokens[-1].is_punct and tokens[-1].text not in ("”", '"'):
                tokens.pop()
            if not tokens or in_direct(tokens[0].idx) or tokens[0].text in ("“", '"'):
                continue  # the complement is the direct quote itself
            if tokens[0].i == verb.i + 1 and _inverted_subject(verb, index) is not None:
                continue  # "said Suhail Shaheen, who …" is the speaker, not what was said
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            quotes.append(_attributed(doc, index, verb, start, end, "indirect", sentence_index, citation_for))
    return quotes


def mark_reused(quotes: Sequence[Quote], reused_sentences: Sequence[int] | set[int]) -> list[Quote]:
    reused = set(reused_sentences)
    return [replace(q, is_reused=q.sentence_index in reused) for q in quotes]
