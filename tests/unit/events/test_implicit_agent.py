"""An agentless passive takes the agent its article established (resources/implicit_agent.yaml).

Each rule's example is extracted as `make run` extracts it (newswh.extract.extract_doc), so the
link is found with the real parse, actor mentions and codes.
"""

from __future__ import annotations

import pytest

from newswh.events.implicit_agent import AIR_STRIKE, OPERATION, SAME_ROOT, agentless_link, link_implicit_agents
from newswh.events.modality import modality_of
from newswh.extract import ArticleInput, extract_doc
from newswh.records import EventMention

pytestmark = pytest.mark.unit

LEAD = "An Afghan and coalition security force detained a Taliban leader in Kandahar province on Monday."


def mentions(nlp, text: str) -> list[dict]:
    rows = extract_doc(ArticleInput("a1", text, "hash"), nlp(text)).rows["event_mentions"]
    return sorted(rows, key=lambda r: r["trigger_start"])


def at(rows: list[dict], trigger: str, nth: int = 0) -> dict:
    return [r for r in rows if r["trigger_text"] == trigger][nth]


def test_a_passive_in_the_operation_takes_the_operations_force(nlp):
    rows = mentions(nlp, f"{LEAD}\n\nThree insurgents were detained during the operation.")
    lead, passive = at(rows, "detained"), at(rows, "detained", 1)
    assert lead["source_cameo_code"] and lead["source_basis"] is None
    assert passive["source_basis"] == "implicit_agent" and passive["source_code_basis"] == "implicit_agent"
    assert (passive["source_text"], passive["source_cameo_code"]) == (lead["source_text"], lead["source_cameo_code"])


def test_a_passive_of_the_same_root_in_the_paragraph_takes_its_agent(nlp):
    rows = mentions(nlp, "Nigerian police arrested two men in Lagos on Monday, and three more were arrested in Abuja.")
    first, second = at(rows, "arrested"), at(rows, "arrested", 1)
    assert first["source_cameo_code"] == "NGACOP"
    assert (second["source_cameo_code"], second["source_basis"]) == ("NGACOP", "implicit_agent")


def test_before_the_paragraph_only_the_articles_one_agent_of_that_act_links(nlp):
    police = "Nigerian police arrested two men in Lagos on Monday."
    later = "\n\nThree people were arrested in Abuja on Tuesday."
    rows = mentions(nlp, police + later)
    assert (at(rows, "arrested", 1)["source_cameo_code"], at(rows, "arrested", 1)["source_basis"]) == (
        "NGACOP",
        "implicit_agent",
    )
    rows = mentions(nlp, f"{police} The Nigerian army arrested a man in Kano.{later}")
    assert {r["source_cameo_code"] for r in rows if r["trigger_text"] == "arrested"} >= {"NGACOP", "NGAMIL"}
    assert at(rows, "arrested", 2)["source_code_basis"] == "uncoded"


def test_coordinated_passives_share_the_operation(nlp):
    rows = mentions(nlp, f"{LEAD} Weapons were seized and two insurgents were detained during the operation.")
    lead = at(rows, "detained")
    for trigger in ("seized", "detained"):
        row = at(rows, trigger, 1 if trigger == "detained" else 0)
        assert (row["source_cameo_code"], row["source_basis"]) == (lead["source_cameo_code"], "implicit_agent")


def test_without_a_link_the_passive_stays_uncoded(nlp):
    # An assault before an arrest (another root, no operation phrase): someone else arrests.
    rows = mentions(nlp, "Nigerian police raided a compound in Lagos on Monday and five suspects were arrested.")
    assert at(rows, "arrested")["source_basis"] != "implicit_agent"


