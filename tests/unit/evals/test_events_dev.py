"""The dev-set scorer on synthetic releases (never the dev set's own texts)."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.evals.eval_events import corpus_name, score_all, write_corpus
from newswh.evals.events_dev import (
    TARGETS,
    PredictedEvent,
    Prediction,
    aggregate,
    format_figures,
    gold_dateline,
    score_release,
    split_of,
    summarise,
)

pytestmark = pytest.mark.unit

TEXT = "2014-03-S-001\n\nKABUL, Afghanistan (March 4, 2014)\nA patrol detained three suspects in Zabul yesterday."
GOLD = {"start_date": "2014-03-03", "min_killed": 0, "min_captured": 3}


def event(root="17", modality="asserted", start=date(2014, 3, 3), end=date(2014, 3, 3), precision="day", **counts):
    return PredictedEvent(root, modality, start, end, precision, counts.get("killed"), counts.get("detained"))


def test_a_perfect_release_passes_every_metric():
    predicted = Prediction(date(2014, 3, 4), (event(killed=0, detained=3),), counts_available=True)
    assert score_release(TEXT, GOLD, predicted) == dict.fromkeys(TARGETS, True)


def test_only_asserted_violent_roots_count():
    for wrong in (event(root="04"), event(modality="planned"), event(root=None)):
        scores = score_release(TEXT, GOLD, Prediction(date(2014, 3, 4), (wrong,)))
        assert scores["event_detect"] is False and scores["date_exact"] is False


@pytest.mark.parametrize(
    "dated",
    [
        event(precision="fuzzy"),  # right day, dishonest precision would be needed to pass
        event(start=date(2014, 3, 3), end=date(2014, 3, 4), precision="fuzzy"),
        event(start=date(2014, 3, 4), end=date(2014, 3, 4)),
    ],
)
def test_date_exact_needs_the_gold_day_at_day_precision(dated):
    assert score_release(TEXT, GOLD, Prediction(date(2014, 3, 4), (dated,)))["date_exact"] is False


def test_one_exactly_dated_event_is_enough():
    predicted = Prediction(None, (event(start=date(2014, 3, 1), end=date(2014, 3, 1)), event()))
    assert score_release(TEXT, GOLD, predicted)["date_exact"] is True


def test_dct_compares_with_the_dateline_not_the_event_day():
    assert score_release(TEXT, GOLD, Prediction(date(2014, 3, 3)))["dct_acc"] is False
    assert score_release(TEXT, GOLD, Prediction(date(2014, 3, 4)))["dct_acc"] is True


def test_counts_are_not_scored_without_count_columns():
    scores = score_release(TEXT, GOLD, Prediction(date(2014, 3, 4), (event(),), counts_available=False))
    assert scores["killed"] is None and scores["captured"] is None


def test_counts_sum_over_the_release_events():
    two = (event(detained=1), event(root="18", detained=2, killed=1))
    scores = score_release(TEXT, GOLD, Prediction(None, two, counts_available=True))
    assert (scores["killed"], scores["captured"]) == (False, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TEXT, date(2014, 3, 4)),
        ("2010-05-S-009\nKABUL, Afghanistan (May 9)\nA force detained a man.", date(2010, 5, 9)),
        ("2013-01-S-002\nKABUL, Afghanistan (Dec. 31)\nA force detained a man.", date(2012, 12, 31)),
        ("KABUL, Afghanistan (Sept. 29, 2011) — A force detained a man.", date(2011, 9, 29)),
        ("KABUL, Afghanistan (Jan. 28) – no year anywhere.", None),
        ("A force detained a man in Helmand province yesterday.", None),
    ],
)
def test_gold_dateline(text, expected):
    assert gold_dateline(text) == expected


def test_a_release_without_dateline_or_gold_day_is_not_scored_on_them():
    scores = score_release("A force detained a man.", {"min_killed": 0}, Prediction(None))
    assert scores["dct_acc"] is None and scores["date_exact"] is None


def test_split_is_deterministic_and_uses_both_halves():
    texts = [f"release number {i}" for i in range(200)]
    halves = [split_of(t) for t in texts]
    assert halves == [split_of(t) for t in texts]
    assert 60 < halves.count("tune") < 140


def test_aggregate_skips_unscored_and_reports_targets():
    figures = aggregate(
        [
            {"event_detect": True, "date_exact": False, "dct_acc": None, "killed": None, "captured": None},
            {"event_detect": False, "date_exact": True, "dct_acc": True, "killed": None, "captured": None},
        ]
    )
    assert figures["event_detect"] == {"value": 0.5, "n": 2, "target": 0.95}
    assert figures["dct_acc"] == {"value": 1.0, "n": 1, "target": 0.99}
    assert figures["killed"] == {"value": None, "n": 0, "target": 0.85}


def test_summary_has_both_halves_and_total_and_prints_targets():
    rows = [
        {"split": "tune", "scores": score_release(TEXT, GOLD, Prediction(date(2014, 3, 4), (event(),)))},
        {"split": "check", "scores": score_release(TEXT, GOLD, Prediction(None))},
    ]
    figures = summarise(rows)
    assert figures["tune"]["dct_acc"]["value"] == 1.0 and figures["check"]["dct_acc"]["value"] == 0.0
    assert figures["total"]["dct_acc"] == {"value": 0.5, "n": 2, "target": 0.99}
    table = "\n".join(format_figures(figures))
    assert "≥0.99" in table and "n/a" in table and "0.500 (n=2)" in table


def test_quarantined_release_scores_as_nothing_found(tmp_path):
    releases = [{"text": TEXT, "gold": GOLD}, {"text": "Second release text.", "gold": GOLD}]
    write_corpus(releases, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [corpus_name(0), corpus_name(1)]
    rows = score_all(releases, {corpus_name(0): Prediction(date(2014, 3, 4), (event(),))})
    assert [r["scores"]["event_detect"] for r in rows] == [True, False]
