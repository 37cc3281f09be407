"""Publication-date inference: each signal on hand-made texts, then the five seeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newswh.time import BASES, infer_published_date
from newswh.time.doc_date import confidence_of, rules

SEEDS = Path(__file__).resolve().parents[3] / "seeds" / "articles"


def signals(result) -> set[str]:
    return {e["signal"] for e in result.evidence}


def seed(prefix: str, drop_header: bool = False) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if drop_header else text


# ---------------------------------------------------------------- signals


@pytest.mark.unit
def test_consistent_stated_date_wins():
    r = infer_published_date("On March 3, 2023, the envoy met Lavrov.", date(2023, 3, 5), "March 5, 2023", None)
    assert (r.published_date, r.basis, r.date_conflict) == (date(2023, 3, 5), "stated", False)
    assert r.lower_bound == date(2023, 3, 3) and r.confidence >= 0.9
    assert "absolute_past" in signals(r)


@pytest.mark.unit
def test_stated_date_before_reported_event_is_a_conflict():
    r = infer_published_date("On March 3, 2023, the envoy met Lavrov.", date(2022, 1, 1), "Jan 1, 2022", None)
    assert r.date_conflict and r.basis == "bounded" and r.published_date is None
    # The content bounds the date from below; relative expressions resolve the day after.
    assert (r.lower_bound, r.reference_date) == (date(2023, 3, 3), date(2023, 3, 4))


@pytest.mark.unit
def test_future_dates_do_not_bound_from_below():
    r = infer_published_date("The summit will be held on June 1, 2024.", date(2024, 3, 1), "1 March 2024", None)
    assert (r.basis, r.date_conflict, r.lower_bound) == ("stated", False, None)
    assert "future_absolute" in signals(r)


@pytest.mark.unit
def test_weekday_pins_year():
    text = "In July 2024, Putin called them allies. On Thursday, July 3, the ministry said it recognised them."
    r = infer_published_date(text, None, None, None)
    pinned = [e for e in r.evidence if e["signal"] == "weekday_pinned"]
    assert pinned and pinned[0]["implied_date"] == "2025-07-03"  # July 3 is a Thursday in 2025
    assert r.basis == "content_inferred" and r.published_date == date(2025, 7, 4)


@pytest.mark.unit
def test_anchor_age_and_last_month_bound_both_sides():
    text = (
        "All refused to recognize the 8-month-old government in Afghanistan. "
        "This came after the Taliban takeover of Afghanistan last August."
    )
    r = infer_published_date(text, None, None, None)
    assert {"anchor_age", "anchor_relative:taliban_takeover"} <= signals(r)
    assert r.lower_bound == date(2022, 4, 15) and r.upper_bound == date(2022, 5, 14)
    assert r.published_date.year == 2022 and r.published_date.month == 4


@pytest.mark.unit
def test_last_month_name_alone_relative_to_anchor():
    r = infer_published_date("Since the Taliban takeover last August, embassies closed.", None, None, None)
    rel = [e for e in r.evidence if e["signal"].startswith("anchor_relative")]
    assert rel and rel[0]["lower_bound"] == "2021-09-01" and rel[0]["upper_bound"] == "2022-08-31"


@pytest.mark.unit
def test_copyright_is_not_a_publication_date():
    r = infer_published_date("Some news text.\n\nCopyright © 2024 Example Media", None, None, None)
    assert r.published_date is None and r.basis == "unknown"
    cr = [e for e in r.evidence if e["signal"] == "copyright"]
    assert cr and cr[0]["upper_bound"] == "2024-12-31" and cr[0]["lower_bound"] is None
    r2 = infer_published_date("Talks took place on March 3, 2022.\nCopyright © 2024 Example", None, None, None)
    assert (r2.basis, r2.lower_bound, r2.upper_bound) == ("bounded", date(2022, 3, 3), None)


@pytest.mark.unit
def test_relative_stamp_means_crawl_date():
    r = infer_published_date("Nothing dated here.", date(2025, 7, 5), "5 hours ago", None)
    assert r.basis != "stated" and "relative_stamp" in signals(r)
    assert r.upper_bound == date(2025, 7, 5)


@pytest.mark.unit
def test_metadata_and_unknown():
    r = infer_published_date("Talks took place on March 3, 2022.", None, None, date(2022, 3, 4))
    assert (r.basis, r.published_date, r.date_conflict) == ("json_metadata", date(2022, 3, 4), False)
    r = infer_published_date("No dates at all.", None, None, None)
    assert (r.published_date, r.basis, r.confidence) == (None, "unknown", 0.0)
    assert r.basis in BASES


# ---------------------------------------------------------------- seeds


@pytest.mark.unit
def test_seed_000_header_contradicts_content():
    r = infer_published_date(seed("000", drop_header=True), date(2024, 7, 24), "Wednesday, July 24, 2024", None)
    assert r.date_conflict and r.basis == "content_inferred"
    assert (r.published_date.year, r.published_date.month) == (2022, 4)
    assert r.confidence < 0.6


@pytest.mark.unit
def test_seed_001_weekday_and_crawl_stamp():
    r = infer_published_date(seed("001"), None, "5 hours ago", None)
    assert r.basis == "content_inferred" and not r.date_conflict
    assert date(2025, 7, 3) <= r.published_date <= date(2025, 7, 10)
    assert {"relative_stamp", "weekday_pinned"} <= signals(r)


@pytest.mark.unit
def test_seed_002_end_of_2021():
    r = infer_published_date(seed("002"), None, None, None)
    assert r.basis == "content_inferred"
    assert date(2021, 12, 31) <= r.published_date <= date(2022, 1, 31)
    pinned = [e for e in r.evidence if e["signal"] == "weekday_pinned"]
    assert pinned and pinned[0]["implied_date"] == "2021-12-31"


@pytest.mark.unit
def test_seed_003_copyright_footer_ignored():
    # Only a bare "March 31" read in 2022 bounds it: no date pins the day, so none is claimed.
    r = infer_published_date(seed("003"), None, None, None)
    assert (r.basis, r.published_date) == ("bounded", None)
    assert "copyright" in signals(r) and r.lower_bound == date(2022, 3, 31) and r.upper_bound is None


@pytest.mark.unit
def test_seed_004_voa_april_2022():
    r = infer_published_date(seed("004"), None, None, None)
    assert r.basis == "content_inferred"
    assert (r.published_date.year, r.published_date.month) == (2022, 4)
    assert r.upper_bound is not None and r.upper_bound <= date(2022, 5, 31)


@pytest.mark.unit
def test_seed_000_with_consistent_stated_date_is_accepted():
    r = infer_published_date(seed("000", drop_header=True), date(2022, 4, 18), "April 18, 2022", None)
    assert (r.basis, r.date_conflict, r.published_date) == ("stated", False, date(2022, 4, 18))


@pytest.mark.unit
def test_copyright_lines_are_found_by_line_without_scanning_it():
    from newswh.time.doc_date import _on_copyright_line

    text = "Kabul, March 3, 2022\nTalks went on.\n© 2024 Example News. All rights reserved\n(c)\n2019 is a plain year"
    assert not _on_copyright_line(text, text.index("March"))
    assert _on_copyright_line(text, text.index("2024"))
    assert not _on_copyright_line(text, text.index("2019"))  # a cue never reaches across a line break


@pytest.mark.unit
def test_many_dates_on_one_line_keep_their_order_and_never_overlap():
    from datetime import date
    from itertools import pairwise

    from newswh.time import tag

    text = " ".join(f"On March {day % 28 + 1}, 2022 the envoy met." for day in range(300))
    found = tag(text, date(2022, 5, 1))
    assert len(found) == 300
    assert all(a.end <= b.start for a, b in pairwise(found))


# ---------------------------------------------------------------- what pins a date (doc_dates.yaml)


@pytest.mark.unit
def test_a_day_written_with_its_weekday_pins_the_date():
    r = infer_published_date("On Monday, Dec. 25, 2017, the Steelers won.", None, None, None)
    assert (r.basis, r.published_date) == ("content_inferred", date(2017, 12, 26))
    assert r.confidence == confidence_of("weekday_anchored")
    assert [e["signal"] for e in r.evidence if e.get("decides")] == ["absolute_weekday"]


@pytest.mark.unit
def test_a_weekday_that_disagrees_with_its_day_pins_nothing():
    r = infer_published_date("On Tuesday, Dec. 25, 2017, the Steelers won.", None, None, None)
    assert (r.basis, r.published_date, r.lower_bound) == ("bounded", None, date(2017, 12, 25))


@pytest.mark.unit
def test_a_weekday_recurring_years_after_the_bound_pins_nothing():
    # August 3 is next a Monday in 2009: four years after the bound is a recurrence, not evidence.
    r = infer_published_date("They met in 2005. On Monday, August 3, they split.", None, None, None)
    assert "weekday_pinned" not in signals(r)  # read as a bare day in 2005, it only bounds
    assert (r.basis, r.published_date, r.lower_bound) == ("bounded", None, date(2005, 8, 3))


@pytest.mark.unit
def test_confidences_come_from_the_measured_file():
    r = infer_published_date("On March 3, 2023, the envoy met Lavrov.", date(2023, 3, 5), "March 5, 2023", None)
    assert r.confidence == confidence_of("stated")
    assert {"weekday_pin_max_years", "pin_window_days", "confidence", "after_publication"} <= set(rules())
    for name, entry in rules()["confidence"].items():
        assert 0 <= entry["value"] <= 1 and entry["measured"], name


# ---------------------------------------------------------------- URL dates


@pytest.mark.unit
def test_url_date_dates_a_page_without_printed_or_metadata_date():
    r = infer_published_date("On Dec. 26, 2017, the team won.", None, None, None, url_date=date(2017, 12, 27))
    assert (r.published_date, r.basis, r.date_conflict) == (date(2017, 12, 27), "url", False)
    assert r.confidence == confidence_of("url")


@pytest.mark.unit
def test_printed_date_keeps_winning_over_url_date():
    r = infer_published_date(
        "On March 3, 2023, the envoy met Lavrov.", date(2023, 3, 5), "March 5, 2023", None, url_date=date(2023, 3, 4)
    )
    assert (r.published_date, r.basis) == (date(2023, 3, 5), "stated")


@pytest.mark.unit
def test_url_date_before_a_reported_day_is_a_conflict():
    r = infer_published_date("On March 3, 2023, the envoy met Lavrov.", None, None, None, url_date=date(2022, 1, 1))
    assert r.date_conflict and r.basis == "bounded" and r.published_date is None


@pytest.mark.unit
def test_a_bare_year_does_not_overrule_a_url_date():
    # "by 2024" may be a plan: a year or month is no reported day, so the URL's day stands.
    text = "Experts see the station's fall in 2024."
    r = infer_published_date(text, None, None, None, url_date=date(2017, 12, 2))
    assert (r.published_date, r.basis, r.date_conflict) == (date(2017, 12, 2), "url", False)
    # A printed date is held to every bound: the same year overrules it.
    r = infer_published_date(text, date(2017, 12, 2), "Dec. 2, 2017", None)
    assert r.date_conflict and r.basis != "stated" and r.lower_bound == date(2024, 1, 1)


@pytest.mark.unit
def test_lead_image_day_comes_after_the_url_day():
    text = "On Dec. 26, 2017, the team won."
    r = infer_published_date(text, None, None, None, url_date=date(2017, 12, 27), image_date=date(2017, 12, 28))
    assert (r.published_date, r.basis) == (date(2017, 12, 27), "url")
    r = infer_published_date(text, None, None, None, image_date=date(2017, 12, 28))
    assert (r.published_date, r.basis, r.confidence) == (date(2017, 12, 28), "image_url", confidence_of("image_url"))
    # An old stock photograph before a reported day dates nothing.
    r = infer_published_date(text, None, None, None, image_date=date(2015, 5, 16))
    assert r.date_conflict and r.published_date is None


# ---------------------------------------------------------------- post stamps, holidays, weekdays, schedules


@pytest.mark.unit
def test_an_embedded_post_stamp_bounds_from_below_whatever_its_words_say():
    # The tweet speaks of a launch ahead; its stamp is still the day it went out (doc_dates.yaml).
    text = "Falcon Heavy remains go for launch at 1:30pm on Tuesday — Elon Musk (@elonmusk) February 5, 2018\n"
    r = infer_published_date(text, None, None, None)
    assert r.lower_bound == date(2018, 2, 5) and "post_stamp" in signals(r)
    text = "A post shared by Elon Musk (@elonmusk) on Feb 4, 2018 at 9:50pm PST\n"
    assert "post_stamp" in signals(infer_published_date(text, None, None, None))
    # Without the handle the same words are a plan: no bound.
    r = infer_published_date("The launch will take place on February 5, 2018.", None, None, None)
    assert r.lower_bound is None


@pytest.mark.unit
def test_a_holiday_without_a_year_is_not_read_in_the_latest_year():
    text = "They split over Christmas, the actress said on February 5, 2018."
    r = infer_published_date(text, None, None, None)
    assert r.lower_bound == date(2018, 2, 5)
    assert "month_day_in_latest_year" not in signals(r)
    # A written day is: articles name the year once and then write bare days.
    r = infer_published_date("On February 5, 2018, she left. On March 3, she returned.", None, None, None)
    assert r.lower_bound == date(2018, 3, 3)


@pytest.mark.unit
def test_a_bare_weekday_agreeing_with_the_latest_reported_day_pins_the_date():
    # The doc_dates.yaml example: February 5, 2018 was a Monday.
    text = (
        "Silverman announced on Monday that they had split.\n\n"
        "Felt we should just tell y'all. — Sarah Silverman (@SarahKSilverman) February 5, 2018\n"
    )
    r = infer_published_date(text, None, None, None)
    assert (r.basis, r.published_date) == ("content_inferred", date(2018, 2, 6))
    assert r.confidence == confidence_of("weekday_agrees")
    assert [e["signal"] for e in r.evidence if e.get("decides")] == ["weekday_agrees"]


@pytest.mark.unit
def test_a_weekday_ahead_naming_the_day_after_the_latest_reported_day_pins_the_date():
    # The doc_dates.yaml example (weekday_ahead): February 5, 2018 was a Monday, the launch a Tuesday.
    text = (
        "When it launches on Tuesday, the rocket will attempt to land all three boosters.\n\n"
        "Falcon Heavy remains go for launch — Elon Musk (@elonmusk) February 5, 2018\n"
    )
    r = infer_published_date(text, None, None, None)
    assert (r.basis, r.published_date) == ("content_inferred", date(2018, 2, 6))
    assert (r.lower_bound, r.upper_bound) == (date(2018, 2, 5), date(2018, 2, 6))
    assert r.confidence == confidence_of("weekday_ahead")
    assert [e["signal"] for e in r.evidence if e.get("decides")] == ["weekday_ahead"]


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        # two days ahead: any weekday ahead names one of the next seven days, so it tests nothing
        "The rocket will launch on Wednesday, SpaceX said. It fired its engines on February 5, 2018.",
        # the next day's weekday, but reported: the launch is past
        "The rocket launched on Tuesday, SpaceX said. It fired its engines on February 5, 2018.",
        # a month names no day to follow
        "The rocket will launch on Tuesday, SpaceX said. It fired its engines in February 2018.",
    ],
)
def test_a_weekday_ahead_that_does_not_follow_the_latest_reported_day_pins_nothing(text):
    r = infer_published_date(text, None, None, None)
    assert r.published_date is None and "weekday_ahead" not in signals(r)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        # another weekday
        "Silverman announced on Tuesday that they split. She told fans on February 5, 2018.",
        # the weekday lies ahead
        "Silverman will speak on Monday. She told fans on February 5, 2018.",
        # a bare year names no weekday (2018-01-01 was a Monday)
        "Silverman announced on Monday that they had split in 2018.",
    ],
)
def test_a_weekday_that_does_not_agree_with_a_reported_day_pins_nothing(text):
    r = infer_published_date(text, None, None, None)
    assert r.published_date is None and "weekday_agrees" not in signals(r)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Gillibrand, a candidate in the 2020 United States presidential election, quit the race.",
        "A sequel is already set for May 3, 2019.",
        "The deadline currently stands at October 31, 2019.",
        "He said Melbourne is poised to be a world city by 2030.",
        "Each mayor term is 4 years, that takes it to 2024 at the latest.",
        # doc_dates.yaml: a plan's verb governs the date
        "Europe built the service module for the capsule that is planned to orbit the moon uncrewed in 2019.",
        "The agency told the UN that it expects Tiangong-1 to come down between October 2017 and April 2018.",
    ],
)
def test_a_scheduled_date_bounds_nothing(text):
    r = infer_published_date(text, None, None, None)
    assert r.lower_bound is None and "scheduled" in signals(r)


@pytest.mark.unit
def test_a_bare_day_is_read_nearest_the_latest_full_day():
    # The _nearer_the_year_before example: Nov 13 lies 53 days before January 5, 2016 and 313 after.
    text = (
        "People protested in front of the cathedral on January 5, 2016. As after the Paris attacks "
        "on Nov 13, an anti-refugee trend has emerged."
    )
    r = infer_published_date(text, None, None, None)
    assert r.lower_bound == date(2016, 1, 5) and "month_day_in_latest_year" not in signals(r)
    # A year named alone names the year of its bare days, however late in it they fall.
    r = infer_published_date("He was elected in 2016. He took office on Nov 13.", None, None, None)
    assert r.lower_bound == date(2016, 11, 13)


@pytest.mark.unit
def test_a_bare_day_before_a_deadline_bounds_nothing():
    r = infer_published_date("He ran in 2018. Two weeks before the November 13 deadline, he quit.", None, None, None)
    assert r.lower_bound == date(2018, 1, 1)
    # A reported year and a reported day still bound.
    r = infer_published_date("The girls were abducted in 2014 and freed on May 3, 2016.", None, None, None)
    assert r.lower_bound == date(2016, 5, 3)


@pytest.mark.unit
def test_a_year_naming_a_product_still_bounds():
    r = infer_published_date("Last month, Musk unveiled the 2017 Tesla Roadster.", None, None, None)
    assert r.lower_bound == date(2017, 1, 1) and "scheduled" not in signals(r)


@pytest.mark.unit
def test_a_name_given_on_a_known_day_bounds_and_lets_a_weekday_fix_the_year():
    # The doc_dates.yaml named_since example: COVID-19 was named on 2020-02-11, and April 4 is a
    # Saturday in 2020 (and in 2015 before it), so the year-less "Saturday, April 4" is 2020's.
    text = (
        "Yesterday, Bangladesh confirmed five new deaths due to COVID-19.\n\n"
        "The shutdown had started on March 26 and was planned to end on Saturday, April 4."
    )
    r = infer_published_date(text, None, None, None)
    assert (r.basis, r.published_date) == ("content_inferred", date(2020, 4, 5))
    assert "named_since" in signals(r)
    assert [e["signal"] for e in r.evidence if e.get("decides")] == ["weekday_pinned"]


@pytest.mark.unit
def test_a_named_term_alone_only_bounds():
    r = infer_published_date("The president tested positive for Covid-19 on Thursday.", None, None, None)
    assert (r.basis, r.published_date, r.lower_bound) == ("bounded", None, date(2020, 2, 11))
    # Without the name, nothing bounds the page; a URL day before the naming still stands (no reported day).
    assert infer_published_date("The president tested positive on Thursday.", None, None, None).basis == "unknown"
    r = infer_published_date("Cases of COVID-19 rose.", None, None, None, url_date=date(2020, 1, 30))
    assert (r.basis, r.published_date) == ("url", date(2020, 1, 30))


@pytest.mark.unit
@pytest.mark.parametrize("entry", rules()["named_since"], ids=lambda e: e["term"])
def test_each_named_term_bounds_from_its_naming_day(entry):
    assert entry["source"] and isinstance(entry["since"], date)
    r = infer_published_date(f"Officials said the {entry['term']} cases rose.", None, None, None)
    assert (r.basis, r.lower_bound) == ("bounded", entry["since"]) and "named_since" in signals(r)


@pytest.mark.unit
def test_omicron_outside_the_pandemic_names_no_variant():
    r = infer_published_date("Astronomers watched the star Omicron Ceti brighten.", None, None, None)
    assert r.basis == "unknown" and "named_since" not in signals(r)
