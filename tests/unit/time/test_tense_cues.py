"""The tense cues of resources/english/tense.yaml: each list with an example it decides."""

from __future__ import annotations

import pytest

from newswh.time.tense import FUTURE, PAST, UNKNOWN, doc_direction, lexical_direction, load_cues

pytestmark = pytest.mark.unit


def direction(text: str, date: str) -> int:
    start = text.index(date)
    return lexical_direction(text, start, start + len(date))


@pytest.mark.parametrize(
    ("cue_list", "text", "date", "expected"),
    [
        ("future_auxiliaries", "The council will meet on Saturday.", "Saturday", FUTURE),
        ("future_auxiliaries", "It said two new flights would leave Bombay from March 30.", "March 30", FUTURE),
        ("future_auxiliaries", "The accord will be signed Saturday.", "Saturday", FUTURE),
        ("future_words", "The upcoming vote in November is close.", "November", FUTURE),
        ("modals", "The papers must be returned by Jan. 14.", "Jan. 14", FUTURE),
        ("future_verbs", "The minister plans to visit Kabul on Saturday.", "Saturday", FUTURE),
        ("future_verbs", "The envoy is expected to arrive Monday.", "Monday", FUTURE),
        ("past_words", "The ministers met on Saturday.", "Saturday", PAST),
        ("past_words", "The talks collapsed two days ago, on Monday.", "Monday", PAST),
        ("not_past_ed", "The United Nations on Tuesday.", "Tuesday", UNKNOWN),
        ("intent_verbs", "NATO has decided to admit Poland in early March.", "March", FUTURE),
        ("planning_participles", "The party planned a demonstration on Saturday.", "Saturday", FUTURE),
        ("present_event_verbs", "The council meets Monday.", "Monday", FUTURE),
        ("present_event_verbs", "He and Arafat meet separately Monday with Albright.", "Monday", FUTURE),
        ("present_event_verbs", "Congress reconvenes Jan. 24.", "Jan. 24", FUTURE),
        ("not_before_present", "The talks did not meet Monday.", "Monday", PAST),
        ("not_before_present", "Two votes Monday decided the matter.", "Monday", PAST),
        ("not_before_present", "The envoy went on leave Monday.", "Monday", PAST),
    ],
)
def test_each_lexical_cue_list_decides_its_example(cue_list, text, date, expected):
    assert direction(text, date) == expected, cue_list


@pytest.mark.parametrize(
    "text", ["The minister said Monday the talks failed.", "The ministers met Monday.", "The talks ended on Monday."]
)
def test_a_past_verb_before_the_date_still_reads_past(text):
    assert direction(text, "Monday") == PAST


def test_a_regular_past_needs_no_list_but_not_past_ed_stops_it():
    assert direction("The talks ended on Monday.", "Monday") == PAST
    assert direction("A hundred people on Monday.", "Monday") == UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "The minister plans to visit Kabul on Saturday.",
        "The rebels threatened to attack the city on Saturday.",
        "The minister hopes to visit Kabul on Saturday.",  # the tagger's lemma is "hop"
        "The minister is hoping to visit Kabul on Saturday.",
    ],
)
def test_future_heads_point_an_infinitive_forward(nlp, text):
    # a past-tense threat still puts the attack after the report
    start = text.index("Saturday")
    assert doc_direction(nlp(text), start, start + len("Saturday")) == FUTURE


def test_the_cue_lists_are_read_from_the_resource_file():
    cues = load_cues()
    assert "’ll" in cues.future_auxiliaries and "may" in cues.modals  # YAML kept the quoted apostrophe
    assert "could" not in cues.modals  # the past of "can"
    words = [word for field in cues.__dataclass_fields__ for word in getattr(cues, field)]
    assert all(isinstance(word, str) and word == word.lower() for word in words)


def parsed_direction(nlp, text: str, date: str) -> int:
    start = text.index(date)
    return doc_direction(nlp(text), start, start + len(date))


@pytest.mark.parametrize(
    ("cue_list", "text", "date"),
    [
        ("modals", "The boy must be returned to his father by Jan. 14.", "Jan. 14"),
        ("planning_participles", "Protesters planned a large demonstration on Saturday.", "Saturday"),
        ("planning_participles", "The prosecutor has scheduled a news conference Thursday.", "Thursday"),
        ("planning_participles", "The official said the accession was planned for March.", "March"),
    ],
)
def test_the_parse_reads_modals_and_planning_participles_forward(nlp, cue_list, text, date):
    assert parsed_direction(nlp, text, date) == FUTURE, cue_list


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The soldiers may have been killed on Monday.", "Monday"),  # a guess about the past
        ("Bush let the offensive begin as previously planned Saturday night.", "Saturday"),
        ("On Friday, the government planned to pay the workers.", "Friday"),  # the plan was made then
        ("A memorial service planned at the university for Saturday was canceled.", "Saturday"),
    ],
)
def test_the_parse_does_not_read_a_past_plan_or_guess_forward(nlp, text, date):
    assert parsed_direction(nlp, text, date) != FUTURE


@pytest.mark.parametrize(
    "text",
    [
        "The council will meet on Saturday.",
        "It said two new flights would leave Bombay from March 30.",
        "Officials say the talks won't resume until Monday.",
    ],
)
def test_the_parse_reads_the_future_auxiliaries_of_the_lexical_list(nlp, text):
    date = next(d for d in ("Saturday", "March 30", "Monday") if d in text)
    assert parsed_direction(nlp, text, date) == FUTURE


def test_the_future_auxiliaries_are_modalitys_less_going_plus_would():
    # one list per reading, and the only differences are the documented ones (tense.yaml)
    from newswh.events.modality import load_rules

    assert load_cues().future_auxiliaries == (load_rules().future_auxiliaries - {"going"}) | {"would"}


def test_a_past_verb_does_not_date_a_date_that_modifies_its_noun(nlp):
    # the cutback is still to come: the date is left to the nearer September, not the past one
    from datetime import date

    from newswh.time.tagger import tag

    text = (
        "Iraq has told European and Japanese oil companies of a 15-20 percent cutback in its oil supply in September."
    )
    assert parsed_direction(nlp, text, "September") == UNKNOWN
    (september,) = [t for t in tag(text, date(1990, 8, 16), doc=nlp(text)) if t.text == "September"]
    assert september.value == "1990-09"


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        # the verb's own date stays past, and a future verb still points the noun's date forward
        ("Iraq cut its oil supply in September.", "September", PAST),
        ("Collins will be named commander for a mission in December.", "December", FUTURE),
    ],
)
def test_only_a_past_verb_leaves_a_nouns_date_undecided(nlp, text, date, expected):
    assert parsed_direction(nlp, text, date) == expected