def test_a_negated_patient_or_a_state_force_patient_is_never_linked(nlp):
    rows = mentions(nlp, f"{LEAD} No civilians were harmed during the operation.")
    harmed = [r for r in rows if r["trigger_text"] == "harmed"]
    assert harmed and all(r["source_basis"] != "implicit_agent" and r["modality"] == "negated" for r in harmed)
    rows = mentions(nlp, f"{LEAD} One Afghan soldier was killed during the operation.")
    killed = at(rows, "killed")
    assert killed["target_cameo_code"] and killed["target_cameo_code"][3:6] in ("MIL", "GOV")
    assert killed["source_basis"] != "implicit_agent" and killed["source_code_basis"] == "uncoded"


def test_a_passive_of_words_or_of_another_act_of_the_root_is_no_candidate(nlp):
    rows = mentions(nlp, "Russia said on Monday that the talks had failed. The talks were said to be over.")
    assert at(rows, "said")["source_cameo_code"] == "RUSGOV"
    # The agentless "were said" is hearsay (senses.yaml hearsay_passive): no event, so never linked.
    assert all(r["source_basis"] != "implicit_agent" for r in rows if r["trigger_text"] == "said")
    assert len([r for r in rows if r["trigger_text"] == "said"]) == 1
    # An arrest (173) after a prison sentence (172): one root, not one agent.
    rows = mentions(nlp, "A Nigerian court sentenced two men to prison on Monday, and three suspects were arrested.")
    assert at(rows, "arrested")["source_basis"] != "implicit_agent"


def passive(start: int, code: str, link: str = SAME_ROOT) -> EventMention:
    extra = {"implicit_agent": link}
    return EventMention(0, 0, 9, start, start + 1, "x", code, "asserted", None, None, extra=extra)


def test_civilians_killed_are_not_linked_civilians_detained_are():
    lead = EventMention(0, 0, 9, 0, 1, "detained", "173", "asserted", "force", None, source_text="the force")
    events = [lead, passive(5, "190", OPERATION), passive(7, "173", OPERATION), passive(8, "173")]
    targets = [None, "AFGCVL", "AFGCVL", "AFGMIL"]
    links = link_implicit_agents(events, ["IGOMIL", None, None, None], targets, lambda _: 0)
    # Civilians killed: not linked; civilians detained: linked; a state force detained: not linked.
    assert links == {2: 0}


def test_an_air_strike_takes_the_operations_force_only_when_it_is_a_state_or_coalition_force():
    lead = EventMention(0, 0, 9, 0, 1, "detained", "173", "asserted", "force", None, source_text="the force")
    events = [lead, passive(5, "190", AIR_STRIKE)]
    assert link_implicit_agents(events, ["IGOMIL", None], [None, None], lambda _: 0) == {1: 0}
    # Boko Haram kidnapped the girls; its video claims some were killed by airstrikes: not Boko Haram's.
    kidnap = EventMention(0, 0, 9, 0, 1, "kidnapped", "181", "asserted", "boko_haram", None, source_text="Boko Haram")
    assert link_implicit_agents([kidnap, events[1]], ["NGAREB", None], [None, None], lambda _: 0) == {}


def test_the_operation_as_subject_takes_its_force(nlp):
    rows = mentions(nlp, f"{LEAD} The airstrike killed two armed insurgents.")
    killed = at(rows, "killed")
    assert (killed["source_basis"], killed["source_code_basis"]) == ("implicit_agent", "implicit_agent")
    assert killed["source_cameo_code"] == at(rows, "detained")["source_cameo_code"]


