"""Cross-article consolidation of event mentions into real-world events."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.events import MentionForConsolidation as M
from newswh.events import consolidate

pytestmark = pytest.mark.unit

FEB = (date(2022, 2, 1), date(2022, 2, 28), "month")
MAR = (date(2022, 3, 1), date(2022, 3, 31), "month")


def mention(mid, article, code="0542", source="RUS", target="TAL", dates=FEB, modality="asserted"):
    start, end, precision = dates if dates else (None, None, None)
    return M(mid, article, code, source, target, start, end, modality, precision)


def test_three_accreditation_reports_are_one_disputed_event():
    mentions = [
        mention("m003", "003", dates=FEB),  # "accredited ... in February 2022"
        mention("m004", "004", target=None, dates=MAR),  # "Last month" in an April 2022 article
        mention("m000", "000", dates=None),  # undated re-telling
    ]
    events, membership = consolidate(mentions)
    (event,) = events
    assert set(membership) == {"m000", "m003", "m004"} and set(membership.values()) == {event.event_id}
    assert event.date_disputed
    assert (event.date_start, event.date_end) == (date(2022, 2, 1), date(2022, 3, 31))
    assert event.article_ids == ["000", "003", "004"] and event.target_actor_key == "TAL"


def test_event_ids_are_deterministic():
    mentions = [mention("a", "1"), mention("b", "2", dates=MAR)]
    assert consolidate(mentions)[1] == consolidate(list(reversed(mentions)))[1]


def test_agreeing_dates_are_not_disputed():
    day = (date(2022, 2, 15), date(2022, 2, 15), "day")
    (event,), _ = consolidate([mention("a", "1", dates=FEB), mention("b", "2", dates=day)])
    assert not event.date_disputed and (event.date_start, event.date_end) == FEB[:2]


def test_recognition_and_accreditation_stay_apart():
    events, _ = consolidate([mention("a", "1", code="0541"), mention("b", "2", code="0542")])
    assert sorted(e.event_family for e in events) == ["0541", "0542"]


def test_same_three_digit_family_merges_and_modalities_do_not():
    events, _ = consolidate(
        [
            mention("a", "1", code="162"),
            mention("b", "2", code="1622"),
            mention("c", "3", code="162", modality="planned"),
            mention("d", "4", code="163"),
        ]
    )
    families = {(e.event_family, e.modality): len(e.mention_ids) for e in events}
    assert families == {("162", "asserted"): 2, ("162", "planned"): 1, ("163", "asserted"): 1}


def test_distant_dates_and_different_actors_are_separate_events():
    later = (date(2025, 7, 3), date(2025, 7, 3), "day")
    events, _ = consolidate(
        [
            mention("a", "1", dates=FEB),
            mention("b", "2", dates=later),
            mention("c", "3", source="CHN", dates=FEB),
            mention("d", "4", target="USA", dates=FEB),
        ]
    )
    assert len(events) == 4


def test_undated_mention_with_two_candidates_stays_alone():
    events, membership = consolidate(
        [
            mention("a", "1", dates=FEB),
            mention("b", "2", dates=(date(2023, 5, 1), date(2023, 5, 31), "month")),
            mention("u", "3", dates=None),
        ]
    )
    assert len(events) == 3
    assert membership["u"] not in (membership["a"], membership["b"])


def test_actor_normalizer_merges_ministry_and_state():
    events, _ = consolidate(
        [mention("a", "1", source="RUS_MFA"), mention("b", "2", source="RUS", dates=MAR)],
        normalize_actor=lambda key: {"RUS_MFA": "RUS"}.get(key, key),
    )
    assert len(events) == 1 and events[0].source_actor_key == "RUS"


def test_mentions_without_source_are_not_merged():
    events, _ = consolidate([mention("a", "1", source=None), mention("b", "2", source=None)])
    assert len(events) == 2
