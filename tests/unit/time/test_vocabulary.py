"""One vocabulary: month names are written once, in resources/english/vocabulary.yaml."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.ingest import printed_dates
from newswh.time import vocabulary
from newswh.time.vocabulary import MONTHS, month_by_prefix, month_number

pytestmark = pytest.mark.unit


def test_every_month_has_its_number_and_forms():
    assert sorted(set(MONTHS.values())) == list(range(1, 13))
    assert (month_number("Sept."), month_number("sep"), month_number("May")) == (9, 9, 5)
    assert month_by_prefix("Septembre") == 9 and month_by_prefix("Xyz") is None


def test_printed_dates_read_the_same_month_table():
    assert printed_dates.MONTHS is vocabulary.MONTHS
    assert printed_dates.parse_printed_date("Thursday, Sept. 9, 2021") == date(2021, 9, 9)


def test_an_added_abbreviation_maps_to_its_month(tmp_path):
    text = (vocabulary.ENGLISH / "vocabulary.yaml").read_text(encoding="utf-8")
    (tmp_path / "vocabulary.yaml").write_text(text.replace("[Dec]", "[Dec, Dcbr]"), encoding="utf-8")
    assert vocabulary.load_vocabulary(tmp_path).table("months")["dcbr"] == 12