@pytest.mark.parametrize(
    ("text", "trigger", "link"),
    [
        ("Three insurgents were detained during the course of the operation.", "detained", OPERATION),
        ("Three insurgents were detained in this raid near the town.", "detained", OPERATION),
        # An operation the text has not introduced is no link to its agent ...
        ("Two insurgents were killed in a raid near the town.", "killed", SAME_ROOT),
        # ... but an air strike, named or not, is one (linked only to a state force, below).
        ("Two insurgents were killed in an airstrike near the town.", "killed", AIR_STRIKE),
        ("A senior commander was killed in a precision air strike this morning.", "killed", AIR_STRIKE),
        # The operation itself as the subject: its force acts.
        ("The airstrike killed two armed insurgents.", "killed", OPERATION),
        ("Three insurgents were detained near the town.", "detained", SAME_ROOT),
        ("No one was hurt during the operation.", "hurt", None),
        ("The police detained three insurgents during the operation.", "detained", None),
    ],
)
def test_extraction_marks_the_candidates(nlp, text, trigger, link):
    token = next(t for t in nlp(text) if t.text == trigger)
    voice = "passive" if any(c.dep_ == "auxpass" for c in token.children) else "active"
    assert agentless_link(token, voice, has_source=voice == "active", has_actor=False) == link


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        ("No civilians were harmed during the operation.", "harmed", "negated"),
        ("No one was hurt in the blast.", "hurt", "negated"),
        ("No women or children were injured or detained.", "detained", "negated"),
        ("No fewer than ten insurgents were killed in the raid.", "killed", "asserted"),
        ("Ten insurgents were killed in the raid.", "killed", "asserted"),
    ],
)
def test_a_subject_that_names_nobody_negates_the_event(nlp, text, trigger, modality):
    token = next(t for t in nlp(text) if t.text == trigger)
    assert modality_of(token) == modality


def test_an_agentless_accusation_takes_the_force_of_the_operation_only(nlp):
    rows = mentions(nlp, f"{LEAD} The detained leader is suspected of planning attacks against the police.")
    suspected = at(rows, "suspected")
    assert (suspected["source_basis"], suspected["source_cameo_code"]) == (
        "implicit_agent",
        at(rows, "detained")["source_cameo_code"],
    )
    # Criticism is no accusation of a suspect: the operation's force does not criticise.
    rows = mentions(nlp, f"{LEAD} The governor has been criticized for not doing more.")
    assert at(rows, "criticized")["source_basis"] != "implicit_agent"
    # No operation in the article: an accusation does not take an earlier accuser's source.
    text = "The mayor accused the council of fraud on Monday. The treasurer was also accused of fraud."
    assert at(mentions(nlp, text), "accused", 1)["source_basis"] != "implicit_agent"


def test_a_reduced_relative_in_the_operation_takes_the_operations_force(nlp):
    # "one of several insurgents detained during the operation": a participle on its patient is a passive.
    rows = mentions(nlp, f"{LEAD}\n\nOfficials said Baqi was one of several insurgents detained during the operation.")
    lead, relative = at(rows, "detained"), at(rows, "detained", 1)
    assert (relative["source_cameo_code"], relative["source_basis"]) == (lead["source_cameo_code"], "implicit_agent")


def test_a_reduced_relative_on_civilians_or_a_negated_noun_is_never_linked(nlp):
    rows = mentions(nlp, f"{LEAD} Police are investigating the deaths of two civilians killed during the operation.")
    assert at(rows, "killed")["source_basis"] != "implicit_agent"
    rows = mentions(nlp, f"{LEAD} There were no shots fired during the operation.")
    fired = [r for r in rows if r["trigger_text"] == "fired"]
    assert all(r["source_basis"] != "implicit_agent" and r["modality"] == "negated" for r in fired)


def test_a_participle_coordinated_with_a_passive_keeps_its_own_agent(nlp):
    rows = mentions(nlp, f"{LEAD} Weapons were found in the compound and later destroyed by the security force.")
    destroyed = [r for r in rows if r["trigger_text"] == "destroyed"]
    assert destroyed and destroyed[0]["source_text"] == "the security force"
    # Its first verb's subject comes through a coordination too: "made ... and was engaged and killed".
    rows = mentions(nlp, "The insurgent made aggressive movements and was engaged and killed by the force.")
    killed = at(rows, "killed")
    assert (killed["source_text"], killed["target_text"], killed["voice"]) == ("the force", "The insurgent", "passive")


def test_an_operation_phrase_that_names_its_force_gives_the_passive_its_agent(nlp):
    rows = mentions(nlp, "A Taliban leader was detained during an Afghan and coalition operation in Khost province.")
    detained = at(rows, "detained")
    assert detained["source_basis"] == "operation_force" and detained["source_cameo_code"]
    # A place before the operation noun names where, not who.
    rows = mentions(nlp, "A Taliban leader was detained during the Kandahar operation on Monday.")
    assert at(rows, "detained")["source_basis"] != "operation_force"


