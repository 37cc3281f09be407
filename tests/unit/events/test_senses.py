"""Sense rules of event code selection: intent, appeal and tense rules (resources/senses.yaml) and the lexicon rows
that tell an event sense from a non-event one (verb_lexicon*.csv, cameo_verb_exclusions.csv).

Each case is one class of the judged sample's code failures (tests/fixtures/judged_sample.md),
written as a new sentence: the trigger's code, or None when the trigger is no event.
"""

from __future__ import annotations

import pytest

from newswh.events.lexicon import load_lexicon, match_entry
from newswh.events.senses import verb_sense

pytestmark = pytest.mark.unit

# (sentence, trigger word, expected code or None)
CASES = [
    # intent verbs: an act intended is 030, nothing or a state intended is no event, force is a threat
    ("The Taliban intend to open a consulate in Kazan.", "intend", "030"),
    ("Russia plans to send a delegation to Kabul.", "plans", "030"),
    ("India is planning a new mission to Mars.", "planning", None),
    ("The agency promised to be patient with the committee.", "promised", None),
    ("The minister vowed to crush the rebels.", "vowed", "130"),
    ("Guaranteed to be a close race, the vote starts today.", "Guaranteed", None),
    ("Seoul announced plans to expand the port.", "announced", "030"),
    # disclosure verbs are statements, not diplomatic cooperation
    ("The spokesman revealed that the hostages had been freed.", "revealed", "010"),
    ("The governor admitted that the budget was short.", "admitted", "010"),
    # careers and equipment: no yield
    ("The senator dropped out of the presidential race.", "dropped", None),
    ("The veteran coach retired after ten seasons.", "retired", None),
    ("The prosecutors dropped the charges against him.", "dropped", "081"),
    # preparing and gearing up are no intent to cooperate; a plan prepared is
    ("Brazil is gearing up to host the summit.", "gearing", None),
    ("The rebels are preparing to seize the airport.", "preparing", None),
    ("The council will prepare an action plan for the region.", "prepare", "030"),
    # citing a source attributes a report
    ("The agency said the talks failed, citing a senior diplomat.", "citing", None),
    # courts: a lawsuit is 115, a plea is no appeal
    ("The activist sued the newspaper for libel.", "sued", "115"),
    ("The defendant pleaded guilty to fraud.", "pleaded", None),
    # declarations that are acts
    ("The president declared a state of emergency in the capital.", "declared", "1724"),
    ("The president declared that the war was over.", "declared", "010"),
    # speaking a language is no statement
    ("Most residents speak three languages.", "speak", None),
    # verbal attacks are criticism, armed attacks are force
    ("The opposition attacked the new policy in parliament.", "attacked", "111"),
    ("The senator slammed the decision of the court.", "slammed", "111"),
    # launches of products and spacecraft are no attack
    ("The company launched a new phone in March.", "launched", None),
    ("The spacecraft is launching tonight.", "launching", None),
    # a picture captured is no detention; people captured are
    ("The photographer captured the moment of the signing.", "captured", None),
    ("Police captured two suspects near the border.", "captured", "173"),
    # weather warnings are no threat
    ("The weather office issued a tornado warning for the county.", "issued", None),
    # suggesting a plot accuses
    ("The ministry suggested a foreign plot behind the protests.", "suggested", "112"),
    # fuelling speculation evaluates another event
    ("The leak fuelled speculation about a reshuffle.", "fuelled", None),
    # an intent verb with a direct object plans a thing, not an act ("see" is a misparsed clause)
    ("Japan is planning a probe that will see a landing on Mars.", "planning", None),
    # a persuasion verb asking its object to act appeals (020); without the infinitive it endorses
    ("The minister encouraged the banks to cut their fees.", "encouraged", "020"),
    ("The minister encouraged the reform of the banks.", "encouraged", "051"),
    # the simple present past the first sentence is a habit or a stance, not an event of a day
    ("The candidate spoke in Ohio. She opposes the new fuel tax.", "opposes", None),
    ("The airline is under sanctions. It flies cargo to the coast every week.", "flies", None),
    ("The candidate spoke in Ohio. She opposed the new fuel tax.", "opposed", "110"),
    # ... but a headline reports news in the present, and "says" is a statement in any tense
    ("Government opposes the new fuel tax.", "opposes", "110"),
    ("The candidate spoke in Ohio. She says the tax is unfair.", "says", "010"),
    # ... and appeals, intents and accusations carrying their content after the verb are news
    ("The envoy arrived in Kabul. Lavrov urges the Taliban to form an inclusive government.", "urges", "020"),
    ("The envoy arrived in Kabul. Russia plans to open an embassy in Kabul.", "plans", "030"),
    ("The envoy arrived in Kabul. Russia accuses the United States of interference.", "accuses", "112"),
    # ... but a quotation before the verb is dialogue, not an appeal's content
    ("The review is out. \u201cWho are you?\u201d asks the hero of the film.", "asks", None),
    # an attribution participle is the head verb's statement; a page instruction is no act
    ("Speaking to reporters, the mayor said the bridge would reopen.", "Speaking", None),
    ("Speaking to reporters, the mayor said the bridge would reopen.", "said", "010"),
    ("That was our correspondent speaking to us from Kyiv.", "speaking", None),
    ("The mayor spoke to reporters about the bridge.", "spoke", "010"),
    ("Enlarge this image to see the damage to the bridge.", "Enlarge", None),
    ("Asked if a ransom was paid, the minister said the talks were secret.", "Asked", None),
    ("Asked if a ransom was paid, the minister said the talks were secret.", "said", "010"),
    ("Please verify the address by clicking the box.", "verify", None),
    ('"The wait is painful," the envoy said, asking the family to be patient.', "asking", "020"),
    # an act verb with an indicative that-clause states a proposition (010); a deontic or
    # subjunctive clause still asks for an act, and a cued row stands
    ("The geologist suggested that the dam had cracked.", "suggested", "010"),
    ("The ministry notified the WHO that it expects more cases in May.", "notified", "010"),
    ("The panel agreed that the bridge cannot be repaired.", "agreed", "010"),
    ("The envoy suggested that the talks should resume in June.", "suggested", "020"),
    ("The envoy suggested that the minister resign.", "suggested", "020"),
    ("The ministry notified the embassy of the decision.", "notified", "040"),
    # "target" aimed at a date or a scheduled occasion sets a schedule; aimed at people it attacks
    ("The company is targeting March for the first test.", "targeting", None),
    ("The probe, which is targeting a first flight by 2030, is ready.", "targeting", None),
    ("The next shipments are targeted for early next year.", "targeted", None),
    ("The militants targeted a police convoy near the border.", "targeted", "190"),
    # "targeting" on an operation noun names its aim; the operation is the event
    ("Troops detained two men during a raid targeting a rebel commander.", "targeting", None),
    ("The army launched an operation targeting the smuggling ring.", "targeting", None),
    # bare rows of generic verbs are no event; their cued PETRARCH patterns stay
    ("The startup revolutionized the taxi business.", "revolutionized", None),
    ("The carmaker unveiled a new sedan in Detroit.", "unveiled", None),
    ("The government unveiled a plan to cut emissions.", "unveiled", "010"),
    ("The general who oversaw the purge died on Monday.", "oversaw", None),
    ("The grant is enabling the study of coral reefs.", "enabling", None),
    ("The museum celebrated its centenary with a concert.", "celebrated", None),
    ("Kosovo celebrated independence with fireworks.", "celebrated", "017"),
    # a body addressing its own staff is internal; others' staff and a state's citizens are not
    ("The company warned its employees about the audit.", "warned", None),
    ("The union warned the airline's employees about the audit.", "warned", "012"),
    ("Russia warned its citizens about the storm.", "warned", "012"),
    # CIRCULATE's bare members of physical dispersal are no statement; the cued pattern stays
    ("The fighters dispersed across the region in May.", "dispersed", None),
    ("The police dispersed the demonstration in the square.", "dispersed", "170"),
    # a reporter's request for comment is newsgathering; a contact about something stays 040
    ("A day after Newsweek contacted Microsoft for comment, employees got an email.", "contacted", None),
    ("Russia contacted the Taliban about the talks on Monday.", "contacted", "040"),
    # "associated with" names a link, no cooperation
    ("Four men associated with the compound were detained.", "associated", None),
    ("He is associated with attacks on the border posts.", "associated", None),
    # a statement verb's agentless passive is hearsay; with a by-agent or active it is a statement
    ("Young men are said to have assaulted dozens of women.", "said", None),
    ("China will send a probe to the moon, it has been claimed.", "claimed", None),
    ("The lab was described as a potent political symbol.", "described", None),
    ("The lab was described by the minister as a political symbol.", "described", "010"),
    ("The minister described the lab as a political symbol.", "described", "010"),
    # an agentless "armed with" describes what someone carries; with an agent or active it arms
    ("The patrol observed several combatants armed with machine guns.", "armed", None),
    ("The insurgent was armed with a rifle.", "armed", None),
    ("Russia armed the rebels in the east.", "armed", "062"),
    # a participle used as a preposition names no act
    ("The force interviewed residents regarding insurgent activity.", "regarding", None),
    ("We regard this as a step forward.", "regard", "010"),
    # a gerund after a noun's or adjective's preposition is an activity or an aim; after a verb's an act
    ("The bank has a long history of cooperating with the regulators.", "cooperating", None),
    ("The army faces challenges in battling the insurgents.", "battling", None),
    ("The rebels accused the army of attacking the village.", "attacking", "190"),
    ("The envoy left after meeting the minister in Doha.", "meeting", "040"),
    # a capitalised word inside a name is no verb; a stray mark before a page instruction hides nothing
    ("He spoke to the Committee to Protect Journalists about the case.", "Protect", None),
    ('"  Enlarge this image to see the damage to the bridge.', "Enlarge", None),
    # ... and a quoted imperative is a demand, not a release that happened
    ('"Release our daughters," the mother told the governor.', "Release", None),
    # an aside about the conversation or the speaker's own opinion is no event; performatives stay
    ("As I said, the port is closed for repairs.", "said", None),
    ("As a stunt, you have to admit that the launch was clever.", "admit", None),
    ("The minister admitted that the launch was clever.", "admitted", "010"),
    ("The delay, as you mentioned, cost the city a year.", "mentioned", None),
    ("As the mayor said on Monday, the port is closed.", "said", "010"),
    ("But I suspect there are many more of them.", "suspect", None),
    ("I suspected the clerk of fraud.", "suspected", "110"),
    ("We urge the council to reopen the port.", "urge", "020"),
    # a participle after "the" names people by what happened to them; the act has its own verb
    ("The governor flew to the town, visiting the wounded in hospital.", "wounded", None),
    ("Officials said most of the injured were children.", "injured", None),
    ("The police wounded two men during the protest.", "wounded", "180"),
    # an intransitive change of state is no act on anyone; with an object or an agent it is
    ("The bus overturned in wet conditions.", "overturned", None),
    ("The ferry capsized near the coast.", "capsized", None),
    ("The sanctions are hurting more than the operators.", "hurting", None),
    ("The blast hurt two soldiers at the gate.", "hurt", "180"),
    ("Two soldiers hurt in the blast were taken to hospital.", "hurt", "180"),
    # a change of degree with no object is no one's act; a cued row with an object stands
    ("The firm's output has increased since the new plant opened.", "increased", None),
    ("The fighting escalated in May.", "escalated", None),
    ("Russia increased its aid to Kabul.", "increased", "073"),
    # a habit is no event of a day; repeated acts are
    ("The adviser regularly attended cabinet meetings.", "attended", None),
    ("The rebels repeatedly attacked the convoy.", "attacked", "190"),
    # releasing a video, images or figures frees no one; releasing hostages does
    ("The group released a video of the captives in August.", "released", None),
    ("The ministry released the figures on Monday.", "released", "084"),
    ("The rebels released two hostages on Monday.", "released", "0841"),
    # documents released, and a reduced relative's noun read as what was released (discards only)
    ("The agency released the documents on Monday.", "released", None),
    ("The photos released by the agency show the rocket on its pad.", "released", None),
    ("The hostages released by the rebels reached Kabul on Monday.", "released", "084"),
    # helping bring about an outcome is no aid; helping someone is
    ("The industry has helped transform the nation into a banking hub.", "helped", None),
    ("Online boards help keep the women safe, the group argues.", "help", None),
    ("Russia helped the army retake the town.", "helped", "070"),
    ("Russia helped the refugees with food and blankets.", "helped", "070"),
    # a rocket blasting off is no attack; blasting a village is
    ("The rocket is scheduled to blast off from Florida on Tuesday.", "blast", None),
    ("The rebels blasted the village with mortars.", "blasted", "190"),
]


@pytest.mark.parametrize(("sentence", "word", "code"), CASES)
def test_trigger_code(nlp, sentence, word, code):
    lexicon = load_lexicon()
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == word)
    pos = "NOUN" if token.pos_ == "NOUN" else "VERB"
    entry = match_entry(token, pos, lexicon)
    if entry is not None and pos == "VERB":
        entry = verb_sense(token, entry, lexicon)
    assert (entry.event_code if entry else None) == code, (sentence, token.pos_, token.dep_)


def test_a_discard_wins_a_tie_of_specificity(nlp):
    """'issued a flood warning' and 'issued a warning' are equally specific; the non-event sense wins."""
    lexicon = load_lexicon()
    warning = match_entry(
        next(t for t in nlp("The army issued a warning to the rebels.") if t.text == "issued"), "VERB", lexicon
    )
    assert warning is not None and warning.event_code.startswith("13")
    flood = nlp("The weather office issued a flood warning for the valley.")
    assert match_entry(next(t for t in flood if t.text == "issued"), "VERB", lexicon) is None
