"""Generic agents ("police", "insurgents", "coalition forces") become coded actor mentions."""

from __future__ import annotations

import pytest

from newswh.actors import extract_actor_mentions
from newswh.actors.agents import agent_record, load_agent_lexicon

pytestmark = pytest.mark.unit


def _agents(nlp, text):
    return {m.text: m.actor_key for m in extract_actor_mentions(nlp(text)) if m.method == "agent"}


def test_country_prefix_from_a_demonym(nlp):
    found = _agents(nlp, "Afghan police detained a suspect while Pakistani troops watched the border.")
    assert found["Afghan police"] == "afg_cop"
    assert found["Pakistani troops"] == "pak_mil"


def test_coordinated_prefixes_and_coalition(nlp):
    found = _agents(nlp, "Afghan and coalition forces killed two insurgents near the village.")
    assert found["Afghan"] == "afg_mil"
    assert found["coalition forces"] == "coalition_mil"
    assert found["insurgents"] == "afg_reb"  # the article names one state


def test_unattributed_agent_and_named_actor_wins(nlp):
    found = _agents(
        nlp, "Insurgents attacked a checkpoint. A Taliban leader was arrested by police in Kabul and Moscow."
    )
    assert found.get("Insurgents") == "agent_reb"
    assert "leader" not in " ".join(found)  # "a Taliban leader" is the Taliban
    assert found.get("police") == "agent_cop"


def test_bare_forces_needs_a_prefix(nlp):
    assert "forces" not in _agents(nlp, "The forces moved north on Monday.")


def test_agent_records_carry_codes(gaz):
    lex = load_agent_lexicon(None)
    assert agent_record("afg_cop", gaz, lex).cameo_code == "AFGCOP"
    assert agent_record("coalition_mil", gaz, lex).cameo_code == "IGOMIL"
    assert agent_record("agent_reb", gaz, lex).cameo_code == "REB"


def test_an_agent_word_modifying_a_noun_is_no_actor(nlp):
    found = _agents(nlp, "The deputy spokesman said the “terrorist” label was lifted near the police station.")
    assert found == {}


def test_aircraft_are_a_force_only_with_a_prefix(nlp):
    found = _agents(nlp, "Coalition aircraft struck the compound after supporting aircraft spotted the insurgents.")
    assert found["Coalition aircraft"] == "coalition_mil"
    assert "supporting aircraft" not in found and "aircraft" not in found
    assert _agents(nlp, "The banks created American aircraft trusts.") == {}  # a modifier, no agent


def test_a_prefix_reaches_its_agent_across_bridge_words(nlp):
    text = "An Afghan-led combined security force detained insurgents while Uzbekistan watched."
    assert _agents(nlp, text)["Afghan-led combined security force"] == "afg_mil"
    # Bridge words alone give no prefix: the article names two states, so the force stays unattributed.
    text = "The combined security force detained insurgents in Afghanistan while Uzbekistan watched."
    assert _agents(nlp, text)["security force"] == "agent_mil"
