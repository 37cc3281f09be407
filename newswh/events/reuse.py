"""Text reuse: which article copied (lightly reworded) sentences of which other article.

Each sentence becomes a set of normalised content words (lower-cased, stop words and
punctuation dropped, plural "s" stripped). Word sets rather than word n-grams because
rewording reorders clauses ("In recent months, at least four countries — China, … — have
accredited" vs "China, … have accredited … in recent months"), which destroys n-grams but
keeps the vocabulary. A MinHash of each set goes into one MinHashLSH index, so candidate
pairs come from hash buckets (near-linear in the number of sentences, no all-pairs
comparison); every candidate is then verified on the exact sets.

A sentence pair counts as reuse when Jaccard ≥ `min_jaccard` and the overlap covers
≥ `min_containment` of the shorter sentence. An article pair is reported when at least
`min_shared` sentences match (a single shared sentence is usually the same quotation
reported independently).

Each sentence is linked to one source, not to every article that has it: the matching sentence
of the earliest other article (earliest publication date, undated articles last, then the lower
article id; within that article the best Jaccard, then the first sentence). An article pair's
matched sentences are the links between the two articles, counted from both sides. Between two
articles alone this is every match; what it drops is the pair of two later copies of one
earlier text: when a wire story (or a sentence) is in A, B and C, A earliest, B and C are each
linked to A and the pair B-C is not reported, since its sentences are explained by A. Without
this rule n copies of one text give n²/2 pairs and as many sentence rows (70 copies of a corpus
did: the step ran out of memory); with it they give n - 1 pairs, and one sentence's candidates are
bounded by its distinct wordings, not by its copies (newswh.store.reuse_sql).

Direction: the earlier-published article is the original (direction_basis="published_date");
with equal or missing dates, the article whose sentences are the larger share reused is the
copy (direction_basis="containment"), since a derivative piece is mostly made of the source.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import yaml
from datasketch import LeanMinHash, MinHash, MinHashLSH

RULES_FILE = Path(__file__).resolve().parent / "resources" / "reuse.yaml"


@functools.lru_cache(maxsize=2)
def load_stop_words(path: str | None = None) -> frozenset[str]:
    """The words resources/reuse.yaml drops from a sentence's content words (documented there)."""
    data = yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))
    return frozenset(data["stop_words"])


STOP_WORDS = load_stop_words()
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Article:
    article_id: str
    body_text: str
    published: date | None = None
    # (start, end) char offsets of sentences in body_text; e.g. from doc.sents, so that the
    # sentence indices agree with the event/quote sentence indices.
    sentences: tuple[tuple[int, int], ...] | None = None


@dataclass(frozen=True)
class ReusePair:
    article_id: str  # the article that reuses
    reused_article_id: str  # the original
    shared_sentences: int
    containment: float  # share of article_id's (content) sentences found in reused_article_id
    direction_basis: str  # "published_date" or "containment"


@dataclass(frozen=True)
class SentenceReuse:
    article_id: str
    sentence_index: int
    start: int
    end: int
    reused_article_id: str
    reused_sentence_index: int
    jaccard: float


@dataclass(frozen=True)
class ReuseResult:
    pairs: list[ReusePair]
    sentences: list[SentenceReuse]  # only sentences of the reusing article of each reported pair

    def reused_sentence_indices(self, article_id: str) -> set[int]:
        return {s.sentence_index for s in self.sentences if s.article_id == article_id}


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z0-9])|\n\s*\n")


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """A cheap splitter for callers without a parse (punctuation + capital, or blank line)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)


def content_words(sentence: str) -> frozenset[str]:
    words = set()
    for word in _WORD.findall(sentence.lower().replace("’", "'")):
        if word in STOP_WORDS or len(word) < 2:
            continue
        words.add(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return frozenset(words)


# MinHash parameters a stored signature was made with; a signature made otherwise is remade.
MINHASH_SEED = 7
# Precedence of an undated article: after every dated one (it is a source only when nothing dated is).
UNDATED = date.max


@functools.cache
def _template(num_perm: int) -> MinHash:
    """One MinHash whose permutations every signature shares (drawing them per sentence is slow)."""
    return MinHash(num_perm=num_perm, seed=MINHASH_SEED)


@functools.lru_cache(maxsize=500_000)
def _word_hashes(word: str, num_perm: int) -> np.ndarray:
    """The MinHash of a one-word set; a set's MinHash is the element-wise minimum of its words'."""
    template = _template(num_perm)
    mh = MinHash(num_perm=num_perm, seed=MINHASH_SEED, permutations=template.permutations, scheme=template.scheme)
    mh.update(word.encode("utf-8"))
    return mh.hashvalues


def minhash_values(words: frozenset[str], num_perm: int) -> np.ndarray:
    """The hash values of datasketch's MinHash of the word set (update_batch takes the same minimum),
    from cached word hashes so that a word common to many sentences is hashed once."""
    return np.minimum.reduce([_word_hashes(word, num_perm) for word in words])


def _lean(values: np.ndarray, num_perm: int) -> LeanMinHash:
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=values, scheme=_template(num_perm).scheme)


@functools.cache
def band_ranges(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """The LSH bands (slices of the hash values) datasketch's MinHashLSH uses for these settings."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return tuple(lsh.hashranges)


