"""The `article_force` link of newswh.events.implicit_agent (resources/implicit_agent.yaml, 3.)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newswh.events.implicit_agent import SAME_ROOT, link_implicit_agents
from newswh.records import EventMention
from tests.unit.events.eventkit import extracted_rows, row_at

pytestmark = pytest.mark.unit


def event(start: int, code: str, source: str | None = None, link: str | None = None) -> EventMention:
    """An asserted event alone in its sentence (sentence index = its start)."""
    extra = {"implicit_agent": link} if link else {}
    return EventMention(
        start, 0, 9, start, start + 1, "x", code, "asserted", source, None, source_text=source, extra=extra
    )


def links(events: list[EventMention], sources: list, targets: list) -> dict[int, int]:
    return link_implicit_agents(events, sources, targets, lambda start: start)  # each event its own paragraph


def test_a_passive_of_another_operation_act_takes_the_articles_one_force():
    events = [event(0, "190", "force"), event(5, "173", link=SAME_ROOT)]
    assert links(events, ["IGOMIL", None], [None, "AFGREB"]) == {1: 0}
    assert links(events, ["IGOMIL", None], [None, None]) == {1: 0}  # a detention needs no coded patient


def test_two_forces_or_no_operation_before_give_no_link():
    two = [event(0, "190", "force"), event(2, "190", "police"), event(5, "173", link=SAME_ROOT)]
    # no earlier detention, and the article's operations have two agents
    assert links(two, ["IGOMIL", "AFGCOP", None], [None, None, "AFGREB"]) == {}
    statement = [event(0, "010", "spokesman"), event(5, "173", link=SAME_ROOT)]
    assert links(statement, ["IGOGOV", None], [None, "AFGREB"]) == {}


def test_militants_or_a_court_are_no_operating_force_nor_is_the_passives_own_sentence():
    militants = [event(0, "190", "militants"), event(5, "173", link=SAME_ROOT)]
    assert links(militants, ["AFGREB", None], [None, None]) == {}
    court = [event(0, "172", "court"), event(5, "173", link=SAME_ROOT)]
    assert links(court, ["NGAJUD", None], [None, None]) == {}
    same_sentence = [event(0, "190", "force"), event(5, "173", link=SAME_ROOT)]
    same_sentence[1] = replace(same_sentence[1], sentence_index=0)
    assert links(same_sentence, ["IGOMIL", None], [None, None]) == {}


@pytest.mark.parametrize(("target", "linked"), [("AFGUAF", True), ("AFGREB", True), ("AFGCVL", False), (None, False)])
def test_a_harm_links_only_when_its_patient_is_a_coded_adversary(target, linked):
    events = [event(0, "173", "force"), event(5, "190", link=SAME_ROOT)]
    assert links(events, ["IGOMIL", None], [None, target]) == ({1: 0} if linked else {})


def test_a_release_goes_on_in_passives_of_its_forces_operation(nlp):
    text = (
        "An Afghan and coalition security force killed a Taliban commander in Khost province yesterday.\n\n"
        "The commander was responsible for attacks.\n\nTwo suspected insurgents were detained."
    )
    rows = extracted_rows(nlp, text)
    killed, detained = row_at(rows, "killed"), row_at(rows, "detained")
    assert killed["source_cameo_code"]
    assert (detained["source_cameo_code"], detained["source_code_basis"]) == (
        killed["source_cameo_code"],
        "implicit_agent",
    )
