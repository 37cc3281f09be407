"""Event extraction on hand-made and seed sentences: codes, arguments, voice, modality, dates."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.events.extraction import code_family, event_mention_id, extract_events, load_cameo, load_lexicon
from newswh.nlp import load_nlp
from newswh.records import TimeExpression
from tests.unit.events.eventkit import stand_in_mentions

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def events_of(nlp, text, timexes=()):
    doc = nlp(text)
    return extract_events(doc, stand_in_mentions(doc), list(timexes))


def find(events, family):
    return [e for e in events if code_family(e.event_code) == family or e.event_code.startswith(family)]


# (sentence, code family, source key, target key, modality)
CODE_CASES = [
    ("Russia said the talks were useful.", "010", "RUS", None, "asserted"),
    ("Zakharova announced the decision on Friday.", "010", "ZAKHAROVA", None, "asserted"),
    ("The Taliban urged Russia to release the funds.", "020", "TAL", "RUS", "asserted"),
    ("The Taliban called on Washington to unfreeze the assets.", "020", "TAL", "USA", "asserted"),
    ("The Taliban intend to open a consulate in Kazan.", "030", "TAL", None, "asserted"),
    ("Lavrov met Muttaqi in Moscow.", "040", "LAVROV", "MUTTAQI", "asserted"),
    ("Muttaqi visited Moscow in October.", "042", "MUTTAQI", "RUS", "asserted"),
    ("Lavrov praised the Taliban for their efforts.", "051", "LAVROV", "TAL", "asserted"),
    ("The Taliban thanked Russia for the aid.", "051", "TAL", "RUS", "asserted"),
    ("Russia sent humanitarian aid to Afghanistan.", "073", "RUS", "AFG", "asserted"),
    ("Washington criticized Russia for the move.", "111", "USA", "RUS", "asserted"),
    ("Russia condemned the United States.", "111", "RUS", "USA", "asserted"),
    ("China rejected the proposal of the Taliban.", "120", "CHN", "TAL", "asserted"),
    ("The United States shut down its embassy in Kabul.", "161", "USA", None, "asserted"),
    ("Washington imposed sanctions on the Taliban.", "163", "USA", "TAL", "asserted"),
    ("Washington froze the assets of Afghanistan.", "163", "USA", "AFG", "asserted"),
    ("Russia blacklisted the Taliban as a terrorist organization in 2003.", "1631", "RUS", "TAL", "asserted"),
    (
        "In April, Russia's Supreme Court revoked the group's designation as a terrorist organization.",
        "0851",
        "RUS_SUPREME_COURT",
        "TAL",
        "asserted",
    ),
    ("Russia removed the Taliban from its list of terrorist organizations.", "0851", "RUS", "TAL", "asserted"),
    ("Russia recognized the Taliban government on Thursday.", "0541", "RUS", "TAL", "asserted"),
    ("Russia accredited Taliban diplomat Jamal Nasir Gharwal.", "0542", "RUS", "GHARWAL", "asserted"),
    ("Russia accepted the credentials of the Taliban ambassador.", "0542", "RUS", "TAL", "asserted"),
    ("Russia has formally accepted the credentials of the Taliban ambassador.", "0541", "RUS", "TAL", "asserted"),
    ("Kabul established diplomatic ties with Russia.", "0542", "AFG", "RUS", "asserted"),
]


@pytest.mark.parametrize("sentence,family,source,target,modality", CODE_CASES)
def test_code_families(nlp, sentence, family, source, target, modality):
    hits = find(events_of(nlp, sentence), family)
    assert hits, f"no {family} event in {sentence!r}"
    event = hits[0]
    assert event.source_actor_key == source
    if target is not None:
        assert event.target_actor_key == target
    assert event.modality == modality
    cameo = load_cameo()[event.event_code]
    assert (event.event_label, event.event_root_code, event.quad_class, event.goldstein_scale) == (
        cameo.label,
        cameo.root_code,
        cameo.quad_class,
        cameo.goldstein,
    )


def test_passive_voice_agent_is_source(nlp):
    (event,) = find(events_of(nlp, "The diplomat was accredited by the Russian Foreign Ministry."), "0542")
    assert event.source_actor_key == "RUS_MFA"
    assert event.extra["voice"] == "passive"


def test_reported_speech_gives_two_events(nlp):
    text = "Lavrov said that the Taliban's diplomat was accredited by the Russian Foreign Ministry in February 2022."
    events = events_of(nlp, text)
    statement = find(events, "010")[0]
    act = find(events, "0542")[0]
    assert statement.source_actor_key == "LAVROV"
    assert act.source_actor_key == "RUS_MFA"
    assert act.extra["reported_by"] == statement.trigger_start


@pytest.mark.parametrize(
    "sentence,family,modality",
    [
        ("Zakharova said it was too early to talk about official recognition of the Taliban.", "0541", "hypothetical"),
        ("Countries must recognize the Islamic Emirate.", "0541", "requested"),
        ("The Taliban urged Russia to recognize the group.", "0541", "requested"),
        (
            "The positive decision on recognition of the Taliban government will depend on developments.",
            "0541",
            "hypothetical",
        ),
        (
            "Accrediting a foreign diplomat is not the same as giving formal recognition, Neumann said.",
            "0541",
            "negated",
        ),
        (
            "Accrediting a foreign diplomat is not the same as giving formal recognition, Neumann said.",
            "0542",
            "hypothetical",
        ),
        ("All four countries have refused to recognize the government in Afghanistan.", "0541", "negated"),
        ("Russia did not recognize the Taliban.", "0541", "negated"),
        ("Russia would send aid to Afghanistan.", "073", "planned"),
        ("Russia will send humanitarian aid to Afghanistan.", "073", "planned"),
        (
            "The Taliban intend to appoint an ambassador as soon as Moscow recognizes the current authority.",
            "0541",
            "hypothetical",
        ),
        (
            "The international community should cooperate with Afghanistan, encouraging steps aimed at its official "
            "recognition by the UN.",
            "0541",
            "hypothetical",
        ),
        ("If Russia recognizes the Taliban, others will follow.", "0541", "hypothetical"),
        (
            "This move makes Russia the first country in the world to officially recognize the Taliban government.",
            "0541",
            "asserted",
        ),
    ],
)
def test_modality(nlp, sentence, family, modality):
    hits = find(events_of(nlp, sentence), family)
    assert hits, f"no {family} event in {sentence!r}"
    assert hits[0].modality == modality


def test_refusal_is_also_a_rejection_event(nlp):
    events = events_of(nlp, "Pakistan refused to recognize the Taliban government.")
    assert find(events, "120")[0].modality == "asserted"
    assert find(events, "0541")[0].modality == "negated"


def test_no_asserted_recognition_in_talk_about_recognition(nlp):
    for sentence in [
        "Zakharova said it was premature to talk about official recognition of the Taliban.",
        "The Islamic Emirate sees it as a milestone towards world recognition.",
        "Some states will begin to move toward recognition anyway.",
    ]:
        assert not [e for e in find(events_of(nlp, sentence), "0541") if e.modality == "asserted"], sentence


def test_date_place_and_evidence_offsets(nlp):
    text = "Earlier that day the ministry spoke. Lavrov met Muttaqi in Moscow on March 31."
    start = text.index("March 31")
    timex = TimeExpression(
        start, start + 8, "March 31", "DATE", "2022-03-31", date(2022, 3, 31), date(2022, 3, 31), "day"
    )
    (event,) = find(events_of(nlp, text, [timex]), "040")
    assert event.sentence_index == 1
    assert text[event.sentence_start : event.sentence_end].startswith("Lavrov met Muttaqi")
    assert text[event.trigger_start : event.trigger_end] == "met"
    assert event.location == "Moscow"
    assert event.date == timex


def test_reported_clause_does_not_take_the_report_date(nlp):
    text = (
        "On December 17, Zamir Kabulov announced that Russia would send a shipment of humanitarian aid to Afghanistan."
    )
    timex = TimeExpression(3, 14, "December 17", "DATE", "2021-12-17", date(2021, 12, 17), date(2021, 12, 17), "day")
    events = events_of(nlp, text, [timex])
    assert find(events, "010")[0].date == timex
    assert find(events, "010")[0].source_actor_key == "KABULOV"
    aid = find(events, "073")[0]
    assert aid.date is None and aid.modality == "planned" and aid.target_actor_key == "AFG"


def test_deterministic_mention_ids(nlp):
    events = events_of(nlp, "Russia recognized the Taliban government.")
    ids = {event_mention_id("a1", e) for e in events}
    assert ids == {event_mention_id("a1", e) for e in events_of(nlp, "Russia recognized the Taliban government.")}
    assert ids.isdisjoint({event_mention_id("a2", e) for e in events})


def test_every_lexicon_code_is_in_cameo_table():
    cameo = load_cameo()
    lexicon = load_lexicon()
    assert all(e.event_code in cameo for rows in lexicon.entries.values() for e in rows)
    assert {"0541", "0542", "0851", "1631", "106"} <= set(cameo)
    assert cameo["0541"].is_extension and cameo["0541"].root_code == "05" and cameo["0541"].quad_class == 1
    assert cameo["163"].quad_class == 4 and cameo["163"].goldstein == -8.0


# ---------------------------------------------------------------- source fallbacks and when-clauses


def one(nlp, sentence, family):
    hits = find(events_of(nlp, sentence), family)
    assert hits, f"no {family} event in {sentence!r}"
    return hits[0]


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


@pytest.mark.parametrize(
    "sentence",
    [
        "When countries accredit Taliban diplomats, they weaken the pressure on the group.",
        '"When they accredit the diplomats, then they weaken the influence of the pressure," Neumann said.',
        "Whenever a state accredits Taliban diplomats, the group gains legitimacy.",
    ],
)
def test_generic_when_clause_is_hypothetical(nlp, sentence):
    event = one(nlp, sentence, "0542")
    assert event.modality == "hypothetical"
    assert "agent_unknown" not in event.extra


def test_when_clause_in_the_past_stays_asserted(nlp):
    event = one(nlp, "When Russia accredited the Taliban envoy, Washington protested.", "0542")
    assert (event.source_actor_key, event.target_actor_key, event.modality) == ("RUS", "TAL", "asserted")


def test_no_asserted_054x_without_source_or_flag(nlp):
    sentences = [
        "Iran and other neighbours who have accredited Taliban diplomats met in Kabul.",
        "Other neighbouring countries who have accredited Taliban diplomats met in Kabul.",
        "The Afghan embassy in Moscow was handed over to the Taliban.",
        "The new envoy received credential form Moscow.",
        "When they accredit the diplomats, then they weaken the influence of the pressure.",
    ]
    for sentence in sentences:
        for event in find(events_of(nlp, sentence), "054"):
            if event.modality == "asserted":
                assert event.source_actor_key is not None or event.extra.get("agent_unknown") is True, sentence
