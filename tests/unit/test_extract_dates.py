"""What an undated fact inherits from its article: the month before a pinned date, the bounds of a bounded one."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.extract import INHERITED_WINDOW_DAYS, fact_date, publication_window
from newswh.time import infer_published_date

pytestmark = pytest.mark.unit


def test_a_pinned_date_gives_the_month_before_it():
    r = infer_published_date("On Monday, Dec. 25, 2017, the Steelers won.", None, None, None)
    window = publication_window(r)
    assert window == (date(2017, 12, 26), date(2017, 12, 26))
    inherited = fact_date(None, window)
    assert (inherited["date_start"], inherited["date_end"]) == (date(2017, 11, 26), date(2017, 12, 26))
    assert (inherited["date_precision"], inherited["date_basis"]) == ("fuzzy", "inherited")


def test_a_bounded_date_gives_its_bounds_widened_by_the_month():
    # A crawl stamp ("5 hours ago") caps the date; the reported day bounds it from below; nothing pins it.
    r = infer_published_date("Talks took place on March 3, 2022.", date(2022, 3, 20), "5 hours ago", None)
    assert (r.basis, r.published_date) == ("bounded", None)
    window = publication_window(r)
    assert window == (date(2022, 3, 3), date(2022, 3, 20))
    inherited = fact_date(None, window)
    assert INHERITED_WINDOW_DAYS == 30
    assert (inherited["date_start"], inherited["date_end"]) == (date(2022, 2, 1), date(2022, 3, 20))
    assert (inherited["date_precision"], inherited["date_basis"]) == ("fuzzy", "inherited")


def test_without_a_latest_day_nothing_is_inherited():
    r = infer_published_date("Talks took place on March 3, 2022.", None, None, None)
    assert publication_window(r) == (date(2022, 3, 3), None)
    assert fact_date(None, publication_window(r))["date_basis"] == "undated"


def test_an_image_upload_stamp_dates_the_article_when_the_content_allows():
    from newswh.extract import ArticleInput, infer_article_date

    text = "The singer announced the split on Monday. Talks began in 2017."
    stamped = "http://assets.example.com/polopoly_fs/1.3800921.1517860859!/img/httpImage/image.jpg"
    r = infer_article_date(ArticleInput("a", text, "h", image_url=stamped), None)
    assert (r.published_date, r.basis) == (date(2018, 2, 5), "image_url")
    # A stamp before what the content reports is an old picture: it dates nothing.
    old = "The talks of March 3, 2019 failed."
    r = infer_article_date(ArticleInput("b", old, "h", image_url=stamped), None)
    assert r.published_date is None and r.basis == "bounded"
