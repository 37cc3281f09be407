"""The PETRARCH2 converter (on synthetic dictionary snippets) and the derived CAMEO lexicon."""

from __future__ import annotations

import pytest

from newswh.config import reference_dir
from newswh.events import load_lexicon
from newswh.events.lexicon import Lexicon, entries_from_csv, match_entry
from newswh.events.petrarch import convert, load_pattern_words, parse_code, pattern_cues, write_rows
from newswh.nlp import load_nlp

pytestmark = pytest.mark.unit

SNIPPET = """# header comment
####### SYNONYM SETS #######

&WEAPON
+BOMB
+ROCKET_

####### VERB PATTERNS #######

---  SMITE   [190]  ---
+SMITE_DOWN
+SMITED_AND {}
SMITE
WALLOP [180]
- * (IN ACCIDENT)                                     [---]         # SMITE
- {AIR STRIKE} *                                      [195]         # SMITE
- * CIVILIAN                                          [202]         # SMITE
- &WEAPON *                                           [183]         # SMITE
- WILL NOT * (TOWARDS +)                              [030]         # SMITE
---  PONDER   [---]  ---
PONDER
- * TALKS                                             [1239:1239]   # PONDER
---  STEER   [060]  ---
STEER
VEER
DRIFT
ROAM
- * ELECTION                                          [090]         # VEER
- * (TO)                                              [042]         # DRIFT
- * TROOPS                                            [043]
- * AID                                               [070]         # ROAM
- * STEP                                              [030]         # STEER
- * REBUKE                                            [:1112]       # STEER
"""


@pytest.fixture()
def derived(tmp_path):
    source = tmp_path / "dict.txt"
    source.write_text(SNIPPET, encoding="utf-8")
    exclusions = tmp_path / "ex.csv"
    exclusions.write_text("lemma,drop,reason\nwallop,bare,test\ndrift,light,test\nroam,all,test\n", encoding="utf-8")
    rows = convert(source, reference_dir() / "cameo_event_codes.csv", exclusions)
    out = tmp_path / "out.csv"
    write_rows(rows, out)
    return rows, out


def test_parse_code_forms():
    assert parse_code("190") == "190"
    assert parse_code("193:193") == "193"
    assert parse_code(":110") == "110"
    assert parse_code("---") == "---"
    assert parse_code(["110", "---"][0]) == "110"


def test_pattern_cues_sides_phrases_and_synsets():
    synsets = {"&WEAPON": ["bomb", "rocket"]}
    assert pattern_cues("* (IN GUNBATTLE)", synsets) == ("in", ["gunbattle"], [], [])
    assert pattern_cues("{AIR STRIKE} *", synsets) == ("", [], [], ["air strike"])
    assert pattern_cues("&WEAPON *", synsets) == ("", [], [], ["bomb", "rocket"])
    assert pattern_cues("* PART (IN CONFERENCE)", synsets) == ("in", ["part"], ["conference"], [])
    assert pattern_cues("WILL NOT * (TOWARDS +)", synsets) is None  # a modal cue the lexicon cannot express
    # an undefined synset is a requirement no sentence meets, not a pattern without it
    assert pattern_cues("* &FIGHT_GAMES IN +", synsets) is None
    # two plain object words are one phrase in sequence, not the first word alone
    assert pattern_cues("* FIRST MOVE", synsets) == ("", ["first move"], [], [])
    assert pattern_cues("* EACH OTHER", synsets) == ("", ["each other"], [], [])
    assert pattern_cues("SAID VIOLENCE *", synsets) == ("", [], [], ["violence"])


