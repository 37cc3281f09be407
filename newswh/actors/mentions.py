"""Actor recognition and resolution over cleaned article bodies.

Three stages, all pure (no Dagster):

1. `add_actor_components(nlp)` adds an entity ruler after the statistical NER. It is fed
   by the gazetteer (curated actor seed, countries, capitals, CAMEO known groups) through
   two PhraseMatchers - one on LOWER for multi-word names, one on ORTH for single words and
   acronyms ("US" must not match "us") - so its cost does not grow with the number of names.
2. `extract_actor_mentions(doc)` turns the corrected entities into `ActorMention`s: it
   drops page furniture, peels titles off person names into the `title` attribute, links a
   bare surname to the full name mentioned earlier in the article, and resolves collective
   references ("the group") only when exactly one organization is in reach.
3. `resolve_actors(mentions_by_article)` joins actors across articles: seed keys stay,
   unknown names join a known actor by acronym, surname or measured fuzzy similarity, and
   every join is recorded as an alias with the method that made it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from newswh.actors.gazetteer import (
    GAZETTEER_TIER,
    SEED_TIER,
    TYPE_TO_LABEL,
    ActorRecord,
    AliasRecord,
    Gazetteer,
    load_gazetteer,
    normalize_name,
    slugify,
)
from newswh.records import ActorMention

RULER_NAME = "newswh_actor_ruler"
_REFERENCE_DIR_KEY = "newswh_actor_reference_dir"

# Measured with `choose_threshold` on tests/fixtures/actor_name_pairs.csv (24 positives, 27
# negatives; numbers in seeds/reference/README_actors.md): the cut between the highest
# negative (Zabihullah Mujahid/Mujaddidi, 89.5) and the next positive (Uzbekistan/Uzbekestan,
# 90.0) makes no false join and misses only Al Jazeera/Al Jazira (84.2).
FUZZY_THRESHOLD = 89.7
# Below this length a one-letter change is a different name (Iran/Iraq, Mali/Malawi).
FUZZY_MIN_LENGTH = 5

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
# Labels the weak gazetteer tier may relabel; anything else the model found wins.
_RELABELABLE = frozenset({"GPE", "LOC", "NORP", "FAC"})
_TYPE_COMPATIBLE = {
    "person": frozenset({"person"}),
    "state": frozenset({"state", "location"}),
    "location": frozenset({"state", "location"}),
    "organization": frozenset({"organization", "government", "media", "igo"}),
    "government": frozenset({"organization", "government", "media", "igo"}),
    "media": frozenset({"organization", "government", "media", "igo"}),
    "igo": frozenset({"organization", "government", "media", "igo"}),
}
# Organizations that "the group"/"the movement" can point back to; a media outlet or a state
# in reach does not compete (they are never called "the group").
_COLLECTIVE_TARGET_TYPES = frozenset({"organization", "government", "igo"})
_COLLECTIVE_WINDOW = 2  # sentences before the cue's own sentence
_TITLE_MODIFIERS = frozenset(
    {
        "and",
        "deputy",
        "former",
        "acting",
        "senior",
        "special",
        "chief",
        "foreign",
        "interim",
        "first",
        "vice",
        "state",
        "'s",
        "’s",
        "de",
        "facto",
        "caretaker",
        "then",
    }
)
_DASHES = frozenset({"-", "–", "—", ":"})
_DETERMINERS = frozenset({"the", "a", "an"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "to"})


# --------------------------------------------------------------------------- ruler


class ActorRuler:
    """Entity ruler over the gazetteer: seed names override the model, generic names fill gaps."""

    def __init__(self, nlp: Language, reference_dir: str | None = None) -> None:
        self.reference_dir = reference_dir
        self.gazetteer = load_gazetteer(reference_dir)
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._add_patterns(nlp)

    def _add_patterns(self, nlp: Language) -> None:
        lower: dict[str, list[Doc]] = {}
        orth: dict[str, list[Doc]] = {}
        for pattern in self.gazetteer.patterns:
            key = f"{pattern.tier}|{pattern.actor_key}|{pattern.label}"
            target = orth if pattern.case_sensitive else lower
            variants = {pattern.text, pattern.text.replace("'", "’"), pattern.text.replace("’", "'")}
            if pattern.case_sensitive and pattern.text.isupper() is False and pattern.alias_kind != "surname":
                variants.add(pattern.text.upper())  # headline caps: "TASS"/"Tass", "TALIBAN"
            for text in sorted(variants):
                target.setdefault(key, []).append(nlp.make_doc(text))
        for key, docs in lower.items():
            self.lower_matcher.add(key, docs)
        for key, docs in orth.items():
            self.orth_matcher.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        matches = _best_matches(doc, self.lower_matcher(doc) + self.orth_matcher(doc))
        doc.ents = _merge_entities(doc, matches, self.gazetteer.terms("furniture"))
        doc.user_data[_REFERENCE_DIR_KEY] = self.reference_dir
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


def _best_matches(doc: Doc, raw: list[tuple[int, int, int]]) -> list[_Match]:
    """Non-overlapping matches, longest first, seed before gazetteer on ties."""
    strings = doc.vocab.strings
    candidates = []
    for match_id, start, end in raw:
        tier, actor_key, label = strings[match_id].split("|")
        candidates.append(_Match(start, end, tier, actor_key, label))
    candidates.sort(key=lambda m: (-(m.end - m.start), m.tier != SEED_TIER, m.start, m.actor_key))
    taken = bytearray(len(doc))
    chosen = []
    for match in candidates:
        if any(taken[match.start : match.end]):
            continue
        taken[match.start : match.end] = b"\x01" * (match.end - match.start)
        chosen.append(match)
    return chosen


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


# --------------------------------------------------------------------------- mentions


@dataclass
class _Draft:
    """A mention while it is being corrected; frozen into ActorMention at the end."""

    start: int  # token offsets
    end: int
    label: str
    actor_key: str | None
    method: str
    sentence_index: int
    title: str | None = None
    alias_kind: str | None = None


def extract_actor_mentions(doc: Doc, gazetteer: Gazetteer | None = None) -> list[ActorMention]:
    """Corrected actor mentions of one processed Doc (cleaned body text), in text order."""
    gaz = gazetteer or _gazetteer_of(doc)
    sentence_of = _sentence_index(doc)
    drafts = [d for ent in doc.ents if (d := _draft_from_entity(doc, ent, gaz, sentence_of)) is not None]
    for draft in drafts:
        _attach_title(doc, draft, gaz)
    drafts = _link_surnames(doc, drafts, gaz, sentence_of)
    drafts = [d for d in drafts if d.actor_key is not None or d.label != "NORP"]
    mentions = [_freeze(doc, d, gaz) for d in drafts]
    mentions += _collective_mentions(doc, mentions, gaz, sentence_of)
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _gazetteer_of(doc: Doc) -> Gazetteer:
    # The ruler leaves its reference dir on the Doc so both stages read the same seed.
    return load_gazetteer(doc.user_data.get(_REFERENCE_DIR_KEY))


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    if not (doc.has_annotation("SENT_START")):
        return index
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _trim(doc: Doc, start: int, end: int, gaz: Gazetteer) -> tuple[int, int]:
    """Strip caption prefixes ("FILE -"), determiners, possessives and punctuation off a span."""
    furniture = gaz.terms("furniture")
    while start < end and (
        doc[start].lower_ in _DETERMINERS
        or doc[start].text in _DASHES
        or doc[start].is_space
        or doc[start].is_punct
        or (doc[start].lower_ in furniture and start + 1 < end and doc[start + 1].text in _DASHES)
    ):
        start += 1
    while start < end and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return start, end


def _strip_leading_titles(doc: Doc, start: int, end: int, gaz: Gazetteer) -> int:
    """The model sometimes swallows the title into a PERSON ("Councilor", "Foreign Minister X")."""
    titles = gaz.terms("title")
    i = start
    while i < end and (doc[i].lower_ in titles or doc[i].lower_ in _TITLE_MODIFIERS):
        i += 1
    return i


def _draft_from_entity(doc: Doc, ent: Span, gaz: Gazetteer, sentence_of: list[int]) -> _Draft | None:
    if ent.label_ not in ACTOR_LABELS:
        return None
    start, end = _trim(doc, ent.start, ent.end, gaz)
    if ent.label_ == "PERSON" and not ent.kb_id_:
        start = _strip_leading_titles(doc, start, end, gaz)
    if start >= end:
        return None
    text = doc[start:end].text
    norm = normalize_name(text)
    if _is_furniture(text, norm, gaz):
        return None
    key = ent.kb_id_ or None
    alias_kind = None
    method = "ruler" if key else "ner"
    if key is None and norm in gaz.alias_index:
        key, alias_kind = gaz.alias_index[norm]
        method = "alias"
    elif key is not None:
        alias_kind = gaz.alias_index.get(norm, (key, None))[1]
    label = ent.label_
    if key is not None:
        actor = gaz.actors.get(key)
        label = "NORP" if alias_kind == "demonym" else TYPE_TO_LABEL.get(actor.actor_type, label) if actor else label
        if alias_kind == "surname":
            method = "surname"
    return _Draft(start, end, label, key, method, sentence_of[start], alias_kind=alias_kind)


def _is_furniture(text: str, norm: str, gaz: Gazetteer) -> bool:
    return not norm or norm in gaz.terms("furniture") or norm in gaz.terms("non_actor") or "@" in text or "/" in text


def _attach_title(doc: Doc, draft: _Draft, gaz: Gazetteer) -> None:
    """A title right before a name ("Foreign Minister Lavrov") makes it a person."""
    left = _left_title(doc, draft.start, gaz)
    if left is not None and draft.label in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
        if draft.actor_key is None or draft.label == "PERSON":
            draft.title = left
            draft.label = "PERSON"
            return
    if draft.label == "PERSON":
        draft.title = _appositive_title(doc, draft.end, gaz)


def _title_head_end(doc: Doc, end: int, gaz: Gazetteer) -> int | None:
    """If a title term ends at token `end` (exclusive), return where it starts."""
    titles = gaz.terms("title")
    for width in (3, 2, 1):
        start = end - width
        if start >= 0 and " ".join(t.lower_ for t in doc[start:end]).replace(" '", "'") in titles:
            return start
        if start >= 0 and doc[start:end].text.lower() in titles:
            return start
    return None


def _left_title(doc: Doc, start: int, gaz: Gazetteer) -> str | None:
    head_start = _title_head_end(doc, start, gaz)
    if head_start is None or doc[start - 1].sent.start != doc[start].sent.start:
        return None
    i = head_start
    # Extend over the modifiers of the title: "Russian Foreign Ministry spokesperson", "former President".
    while i > 0 and i > head_start - 8:
        token = doc[i - 1]
        if token.is_sent_end or token.is_space:
            break
        if (
            token.lower_ in _TITLE_MODIFIERS
            or token.lower_ in gaz.terms("title")
            or ((token.is_title or token.is_upper) and token.is_alpha)
            or token.ent_iob_ != "O"  # "Taliban foreign ministry spokesman"
        ):
            i -= 1
            continue
        if token.text in ("'s", "’s", "."):
            i -= 1
            continue
        break
    while i < head_start and doc[i].lower_ in ("and", "'s", "’s", "."):
        i += 1
    return doc[i:start].text


def _appositive_title(doc: Doc, end: int, gaz: Gazetteer) -> str | None:
    """ "Amir Khan Muttaqi, the Taliban foreign minister" - the title follows a comma."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    first = end + 1
    if first < len(doc) and doc[first].lower_ in _DETERMINERS:
        first += 1
    best = None
    for j in range(first, min(first + 8, len(doc))):
        token = doc[j]
        if _title_head_end(doc, j + 1, gaz) is not None:
            best = j + 1  # keep scanning: "deputy" < "deputy spokesman"
            continue
        if (
            best is not None
            or token.pos_ in ("VERB", "AUX", "ADP", "PRON", "SCONJ")
            or (token.is_punct and token.text not in ("'s", "’s"))
        ):
            break
    return doc[first:best].text if best is not None else None


