"""A place is where an actor is, not the actor (judged failures: a district, a province or a town
taken for the source of an arrest or a statement)."""

from __future__ import annotations

import pytest

from newswh.actors import extract_actor_mentions
from newswh.events import extract_events

pytestmark = pytest.mark.unit


def source_of(nlp, text: str, trigger: str) -> tuple[str | None, str | None]:
    doc = nlp(text)
    found = next(e for e in extract_events(doc, extract_actor_mentions(doc), []) if e.trigger_text == trigger)
    return found.source_actor_key, found.source_text


def types(nlp, text: str) -> dict[str, str]:
    return {m.text: m.actor_type for m in extract_actor_mentions(nlp(text))}


def test_a_name_before_a_place_designator_is_a_place(nlp):
    found = types(nlp, "In Jaji district, Paktiya province, the security force detained two insurgents.")
    assert found.get("Jaji") in (None, "location") and found.get("Paktiya") in (None, "location")


def test_a_body_name_the_place_gazetteer_knows_before_a_noun_is_a_place(nlp):
    assert types(nlp, "Slidell police said the suspect fled.").get("Slidell") == "location"
    # A known body stays itself; a name that no gazetteer knows as a place stays a body.
    assert types(nlp, "Microsoft officials said so.").get("Microsoft") == "organization"
    assert types(nlp, "Acme Corp engineers said so.").get("Acme Corp") == "organization"
    # A paper's own name may be a town's (Time, Norway): a media or business noun keeps it a body.
    assert types(nlp, "Time magazine announced its person of the year.").get("Time") == "organization"


def test_the_actor_beside_a_place_subject_acts(nlp):
    key, text = source_of(
        nlp, "In Jaji district, Paktiya province, the security force detained two insurgents.", "detained"
    )
    assert text.endswith("security force") and key != "paktiya"


def test_an_actor_hung_on_a_fronted_place_is_the_subjectless_verbs_source(nlp):
    # The parse leaves "detained" without a subject and makes the force an appositive of the province.
    sentence = "Also in Sabari district, Khost province, an Afghan and coalition security force detained two men."
    key, text = source_of(nlp, sentence, "detained")
    assert text is not None and key not in ("khost", "khost_province", "sabari")
    # A place in apposition to a place is no actor: "In Kabul, the capital, marched" names nobody.
    assert source_of(nlp, "In Sabari district, Khost province, detained men were freed.", "freed")[1] is None


def test_a_place_modifying_an_agent_noun_leaves_the_agent_as_the_source(nlp):
    key, text = source_of(nlp, "Slidell police said the suspect fled.", "said")
    assert key != "slidell" and text == "Slidell police"
