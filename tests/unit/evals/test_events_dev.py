"""The dev-set scorer on synthetic releases (never the dev set's own texts)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from newswh.evals.eval_events import corpus_name, read_predictions, score_all, write_corpus
from newswh.evals.events_dev import (
    TARGETS,
    PredictedEvent,
    Prediction,
    admin1_keys,
    aggregate,
    date_miss_reason,
    format_figures,
    gold_dateline,
    in_gold_province,
    miss_breakdown,
    report_start,
    score_release,
    split_of,
    summarise,
)

pytestmark = pytest.mark.unit

TEXT = "2014-03-S-001\n\nKABUL, Afghanistan (March 4, 2014)\nA patrol detained three suspects in Zabul yesterday."
GOLD = {"start_date": "2014-03-03", "min_killed": 0, "min_captured": 3, "province": ["zabul"]}


def event(
    root="17",
    modality="asserted",
    start=date(2014, 3, 3),
    end=date(2014, 3, 3),
    precision="day",
    admin1="Zabul",
    **counts,
):
    return PredictedEvent(root, modality, start, end, precision, counts.get("killed"), counts.get("detained"), admin1)


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


@pytest.mark.parametrize(
    ("gold", "located", "expected"),
    [
        (["paktya"], "Paktia", True),  # the gold's spelling is an alternate name in places.csv
        (["sar-e pul"], "Sar-e Pul", True),
        (["kandahar"], "Kandahar", True),  # the city's name too, but the province is what is compared
        (["helmand", "kandahar"], "Kandahar", True),  # any of several gold provinces
        (["kandahar"], "Helmand", False),
        (["khost"], None, False),  # an event without a place is in no province
    ],
)
def test_province_names_are_compared_as_the_gazetteer_reads_them(gold, located, expected):
    assert in_gold_province([event(admin1=located)], gold) is expected


def test_province_needs_a_violent_asserted_event_there():
    gold = {**GOLD, "province": ["zabul"]}
    elsewhere = (event(admin1="Helmand"), event(root="04", admin1="Zabul"), event(modality="planned", admin1="Zabul"))
    assert score_release(TEXT, gold, Prediction(None, elsewhere))["province"] is False
    assert score_release(TEXT, gold, Prediction(None, (*elsewhere, event(root="19"))))["province"] is True


@pytest.mark.parametrize("province", [["??"], [], None, [""]])
def test_a_release_whose_gold_names_no_province_is_not_scored_on_it(province):
    assert score_release(TEXT, {**GOLD, "province": province}, Prediction(None, (event(),)))["province"] is None


def test_province_keys_are_admin1_codes_or_the_folded_name():
    assert admin1_keys("Paktya") == admin1_keys("Paktiya") == admin1_keys("paktia") == frozenset({"AF.36"})
    assert admin1_keys("Nowhere-Land") == frozenset({"nowhere land"})


def test_predictions_carry_the_event_location(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "create table dim_articles (article_id varchar, source_uri varchar, published_date date, body_text varchar)"
        )
        con.execute(
            "create table fct_time_expressions (article_id varchar, char_start int, date_start date, date_end date,"
            " date_precision varchar)"
        )
        # The dateline's day (before the report starts), the report's "yesterday" and a month.
        con.execute(
            "insert into fct_time_expressions values ('a1', 20, '2014-03-04', '2014-03-04', 'day'),"
            " ('a1', 70, '2014-03-03', '2014-03-03', 'day'), ('a1', 90, '2014-03-01', '2014-03-31', 'month')"
        )
        con.execute("create table fct_event_mentions (event_id varchar, article_id varchar)")
        con.execute(
            "create table fct_events (event_id varchar, event_root_code varchar, modality varchar, event_date_start date,"
            " event_date_end date, date_precision varchar, num_killed int, num_detained int, location_admin1 varchar)"
        )
        con.execute("insert into dim_articles values ('a1', ?, '2014-03-04', ?)", [corpus_name(0), TEXT])
        con.execute("insert into fct_event_mentions values ('e1', 'a1'), ('e1', 'a1'), ('e2', 'a1')")
        con.execute(
            "insert into fct_events values ('e1', '17', 'asserted', '2014-03-03', '2014-03-03', 'day', 0, 3, 'Zabul'),"
            " ('e2', '04', 'asserted', null, null, null, null, null, null)"
        )
    predicted = read_predictions(warehouse)[corpus_name(0)]
    assert predicted.counts_available and predicted.published_date == date(2014, 3, 4)
    assert predicted.stated_days == frozenset({date(2014, 3, 3)})
    assert sorted(predicted.events, key=lambda e: e.root_code) == [
        PredictedEvent("04", "asserted", None, None, None, None, None, None),
        event(killed=0, detained=3),
    ]
    assert score_all([{"text": TEXT, "gold": GOLD}], {corpus_name(0): predicted})[0]["scores"] == dict.fromkeys(
        TARGETS, True
    )


def test_the_report_starts_after_the_dateline():
    assert TEXT[report_start(TEXT) :].startswith("\nA patrol")
    assert report_start("A force detained a man.") == 0


@pytest.mark.parametrize(
    ("predicted", "reason"),
    [
        (Prediction(date(2014, 3, 4), (event(),)), None),  # a hit has no miss reason
        (Prediction(date(2014, 3, 4), stated_days=frozenset({date(2014, 3, 3)})), "stated_day_missed"),
        (Prediction(None, stated_days=frozenset({date(2014, 3, 3)})), "stated_day_missed"),
        (Prediction(None), "no_publication_day"),
        (Prediction(date(2014, 3, 4), stated_days=frozenset({date(2014, 3, 4)})), "day_not_stated"),
    ],
)
def test_a_date_miss_says_whether_the_report_states_the_gold_day(predicted, reason):
    assert date_miss_reason(score_release(TEXT, GOLD, predicted), GOLD, predicted) == reason


def test_miss_breakdown_counts_reasons_per_half_and_in_total():
    rows = [
        {"split": "tune", "date_miss": "day_not_stated"},
        {"split": "tune", "date_miss": None},
        {"split": "check", "date_miss": "stated_day_missed"},
    ]
    breakdown = miss_breakdown(rows)
    assert breakdown["tune"] == {"stated_day_missed": 0, "no_publication_day": 0, "day_not_stated": 1}
    assert breakdown["total"]["stated_day_missed"] == 1 and breakdown["check"]["day_not_stated"] == 0