def _link_surnames(doc: Doc, drafts: list[_Draft], gaz: Gazetteer, sentence_of: list[int]) -> list[_Draft]:
    """A lone surname joins the full name mentioned earlier; also catches surnames the model missed."""
    surname_to_full: dict[str, _Draft] = {}
    covered = bytearray(len(doc))
    for draft in drafts:
        covered[draft.start : draft.end] = b"\x01" * (draft.end - draft.start)
    for draft in drafts:
        span = doc[draft.start : draft.end]
        if draft.label == "PERSON" and len(span) >= 2:
            surname_to_full.setdefault(span[-1].text, draft)
        elif (
            len(span) == 1
            and span.text in surname_to_full
            and (draft.actor_key is None or draft.alias_kind == "surname")
        ):
            full = surname_to_full[span.text]
            draft.label = "PERSON"
            draft.actor_key = full.actor_key or slugify(doc[full.start : full.end].text)
            draft.method = "surname"
    extra = []
    for token in doc:
        if covered[token.i] or token.text not in surname_to_full or not token.is_title:
            continue
        full = surname_to_full[token.text]
        if full.start < token.i:
            key = full.actor_key or slugify(doc[full.start : full.end].text)
            extra.append(_Draft(token.i, token.i + 1, "PERSON", key, "surname", sentence_of[token.i]))
    return sorted(drafts + extra, key=lambda d: d.start)


