"""One answer to "which year puts this month/day on this weekday" (newswh.time.values.nearest_on_weekday),
shared by the tagger (a year-less "Monday, Jan. 24" around the DCT) and the document dater (a
"Thursday, July 3" from the content's bound): its sides and its lean are the tense's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from newswh.time import handlers
from newswh.time.tense import FUTURE, PAST, UNKNOWN
from newswh.time.values import leaned_distance, nearest_on_weekday, on_side

pytestmark = pytest.mark.unit

THURSDAY = 3
# July 3 was a Thursday in 2014 and 2025, a Wednesday in 2024, a Friday in 2026.
JULY_3_THURSDAYS = (date(2014, 7, 3), date(2025, 7, 3))


def test_the_future_side_takes_the_first_agreeing_year_from_the_anchor():
    assert nearest_on_weekday(date(2024, 1, 1), 7, 3, THURSDAY, range(2024, 2030), FUTURE) == date(2025, 7, 3)


def test_the_past_side_takes_the_latest_agreeing_year_before_the_anchor():
    years = range(2024, 2010, -1)
    assert nearest_on_weekday(date(2024, 12, 31), 7, 3, THURSDAY, years, PAST) == date(2014, 7, 3)


def test_no_agreeing_year_in_the_window_is_none():
    assert nearest_on_weekday(date(2026, 1, 1), 7, 3, THURSDAY, range(2026, 2028), FUTURE) is None
    assert nearest_on_weekday(date(2023, 1, 1), 2, 29, THURSDAY, range(2023, 2024), UNKNOWN) is None


def test_without_a_tense_a_day_ahead_counts_double():
    # Thursday, July 3 from mid-2020: 2014 is six years back, 2025 five years ahead (ten, leaned).
    assert nearest_on_weekday(date(2020, 7, 3), 7, 3, THURSDAY, range(2010, 2031), UNKNOWN) == date(2014, 7, 3)
    assert leaned_distance(date(2020, 1, 1), date(2020, 1, 3)) == timedelta(days=4)
    assert leaned_distance(date(2020, 1, 3), date(2020, 1, 1)) == timedelta(days=2)


def test_the_past_reaches_the_day_after_the_anchor_and_the_future_starts_at_it():
    anchor = date(2022, 4, 15)
    assert on_side(anchor + timedelta(days=1), anchor, PAST)
    assert not on_side(anchor + timedelta(days=2), anchor, PAST)
    assert on_side(anchor, anchor, FUTURE) and not on_side(anchor - timedelta(days=1), anchor, FUTURE)


@pytest.mark.parametrize("direction", [PAST, UNKNOWN, FUTURE])
def test_a_weekday_that_agrees_with_the_tense_reading_never_moves_it(direction):
    """The tagger's two readings of a year-less date share sides and lean: asked for the weekday the
    tense's reading falls on, the weekday reading returns that same day."""
    for dct in (date(2021, 1, 1) + timedelta(days=n) for n in range(0, 730, 7)):
        after = dct + timedelta(days=1)  # the past's reach: a document dated the evening before
        for month, day in ((1, 1), (3, 15), (6, 30), (dct.month, dct.day), (after.month, after.day), (12, 31)):
            tense = handlers._nearest_month_day(dct, month, day, direction)
            agreeing = handlers._weekday_agreeing(dct, month, day, tense.weekday(), direction)
            assert agreeing == tense, (dct, month, day, direction)
