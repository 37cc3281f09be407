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

from datasketch import MinHash, MinHashLSH

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


def _minhash(words: frozenset[str], num_perm: int) -> MinHash:
    mh = MinHash(num_perm=num_perm, seed=7)
    mh.update_batch([w.encode("utf-8") for w in sorted(words)])
    return mh


# A content sentence: (article id, sentence index, start, end, content words, MinHash).
_Unit = tuple[str, int, int, int, frozenset[str], MinHash]
# matches[(a, b)] -> {sentence index in a: (sentence index in b, jaccard)}
_Matches = dict[tuple[str, str], dict[int, tuple[int, float]]]


def detect_reuse(
    articles: Iterable[Article],
    *,
    min_words: int = 6,
    min_jaccard: float = 0.4,
    min_containment: float = 0.6,
    min_shared: int = 2,
    lsh_threshold: float = 0.3,
    num_perm: int = 128,
) -> ReuseResult:
    """Reused sentences and article pairs across a corpus (see module docstring for the rule)."""
    articles = list(articles)
    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    units, content_count = _index_sentences(articles, lsh, min_words, num_perm)
    matches = _match_sentences(units, lsh, min_jaccard, min_containment)
    return _report(articles, matches, content_count, min_shared)


def _index_sentences(
    articles: list[Article], lsh: MinHashLSH, min_words: int, num_perm: int
) -> tuple[dict[str, _Unit], dict[str, int]]:
    """Every sentence with enough content words, inserted into the LSH index; content sentences per article."""
    units: dict[str, _Unit] = {}
    content_count: dict[str, int] = {}
    for article in articles:
        count = 0
        for si, (start, end) in enumerate(_spans(article)):
            words = content_words(article.body_text[start:end])
            if len(words) < min_words:
                continue
            count += 1
            key = f"{article.article_id}\x1f{si}"
            minhash = _minhash(words, num_perm)
            units[key] = (article.article_id, si, start, end, words, minhash)
            lsh.insert(key, minhash)
        content_count[article.article_id] = count
    return units, content_count


def _match_sentences(units: dict[str, _Unit], lsh: MinHashLSH, min_jaccard: float, min_containment: float) -> _Matches:
    """LSH candidates of other articles, verified on the exact word sets; the best match per sentence."""
    matches: _Matches = {}
    for aid, si, _, _, words, minhash in units.values():
        for other_key in lsh.query(minhash):
            bid, sj, _, _, other, _ = units[other_key]
            if bid == aid:
                continue
            shared = len(words & other)
            jaccard = shared / len(words | other)
            if jaccard < min_jaccard or shared / min(len(words), len(other)) < min_containment:
                continue
            best = matches.setdefault((aid, bid), {})
            if si not in best or best[si][1] < jaccard:
                best[si] = (sj, jaccard)
    return matches


def _report(articles: list[Article], matches: _Matches, content_count: dict[str, int], min_shared: int) -> ReuseResult:
    """Article pairs sharing at least `min_shared` sentences, each with its direction and copied sentences."""
    by_id = {a.article_id: a for a in articles}
    pairs: list[ReusePair] = []
    sentences: list[SentenceReuse] = []
    for aid, bid in sorted(matches):
        if aid > bid:
            continue
        a_to_b = matches[(aid, bid)]
        b_to_a = matches.get((bid, aid), {})
        if min(len(a_to_b), len(b_to_a)) < min_shared:
            continue
        copy, original, basis = _direction(by_id[aid], by_id[bid], a_to_b, b_to_a, content_count)
        copied = a_to_b if copy == aid else b_to_a
        shared = len(copied)
        pairs.append(ReusePair(copy, original, shared, round(shared / max(content_count[copy], 1), 3), basis))
        spans = _spans(by_id[copy])
        for si, (sj, jaccard) in sorted(copied.items()):
            start, end = spans[si]
            sentences.append(SentenceReuse(copy, si, start, end, original, sj, round(jaccard, 3)))
    return ReuseResult(pairs, sentences)


def _spans(article: Article) -> Sequence[tuple[int, int]]:
    return article.sentences if article.sentences is not None else split_sentences(article.body_text)


def _direction(a: Article, b: Article, a_to_b: dict, b_to_a: dict, counts: dict[str, int]) -> tuple[str, str, str]:
    if a.published and b.published and a.published != b.published:
        return (
            (a.article_id, b.article_id, "published_date")
            if a.published > b.published
            else (b.article_id, a.article_id, "published_date")
        )
    share_a = len(a_to_b) / max(counts[a.article_id], 1)
    share_b = len(b_to_a) / max(counts[b.article_id], 1)
    if share_a >= share_b:
        return a.article_id, b.article_id, "containment"
    return b.article_id, a.article_id, "containment"