def _freeze(doc: Doc, draft: _Draft, gaz: Gazetteer) -> ActorMention:
    span = doc[draft.start : draft.end]
    key = draft.actor_key
    actor = gaz.actors.get(key) if key else None
    if actor is not None:
        canonical, actor_type = actor.canonical_name, actor.actor_type
    else:
        canonical, actor_type = span.text, infer_actor_type(draft.label, span.text, gaz)
        key = key or slugify(span.text)
        if key in gaz.actors:  # a slug that happens to be a known key: trust the gazetteer record
            canonical, actor_type = gaz.actors[key].canonical_name, gaz.actors[key].actor_type
    return ActorMention(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        actor_key=key,
        canonical_name=canonical,
        actor_type=actor_type,
        label=draft.label,
        method=draft.method,
        title=draft.title,
        sentence_index=draft.sentence_index,
    )


def infer_actor_type(label: str, text: str, gaz: Gazetteer) -> str:
    """Actor type of a name the seed does not know, from its NER label."""
    if label == "PERSON":
        return "person"
    if label in ("GPE", "LOC", "FAC"):
        return "location"
    lowered = text.lower()
    for keyword, code in gaz.cameo_type_keywords:
        if keyword in lowered:
            return {
                "GOV": "government",
                "MED": "media",
                "JUD": "government",
                "LEG": "government",
                "MIL": "government",
            }.get(code, "organization")
    return "organization"


