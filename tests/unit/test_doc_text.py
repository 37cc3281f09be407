"""`newswh.nlp.doc_text`: the text of a Doc joined once, and kept no longer than the Doc."""

from __future__ import annotations

import gc

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newswh import nlp

pytestmark = pytest.mark.unit


def _doc(words: list[str]) -> Doc:
    return Doc(Vocab(), words=words, spaces=[True] * (len(words) - 1) + [False])


def test_the_text_is_the_docs_own():
    first, second = _doc(["Talks", "resumed", "in", "Doha"]), _doc(["Kabul", "airport", "reopened"])
    assert nlp.doc_text(first) == first.text == "Talks resumed in Doha"
    assert nlp.doc_text(second) == "Kabul airport reopened"


def test_the_text_is_joined_once_per_doc():
    doc = _doc(["Officials", "said", "so"])
    # A fresh join builds a new string each time; the cached one is the same object.
    assert doc.text is not doc.text
    assert nlp.doc_text(doc) is nlp.doc_text(doc)


def test_the_text_goes_with_its_doc():
    doc = _doc(["A", "short", "report"])
    nlp.doc_text(doc)
    held = len(nlp._TEXTS)
    del doc
    gc.collect()
    assert len(nlp._TEXTS) == held - 1