def test_converter_rows(derived):
    rows, _ = derived
    by_note = {(r["lemma"], r["event_code"], r["particle"], r["object_cue"], r["subject_cue"]) for r in rows}
    assert ("smite", "190", "", "", "") in by_note  # bare verb, block code
    assert ("smite", "190", "down", "", "") in by_note  # phrasal verb
    assert not any(r["lemma"] == "wallop" for r in rows)  # excluded bare verb
    assert ("smite", "---", "in", "accident", "") in by_note  # "# SMITE": the verb the pattern was found under
    assert ("smite", "195", "", "", "air strike") in by_note
    assert ("smite", "202", "", "civilian", "") in by_note
    assert ("ponder", "123", "", "talks", "") in by_note  # 1239 is not a CAMEO code: its listed prefix
    assert not any(r["lemma"] == "ponder" and not r["object_cue"] for r in rows)  # [---] block: no bare row
    assert not any("smited" in r["lemma"] for r in rows)  # PETRARCH's _AND conjunction hack
    assert all(r["roles"] == "" for r in rows if r["object_cue"] != "rebuke")


def test_a_colon_code_reverses_the_roles(derived):
    """`[:1112]`: the subject side is the target ("steered into a rebuke": someone rebuked it)."""
    rows, out = derived
    (row,) = [r for r in rows if r["object_cue"] == "rebuke"]
    assert (row["lemma"], row["event_code"], row["roles"]) == ("steer", "111", "reversed")
    (entry,) = [e for e in entries_from_csv(out) if e.object_cues == {"rebuke"}]
    assert entry.reversed_roles and entry.event_code == "111"


def test_a_pattern_serves_the_verb_its_comment_names(derived):
    rows, _ = derived
    patterns = {(r["event_code"], r["particle"], r["object_cue"]): r["lemma"] for r in rows if "STEER" in r["note"]}
    assert patterns[("090", "", "election")] == "veer"  # "# VEER": not "steer an election"
    assert patterns[("043", "", "troops")] == "drift|steer|veer"  # no comment: the whole block (less roam: `all`)


def test_light_and_all_exclusions(derived):
    rows, _ = derived
    # drift is light: no bare row, no particle-only row ("drift to"); roam is all: no row at all
    assert ("042", "to", "") not in {(r["event_code"], r["particle"], r["object_cue"]) for r in rows}
    assert not any("drift" in r["lemma"].split("|") and not r["object_cue"] for r in rows)
    assert not any("roam" in r["lemma"].split("|") for r in rows)
    assert any(r["lemma"] == "steer" and r["object_cue"] == "step" for r in rows)


def test_converter_is_deterministic(derived, tmp_path):
    rows, out = derived
    again = tmp_path / "again.csv"
    write_rows(rows, again)
    assert out.read_bytes() == again.read_bytes()


def test_subcode_by_object_subject_and_discard(derived):
    _, out = derived
    lexicon = Lexicon(entries_from_csv(out))
    nlp = load_nlp()

    def code(text):
        doc = nlp(text)
        verb = next(t for t in doc if t.lemma_ == "smite")
        entry = match_entry(verb, "VERB", lexicon)
        return entry.event_code if entry else None

    assert code("The rebels smite the soldiers.") == "190"
    assert code("The rebels smite a civilian.") == "202"
    assert code("An air strike smites the soldiers.") == "195"
    assert code("The soldiers smite the rebels in an accident.") is None


def test_every_cameo_root_is_in_the_derived_lexicon():
    lexicon = load_lexicon()
    roots = {e.event_code[:2] for rows in lexicon.entries.values() for e in rows if not e.is_discard}
    assert {f"{r:02d}" for r in range(1, 21)} <= roots


def test_project_lexicon_takes_precedence():
    lexicon = load_lexicon()
    assert {e.event_code for e in lexicon.candidates("recognize", "VERB")} == {"0541"}
    assert {e.event_code for e in lexicon.candidates("say", "VERB")} == {"010"}
    assert any(e.event_code == "195" for e in lexicon.candidates("kill", "VERB"))  # derived: by subject


@pytest.mark.parametrize(
    ("sentence", "trigger", "code"),
    [
        ("Coalition forces killed two insurgents.", "killed", "190"),
        ("An air strike killed two insurgents.", "killed", "195"),
        ("Afghan forces arrested a Taliban leader.", "arrested", "173"),
        ("Afghan forces detained several suspects.", "detained", "173"),
        ("Afghan forces captured two insurgents.", "captured", "173"),
        ("The rebels captured the town.", "captured", "192"),
        ("Insurgents clashed with police.", "clashed", "190"),
        ("The officials met in Kabul.", "met", "040"),
    ],
)
def test_violent_verbs_are_coded(sentence, trigger, code):
    doc = load_nlp()(sentence)
    token = next(t for t in doc if t.text == trigger)
    entry = match_entry(token, "VERB", load_lexicon())
    assert entry is not None and entry.event_code == code


