"""The dates pages print in their headers: whole-line dates only."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.ingest.printed_dates import load_rules, parse_iso_datetime, parse_printed_date

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 24, 2024", date(2024, 7, 24)),
        ("Wednesday, July 24, 2024 10:42 AM", date(2024, 7, 24)),
        ("24 July 2024", date(2024, 7, 24)),
        ("3rd Jan. 2022", date(2022, 1, 3)),
        ("Published: 2022-04-13", date(2022, 4, 13)),
        ("Updated on: Sept 9, 2021", date(2021, 9, 9)),
        ("2022-04-13T08:30:00Z", date(2022, 4, 13)),
    ],
)
def test_printed_dates_are_parsed(text, expected):
    assert parse_printed_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russia accredited a Taliban envoy on July 24, 2024",  # a date inside running text
        "February 30, 2022",  # no such day
        "July 2024",  # no day: not a printed date
        "",
    ],
)
def test_other_lines_are_not_printed_dates(text):
    assert parse_printed_date(text) is None


def test_news_please_metadata_dates():
    assert parse_iso_datetime("2022-04-06 10:00:00") == date(2022, 4, 6)
    assert parse_iso_datetime("2022-04-06T23:59:59+04:30") == date(2022, 4, 6)
    assert parse_iso_datetime(None) is None and parse_iso_datetime("") is None


_FORM_EXAMPLES = [(form.name, example) for form in load_rules().forms for example in form.examples]


@pytest.mark.parametrize(("form_name", "example"), _FORM_EXAMPLES, ids=[e["text"] for _, e in _FORM_EXAMPLES])
def test_printed_date_form_example(form_name, example):
    # resources/printed_dates.yaml: each example reads to its date (null: no printed date).
    expected = date.fromisoformat(example["date"]) if example["date"] else None
    assert parse_printed_date(example["text"]) == expected
    if expected is not None:  # and this form, not an earlier one, read it
        candidate = load_rules().prefix.sub("", example["text"])
        first = next(form for form in load_rules().forms if form.regex.match(candidate))
        assert first.name == form_name


def test_every_printed_date_form_has_an_example():
    assert all(form.examples for form in load_rules().forms)