def test_an_operation_force_is_no_source_for_the_civilians_it_protects(nlp):
    rows = mentions(nlp, "One civilian was killed during an Afghan and coalition operation in Khost province.")
    killed = at(rows, "killed")
    assert killed["source_basis"] != "operation_force" and killed["source_code_basis"] == "uncoded"


def test_a_reduced_relative_of_a_legal_accusation_is_no_candidate(nlp):
    text = f"{LEAD} A new law would allow the extradition of people accused of crimes."
    rows = mentions(nlp, text)
    accused = [r for r in rows if r["trigger_text"] == "accused"]
    assert accused and all(r["voice"] == "passive" and r["source_code_basis"] == "uncoded" for r in accused)


def test_an_act_a_force_confirms_takes_the_force_as_its_agent(nlp):
    rows = mentions(nlp, "Police confirmed the arrest of a man in Lagos.")
    assert at(rows, "arrest")["source_cameo_code"] == at(rows, "confirmed")["source_cameo_code"] == "NGACOP"
    assert at(rows, "arrest")["source_code_basis"] == "implicit_agent"
    rows = mentions(nlp, "Coalition forces confirmed three insurgents were killed in Kandahar, Afghanistan.")
    killed = at(rows, "killed")
    assert (killed["source_cameo_code"], killed["source_basis"]) == (
        at(rows, "confirmed")["source_cameo_code"],
        "implicit_agent",
    )


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a state is no force: Russia does not arrest its own citizen in Texas
        ("Russia confirmed that its citizen was arrested in Texas.", "arrested"),
        # a harm of no coded adversary names no killer
        ("Police in Lagos, Nigeria confirmed that two people were killed in the blast.", "killed"),
        # "said" reports what others did as often as what the speaker did
        ("Police in Lagos, Nigeria said a man was arrested in Abuja.", "arrested"),
    ],
)
def test_a_confirmed_act_takes_no_agent_from_a_state_nor_a_harm_of_no_adversary(nlp, text, trigger):
    assert at(mentions(nlp, text), trigger)["source_code_basis"] == "uncoded"


def test_an_arrest_a_force_reports_after_it_takes_the_force_as_its_agent(nlp):
    rows = mentions(nlp, "Two men were arrested in Lagos on Monday, Nigerian police said.")
    arrested = at(rows, "arrested")
    assert (arrested["source_cameo_code"], arrested["source_code_basis"]) == ("NGACOP", "implicit_agent")


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a harm reported by the police names no killer
        ("Two men were killed in Lagos on Monday, Nigerian police said.", "killed"),
        # officials of a government are no force: they may report anyone's arrest
        ("Two men were arrested in Lagos on Monday, Nigerian officials said.", "arrested"),
    ],
)
def test_a_reported_harm_or_an_arrest_reported_by_no_force_takes_no_agent(nlp, text, trigger):
    assert at(mentions(nlp, text), trigger)["source_code_basis"] == "uncoded"


def test_an_arrest_after_an_investigation_takes_the_named_investigator(nlp):
    # the article names Slidell as a place too, so the department's town gives its country (actor_coding.yaml)
    text = (
        "Michael Neu was arrested in Slidell, Louisiana, this week following an investigation by the "
        "Slidell Police Department."
    )
    arrested = at(mentions(nlp, text), "arrested")
    assert (arrested["source_basis"], arrested["source_cameo_code"]) == ("operation_force", "USACOP")


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a harm is no act an investigation leads to
        ("Michael Neu was killed following an investigation by the Slidell Police Department.", "killed"),
        # no investigator named
        ("Michael Neu was arrested this week following a long investigation.", "arrested"),
    ],
)
def test_a_harm_or_an_investigation_naming_nobody_gives_no_investigator(nlp, text, trigger):
    assert at(mentions(nlp, text), trigger)["source_basis"] != "operation_force"
