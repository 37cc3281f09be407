"""The dateline as evidence for the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.time import infer_published_date

pytestmark = pytest.mark.unit

TEXT = "A patrol detained two suspects in Zabul province yesterday. On March 1, 2014, the council met."


def test_dateline_wins_over_content_inference():
    r = infer_published_date(TEXT, None, None, None, dateline_date=date(2014, 3, 4))
    assert (r.published_date, r.basis, r.date_conflict) == (date(2014, 3, 4), "dateline", False)
    assert r.confidence > 0.9
    assert "dateline" in {e["signal"] for e in r.evidence}


def test_without_dateline_a_bare_reported_day_only_bounds_the_date():
    # "the day after the latest reported event" was within a week for 12% of unseen pages
    # (newswh/time/doc_dates.yaml): the content bounds the date, it does not pin it.
    r = infer_published_date(TEXT, None, None, None)
    assert (r.basis, r.published_date, r.lower_bound) == ("bounded", None, date(2014, 3, 1))
    assert r.reference_date == date(2014, 3, 2)


@pytest.mark.parametrize(
    ("stated", "metadata", "conflict"),
    [
        (date(2014, 3, 4), None, False),
        (date(2014, 3, 5), None, False),  # printed a day later: wire delay
        (None, date(2014, 3, 3), False),  # time zones
        (date(2014, 3, 20), None, True),
        (None, date(2014, 2, 1), True),
    ],
)
def test_a_printed_or_metadata_date_that_disagrees_is_a_conflict(stated, metadata, conflict):
    r = infer_published_date(TEXT, stated, stated and stated.isoformat(), metadata, dateline_date=date(2014, 3, 4))
    assert (r.published_date, r.basis, r.date_conflict) == (date(2014, 3, 4), "dateline", conflict)


def test_content_reporting_events_after_the_dateline_is_a_conflict():
    r = infer_published_date("On May 20, 2014, the council met.", None, None, None, dateline_date=date(2014, 3, 4))
    assert (r.published_date, r.date_conflict) == (date(2014, 3, 4), True)
    assert r.confidence < 0.9


@pytest.mark.parametrize(("url_day", "conflict"), [(date(2014, 3, 5), False), (date(2014, 2, 20), True)])
def test_the_dateline_wins_over_the_url_day_and_a_distant_one_is_a_conflict(url_day, conflict):
    r = infer_published_date(TEXT, None, None, None, dateline_date=date(2014, 3, 4), url_date=url_day)
    assert (r.published_date, r.basis, r.date_conflict) == (date(2014, 3, 4), "dateline", conflict)
