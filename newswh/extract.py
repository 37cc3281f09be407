"""The NLP extraction stage: one spaCy pass per article, every extractor reading the same Doc.

Each extractor is a plain function over the Doc; this module only sequences them and turns
their records into rows for the raw tables. spaCy runs through `nlp.pipe` in batches, and
components no extractor needs are disabled, so the stage stays close to plain spaCy speed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from newswh import warehouse as wh
from newswh.config import PIPELINE_VERSION
from newswh.nlp import load_nlp

SENTENCES = wh.Table(
    "sentences",
    (
        ("sentence_id", "varchar"), ("article_id", "varchar"), ("sentence_index", "integer"),
        ("char_start", "integer"), ("char_end", "integer"), ("sentence_text", "varchar"),
    ),
)
ENTITIES = wh.Table(
    "entities",
    (
        ("entity_id", "varchar"), ("article_id", "varchar"), ("sentence_index", "integer"),
        ("char_start", "integer"), ("char_end", "integer"), ("entity_text", "varchar"), ("label", "varchar"),
    ),
)
EXTRACTION_STATE = wh.Table(
    "extraction_state",
    (("article_id", "varchar"), ("content_hash", "varchar"), ("pipeline_version", "varchar")),
)
EXTRACT_TABLES = (SENTENCES, ENTITIES, EXTRACTION_STATE)

TABLE_DESCRIPTIONS = {
    "sentences": "Sentences of each cleaned body, with character offsets into body_text.",
    "entities": "spaCy named entities (after the actor ruler's corrections), with offsets.",
}


def row_id(*parts: object) -> str:
    """Deterministic id from content and position."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


@dataclass
class ArticleInput:
    article_id: str
    body_text: str
    content_hash: str
    stated_date: date | None = None
    stated_date_text: str | None = None
    metadata_date: date | None = None


@dataclass
class ArticleExtraction:
    article_id: str
    content_hash: str
    rows: dict[str, list[dict]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


def build_nlp() -> Language:
    return load_nlp()


def sentence_rows(article_id: str, doc: Doc) -> list[dict]:
    return [
        {
            "sentence_id": row_id(article_id, "sentence", sent.start_char, sent.end_char),
            "article_id": article_id,
            "sentence_index": index,
            "char_start": sent.start_char,
            "char_end": sent.end_char,
            "sentence_text": sent.text,
        }
        for index, sent in enumerate(doc.sents)
    ]


def entity_rows(article_id: str, doc: Doc, sentence_of: dict[int, int]) -> list[dict]:
    return [
        {
            "entity_id": row_id(article_id, "entity", ent.start_char, ent.end_char, ent.label_),
            "article_id": article_id,
            "sentence_index": sentence_of.get(ent.start, None),
            "char_start": ent.start_char,
            "char_end": ent.end_char,
            "entity_text": ent.text,
            "label": ent.label_,
        }
        for ent in doc.ents
    ]


def extract_doc(article: ArticleInput, doc: Doc) -> ArticleExtraction:
    sentence_of = {token.i: index for index, sent in enumerate(doc.sents) for token in sent}
    result = ArticleExtraction(article.article_id, article.content_hash)
    result.rows["sentences"] = sentence_rows(article.article_id, doc)
    result.rows["entities"] = entity_rows(article.article_id, doc, sentence_of)
    result.rows["extraction_state"] = [
        {"article_id": article.article_id, "content_hash": article.content_hash, "pipeline_version": PIPELINE_VERSION}
    ]
    return result


def extract_articles(
    articles: Iterable[ArticleInput], nlp: Language | None = None, batch_size: int = 16
) -> Iterator[ArticleExtraction]:
    nlp = nlp or build_nlp()
    articles = list(articles)
    docs = nlp.pipe((a.body_text for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        yield extract_doc(article, doc)