def _collective_mentions(
    doc: Doc, mentions: list[ActorMention], gaz: Gazetteer, sentence_of: list[int]
) -> list[ActorMention]:
    """ "the group"/"the movement" resolve only if one organization is in reach, never by guess."""
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for term in gaz.terms("collective"):
        words = tuple(term.split())
        phrases.setdefault(words[0], []).append(words)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for token in doc:
        for words in sorted(phrases.get(token.lower_, ()), key=len, reverse=True):
            end = token.i + len(words)
            if end > len(doc) or tuple(t.lower_ for t in doc[token.i : end]) != words:
                continue
            after = doc[end] if end < len(doc) else None
            # "the group of seven", "the group Hamas" name something else.
            if after is not None and (after.lower_ == "of" or after.pos_ == "PROPN"):
                break
            span = doc[token.i : end]
            if span.start_char in taken:
                break
            found.append(_resolve_collective(span, mentions, sentence_of[token.i]))
            break
    return found


def _resolve_collective(span: Span, mentions: list[ActorMention], sentence: int) -> ActorMention:
    candidates = {
        m.actor_key
        for m in mentions
        if m.end <= span.start_char
        and m.sentence_index is not None
        and sentence - _COLLECTIVE_WINDOW <= m.sentence_index <= sentence
        and m.actor_type in _COLLECTIVE_TARGET_TYPES
        and m.actor_key is not None
    }
    if len(candidates) == 1:
        key = next(iter(candidates))
        source = next(m for m in reversed(mentions) if m.actor_key == key)
        return ActorMention(
            span.start_char,
            span.end_char,
            span.text,
            key,
            source.canonical_name,
            source.actor_type,
            "ORG",
            "collective",
            None,
            sentence,
        )
    return ActorMention(
        span.start_char, span.end_char, span.text, None, None, None, "ORG", "collective_unresolved", None, sentence
    )


# --------------------------------------------------------------------------- across articles


