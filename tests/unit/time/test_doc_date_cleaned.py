"""Publication dates inferred from the cleaned seed bodies, as the pipeline sees them."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.ingest import discover, load_article
from newswh.time import infer_published_date
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def inferred():
    out = {}
    for record in discover(SEEDS_DIR):
        article = load_article(record)
        out[record.source_uri[:3]] = infer_published_date(
            article.body_text, article.stated_date, article.stated_date_text, article.metadata_date
        )
    return out


def test_seed_000_page_date_contradicts_content(inferred):
    result = inferred["000"]
    assert result.date_conflict is True
    assert result.basis == "content_inferred"
    assert date(2022, 4, 1) <= result.published_date <= date(2022, 4, 30)
    assert result.confidence < 0.6
    signals = {e["signal"] for e in result.evidence}
    assert any(s.startswith("anchor") for s in signals)


@pytest.mark.parametrize(
    "prefix, earliest, latest",
    [
        ("001", date(2025, 7, 3), date(2025, 7, 10)),
        ("002", date(2021, 12, 31), date(2022, 1, 15)),
        ("004", date(2022, 4, 1), date(2022, 4, 30)),
    ],
)
def test_undated_seeds_are_dated_from_content(inferred, prefix, earliest, latest):
    result = inferred[prefix]
    assert result.basis == "content_inferred"
    assert earliest <= result.published_date <= latest
    assert result.date_conflict is False


def test_seed_003_is_bounded_not_dated(inferred):
    # Its latest reported day ("March 31", read in 2022) bounds the date; nothing pins it.
    result = inferred["003"]
    assert (result.basis, result.published_date, result.date_conflict) == ("bounded", None, False)
    assert result.lower_bound == date(2022, 3, 31)
    assert date(2022, 3, 31) <= result.reference_date <= date(2022, 4, 15)


def test_bare_month_day_in_the_year_of_the_latest_date_raises_the_bound():
    text = (
        "The diplomat was accredited in February 2022, officials said. "
        "The announcement came during a meeting of foreign ministers on March 31."
    )
    result = infer_published_date(text, None, None, None)
    assert result.lower_bound == date(2022, 3, 31)
    assert any(e["signal"] == "month_day_in_latest_year" for e in result.evidence)


def test_bare_month_day_earlier_than_the_bound_does_not_move_it():
    text = "Lavrov spoke on Friday, December 31, 2021. On December 17, the envoy announced aid."
    result = infer_published_date(text, None, None, None)
    assert result.lower_bound == date(2021, 12, 31)
