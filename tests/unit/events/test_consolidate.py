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
    assert (event.date_start, event.date_end, event.date_precision) == (date(2022, 2, 1), date(2022, 3, 31), "fuzzy")
    assert event.article_ids == ["000", "003", "004"] and event.target_actor_key == "TAL"


def test_event_ids_are_deterministic():
    mentions = [mention("a", "1"), mention("b", "2", dates=MAR)]
    assert consolidate(mentions)[1] == consolidate(list(reversed(mentions)))[1]


def test_agreeing_dates_are_not_disputed_and_the_finest_dates_the_event():
    # Issue 10: an event's date is its most precise consistent mention date (was: the covering month).
    day = (date(2022, 2, 15), date(2022, 2, 15), "day")
    (event,), _ = consolidate([mention("a", "1", dates=FEB), mention("b", "2", dates=day)])
    assert not event.date_disputed
    assert (event.date_start, event.date_end, event.date_precision) == (date(2022, 2, 15), date(2022, 2, 15), "day")


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


def day(d: int, month: int = 4) -> tuple:
    return (date(2022, month, d), date(2022, month, d), "day")


def window(start: date, end: date) -> tuple:
    return (start, end, "fuzzy")


def test_day_dates_further_apart_than_the_slack_are_different_events():
    events, membership = consolidate(
        [mention("a", "1", dates=day(10)), mention("b", "2", dates=day(11)), mention("c", "3", dates=day(13))]
    )
    assert membership["a"] == membership["b"] != membership["c"] and len(events) == 2


def test_day_dates_do_not_chain_through_a_coarser_date():
    # "in April", then April 2 and April 20: the two days are two events, whatever the month says.
    april = (date(2022, 4, 1), date(2022, 4, 30), "month")
    _, membership = consolidate(
        [mention("m", "1", dates=april), mention("a", "2", dates=day(2)), mention("b", "3", dates=day(20))]
    )
    assert membership["a"] != membership["b"]


def test_statements_by_one_speaker_on_different_days_are_different_events():
    events, _ = consolidate(
        [
            mention("a", "1", code="010", target=None, dates=FEB),
            mention("b", "2", code="010", target=None, dates=MAR),  # touching months: two statements
            mention("c", "3", code="010", target=None, dates=day(31, 3)),
        ]
    )
    assert sorted(len(e.mention_ids) for e in events) == [1, 2]
    assert not any(e.date_disputed for e in events)


def test_a_window_never_widens_a_dated_event():
    since_takeover = window(date(2021, 8, 15), date(2022, 4, 1))
    events, membership = consolidate(
        [mention("w", "1", dates=since_takeover), mention("f", "2", dates=FEB), mention("m", "3", dates=MAR)]
    )
    (event,) = events
    assert membership["w"] == event.event_id
    assert (event.date_start, event.date_end) == (date(2022, 2, 1), date(2022, 3, 31))


def test_a_window_over_two_dated_events_joins_neither():
    article_month = window(date(2022, 3, 10), date(2022, 4, 9))
    events, membership = consolidate(
        [mention("w", "1", dates=article_month), mention("a", "2", dates=day(15, 3)), mention("b", "3", dates=day(5))]
    )
    assert len(events) == 3 and membership["w"] not in (membership["a"], membership["b"])


def test_an_inherited_window_takes_the_day_of_the_one_event_it_overlaps():
    events, _ = consolidate(
        [mention("w", "1", dates=window(date(2022, 6, 4), date(2022, 7, 4))), mention("d", "2", dates=day(3, 7))]
    )
    (event,) = events
    assert (event.date_start, event.date_precision, event.date_disputed) == (date(2022, 7, 3), "day", False)


def test_windows_alone_give_the_narrowest_and_never_a_dispute():
    a, b = window(date(2022, 1, 1), date(2022, 4, 1)), window(date(2022, 3, 17), date(2022, 4, 16))
    (event,), _ = consolidate([mention("a", "1", dates=a), mention("b", "2", dates=b)])
    assert event.date_precision == "fuzzy" and not event.date_disputed
    assert (event.date_start, event.date_end) == (date(2022, 3, 17), date(2022, 4, 16))


def test_an_open_interval_stays_open_on_its_event():
    # "the future" from a page of 2017-11-06: a start and no end. Closing it at its start dated the
    # event to that day, so the event said post/pre-takeover while its only report said undated.
    the_future = (date(2017, 11, 6), None, "fuzzy")
    (event,), _ = consolidate([mention("f", "1", dates=the_future)])
    assert (event.date_start, event.date_end) == (date(2017, 11, 6), None)


