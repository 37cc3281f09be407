"""Source and target actors of event predicates: voice, and the source fallbacks of README_events.md."""

from __future__ import annotations

import pytest

from tests.unit.events.eventkit import events_of, extracted_rows, find, one, row_at

pytestmark = pytest.mark.unit


def test_a_reversed_petrarch_pattern_makes_the_subject_the_target(nlp):
    """PETRARCH codes "FACE CRITICISM" `[:111]`: Russia is criticized; the critic is not named here."""
    (event,) = find(events_of(nlp, "Russia faced strong criticism over the embassy."), "111")
    assert (event.source_actor_key, event.target_actor_key) == (None, "RUS")
    assert event.extra["lexicon_note"].endswith("# FACE")


def test_passive_voice_agent_is_source(nlp):
    (event,) = find(events_of(nlp, "The diplomat was accredited by the Russian Foreign Ministry."), "0542")
    assert event.source_actor_key == "RUS_MFA"
    assert event.extra["voice"] == "passive"


def test_relative_clause_source_is_the_head_noun_or_its_conjoined_actor(nlp):
    event = one(nlp, "Iran and other neighbours who have accredited Taliban diplomats met in Kabul.", "0542")
    assert (event.source_actor_key, event.target_actor_key, event.modality) == ("IRN", "TAL", "asserted")
    assert event.extra["source_basis"] == "relative_head"
    assert "agent_unknown" not in event.extra


def test_relative_clause_on_a_non_specific_group_stays_agentless_and_flagged(nlp):
    event = one(nlp, "Other neighbouring countries who have accredited Taliban diplomats met in Kabul.", "0542")
    assert event.source_actor_key is None and event.modality == "asserted"
    assert event.source_text == "Other neighbouring countries"
    assert event.extra["agent_unknown"] is True


def test_non_finite_trigger_inherits_the_governing_subject(nlp):
    event = one(nlp, "The Taliban have found a way out of isolation: opening diplomatic ties with Iran.", "0542")
    assert (event.source_actor_key, event.target_actor_key) == ("TAL", "IRN")
    assert event.extra["source_basis"] == "governing_subject"


def test_conjunct_verb_shares_the_subject_of_the_first_conjunct(nlp):
    event = one(
        nlp,
        "The Taliban have found a way out of isolation: hosting talks and opening diplomatic ties with Iran.",
        "0542",
    )
    assert (event.source_actor_key, event.target_actor_key) == ("TAL", "IRN")
    assert event.extra["source_basis"] == "conjunct"
    event = one(nlp, "Russia said it had hosted the talks and accredited the Taliban envoy.", "0542")
    assert (event.source_actor_key, event.target_actor_key) == ("RUS", "TAL")


def test_group_pronoun_takes_the_state_subject_of_the_governing_verb(nlp):
    event = one(nlp, "Russia said it had accredited the Taliban envoy.", "0542")
    assert event.source_actor_key == "RUS" and event.extra["source_basis"] == "pronoun_antecedent"
    # A person is never the antecedent of "they": still agentless.
    event = one(nlp, "Lavrov said they had accredited the Taliban envoy.", "0542")
    assert event.source_actor_key is None and event.extra["agent_unknown"] is True


@pytest.mark.parametrize(
    "sentence",
    [
        "The new envoy received credentials from Moscow.",
        "The new envoy received credential form Moscow.",  # "form": typo of "from", parsed as a noun
    ],
)
def test_receive_from_the_giver_is_the_source_and_the_receiver_the_target(nlp, sentence):
    event = one(nlp, sentence, "0542")
    assert event.source_actor_key == "RUS" and event.extra["source_basis"] == "receive_from"
    assert event.target_actor_key is None and event.target_text == "The new envoy"


def test_receive_without_giver_keeps_the_subject_as_source(nlp):
    event = one(nlp, "Russia accepted the credentials of the Taliban ambassador.", "0542")
    assert (event.source_actor_key, event.target_actor_key) == ("RUS", "TAL")
    assert "source_basis" not in event.extra


def test_passive_without_agent_is_not_given_a_source(nlp):
    text = "The Foreign Ministry confirmed that the Afghan embassy was handed over to the Taliban."
    event = one(nlp, text, "0542")
    assert event.source_actor_key is None and event.modality == "asserted"
    assert event.extra["agent_unknown"] is True


# ---------------------------------------------------------------- issue 15: sources the parse hides


