"""The spaCy component that finds actor names: an entity ruler over the gazetteer.

`add_actor_components(nlp)` adds it after the statistical NER. It is fed by the gazetteer
(curated actor seed, countries, capitals, CAMEO known groups) through two PhraseMatchers -
one on LOWER for multi-word names, one on ORTH for single words and acronyms ("US" must not
match "us") - so its cost does not grow with the number of names. Seed names override the
model; the weak gazetteer tier only fills gaps or relabels places.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from newswh.actors.agents import AGENT_SPANS_KEY, load_agent_lexicon
from newswh.actors.gazetteer import (
    GAZETTEER_TIER,
    SEED_TIER,
    load_gazetteer,
    normalize_name,
)

RULER_NAME = "newswh_actor_ruler"
# doc.user_data key under which the ruler leaves its reference folder for extract_actor_mentions.
REFERENCE_DIR_KEY = "newswh_actor_reference_dir"
# Labels the weak gazetteer tier may relabel; anything else the model found wins.
_RELABELABLE = frozenset({"GPE", "LOC", "NORP", "FAC"})


class ActorRuler:
    """Entity ruler over the gazetteer: seed names override the model, generic names fill gaps."""

    def __init__(self, nlp: Language, reference_dir: str | None = None) -> None:
        self.reference_dir = reference_dir
        self.gazetteer = load_gazetteer(reference_dir)
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lookup: dict[tuple[bool, str, str], str] = {}
        self._add_patterns(nlp)
        self.agent_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._add_agent_patterns(nlp)

    def _add_patterns(self, nlp: Language) -> None:
        # One matcher key per tier and label, and a token-sequence lookup for the actor: adding
        # tens of thousands of keys (one per Phoenix actor) is what makes a PhraseMatcher slow.
        texts: dict[tuple[bool, str], list[str]] = {}
        owners: dict[tuple[bool, str], list[str]] = {}
        for pattern in self.gazetteer.patterns:
            key = (pattern.case_sensitive, f"{pattern.tier}|{pattern.label}")
            variants = {pattern.text, pattern.text.replace("'", "’"), pattern.text.replace("’", "'")}
            if pattern.case_sensitive and pattern.text.isupper() is False and pattern.alias_kind != "surname":
                variants.add(pattern.text.upper())  # headline caps: "TASS"/"Tass", "TALIBAN"
            texts.setdefault(key, []).extend(sorted(variants))
            owners.setdefault(key, []).extend([pattern.actor_key] * len(variants))
        for (sensitive, key), items in sorted(texts.items()):
            docs = list(nlp.tokenizer.pipe(items))
            for doc, actor_key in zip(docs, owners[(sensitive, key)], strict=True):
                self.lookup.setdefault((sensitive, key, _token_key(doc, sensitive)), actor_key)
            (self.orth_matcher if sensitive else self.lower_matcher).add(key, docs)

    def _resolve(self, doc: Doc, raw: list[tuple[int, int, int]], sensitive: bool) -> list[_Match]:
        strings = doc.vocab.strings
        out = []
        for match_id, start, end in raw:
            key = strings[match_id]
            actor_key = self.lookup.get((sensitive, key, _token_key(doc[start:end], sensitive)))
            if actor_key is not None:
                tier, label = key.split("|")
                out.append(_Match(start, end, tier, actor_key, label))
        return out

    def _add_agent_patterns(self, nlp: Language) -> None:
        by_sector: dict[str, list[str]] = {}
        for phrase, sector in load_agent_lexicon(self.reference_dir).phrases.items():
            by_sector.setdefault(sector, []).append(phrase)
        for sector, phrases in sorted(by_sector.items()):
            self.agent_matcher.add(sector, list(nlp.tokenizer.pipe(sorted(phrases))))

    def __call__(self, doc: Doc) -> Doc:
        matches = _best_matches(
            self._resolve(doc, self.lower_matcher(doc), False) + self._resolve(doc, self.orth_matcher(doc), True)
        )
        doc.ents = _merge_entities(doc, matches, self.gazetteer.terms("furniture"))
        doc.spans[AGENT_SPANS_KEY] = _agent_spans(doc, self.agent_matcher(doc))
        doc.user_data[REFERENCE_DIR_KEY] = self.reference_dir
        return doc


@Language.factory(RULER_NAME, default_config={"reference_dir": None})
def _make_actor_ruler(nlp: Language, name: str, reference_dir: str | None) -> ActorRuler:
    return ActorRuler(nlp, reference_dir)


def add_actor_components(nlp: Language, reference_dir: str | Path | None = None) -> Language:
    """Add the actor ruler after the model's NER, in place; a second call changes nothing."""
    if RULER_NAME not in nlp.pipe_names:
        config = {"reference_dir": str(reference_dir) if reference_dir else None}
        if "ner" in nlp.pipe_names:
            nlp.add_pipe(RULER_NAME, after="ner", config=config)
        else:
            nlp.add_pipe(RULER_NAME, last=True, config=config)
    return nlp


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    tier: str
    actor_key: str
    label: str


def _token_key(tokens: Doc | Span, sensitive: bool) -> str:
    return " ".join(t.orth_ if sensitive else t.lower_ for t in tokens)


def _best_matches(candidates: list[_Match]) -> list[_Match]:
    """Non-overlapping matches, longest first, seed before gazetteer on ties."""
    candidates.sort(key=lambda m: (-(m.end - m.start), m.tier != SEED_TIER, m.start, m.actor_key))
    taken = bytearray(max((m.end for m in candidates), default=0))
    chosen = []
    for match in candidates:
        if any(taken[match.start : match.end]):
            continue
        taken[match.start : match.end] = b"\x01" * (match.end - match.start)
        chosen.append(match)
    return chosen


def _agent_spans(doc: Doc, raw: list[tuple[int, int, int]]) -> list[Span]:
    """Longest non-overlapping agent phrases, labelled with their sector code."""
    taken = bytearray(len(doc))
    spans = []
    for match_id, start, end in sorted(raw, key=lambda m: (-(m[2] - m[1]), m[1])):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            spans.append(Span(doc, start, end, label=doc.vocab.strings[match_id]))
    return sorted(spans, key=lambda span: span.start)


def _merge_entities(doc: Doc, matches: list[_Match], furniture: frozenset[str]) -> list[Span]:
    """Model entities plus ruler matches; a token index keeps the overlap checks linear."""
    owner = [-1] * len(doc)
    ents = list(doc.ents)
    for index, ent in enumerate(ents):
        for i in range(ent.start, ent.end):
            owner[i] = index
    dropped: set[int] = set()
    added: list[Span] = []
    for match in matches:
        overlapping = {owner[i] for i in range(match.start, match.end) if owner[i] >= 0}
        if match.label == "PERSON" and any(
            ents[i].label_ == "PERSON"
            and ents[i].start <= match.start
            and match.end <= ents[i].end
            and (ents[i].end - ents[i].start) > (match.end - match.start)
            for i in overlapping
        ):
            # "Inammullah Samangani": the model's longer name is a variant for the resolver to
            # judge, not a surname to cut out of it.
            continue
        if match.tier == GAZETTEER_TIER and any(
            ents[i].label_ not in _RELABELABLE and normalize_name(ents[i].text) not in furniture for i in overlapping
        ):
            continue
        dropped |= overlapping
        added.append(Span(doc, match.start, match.end, label=match.label, kb_id=match.actor_key, span_id=match.tier))
    kept = [ent for index, ent in enumerate(ents) if index not in dropped]
    return sorted(kept + added, key=lambda span: span.start)