@pytest.mark.parametrize(
    ("sentence", "trigger", "code"),
    [
        ("The airstrike on the compound killed a commander.", "airstrike", "195"),
        ("The air strike hit the compound.", "strike", "195"),
        ("Police announced the arrest of two men.", "arrest", "173"),
        ("The raid took place at night.", "raid", "190"),
    ],
)
def test_nominal_triggers(sentence, trigger, code):
    doc = load_nlp()(sentence)
    token = next(t for t in doc if t.text == trigger)
    entry = match_entry(token, "NOUN", load_lexicon())
    assert entry is not None and entry.event_code == code


@pytest.mark.parametrize("lemma", ["quote", "report", "confirm", "post"])
def test_speech_verbs_are_the_project_lexicons_alone(lemma):
    # a newsroom quoting or reporting is no event; only verb_lexicon.csv may code a speech verb
    lexicon = load_lexicon()
    project = Lexicon(entries_from_csv(reference_dir() / "verb_lexicon.csv"))
    assert lexicon.candidates(lemma, "VERB") == project.candidates(lemma, "VERB")


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("According to the news agency, the ministers met on Monday.", "According"),
        ("According to information from officials, the talks ended.", "According"),
        ("The deal marks a significant step toward peace.", "marks"),
        ("The refugees came to the capital after the floods.", "came"),
        ("The soldiers got out of the town before dawn.", "got"),
        ("The leaders paid no attention to the warnings.", "paid"),
        ("The ministers hope to open an embassy next year.", "hope"),
        ("The council voted to establish ties with the new government.", "voted"),
        ("The government promised to promote human rights.", "promote"),
        ("The sanctions could confer legitimacy on the regime.", "confer"),
        ("The commission will conduct an election in May.", "conduct"),
        ("The reforms will lead to growth.", "lead"),
        ("The opposition began searching for a candidate.", "began"),
        ("The agency reported the minister's concerns.", "reported"),
        ("The paper quoted the minister as saying the talks failed.", "quoted"),
        # "start in" came from a pattern naming an undefined synset (&FIGHT_GAMES IN +)
        ("The space programme started in 2007 with an orbiter.", "started"),
    ],
)
def test_discourse_and_light_verbs_code_nothing(sentence, trigger):
    doc = load_nlp()(sentence)
    token = next(t for t in doc if t.text == trigger)
    assert match_entry(token, "VERB", load_lexicon()) is None


@pytest.mark.parametrize(
    ("sentence", "trigger", "family"),
    [
        ("The president paid a visit to Moscow.", "paid", "042"),
        ("The rebels took control of the town.", "took", "192"),
        ("The group seized power in the capital.", "seized", "180"),
        ("The delegates attended the meeting in Geneva.", "attended", "042"),
        ("The government expelled the diplomats.", "expelled", "161"),
    ],
)
def test_specific_patterns_still_code(sentence, trigger, family):
    doc = load_nlp()(sentence)
    token = next(t for t in doc if t.text == trigger)
    entry = match_entry(token, "VERB", load_lexicon())
    assert entry is not None and entry.event_code[:3] == family


def test_the_pattern_word_classes_are_read_from_the_resource_file():
    # resources/cameo_converter.yaml's examples: a particle, a kept article, a refused function word.
    assert pattern_cues("* (IN GUNBATTLE)", {}) == ("in", ["gunbattle"], [], [])
    assert pattern_cues("* {A COUP}", {}) == ("", ["coup"], [], [])
    assert pattern_cues("* THAT $", {}) is None
    words = load_pattern_words()
    assert words.articles <= words.function_words and {"on", "off"} <= words.particles