@dataclass(frozen=True)
class ActorResolution:
    actors: list[ActorRecord]
    aliases: list[AliasRecord]
    mentions: dict[str, list[ActorMention]]


def name_similarity(a: str, b: str) -> float:
    """Similarity (0-100) of two names after normalization; the score the fuzzy join uses."""
    return float(fuzz.ratio(normalize_name(a), normalize_name(b)))


@dataclass(frozen=True)
class ThresholdReport:
    threshold: float
    true_positives: int
    false_negatives: int
    true_negatives: int
    false_positives: int
    lowest_positive: float
    highest_negative: float


def choose_threshold(pairs: list[tuple[str, str, bool]]) -> ThresholdReport:
    """Cut on `name_similarity` with the fewest errors; ties go to the higher cut (a wrong
    join merges two actors for good, a missed one only leaves a duplicate)."""
    scored = [(name_similarity(a, b), same) for a, b, same in pairs]
    values = sorted({score for score, _ in scored})
    cuts = [(lo + hi) / 2 for lo, hi in itertools.pairwise(values)] or values

    def errors(cut: float) -> int:
        return sum((score >= cut) != same for score, same in scored)

    best = min(cuts, key=lambda cut: (errors(cut), -cut))
    return ThresholdReport(
        threshold=round(best, 1),
        true_positives=sum(score >= best and same for score, same in scored),
        false_negatives=sum(score < best and same for score, same in scored),
        true_negatives=sum(score < best and not same for score, same in scored),
        false_positives=sum(score >= best and not same for score, same in scored),
        lowest_positive=min(score for score, same in scored if same),
        highest_negative=max(score for score, same in scored if not same),
    )


def acronym_of(name: str) -> str:
    words = [w for w in normalize_name(name).split() if w not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper()


@dataclass
class _Candidate:
    """One actor known so far during resolution: a name to compare new names against."""

    actor_key: str
    name: str
    norm: str
    actor_type: str


def resolve_actors(
    mentions_by_article: dict[str, list[ActorMention]],
    seed: Gazetteer | None = None,
    threshold: float = FUZZY_THRESHOLD,
) -> ActorResolution:
    """Join mentions of all articles into actors with recorded aliases (deterministic order)."""
    gaz = seed or load_gazetteer(None)
    unknown = _unknown_names(mentions_by_article, gaz)
    candidates = _seed_candidates(gaz)
    join: dict[str, tuple[str, str]] = {}  # unknown key -> (actor key, method)
    new_actors: dict[str, ActorRecord] = {}
    # The most mentioned spelling claims the actor first, so variants join it rather than the reverse.
    for key in sorted(unknown, key=lambda k: (-unknown[k][2], -len(unknown[k][0]), k)):
        name, actor_type, _count = unknown[key]
        target = _join_unknown(name, actor_type, candidates, threshold)
        if target is None:
            new_actors[key] = ActorRecord(key, name, actor_type, None, None, None, "ner")
            candidates.append(_Candidate(key, name, normalize_name(name), actor_type))
            join[key] = (key, "exact")
        else:
            join[key] = target
    resolved = {
        article: [_rewrite(m, join, gaz, new_actors) for m in mentions]
        for article, mentions in sorted(mentions_by_article.items())
    }
    return ActorResolution(
        actors=_referenced_actors(resolved, gaz, new_actors),
        aliases=_aliases(resolved, join, gaz),
        mentions=resolved,
    )


def _unknown_names(
    mentions_by_article: dict[str, list[ActorMention]], gaz: Gazetteer
) -> dict[str, tuple[str, str, int]]:
    """Keys the gazetteer does not know -> (most frequent surface, type, mentions); ties break alphabetically."""
    surfaces: dict[str, Counter[str]] = {}
    types: dict[str, Counter[str]] = {}
    for article in sorted(mentions_by_article):
        for m in mentions_by_article[article]:
            if m.actor_key is None or m.actor_key in gaz.actors or m.method.startswith("collective"):
                continue
            surfaces.setdefault(m.actor_key, Counter())[m.canonical_name or m.text] += 1
            types.setdefault(m.actor_key, Counter())[m.actor_type or "organization"] += 1
    return {
        key: (
            min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0],
            min(types[key].items(), key=lambda kv: (-kv[1], kv[0]))[0],
            sum(c.values()),
        )
        for key, c in surfaces.items()
    }