def test_an_open_interval_is_the_widest_window_not_the_narrowest():
    the_future = (date(2022, 3, 20), None, "fuzzy")
    (event,), _ = consolidate(
        [mention("f", "1", dates=the_future), mention("w", "2", dates=window(date(2022, 3, 17), date(2022, 4, 16)))]
    )
    assert (event.date_start, event.date_end) == (date(2022, 3, 17), date(2022, 4, 16))


def test_physical_events_in_two_provinces_are_two_events_and_statements_are_not_kept_apart_by_place():
    khost, helmand = "AFG/Khost", "AFG/Helmand"

    def at(mid, article, code, place, sentence=None):
        return M(
            mid, article, code, "AFGMIL", None, date(2011, 5, 3), date(2011, 5, 3), "asserted", "day", place, sentence
        )

    detentions, membership = consolidate(
        [at("a", "1", "173", khost), at("b", "2", "173", helmand), at("c", "1", "173", None), at("d", "3", "173", None)]
    )
    # the unlocated mention of article 1 joins its own article's; article 3's joins no other article's
    assert len(detentions) == 3 and membership["c"] == membership["a"] != membership["d"]
    statements, _ = consolidate([at("a", "1", "010", khost), at("b", "2", "010", helmand)])
    assert len(statements) == 1


def test_two_acts_of_one_sentence_are_two_events():
    def act(mid, sentence):
        return M(mid, "1", "173", "AFGMIL", None, date(2011, 5, 3), date(2011, 5, 3), "asserted", "day", None, sentence)

    events, membership = consolidate([act("arrested", 0), act("detained", 0), act("recap", 3)])
    assert len(events) == 2 and membership["recap"] == membership["arrested"]


def _random_mentions(rng, count):
    """Mentions of every date shape: day, closed and open coarser intervals, windows, undated."""
    from datetime import timedelta

    out = []
    for index in range(count):
        precision = rng.choice(["day", "day", "week", "month", "year", "fuzzy", None])
        start = date(2022, 1, 1) + timedelta(days=rng.randint(0, 20)) if precision else None
        span = {"day": 0, "week": 6, "month": 30, "year": 365, "fuzzy": 60}.get(precision, 0)
        end = start + timedelta(days=span) if start and rng.random() < 0.8 else None
        code = rng.choice(["010", "0101", "190", "173"])
        out.append(M(f"m{index:04d}", f"a{rng.randint(0, 9)}", code, "USA", None, start, end, "asserted", precision))
    return out


def test_a_cluster_accepts_a_date_exactly_when_every_precise_member_is_the_same_time():
    """The running date bounds of a cluster stand for its members: accepts_date agrees with
    same_time against each precise member, for every date shape (day, intervals, open ends)."""
    import random

    from newswh.events.consolidate import _Cluster, is_window, same_time

    rng = random.Random(20261206)
    for _ in range(400):
        members = _random_mentions(rng, rng.randint(1, 6))
        candidate = rng.choice([m for m in _random_mentions(rng, 5) if m.date_start and not is_window(m)] or [None])
        if candidate is None:
            continue
        for family in ("010", "190"):
            cluster = _Cluster((family, "asserted", "USA"), members[:1], None)
            for member in members[1:]:
                cluster.add(member, None)
            point = family.startswith("01")
            expected = all(same_time(member, candidate, point) for member in cluster.precise)
            assert cluster.accepts_date(candidate) == expected, (members, candidate, family)


def test_an_undated_or_window_dated_physical_event_joins_only_its_own_article():
    sar_e_pul = "AFG/Sar-e Pul"

    def detention(mid, article, dates, sentence):
        start, end, precision = dates if dates else (None, None, None)
        return M(mid, article, "173", "AFGMIL", None, start, end, "asserted", precision, sar_e_pul, sentence)

    # "the security force detained three suspects" in an undated release is not another release's
    # Sar-e Pul detention by actor and place alone, even when that is the only compatible event
    events, membership = consolidate([detention("a", "1", day(28, 7), 0), detention("u", "2", None, 0)])
    assert len(events) == 2 and membership["a"] != membership["u"]
    # nor by a window (the article's month) that overlaps it
    month = window(date(2022, 7, 1), date(2022, 7, 29))
    events, membership = consolidate([detention("a", "1", day(28, 7), 0), detention("w", "2", month, 0)])
    assert len(events) == 2 and membership["a"] != membership["w"]
    # its own article's event it still joins (a recap of the lead, dated in the lead)
    _, membership = consolidate(
        [detention("a", "1", day(28, 7), 0), detention("r", "1", None, 4), detention("v", "1", month, 5)]
    )
    assert membership["r"] == membership["a"] == membership["v"]
    # a statement is not placed: an undated re-telling joins the one compatible statement
    _, membership = consolidate([mention("s", "1", code="010"), mention("t", "2", code="010", dates=None)])
    assert membership["s"] == membership["t"]
