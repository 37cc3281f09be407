"""Modality of event predicates: negation, modals, governing verbs, nominal goals and when-clauses."""

from __future__ import annotations

import pytest

from tests.unit.events.eventkit import events_of, extracted_rows, find, one, row_at

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "sentence,family,modality",
    [
        ("Zakharova said it was too early to talk about official recognition of the Taliban.", "0541", "hypothetical"),
        ("Zakharova added it was early to discuss the recognition of the Taliban.", "040", "hypothetical"),
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
        # a past "as soon as" clause is a fact, like a past when-clause
        ("As soon as the rebels took control of the city, the president raised his concerns.", "192", "asserted"),
        # an infinitival relative clause is a purpose, whichever way the parse attaches it
        (
            "A security force conducted an operation to arrest a Taliban insurgent responsible for planning "
            "attacks against Afghan forces in Hisarak district, Nangarhar province, today.",
            "173",
            "hypothetical",
        ),
        (
            "This move makes Russia the first country in the world to officially recognize the Taliban government.",
            "0541",
            "asserted",
        ),
        # what someone did not say, nobody asserts; what they said stays asserted
        ("Russia did not say it had recognized the Taliban.", "0541", "hypothetical"),
        ("Russia said it had recognized the Taliban.", "0541", "asserted"),
        # a plot is an intent, like a plan
        ("The Taliban were plotting to attack Kabul, Russia said.", "190", "planned"),
        ("Putin conspired to attack Kabul.", "190", "planned"),
        # a comparison's yardstick ("than anticipated") is no event; the compared act stays asserted
        ("Russia recognized the Taliban sooner than Washington anticipated.", "010", "hypothetical"),
        ("Russia recognized the Taliban sooner than Washington anticipated.", "0541", "asserted"),
        # modality.yaml's modal auxiliaries, including the curly-apostrophe contraction of "will"
        ("Russia is going to send aid to Afghanistan.", "073", "planned"),
        ("They’ll send aid to Afghanistan, Russia said.", "073", "planned"),
        ("Moscow said it was going to recognize the Taliban.", "0541", "planned"),
        ("Russia could recognize the Taliban.", "0541", "hypothetical"),
        ("Russia has never recognized the Taliban.", "0541", "negated"),
        ("Putin went to Kabul to recognize the Taliban.", "0541", "hypothetical"),
        ("Once Russia recognizes the Taliban, others will follow.", "0541", "hypothetical"),
        # a direct question asks whether it happened; the asking around it is asserted
        ("Why did Russia decide to send aid to Kabul?", "073", "hypothetical"),
        ('"Why did Russia send aid to Kabul?" Lavrov asked.', "073", "hypothetical"),
        ('"Why did Russia send aid to Kabul?" Lavrov asked.', "020", "asserted"),
        ('Lavrov asked the envoy: "Why?"', "020", "asserted"),
        ("Russia sent aid to Kabul.", "073", "asserted"),
        ("Did Russia send aid to Kabul?", "073", "hypothetical"),
        ("((Q)) Did Russia send aid to Kabul?", "073", "hypothetical"),
        # a declarative question asks too; a statement ending in a wh-question keeps its assertion
        ("((WN)) So Russia sent aid to Kabul?", "073", "hypothetical"),
        ('"Russia sent aid to Kabul, and who paid for it?" Lavrov asked.', "073", "asserted"),
        # the statement before a question word is no question
        (
            'Lavrov said, "We have said for years that Russia sent aid, so why should Kabul complain?"',
            "073",
            "asserted",
        ),
        # what a first-person opinion governs is asserted by nobody; a report of it is reported
        ("We believe that Russia sent aid to Kabul.", "073", "hypothetical"),
        ("Lavrov said Russia sent aid to Kabul.", "073", "asserted"),
    ],
)
def test_modality(nlp, sentence, family, modality):
    hits = find(events_of(nlp, sentence), family)
    assert hits, f"no {family} event in {sentence!r}"
    assert hits[0].modality == modality


@pytest.mark.parametrize(
    "sentence,trigger,modality",
    [
        # The parser hangs the infinitive on the copula; the predicate adjective governs it.
        ("Zakharova said it was premature to talk about official recognition of the Taliban.", "talk", "hypothetical"),
        ("Zakharova said it was early to discuss the recognition of the Taliban.", "discuss", "hypothetical"),
    ],
)
def test_an_infinitive_on_a_copula_takes_its_adjectives_class(nlp, sentence, trigger, modality):
    assert row_at(extracted_rows(nlp, sentence), trigger)["modality"] == modality


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


@pytest.mark.parametrize(
    "sentence",
    [
        "Coalition forces conducted an air strike in Helmand.",
        "Officials confirmed the arrest of a smuggler in Herat.",
    ],
)
def test_a_support_verb_asserts_its_nominal_object(nlp, sentence):
    events = [e for e in events_of(nlp, sentence) if e.event_code[:2] in ("17", "19")]
    assert events and events[0].modality == "asserted", sentence


def test_a_nominal_goal_stays_hypothetical(nlp):
    events = [e for e in events_of(nlp, "Police hope for the arrest of a smuggler.") if e.event_code[:2] == "17"]
    assert events and events[0].modality == "hypothetical"


def test_modality_cues_are_read_from_the_resource_file():
    from newswh.events.dating import load_rules as dating_rules
    from newswh.events.modality import load_rules

    rules = load_rules()
    assert {"negated", "requested", "planned", "hypothetical"} == set(rules.governors)
    # Every future auxiliary is a modal that plans: dating and modality read one list.
    assert all(rules.modal_auxiliaries.get(aux) == "planned" for aux in rules.future_auxiliaries)
    assert dating_rules().future_auxiliaries == rules.future_auxiliaries
    assert "would" not in rules.future_auxiliaries  # "said it would open" reports a past intention


@pytest.mark.parametrize(
    "sentence,modality",
    [
        # modality.yaml existential_expletives: "there are no reports of X" denies X
        ("A coalition force detained two insurgents. There are no reports of civilians being harmed.", "negated"),
        # counter-example: reports that do exist assert what they report
        ("A coalition force detained two insurgents. There are reports of civilians being harmed.", "asserted"),
    ],
)
def test_a_negated_existential_denies_the_event_under_it(nlp, sentence, modality):
    assert row_at(extracted_rows(nlp, sentence), "harmed")["modality"] == modality
