"""Dateline parsing: every documented form, year hints, lines that must not parse, and the cleaner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newswh.ingest import clean_document
from newswh.ingest.datelines import header_year_hint, load_dateline_rules, parse_dateline, parse_headline_date

pytestmark = pytest.mark.unit

EXAMPLES = [(form.name, example) for form in load_dateline_rules().forms for example in form.examples]


def _whole_line(text: str) -> bool:
    """An example that goes on into the report is read as the opening of a paragraph."""
    return parse_dateline(text, whole_line=True) is not None


@pytest.mark.parametrize(("form", "example"), EXAMPLES, ids=[f"{f}:{e['text'][:30]}" for f, e in EXAMPLES])
def test_resource_examples_parse_with_their_own_form(form, example):
    found = parse_dateline(example["text"], whole_line=_whole_line(example["text"]))
    assert found is not None and found.form == form
    assert found.place == example["place"]
    assert found.region == example.get("region", found.region)
    assert found.agency == example.get("agency")
    written = example.get("date")
    if written is None:
        assert found.month is None and found.day is None
    elif len(written) == 10:
        assert found.date() == date.fromisoformat(written)
    else:
        assert (found.year, f"{found.month:02d}-{found.day:02d}") == (None, written)


HEADLINE_EXAMPLES = load_dateline_rules().headline.examples + load_dateline_rules().issue_headline.examples


@pytest.mark.parametrize("example", HEADLINE_EXAMPLES, ids=[e["text"][:30] for e in HEADLINE_EXAMPLES])
def test_headline_date_examples(example):
    found = parse_headline_date(example["text"])
    written = example["date"]
    if written is None:
        assert found is None
    elif len(written) == 10:
        assert found is not None and found.date() == date.fromisoformat(written)
    else:
        assert found is not None and (found.year, f"{found.month:02d}-{found.day:02d}") == (None, written)


@pytest.mark.parametrize(
    ("line", "place", "day"),
    [
        ("KABUL, Afghanistan (Jan. 25, 2013)", "KABUL, Afghanistan", date(2013, 1, 25)),
        ("KABUL, Afghanistan (August 19, 2011) ", "KABUL, Afghanistan", date(2011, 8, 19)),
        ("KANDAHAR AIRFIELD, Afghanistan (Sept. 3, 2012) –", "KANDAHAR AIRFIELD, Afghanistan", date(2012, 9, 3)),
        ("BAGRAM, Afghanistan (Sep. 19, 2011)", "BAGRAM, Afghanistan", date(2011, 9, 19)),
        ("WASHINGTON, D.C., March 31, 2022 —", "WASHINGTON, D.C.", date(2022, 3, 31)),
        ("LONDON, 4 July 2025 –", "LONDON", date(2025, 7, 4)),
        ("Geneva, 3rd March 2020 --", "Geneva", date(2020, 3, 3)),
        ("BEIJING, Dec 17, 2021 (Xinhua) --", "BEIJING", date(2021, 12, 17)),
        ("ISLAMABAD (June 2, 2021) −", "ISLAMABAD", date(2021, 6, 2)),
    ],
)
def test_dateline_lines(line, place, day):
    found = parse_dateline(line)
    assert found is not None and (found.place_text, found.date()) == (place, day)


@pytest.mark.parametrize(
    ("line", "place", "agency", "report"),
    [
        ("MOSCOW, July 3 (Reuters) - Russia became the first country.", "MOSCOW", "Reuters", "Russia"),
        ("KABUL, Afghanistan (AP) — The Taliban said on Sunday.", "KABUL, Afghanistan", "AP", "The"),
        ("Moscow, MINA – Russia has formally accepted.", "Moscow", "MINA", "Russia"),
        ("NEW DELHI (Reuters) – India said.", "NEW DELHI", "Reuters", "India"),
        ("KABUL, Afghanistan (Oct. 10, 2011) — A combined force patrolled.", "KABUL, Afghanistan", None, "A"),
        ("Kabul, Afghanistan – \u201cWe welcome it,\u201d he said.", "Kabul, Afghanistan", None, "\u201c"),
    ],
)
def test_dateline_opening_a_paragraph(line, place, agency, report):
    found = parse_dateline(line, whole_line=False)
    assert found is not None
    assert (found.place_text, found.agency) == (place, agency)
    assert line[found.end :].lstrip().startswith(report)


@pytest.mark.parametrize(
    "line",
    [
        "Monday, March 3, 2022 —",  # a weekday is not a place
        "Thursday, July 3 —",
        "Updated, Jan. 5 —",
        "In Moscow, March 3, 2022 — the talks began.",
        "The Taliban (2022)",  # a year alone is no dateline date
        "Kabul, Afghanistan",  # a bare place line is a header, not a dateline
        "Russia, China (Feb. 30, 2022)",  # no such day
        "Lavrov said on March 31, 2022 — the diplomat arrived.",  # a sentence, not a place
        "KABUL, Afghanistan (March) –",  # a month with no day
        "march 3, 2022 —",
        "",
    ],
)
def test_non_datelines_do_not_parse(line):
    assert parse_dateline(line) is None
    assert parse_dateline(line, whole_line=False) is None


def test_dateline_prefix_needs_the_report_to_start():
    assert parse_dateline("Moscow, MINA – and then", whole_line=False) is None
    assert parse_dateline("KABUL, Afghanistan (Jan. 25, 2013) –") is not None


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ((2012, 4), date(2012, 4, 27)),
        ((2013, 1), date(2013, 4, 27)),  # nearer than April 2012
        ((2012, None), date(2012, 4, 27)),
        (None, None),
    ],
)
def test_a_dateline_without_year_takes_the_nearest_year(hint, expected):
    found = parse_dateline("KABUL, Afghanistan (Apr. 27)")
    assert found is not None and found.date(hint) == expected


def test_december_dateline_on_a_january_hint_is_the_year_before():
    found = parse_dateline("KABUL, Afghanistan (Dec. 31) –")
    assert found is not None and found.date((2012, 1)) == date(2011, 12, 31)


def test_header_year_hint():
    assert header_year_hint(["For Immediate Release", "2012-04-S-053"]) == (2012, 4)
    assert header_year_hint(["Operational Update, Jan. 10, 2011"]) == (2011, None)
    assert header_year_hint(["Page 1298", "For Immediate Release"]) is None


# ---------------------------------------------------------------- the cleaner


def test_a_dateline_line_is_furniture_and_dates_the_page():
    page = (
        "Forces detain suspects in Helmand\n\n2012-04-S-053\n\nKABUL, Afghanistan (Apr. 27)\n"
        "A combined force detained two suspected insurgents in Nad Ali district, Helmand province, yesterday. "
        "The force seized weapons during the operation and no civilians were harmed.\n"
    )
    cleaned = clean_document(page)
    assert cleaned.dateline == "KABUL, Afghanistan (Apr. 27)"
    assert (cleaned.dateline_place, cleaned.dateline_date) == ("KABUL, Afghanistan", date(2012, 4, 27))
    assert cleaned.body_text.startswith("A combined force")
    assert [f.kind for f in cleaned.furniture if f.text.startswith("KABUL")] == ["dateline"]


def test_a_dateline_opening_the_body_stays_in_the_text():
    page = (
        "Ministers meet\n\nWASHINGTON, March 31, 2022 — The two ministers met on Thursday and agreed to "
        "continue talks about aid and trade in the coming months.\n"
    )
    cleaned = clean_document(page)
    assert cleaned.body_text.startswith("WASHINGTON, March 31, 2022 — The two")
    assert (cleaned.dateline, cleaned.dateline_date) == ("WASHINGTON, March 31, 2022", date(2022, 3, 31))


def test_metadata_date_gives_a_missing_year():
    page = "MOSCOW, July 3 (Reuters) - Russia became the first country to recognise the Taliban government today.\n"
    cleaned = clean_document(page, date_hint=date(2025, 7, 4))
    assert cleaned.dateline_date == date(2025, 7, 3)
    assert "dateline:Reuters" in cleaned.outlet_hints


def test_without_a_year_anywhere_the_place_is_kept_and_the_date_is_unknown():
    page = "KABUL, Afghanistan (Jan. 28) – A security force captured a Taliban leader in Kandahar province today.\n"
    cleaned = clean_document(page)
    assert (cleaned.dateline_place, cleaned.dateline_date) == ("KABUL, Afghanistan", None)


def test_the_resource_refuses_a_generated_piece(tmp_path: Path):
    bad = tmp_path / "datelines.yaml"
    bad.write_text(
        "pieces:\n  MONTH: 'x'\nforms:\n  - {name: f, pattern: 'x', examples: [{text: x, place: x}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="generated"):
        load_dateline_rules(bad)


def test_a_headline_that_opens_with_its_day_prints_the_page_date_with_the_header_year():
    page = (
        "Dec. 6: Forces Search Compounds in Helmand\n\nNEWS RELEASE\n2009-12-CA-060\nFor Immediate Release\n\n"
        "A combined force detained two suspected insurgents in Nad Ali district, Helmand province, yesterday. "
        "The force seized weapons during the operation and no civilians were harmed.\n"
    )
    cleaned = clean_document(page)
    assert (cleaned.stated_date_text, cleaned.stated_date) == ("Dec. 6", date(2009, 12, 6))
    assert cleaned.dateline_date is None


def test_a_dated_dateline_wins_over_a_headline_date():
    page = (
        "May 11: Forces Search Compounds in Helmand\n\n2010-05-CA-039\n\nKABUL, Afghanistan (May 12, 2010)\n"
        "A combined force detained two suspected insurgents in Nad Ali district, Helmand province, yesterday. "
        "The force seized weapons during the operation and no civilians were harmed.\n"
    )
    cleaned = clean_document(page)
    assert (cleaned.dateline_date, cleaned.stated_date) == (date(2010, 5, 12), None)


# A release's report, after its headline and header lines.
_REPORT = (
    "A combined force detained two suspected insurgents in Nad Ali district, Helmand province, Sunday. "
    "The force seized weapons during the operation and no civilians were harmed.\n"
)


@pytest.mark.parametrize(
    ("headline", "printed"),
    [
        ("Forces Conduct Operations Across the South, Update Jan. 10, 2011", date(2011, 1, 10)),
        ("Evening Operational Update June 13, 2011", date(2011, 6, 13)),
        ("Forces Detained a Bomb Maker in Helmand on Jan. 8, 2011", None),
        ("Talks on Detainees Postponed until March 2, 2011", None),
    ],
)
def test_a_headline_that_ends_with_its_issue_date_prints_the_page_date_unless_an_events(headline, printed):
    cleaned = clean_document(f"{headline}\n\n2011-01-S-115\nFor Immediate Release\n\n{_REPORT}")
    assert cleaned.stated_date == printed
