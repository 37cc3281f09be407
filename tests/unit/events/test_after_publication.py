"""Facts dated after their article's publication: re-resolved a year back, or left for the flag."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.events.after_publication import reresolve_after_publication

pytestmark = pytest.mark.unit

PUBLISHED = date(2022, 4, 16)


def row(text, start, end=None, modality="asserted", precision="day", basis="relative"):
    return {
        "date_text": text,
        "reported_date_start": start,
        "reported_date_end": end or start,
        "date_precision": precision,
        "date_basis": basis,
        "modality": modality,
    }


def test_a_yearless_past_day_after_publication_means_last_year():
    # The doc_dates.yaml example: "Russia accredited the envoy on December 4", published 2022-04-16.
    rows = [row("December 4", date(2022, 12, 4))]
    assert reresolve_after_publication(rows, PUBLISHED) == 1
    assert (rows[0]["reported_date_start"], rows[0]["date_basis"]) == (date(2021, 12, 4), "reresolved")


def test_a_yearless_month_moves_with_its_end():
    rows = [row("in December", date(2022, 12, 1), date(2022, 12, 31), precision="month")]
    reresolve_after_publication(rows, PUBLISHED)
    assert (rows[0]["reported_date_start"], rows[0]["reported_date_end"]) == (date(2021, 12, 1), date(2021, 12, 31))


@pytest.mark.parametrize(
    "fact",
    [
        row("December 4", date(2022, 12, 4), modality="planned"),  # the text plans it
        row("December 4, 2022", date(2022, 12, 4), basis="explicit"),  # the year is written: flag, not move
        row("December 4", date(2022, 4, 16)),  # on the publication day: fine
        row("May 2023", date(2023, 5, 1), precision="month"),
        row("next year", date(2024, 1, 1), precision="year"),
    ],
)
def test_planned_written_year_or_not_after_publication_is_left_as_read(fact):
    before = dict(fact)
    assert reresolve_after_publication([fact], PUBLISHED) == 0
    assert fact == before


def test_a_bounded_article_compares_with_its_latest_day_and_an_unbounded_one_not_at_all():
    rows = [row("April 20", date(2022, 4, 20))]
    assert reresolve_after_publication(rows, date(2022, 5, 14)) == 0  # inside the bounds
    assert reresolve_after_publication(rows, None) == 0
    assert reresolve_after_publication(rows, date(2022, 4, 18)) == 1
    assert rows[0]["reported_date_start"] == date(2021, 4, 20)