def band_keys(values: np.ndarray, settings: ReuseSettings) -> list[bytes]:
    """The sentence's LSH bucket in each band: two sentences are candidates when any band's key is equal."""
    return [values[start:end].tobytes() for start, end in band_ranges(settings.lsh_threshold, settings.num_perm)]


def class_key(words: frozenset[str]) -> int:
    """Sentences with identical content words are one class (a signed 64-bit id of the word set)."""
    digest = hashlib.blake2b("\x1f".join(sorted(words)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@dataclass(frozen=True)
class ReuseSettings:
    min_words: int = 6
    min_jaccard: float = 0.4
    min_containment: float = 0.6
    min_shared: int = 2
    lsh_threshold: float = 0.3
    num_perm: int = 128

    def signature_key(self) -> str:
        """What a stored signature depends on besides the text: remade when this changes."""
        return (
            f"minhash:{MinHash(num_perm=1).scheme}:seed={MINHASH_SEED}:perm={self.num_perm}:words={self.min_words}"
            f":lsh={self.lsh_threshold}"
        )


@dataclass(frozen=True)
class Unit:
    """A content sentence: enough content words to be compared, with their MinHash's hash values."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    words: frozenset[str]
    signature: np.ndarray

    @property
    def key(self) -> str:
        return f"{self.article_id}\x1f{self.sentence_index}"


@dataclass(frozen=True)
class Link:
    """A sentence and its source: the matching sentence of the earliest other article."""

    article_id: str
    sentence_index: int
    source_article_id: str
    source_sentence_index: int
    jaccard: float


# matches[(a, b)] -> {sentence index in a: (sentence index in b, jaccard)}
_Matches = dict[tuple[str, str], dict[int, tuple[int, float]]]


def detect_reuse(articles: Iterable[Article], **settings) -> ReuseResult:
    """Reused sentences and article pairs across a corpus (see module docstring for the rule)."""
    config = ReuseSettings(**settings)
    articles = list(articles)
    units = [unit for article in articles for unit in sentence_units(article, config)]
    content_count = {a.article_id: 0 for a in articles}
    for unit in units:
        content_count[unit.article_id] += 1
    published = {a.article_id: a.published for a in articles}
    links = find_sources(units, published, config)
    spans = {(u.article_id, u.sentence_index): (u.start, u.end) for u in units}
    return report_pairs(links_to_matches(links), published, content_count, spans, config.min_shared)


def sentence_units(article: Article, settings: ReuseSettings) -> list[Unit]:
    """The article's sentences with at least `min_words` content words, each with its MinHash."""
    units = []
    for si, (start, end) in enumerate(_spans(article)):
        words = content_words(article.body_text[start:end])
        if len(words) >= settings.min_words:
            units.append(Unit(article.article_id, si, start, end, words, minhash_values(words, settings.num_perm)))
    return units


def is_match(words: frozenset[str], other: frozenset[str], settings: ReuseSettings) -> float | None:
    """The pair's Jaccard when the two sentences count as reuse (see module docstring), else None."""
    shared = len(words & other)
    jaccard = shared / (len(words) + len(other) - shared)
    if jaccard < settings.min_jaccard or shared / min(len(words), len(other)) < settings.min_containment:
        return None
    return jaccard


def source_order(published: date | None, article_id: str, jaccard: float, sentence_index: int) -> tuple:
    """Which match is a sentence's source: the earliest article (undated last, then by id), then the
    best Jaccard in it, then its first sentence."""
    return (published or UNDATED, article_id, -jaccard, sentence_index)


def find_sources(units: Sequence[Unit], published: dict[str, date | None], settings: ReuseSettings) -> list[Link]:
    """Each unit's source among the units of other articles (LSH candidates verified exactly)."""
    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    by_key, lean = {}, {}
    for unit in units:
        by_key[unit.key], lean[unit.key] = unit, _lean(unit.signature, settings.num_perm)
        lsh.insert(unit.key, lean[unit.key])
    links = []
    for unit in units:
        best = None
        for other in (by_key[key] for key in lsh.query(lean[unit.key])):
            jaccard = None if other.article_id == unit.article_id else is_match(unit.words, other.words, settings)
            if jaccard is None:
                continue
            order = source_order(published.get(other.article_id), other.article_id, jaccard, other.sentence_index)
            if best is None or order < best[0]:
                best = (
                    order,
                    Link(unit.article_id, unit.sentence_index, other.article_id, other.sentence_index, jaccard),
                )
        if best is not None:
            links.append(best[1])
    return links


def links_to_matches(links: Iterable[Link]) -> _Matches:
    """Sentence matches per article pair, both ways; per sentence the best match wins (ties: the
    lower sentence index), so a link counts for the pair whichever side it was found from."""
    matches: _Matches = {}
    for link in links:
        a, si, b, sj = link.article_id, link.sentence_index, link.source_article_id, link.source_sentence_index
        _keep_best(matches, a, si, b, sj, link.jaccard)
        _keep_best(matches, b, sj, a, si, link.jaccard)
    return matches


def _keep_best(matches: _Matches, a: str, si: int, b: str, sj: int, jaccard: float) -> None:
    best = matches.setdefault((a, b), {})
    held = best.get(si)
    if held is None or (-held[1], held[0]) > (-jaccard, sj):
        best[si] = (sj, jaccard)


def report_pairs(
    matches: _Matches,
    published: dict[str, date | None],
    content_count: dict[str, int],
    spans: dict[tuple[str, int], tuple[int, int]],
    min_shared: int,
) -> ReuseResult:
    """Article pairs in `matches` sharing at least `min_shared` sentences, each with its direction
    and copied sentences (`spans` give the copied sentences' offsets)."""
    pairs: list[ReusePair] = []
    sentences: list[SentenceReuse] = []
    for aid, bid in sorted(matches):
        if aid > bid:
            continue
        a_to_b = matches[(aid, bid)]
        b_to_a = matches.get((bid, aid), {})
        if min(len(a_to_b), len(b_to_a)) < min_shared:
            continue
        copy, original, basis = _direction(aid, bid, published, a_to_b, b_to_a, content_count)
        copied = a_to_b if copy == aid else b_to_a
        shared = len(copied)
        pairs.append(ReusePair(copy, original, shared, round(shared / max(content_count[copy], 1), 3), basis))
        for si, (sj, jaccard) in sorted(copied.items()):
            start, end = spans[(copy, si)]
            sentences.append(SentenceReuse(copy, si, start, end, original, sj, round(jaccard, 3)))
    return ReuseResult(pairs, sentences)


def _spans(article: Article) -> Sequence[tuple[int, int]]:
    return article.sentences if article.sentences is not None else split_sentences(article.body_text)


def _direction(
    aid: str, bid: str, published: dict[str, date | None], a_to_b: dict, b_to_a: dict, counts: dict[str, int]
) -> tuple[str, str, str]:
    a_date, b_date = published.get(aid), published.get(bid)
    if a_date and b_date and a_date != b_date:
        return (aid, bid, "published_date") if a_date > b_date else (bid, aid, "published_date")
    share_a = len(a_to_b) / max(counts[aid], 1)
    share_b = len(b_to_a) / max(counts[bid], 1)
    if share_a >= share_b:
        return aid, bid, "containment"
    return bid, aid, "containment"