def test_a_place_subject_gives_way_to_the_force_in_apposition_to_it(nlp):
    # The parser takes the province of a locative lead-in for the subject, the force for its appositive.
    text = (
        "In Garmsir district, Helmand province, an Afghan and Chinese security force detained two Taliban commanders."
    )
    event = one(nlp, text, "173")
    assert event.source_text == "an Afghan and Chinese security force"
    assert event.target_actor_key == "TAL"


def test_a_dateline_parsed_as_the_subject_gives_way_to_the_actor_after_it(nlp):
    # the parser hangs the actor on the dateline as its appositive, or on the verb as a second subject
    for lead in ("Pakistan on Monday", "The Pakistan government Saturday"):
        event = one(nlp, f"KABUL -- {lead} accused the Taliban of the attack.", "112")
        assert (event.source_actor_key, event.target_actor_key) == ("PAK", "TAL"), lead


def test_a_place_with_a_place_noun_in_apposition_stays_the_subject(nlp):
    event = one(nlp, "Moscow, the Russian capital, accredited the Taliban envoy.", "0542")
    assert (event.source_actor_key, event.source_text) == ("RUS", "Moscow")


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The Taliban conducted a raid on the village.", "TAL"),
        ("Russia carried out an attack on the village.", "RUS"),
    ],
)
def test_the_subject_of_a_support_verb_acts_in_its_event_noun(nlp, sentence, source):
    event = one(nlp, sentence, "190")
    assert event.source_actor_key == source and event.modality == "asserted"


def test_a_noun_that_is_no_object_of_a_support_verb_borrows_no_subject(nlp):
    # "criticised the attack": Russia criticises, it does not attack.
    attacks = find(events_of(nlp, "Russia criticised the attack on the village."), "190")
    assert attacks and all(event.source_actor_key != "RUS" for event in attacks)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia was responsible for accrediting the Taliban envoy.",
        "After accrediting the Taliban envoy, Russia hosted talks.",
    ],
)
def test_a_gerund_after_a_preposition_shares_the_subject_of_its_clause(nlp, sentence):
    event = one(nlp, sentence, "0542")
    assert (event.source_actor_key, event.target_actor_key) == ("RUS", "TAL")


def test_a_gerund_in_a_passive_clause_takes_no_patient_for_its_subject(nlp):
    event = one(nlp, "After accrediting the Taliban envoy, the talks were held.", "0542")
    assert event.source_actor_key is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Russia hosted a Taliban delegation in May. The delegation accredited a Chinese envoy.", "TAL"),
        # "a Chinese delegation ... the delegation" is not China (nor is "a Panamanian firm" Panama).
        ("Russia hosted a Chinese delegation in May. The delegation accredited a Taliban envoy.", None),
    ],
)
def test_a_definite_description_is_the_known_actor_of_an_earlier_phrase_with_its_head_noun(nlp, text, source):
    (event,) = find(events_of(nlp, text), "0542")
    assert event.source_actor_key == source
    assert source is not None or event.source_text == "The delegation"


def test_a_definite_description_with_words_of_its_own_is_coded_by_them(nlp):
    # "The Chinese delegation" names its own country: no earlier delegation stands for it.
    text = "Russia hosted a Taliban delegation in May. The Chinese delegation accredited an envoy."
    (event,) = find(events_of(nlp, text), "0542")
    assert event.source_actor_key != "TAL"


def test_a_definite_description_of_no_known_actor_takes_its_antecedents_words(nlp):
    # NER takes "Haqqani" for a place: no known actor, but the earlier phrase's words name the
    # group, and actor coding reads them (resources/actor_coding.yaml known_codes: AFGREB).
    text = (
        "An Afghan-led security force captured a Haqqani network leader in Zurmat district."
        " The leader coordinated attacks against Afghan forces."
    )
    (event,) = [e for e in events_of(nlp, text) if e.trigger_text == "coordinated"]
    assert (event.source_actor_key, event.source_text) == (None, "a Haqqani network leader")
    # An earlier phrase named by no proper name is no antecedent: the description keeps its words.
    text = "Russia hosted a Chinese delegation in May. The delegation accredited a Taliban envoy."
    (event,) = find(events_of(nlp, text), "0542")
    assert event.source_text == "The delegation"


def test_a_place_subject_gives_way_to_the_force_beside_its_conjoined_place(nlp):
    text = "Today, in Shah Wali Kot district, Kandahar province, an Afghan security force arrested a Taliban leader."
    event = one(nlp, text, "173")
    assert event.source_text == "an Afghan security force"


