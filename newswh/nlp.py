"""Loading the spaCy pipeline, once per process; the text of a Doc, built once."""

from __future__ import annotations

import weakref
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newswh.config import SPACY_MODEL

# Keyed weakly so that a text lives exactly as long as its Doc (the value never refers to the Doc).
_TEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@lru_cache(maxsize=4)
def load_nlp(model: str = SPACY_MODEL) -> Language:
    return spacy.load(model)


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per Doc.

    spaCy builds a Token object for every token and joins them again on each `doc.text`; the
    extractors ask for it about ten times per article, which cost more than all their own work.
    A Doc's text cannot change after parsing (retokenizing keeps it), so the first join is kept.
    """
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text
