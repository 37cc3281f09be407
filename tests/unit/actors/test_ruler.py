"""The actor ruler in the spaCy pipeline: added once, after the NER, overriding the model."""

from __future__ import annotations

import pytest

from newswh.actors.ruler import RULER_NAME, add_actor_components

pytestmark = pytest.mark.unit


def test_add_actor_components_is_idempotent(nlp):
    names = list(nlp.pipe_names)
    assert add_actor_components(nlp) is nlp
    assert nlp.pipe_names == names
    assert names.count(RULER_NAME) == 1
    assert names.index(RULER_NAME) == names.index("ner") + 1


def test_ruler_overrides_the_model(nlp):
    text = "In November, Muttaqi met with Afghan embassy staff in Doha."
    with nlp.select_pipes(disable=[RULER_NAME]):
        model_only = {e.text: e.label_ for e in nlp(text).ents}
    ents = {e.text: (e.label_, e.kb_id_) for e in nlp(text).ents}
    assert model_only.get("Muttaqi") != "PERSON"  # the confusion this ruler exists for
    assert ents["Muttaqi"] == ("PERSON", "amir_khan_muttaqi")


def test_the_actor_tests_pipeline_leaves_the_shared_model_alone(nlp):
    # The event and time tests parse with `load_nlp()`'s cached model: had the actor fixture added
    # its ruler there, their results would depend on which tests ran first.
    from newswh.nlp import load_nlp

    assert RULER_NAME in nlp.pipe_names
    assert nlp is not load_nlp()
    assert RULER_NAME not in load_nlp().pipe_names
