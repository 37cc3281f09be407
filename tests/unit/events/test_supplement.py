"""The supplement lexicon (verb_lexicon_supplement.csv) and the rules beside it, on made-up sentences."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.events import code_family, load_lexicon
from newswh.records import TimeExpression
from tests.unit.events.eventkit import events_of, find, one

pytestmark = pytest.mark.unit


def _codes(nlp, sentence):
    return {(e.trigger_text, code_family(e.event_code)) for e in events_of(nlp, sentence)}


def test_supplement_rows_join_the_pair_they_cue():
    lexicon = load_lexicon()
    supports = {e.event_code for e in lexicon.candidates("support", "VERB")}
    assert {"050", "062"} <= supports  # the derived bare sense stays beside the cued one
    takes = {e.event_code for e in lexicon.candidates("take", "VERB")}
    assert {"0542", "192"} <= takes


def test_troops_supporting_a_government_cooperate_militarily(nlp):
    event = one(nlp, "Chinese troops, who were supporting the Pakistani government, stayed.", "062")
    assert event.trigger_text == "supporting"
    assert ("supported", "050") in _codes(nlp, "Germany supported the Pakistani government.")


def test_withdrawal_of_troops_is_a_nominal_087_whose_of_object_acts(nlp):
    event = one(nlp, "The withdrawal of U.S. troops angered Pakistan.", "087")
    assert (event.source_actor_key, event.target_actor_key, event.modality) == ("USA", None, "asserted")
    # A withdrawal of nothing military is no 087 ("withdrawal from the talks" is another matter).
    assert not find(events_of(nlp, "The withdrawal from the talks angered Pakistan."), "087")


def test_forces_leaving_a_country_is_087_but_a_minister_leaving_is_nothing(nlp):
    assert ("left", "087") in _codes(nlp, "Foreign forces left the country in May 2019.")
    assert not find(events_of(nlp, "The minister left the country in May 2019."), "087")


def test_intransitive_take_over_seizes_power(nlp):
    assert ("took", "192") in _codes(nlp, "China opened a trade office after the rebels took over.")
    assert ("took", "0542") in _codes(nlp, "The rebels took over the embassy.")
    assert not find(events_of(nlp, "The rebels took over the company."), "192")


def test_establishing_trade_deals_is_economic_cooperation(nlp):
    assert ("established", "061") in _codes(nlp, "Pakistan established new trade deals with China.")


def test_deepening_ties_is_diplomatic_cooperation(nlp):
    assert ("deepen", "050") in _codes(nlp, "Pakistan wants to deepen ties with China.")


def test_an_event_as_subject_coerces_nobody(nlp):
    assert not find(events_of(nlp, "The army's return to power compelled Pakistan to change course."), "170")
    assert find(events_of(nlp, "China compelled Pakistan to change course."), "170")


def test_a_nominal_ordered_by_a_preposition_does_not_take_the_clause_date(nlp):
    text = "The rebels seized the capital in May 2019, following the withdrawal of U.S. troops."
    start = text.index("May 2019")
    timex = TimeExpression(
        start, start + 8, "May 2019", "DATE", "2019-05", date_start=date(2019, 5, 1), date_end=date(2019, 5, 31)
    )
    events = events_of(nlp, text, [timex])
    withdrawal = next(e for e in events if e.trigger_text == "withdrawal")
    seized = next(e for e in events if e.trigger_text == "seized")
    assert seized.date == timex and withdrawal.date is None


def test_a_bare_participle_shares_its_heads_modality(nlp):
    requested = one(nlp, "China says Pakistan should cooperate with India, praising its efforts.", "051")
    assert requested.modality == "requested"
    asserted = one(nlp, "Pakistan cooperated with India, praising its efforts.", "051")
    assert asserted.modality == "asserted"
