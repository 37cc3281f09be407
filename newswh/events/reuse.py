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

Direction: the earlier-published article is the original (direction_basis="published_date");
with equal or missing dates, the article whose sentences are the larger share reused is the
copy (direction_basis="containment"), since a derivative piece is mostly made of the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "not",
        "no",
        "so",
        "than",
        "then",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "while",
        "how",
        "all",
        "any",
        "each",
        "some",
        "such",
        "also",
        "even",
        "though",
        "although",
        "however",
        "into",
        "over",
        "after",
        "before",
        "about",
        "against",
        "between",
        "during",
        "since",
        "until",
        "up",
        "down",
        "out",
        "off",
        "very",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "just",
        "only",
        "other",
        "others",
        "more",
        "most",
        "said",
        "says",
    ]
)
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


def _minhash(words: frozenset[str], num_perm: int) -> MinHash:
    mh = MinHash(num_perm=num_perm, seed=MINHASH_SEED)
    mh.update_batch([w.encode("utf-8") for w in sorted(words)])
    return mh


def minhash_bytes(minhash: MinHash) -> bytes:
    """A MinHash as stored (the raw bytes of its hash values)."""
    return minhash.hashvalues.tobytes()


def minhash_from_bytes(blob: bytes) -> MinHash:
    """A stored MinHash back, lean (no permutations): all the LSH index and a query need."""
    template = MinHash(num_perm=1, seed=MINHASH_SEED)
    values = np.frombuffer(blob, dtype=template.hashvalues.dtype)
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=values, scheme=template.scheme)


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
        return f"minhash:{MinHash(num_perm=1).scheme}:seed={MINHASH_SEED}:perm={self.num_perm}:words={self.min_words}"


@dataclass(frozen=True)
class Unit:
    """A content sentence: enough content words to be compared, with their MinHash."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    words: frozenset[str]
    minhash: MinHash

    @property
    def key(self) -> str:
        return f"{self.article_id}\x1f{self.sentence_index}"


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
    matches = match_sentences(units, units, config)
    published = {a.article_id: a.published for a in articles}
    return report_pairs(matches, published, content_count, units, config.min_shared)


def sentence_units(article: Article, settings: ReuseSettings) -> list[Unit]:
    """The article's sentences with at least `min_words` content words, each with its MinHash."""
    units = []
    for si, (start, end) in enumerate(_spans(article)):
        words = content_words(article.body_text[start:end])
        if len(words) >= settings.min_words:
            units.append(Unit(article.article_id, si, start, end, words, _minhash(words, settings.num_perm)))
    return units


def match_sentences(queries: Iterable[Unit], indexed: Iterable[Unit], settings: ReuseSettings) -> _Matches:
    """Sentence matches between each query unit and the indexed units of other articles, both ways.

    LSH candidates are verified on the exact word sets; per sentence the best match wins (ties:
    the lower sentence index), so querying a pair from either side gives the same matches.
    """
    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    by_key = {}
    for unit in indexed:
        by_key[unit.key] = unit
        lsh.insert(unit.key, unit.minhash)
    matches: _Matches = {}
    for unit in queries:
        for other_key in lsh.query(unit.minhash):
            other = by_key[other_key]
            if other.article_id == unit.article_id:
                continue
            shared = len(unit.words & other.words)
            jaccard = shared / len(unit.words | other.words)
            if jaccard < settings.min_jaccard:
                continue
            if shared / min(len(unit.words), len(other.words)) < settings.min_containment:
                continue
            _keep_best(matches, unit, other, jaccard)
            _keep_best(matches, other, unit, jaccard)
    return matches


def _keep_best(matches: _Matches, unit: Unit, other: Unit, jaccard: float) -> None:
    best = matches.setdefault((unit.article_id, other.article_id), {})
    held = best.get(unit.sentence_index)
    if held is None or (-held[1], held[0]) > (-jaccard, other.sentence_index):
        best[unit.sentence_index] = (other.sentence_index, jaccard)


def report_pairs(
    matches: _Matches,
    published: dict[str, date | None],
    content_count: dict[str, int],
    units: Iterable[Unit],
    min_shared: int,
) -> ReuseResult:
    """Article pairs in `matches` sharing at least `min_shared` sentences, each with its direction
    and copied sentences (`units` give the copied sentences' offsets)."""
    spans = {(u.article_id, u.sentence_index): (u.start, u.end) for u in units}
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
