"""URL dates: every example of newswh/ingest/resources/url_dates.yaml, read by its own form."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.ingest.url_dates import load_forms, url_date, url_date_with_form

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
