"""URL dates: every example of newswh/ingest/resources/url_dates.yaml, read by its own form."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.ingest.url_dates import (
    image_date,
    image_stamp_date,
    load_forms,
    load_image_stamps,
    load_uuid_v1,
    url_date,
    url_date_with_form,
    uuid_v1_date,
)

pytestmark = pytest.mark.unit

FORMS, _YEARS = load_forms()
EXAMPLES = [(form.name, example) for form in FORMS for example in form.examples]


@pytest.mark.parametrize("form_name,example", EXAMPLES, ids=[f"{n}:{e['url'][-40:]}" for n, e in EXAMPLES])
def test_url_date_example(form_name, example):
    found = url_date_with_form(example["url"])
    if example["date"] is None:
        assert found is None, f"{example['url']} should carry no date"
        return
    assert found == (date.fromisoformat(example["date"]), form_name)


def test_every_form_has_an_example():
    assert {name for name, _ in EXAMPLES} == {form.name for form in FORMS}


def test_host_query_and_ids_are_not_read():
    assert url_date("https://20190312.example.com/news/story") is None
    assert url_date("https://www.example.com/story?date=2019/03/12/") is None
    assert url_date("https://www.rt.com/news/338270-panama-papers-corruption-report/") is None
    assert url_date(None) is None and url_date("") is None


def test_years_outside_the_range_are_ids():
    assert url_date("https://www.example.com/12340512/story") is None
    assert url_date("https://www.example.com/2019/03/12/story") == date(2019, 3, 12)


_STAMP_EXAMPLES = load_image_stamps()[2]


@pytest.mark.parametrize("example", _STAMP_EXAMPLES, ids=[e["url"][-40:] for e in _STAMP_EXAMPLES])
def test_image_stamp_example(example):
    expected = date.fromisoformat(example["date"]) if example["date"] else None
    assert image_stamp_date(example["url"]) == expected
    assert image_date(example["url"]) == expected


def test_image_date_prefers_the_path_day_and_page_urls_ignore_stamps():
    # The path's day wins over a stamp that disagrees with it.
    assert image_date("https://i.example.co.uk/i/pix/2018/01/02/00/image-a-11_1514827070309.jpg") == date(2018, 1, 2)
    # A page's own address is read by its path forms only: an id there is no upload stamp.
    assert url_date("https://www.example.com/news/story_1514827070309.html") is None
    assert image_stamp_date(None) is None and image_stamp_date("") is None
    # Eleven or twelve digits are no Unix stamp; a twelve-digit date needs a real clock time.
    assert image_stamp_date("https://www.example.com/pic_15148270703.jpg") is None
    assert image_stamp_date("https://www.example.com/pic_151482707030x.jpg") is None
    assert image_stamp_date("https://www.example.com/pic-180205991525-600.jpg") is None


_UUID_EXAMPLES = load_uuid_v1()[1]


@pytest.mark.parametrize("example", _UUID_EXAMPLES, ids=[e["url"][-40:] for e in _UUID_EXAMPLES])
def test_uuid_v1_example(example):
    expected = date.fromisoformat(example["date"]) if example["date"] else None
    assert url_date(example["url"]) == expected
    if expected is not None:
        assert url_date_with_form(example["url"]) == (expected, "uuid_v1")


def test_a_path_day_wins_over_a_uuid_in_the_same_path():
    # The Washington Post's path day (2016-04-09) and its UUID's minting (2016-04-07) differ.
    url = "https://www.example.com/world/2016/04/09/f088582e-fcf8-11e5-80e4-c381214de1a3_story.html"
    assert url_date_with_form(url) == (date(2016, 4, 9), "year_month_day")
    assert uuid_v1_date("/f088582e-fcf8-11e5-80e4-c381214de1a3_story.html") == date(2016, 4, 7)
