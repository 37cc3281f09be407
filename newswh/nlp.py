"""Loading the spaCy pipeline, once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from newswh.config import SPACY_MODEL


@lru_cache(maxsize=4)
def load_nlp(model: str = SPACY_MODEL) -> Language:
    return spacy.load(model)