def _seed_candidates(gaz: Gazetteer) -> list[_Candidate]:
    out = []
    for norm, (key, _kind) in sorted(gaz.alias_index.items()):
        actor = gaz.actors[key]
        out.append(_Candidate(key, actor.canonical_name, norm, actor.actor_type))
    return out


def _join_unknown(name: str, actor_type: str, candidates: list[_Candidate], threshold: float) -> tuple[str, str] | None:
    norm = normalize_name(name)
    compatible = [c for c in candidates if c.actor_type in _TYPE_COMPATIBLE.get(actor_type, frozenset({actor_type}))]
    exact = [c for c in compatible if c.norm == norm]
    if exact:
        return exact[0].actor_key, "exact"
    if name.replace(".", "").isupper() and 2 <= len(name.replace(".", "")) <= 8:
        hits = sorted(
            {
                c.actor_key
                for c in compatible
                if len(c.norm.split()) >= 2 and acronym_of(c.name) == name.replace(".", "")
            }
        )
        if len(hits) == 1:
            return hits[0], "acronym"
    if actor_type == "person" and " " not in norm:
        hits = sorted({c.actor_key for c in compatible if len(c.norm.split()) >= 2 and c.norm.split()[-1] == norm})
        if len(hits) == 1:
            return hits[0], "surname"
        return None
    if len(norm) < FUZZY_MIN_LENGTH:
        return None
    best: tuple[float, str] | None = None
    for c in compatible:
        if len(c.norm) < FUZZY_MIN_LENGTH:
            continue
        score = fuzz.ratio(norm, c.norm, score_cutoff=threshold)
        if score and (best is None or score > best[0] or (score == best[0] and c.actor_key < best[1])):
            best = (score, c.actor_key)
    if best is None:
        return None
    return best[1], f"fuzzy:{best[0]:.0f}"


def _rewrite(
    m: ActorMention, join: dict[str, tuple[str, str]], gaz: Gazetteer, new_actors: dict[str, ActorRecord]
) -> ActorMention:
    if m.actor_key is None or m.actor_key in gaz.actors:
        return m
    key, method = join.get(m.actor_key, (m.actor_key, "exact"))
    actor = gaz.actors.get(key) or new_actors.get(key)
    if actor is None:
        return m
    new_method = m.method if method == "exact" else method
    return replace(
        m, actor_key=key, canonical_name=actor.canonical_name, actor_type=actor.actor_type, method=new_method
    )


def _referenced_actors(
    resolved: dict[str, list[ActorMention]], gaz: Gazetteer, new_actors: dict[str, ActorRecord]
) -> list[ActorRecord]:
    keys = sorted({m.actor_key for ms in resolved.values() for m in ms if m.actor_key})
    return [gaz.actors.get(k) or new_actors[k] for k in keys if k in gaz.actors or k in new_actors]


def _aliases(
    resolved: dict[str, list[ActorMention]], join: dict[str, tuple[str, str]], gaz: Gazetteer
) -> list[AliasRecord]:
    """One alias per (actor, surface form) seen, with the method that joined it."""
    out: dict[tuple[str, str], AliasRecord] = {}
    for article in sorted(resolved):
        for m in resolved[article]:
            if m.actor_key is None or m.method.startswith("collective"):
                continue
            norm = normalize_name(m.text)
            if (m.actor_key, norm) in out:
                continue
            out[(m.actor_key, norm)] = _alias_record(m, norm, gaz)
    return sorted(out.values(), key=lambda a: (a.actor_key, normalize_name(a.alias)))


def _alias_record(m: ActorMention, norm: str, gaz: Gazetteer) -> AliasRecord:
    key = m.actor_key or ""
    if m.canonical_name and norm == normalize_name(m.canonical_name):
        return AliasRecord(key, m.text, "canonical", "exact")
    seeded = gaz.alias_index.get(norm)
    if seeded and seeded[0] == key:
        return AliasRecord(key, m.text, seeded[1], "seed")
    if m.method.startswith("fuzzy:"):
        return AliasRecord(key, m.text, "variant", m.method)
    if m.method in ("surname", "acronym"):
        return AliasRecord(key, m.text, m.method, m.method)
    return AliasRecord(key, m.text, "variant", m.method)