def test_a_force_conjoined_to_a_place_deep_in_the_lead_in_acts(nlp):
    # The parse leaves "completed" without a subject and hangs the forces on the district as a
    # conjunct; the participle shares the subject the repair finds.
    text = (
        "In the same province, in Karezak village of Shah Wali Kot district, Afghan and coalition forces"
        " completed a clearing operation, detaining several suspected insurgents yesterday."
    )
    event = one(nlp, text, "173")
    assert event.source_text == "coalition forces"


def test_the_object_of_use_is_an_instrument_and_the_subject_acts(nlp):
    event = one(nlp, "The Taliban used a loudspeaker to urge Russia to accredit their envoy.", "02")
    assert (event.source_actor_key, event.target_actor_key) == ("TAL", "RUS")


def test_a_gerund_after_an_adjective_on_a_noun_is_that_nouns_act(nlp):
    # "responsible for accrediting" describes the commander: he accredits, not Russia who detained him.
    event = one(nlp, "Russia detained a Taliban commander, responsible for accrediting Russian envoys.", "0542")
    assert event.source_actor_key == "TAL"


def test_a_passive_participle_on_a_noun_takes_its_agent_not_its_noun(nlp):
    # "an officer surrounded by protesters": the officer is the patient, never the source
    event = one(nlp, "Taliban envoys accredited by Russia arrived in Moscow.", "0542")
    assert event.source_actor_key == "RUS"
    event = one(nlp, "Taliban envoys accredited in Moscow met the press.", "0542")
    assert event.source_actor_key is None


def test_a_causative_small_clause_is_passive(nlp):
    # "got Panama removed from the list": Panama is removed, it removes nothing
    event = one(nlp, "The reforms got the Taliban accredited by Russia.", "0542")
    assert (event.source_actor_key, event.target_actor_key) == ("RUS", "TAL")
    assert event.extra["voice"] == "passive"


def test_a_conjunct_of_a_state_subject_is_another_actor_not_a_lead_in_force(nlp):
    # "Russia and its allies": the lead-in rule (a place subject gives way to the force beside it)
    # follows only appositives and conjoined places, never the subject's other conjuncts.
    event = one(nlp, "Russia and its allies accredited the Taliban envoy.", "0542")
    assert (event.source_actor_key, event.source_text) == ("RUS", "Russia")


def test_a_gerund_in_a_passive_clause_is_its_surface_subjects_act(nlp):
    # the commander accredits, not the forces that detained him
    text = "The Taliban commander was detained by Afghan forces after accrediting a Russian envoy."
    event = one(nlp, text, "0542")
    assert event.source_actor_key == "TAL" and "forces" not in (event.source_text or "")


def test_the_possessor_of_a_patient_nominal_is_its_target_not_its_source(nlp):
    """ "Muttaqi's arrest": Muttaqi is arrested (arguments.yaml patient_nominals); with an "of"
    object the possessor acts ("the Taliban's arrest of ...")."""
    arrest = one(nlp, "Muttaqi's arrest surprised the diplomats in Kabul.", "173")
    assert (arrest.source_actor_key, arrest.target_actor_key) == (None, "MUTTAQI")
    arrest = one(nlp, "The Taliban's arrest of Muttaqi surprised the diplomats in Kabul.", "173")
    assert (arrest.source_actor_key, arrest.target_actor_key) == ("TAL", "MUTTAQI")


def test_a_joint_force_is_the_force_of_the_body_next_to_its_noun(nlp):
    # arguments.yaml joint_force_heads: as agents code "Afghan and coalition forces" by "coalition"
    rows = extracted_rows(nlp, "Afghan National Security and ISAF forces killed several insurgents in Kunar today.")
    row = row_at(rows, "killed")
    assert (row["source_text"], row["source_cameo_code"]) == ("ISAF", "IGOMIL")


def test_coordinated_bodies_before_a_noun_that_is_no_force_keep_the_first(nlp):
    # Counter-example: only a force noun is the joint force of its last body.
    rows = extracted_rows(nlp, "The Russian and Chinese envoys criticized the strike in Kunar today.")
    assert row_at(rows, "criticized")["source_text"] == "Russian"


def test_a_verb_conjoined_to_a_joint_force_s_verb_shares_its_force(nlp):
    text = "In Kunar, Afghan National Security and ISAF forces seized weapons and killed two insurgents yesterday."
    row = row_at(extracted_rows(nlp, text), "killed")
    assert (row["source_text"], row["source_cameo_code"]) == ("ISAF", "IGOMIL")
