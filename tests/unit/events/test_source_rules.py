"""Sources the parse hides behind a passive of words or a place inside the antecedent phrase
(resources/arguments.yaml: raising_passives, definite_window), extracted as `make run` extracts
them (newswh.extract.extract_doc), so the real parse, actor mentions and codes are used."""

from __future__ import annotations

import pytest

from newswh.extract import ArticleInput, extract_doc

pytestmark = pytest.mark.unit


def rows_of(nlp, text: str) -> list[dict]:
    rows = extract_doc(ArticleInput("a1", text, "hash"), nlp(text)).rows["event_mentions"]
    return sorted(rows, key=lambda r: r["trigger_start"])


def at(rows: list[dict], trigger: str) -> dict:
    return next(r for r in rows if r["trigger_text"] == trigger)


@pytest.mark.parametrize(
    "text",
    [
        "The detained Taliban facilitator is believed to have kidnapped two police officers in Kandahar.",
        "The Taliban facilitator is said to have attacked a police station in Kandahar.",
    ],
)
def test_the_subject_of_a_raising_passive_does_what_its_infinitive_says(nlp, text):
    trigger = "kidnapped" if "kidnapped" in text else "attacked"
    row = at(rows_of(nlp, text), trigger)
    assert row["source_actor_key"] == "taliban"


def test_an_infinitive_after_a_passive_that_is_no_raising_verb_takes_no_subject(nlp):
    # "was forced to": someone else forced him; the lexicon of raising verbs does not hold "force".
    text = "The Taliban facilitator was forced to attack the police in Kandahar."
    row = at(rows_of(nlp, text), "attack")
    assert row["source_actor_key"] is None


def test_a_known_actor_modifying_the_antecedents_head_is_the_definite_descriptions_actor(nlp):
    # NER takes "Balkh" (a province) for a person: the phrase's first actor is no antecedent; the
    # Taliban, on the head noun "leader" itself, is.
    text = (
        "An Afghan and coalition security force arrested the senior Taliban leader for eastern Chimtal "
        "district, Balkh province, today. The leader planned and conducted numerous attacks."
    )
    row = at(rows_of(nlp, text), "attacks")  # "conducted ... attacks": the leader attacks
    assert row["source_actor_key"] == "taliban"
