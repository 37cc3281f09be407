"""Which time expression dates an event: windows count, ages do not, syntax beats distance."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.time import governing_timex, tag

pytestmark = pytest.mark.unit

DCT = date(2022, 4, 16)


def govern(text: str, trigger: str, doc=None):
    start = text.index(trigger)
    return governing_timex(tag(text, DCT, doc=doc), start, start + len(trigger), doc=doc)


def test_a_calendar_window_dates_the_event_and_an_age_does_not():
    text = (
        "China and Pakistan have accredited the Taliban's diplomats in recent months, "
        "though all had refused to recognize the 8-month-old government."
    )
    chosen = govern(text, "accredited")
    assert chosen.text == "recent months"
    assert chosen.date_end == DCT and chosen.precision == "fuzzy"


def test_a_pure_duration_never_dates_an_event():
    text = "The talks lasted a month."
    assert govern(text, "lasted") is None


def test_the_syntactically_attached_date_wins_over_the_nearer_one(nlp):
    text = "On March 31 Lavrov said that the diplomat had been accredited in February 2022."
    doc = nlp(text)
    assert govern(text, "accredited", doc=doc).text == "February 2022"
    assert govern(text, "said", doc=doc).text == "March 31"
