"""Dating rules (newswh/events/dating.py) on synthetic sentences, not the seeds' wording."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.events.dating import load_rules, verb_stem
from newswh.time import tag
from tests.unit.events.eventkit import events_of, find

pytestmark = pytest.mark.unit

DCT = date(2023, 6, 30)


def dated(nlp, text):
    doc = nlp(text)
    from newswh.events import extract_events
    from tests.unit.events.eventkit import stand_in_mentions

    return extract_events(doc, stand_in_mentions(doc), tag(text, DCT, doc=doc))


def when(events, trigger):
    event = next(e for e in events if e.trigger_text == trigger)
    return (event.date.date_start, event.date.date_end) if event.date else None


def test_a_date_in_a_since_clause_dates_neither_the_report_nor_the_reported_act(nlp):
    text = "Putin announced that Russia has condemned the Taliban twice since the group took power in August 2021."
    events = dated(nlp, text)
    assert when(events, "announced") is None and when(events, "condemned") is None


def test_the_report_and_the_reported_act_keep_their_own_dates(nlp):
    text = "On Monday, Lavrov said that Russia condemned the attack in May 2023."
    events = dated(nlp, text)
    assert when(events, "said") == (date(2023, 6, 26), date(2023, 6, 26))
    assert when(events, "condemned") == (date(2023, 5, 1), date(2023, 5, 31))


def test_a_when_clause_shares_the_time_of_its_main_clause(nlp):
    text = "In May 2023, China changed its stance when Xi praised the Taliban."
    assert when(dated(nlp, text), "praised") == (date(2023, 5, 1), date(2023, 5, 31))


def test_an_as_soon_as_clause_dates_its_main_clause(nlp):
    text = "As soon as the talks collapsed in May 2023, Putin criticized the Taliban."
    assert when(dated(nlp, text), "criticized") == (date(2023, 5, 1), date(2023, 5, 31))


def test_a_definite_occasion_takes_the_date_of_the_earlier_sentence_that_told_it(nlp):
    text = "Putin held a summit with Xi on June 12. At the summit, Putin criticized the Taliban."
    events = dated(nlp, text)
    assert when(events, "criticized") == (date(2023, 6, 12), date(2023, 6, 12))
    assert next(e for e in events if e.trigger_text == "criticized").extra["date_rule"] == "occasion"


def test_a_generic_anaphor_points_to_the_sentence_just_before(nlp):
    text = "China sent aid to Afghanistan on June 12. This step makes China the first country to praise the Taliban."
    assert when(dated(nlp, text), "praise") == (date(2023, 6, 12), date(2023, 6, 12))


def test_an_undated_sentence_takes_the_time_of_its_paragraph_but_not_of_another(nlp):
    text = "On June 12, Xi met Putin in Moscow. Putin praised China.\n\nLavrov criticized the United States."
    events = dated(nlp, text)
    assert when(events, "praised") == (date(2023, 6, 12), date(2023, 6, 12))
    assert when(events, "criticized") is None


def test_a_lead_takes_the_date_of_the_next_sentence_that_names_it(nlp):
    text = "Lavrov announced new aid for Afghanistan.\n\nThe announcement came at a press conference on June 12."
    events = dated(nlp, text)
    assert when(events, "announced") == (date(2023, 6, 12), date(2023, 6, 12))
    assert events[0].extra["date_rule"] == "lead_followup"


def test_a_lead_does_not_take_an_unrelated_next_date(nlp):
    text = "Russia criticized the United States.\n\nIn May, China sent aid to Afghanistan."
    assert when(dated(nlp, text), "criticized") is None


def test_a_lead_event_takes_the_one_day_its_sentence_states_wherever_the_parse_hangs_it(nlp):
    text = (
        "Police detained a commander who operated out of Kandahar City, along with one suspect, during an "
        "operation in the province yesterday. The commander supplied weapons to fighters."
    )
    event = next(e for e in dated(nlp, text) if e.trigger_text == "detained")
    assert (event.date.date_start, event.date.precision) == (date(2023, 6, 29), "day")
    assert event.extra["date_rule"] == "lead_sentence"


def test_a_lead_with_two_dates_takes_neither_by_the_lead_sentence_rule(nlp):
    text = "Police detained a commander on Monday who had attacked a convoy on Saturday."
    event = next(e for e in dated(nlp, text) if e.trigger_text == "detained")
    assert event.extra.get("date_rule") != "lead_sentence"


def test_an_indefinite_operation_looks_back_to_the_sentence_that_told_it(nlp):
    text = (
        "Afghan forces continued security operations in Zabul province yesterday.\n\n"
        "In Zabul province, Afghan forces conducted a security operation and detained three suspects."
    )
    event = next(e for e in dated(nlp, text) if e.trigger_text == "detained")
    assert (event.date.date_start, event.extra["date_rule"]) == (date(2023, 6, 29), "occasion")


def test_an_indefinite_operation_with_nothing_before_is_not_dated_by_the_lead(nlp):
    text = (
        "Police arrested two men in Kabul yesterday.\n\nIn Herat, soldiers conducted a raid and detained a commander."
    )
    event = next(e for e in dated(nlp, text) if e.trigger_text == "detained")
    assert event.extra.get("date_rule") not in ("occasion", "lead_sentence")


def test_a_relative_clause_does_not_borrow_the_paragraph_time(nlp):
    text = "On June 12, Xi met Putin. Washington, which has criticized Moscow, praised China."
    events = dated(nlp, text)
    assert when(events, "criticized") is None
    assert when(events, "praised") == (date(2023, 6, 12), date(2023, 6, 12))


def test_verb_stems_of_nominals(nlp):
    rules = load_rules()
    doc = nlp("the announcement, the statement and the visit")
    assert [verb_stem(t, rules) for t in doc if t.pos_ == "NOUN"] == ["announc", "stat", "visit"]


def test_the_fallback_order_leaves_a_hook_for_the_dateline():
    order = load_rules().fallback_order
    assert order[0] == "own_clause" and order[-1] == "inherited"
    assert order.index("lead_followup") < order.index("dateline") < order.index("inherited")


def test_undated_facts_stay_undated_with_the_syntax_helpers(nlp):
    events = events_of(nlp, "Russia criticized the United States.")
    assert find(events, "111")[0].date is None


def test_a_time_of_a_purpose_clause_under_the_trigger_dates_it(nlp):
    # "today" hangs on "arrest"; its time climbs through "operation" to "detained"
    text = "Police detained two men during an operation to arrest a smuggler in Herat today."
    events = dated(nlp, text)
    assert when(events, "detained") == (DCT, DCT)


@pytest.mark.parametrize(
    "text",
    [
        "Police detained a smuggler who attacked a convoy in May 2023.",  # a relative clause keeps its time
        "Police detained two smugglers in Now Zad district.",  # a capitalized deictic inside a name
    ],
)
def test_no_date_for_the_trigger(nlp, text):
    assert when(dated(nlp, text), "detained") is None


def test_the_operation_with_no_earlier_teller_takes_the_lead_time(nlp):
    text = "Police raided a compound in Herat on June 12.\n\nTwo men were detained during the operation."
    events = dated(nlp, text)
    detained = next(e for e in events if e.trigger_text == "detained")
    assert (when(events, "detained"), detained.extra["date_rule"]) == ((date(2023, 6, 12),) * 2, "occasion")


# Dates of what lies ahead (newswh/events/resources/dating.yaml: end_prepositions,
# prospective_governors, future_auxiliaries): the plan's content keeps its date, its maker none.


def test_a_date_in_a_planned_complement_dates_the_plan_not_its_announcement(nlp):
    events = dated(nlp, "Lavrov announced plans to visit Kabul in 2025.")
    assert when(events, "announced") is None
    assert when(events, "visit") == (date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # What is planned is dated, not the planning.
        ("Moscow is planning to recognize the Taliban government in March 2024.", "planning"),
        # A participle plan dates its noun, not the clause the noun is in.
        ("Russia is contributing troops to a peacekeeping mission, planned for 2026.", "contributing"),
        # "until" ends a postponement: it dates no event.
        ("Kabul postponed the talks with Moscow until 2024.", "postponed"),
        # A past comment clause does not share the time of a future one.
        ("As Lavrov explained, when the envoys meet next month, Russia will discuss trade.", "explained"),
        # A forward date on a noun of a noun names when that noun is scheduled.
        ("Russia criticized the agenda of next week's summit with the Taliban.", "criticized"),
    ],
)
def test_what_lies_ahead_dates_neither_its_maker_nor_a_past_comment_on_it(nlp, text, trigger):
    assert when(dated(nlp, text), trigger) is None


def test_a_past_date_on_a_noun_of_a_noun_still_climbs(nlp):
    text = "As a result of Monday's clashes, the police detained twenty people."
    assert when(dated(nlp, text), "detained") == (date(2023, 6, 26), date(2023, 6, 26))


def test_a_decision_shares_the_time_of_what_it_decides(nlp):
    events = dated(nlp, "The Taliban decided to close the border in March 2023.")
    assert when(events, "decided") == (date(2023, 3, 1), date(2023, 3, 31))


def test_a_reported_nominal_takes_its_own_day_not_the_reports(nlp):
    text = "Police today confirmed the arrest of a bomb maker during a raid in Helmand province, June 20."
    events = dated(nlp, text)
    assert when(events, "arrest") == (date(2023, 6, 20), date(2023, 6, 20))
    assert when(events, "confirmed") == (DCT, DCT)


def test_a_reported_nominal_with_no_day_of_its_own_is_not_dated_by_the_report(nlp):
    text = "Police today confirmed the arrest of a bomb maker in Helmand province."
    assert when(dated(nlp, text), "arrest") is None
