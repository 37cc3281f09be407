"""Event extraction on hand-made and seed sentences: codes, the CAMEO fields, reported speech, dates, places, ids."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.events import event_mention_id, load_cameo
from newswh.records import TimeExpression
from tests.unit.events.eventkit import events_of, find

pytestmark = pytest.mark.unit


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


def test_reported_speech_gives_two_events(nlp):
    text = "Lavrov said that the Taliban's diplomat was accredited by the Russian Foreign Ministry in February 2022."
    events = events_of(nlp, text)
    statement = find(events, "010")[0]
    act = find(events, "0542")[0]
    assert statement.source_actor_key == "LAVROV"
    assert act.source_actor_key == "RUS_MFA"
    assert act.extra["reported_by"] == statement.trigger_start


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
