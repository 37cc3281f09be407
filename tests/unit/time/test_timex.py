"""Time-expression tagger: spans, TimeML types/values, intervals, tense, anchors."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import pytest

from newswh.records import TimeExpression
from newswh.time.tagger import (
    cli_main,
    governing_timex,
    interval_of,
    load_anchor_events,
    parse_number,
    tag,
    takeover_period,
)

DCT = date(2022, 4, 15)  # a Friday
SEEDS = Path(__file__).resolve().parents[3] / "seeds" / "articles"


def one(text: str, needle: str, dct: date | None = DCT, **kw) -> TimeExpression:
    """The expression whose span is exactly `needle` (fails loudly otherwise)."""
    found = [t for t in tag(text, dct, **kw) if t.text == needle]
    assert found, f"{needle!r} not tagged in {text!r}: {[t.text for t in tag(text, dct, **kw)]}"
    t = found[0]
    assert text[t.start : t.end] == needle
    return t


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,needle,value",
    [
        ("It was signed on March 31, 2022 in Tunxi.", "March 31, 2022", "2022-03-31"),
        ("Flags flutter in Kabul, Sept. 9, 2021.", "Sept. 9, 2021", "2021-09-09"),
        ("He spoke in Kabul, Tuesday, Aug. 17, 2021. (AP Photo)", "Tuesday, Aug. 17, 2021", "2021-08-17"),
        ("In this Aug. 19, 2021, photo, fighters patrol.", "Aug. 19, 2021", "2021-08-19"),
        ("It was accredited in February 2022, he said.", "February 2022", "2022-02"),
        ("The group seized power in August 2021.", "August 2021", "2021-08"),
    ],
)
def test_absolute_dates(text, needle, value):
    t = one(text, needle)
    assert (t.type, t.value, t.basis) == ("DATE", value, "absolute")


@pytest.mark.unit
def test_day_interval_and_precision():
    t = one("Lavrov spoke on March 31, 2022.", "March 31, 2022")
    assert (t.date_start, t.date_end, t.precision) == (date(2022, 3, 31), date(2022, 3, 31), "day")
    m = one("It happened in August 2021.", "August 2021")
    assert (m.date_start, m.date_end, m.precision) == (date(2021, 8, 1), date(2021, 8, 31), "month")


@pytest.mark.unit
def test_month_day_without_year_uses_dct_and_tense():
    assert one("On December 17, Kabulov announced aid.", "December 17").value == "2021-12-17"
    assert one("On December 17, Kabulov announced aid.", "December 17", dct=None).value == "XXXX-12-17"
    assert one("The summit will open on May 20.", "May 20").value == "2022-05-20"


@pytest.mark.unit
def test_relative_to_dct():
    text = (
        "This came after the takeover last August. Last month, Russia accredited a diplomat. "
        "The ministry on Saturday confirmed it. Last week, an official visited Termez. "
        "He told reporters in January that he had a letter."
    )
    assert one(text, "last August").value == "2021-08"
    lm = one(text, "Last month")
    assert (lm.value, lm.precision) == ("2022-03", "month")
    sat = one(text, "Saturday")
    assert sat.value == "2022-04-09" and sat.date_start.weekday() == 5
    wk = one(text, "Last week")
    assert wk.value == "2022-W14" and wk.precision == "week"
    assert one(text, "January").value == "2022-01"


@pytest.mark.unit
def test_tense_decides_direction():
    past = one("The minister visited Moscow on Saturday.", "Saturday")
    future = one("The minister will visit Moscow on Saturday.", "Saturday")
    assert past.date_start < DCT < future.date_start
    assert (DCT - past.date_start).days < 7 and (future.date_start - DCT).days < 7
    assert one("In November he visited Doha.", "November").value == "2021-11"
    assert one("In November he will visit Doha.", "November").value == "2022-11"
    assert one("Russia plans to open talks in November.", "November").value == "2022-11"
    # A decision's infinitive points forward even from a past-tense report.
    assert one("NATO has decided to admit Poland in early March.", "early March").value == "2023-03"


@pytest.mark.unit
def test_tense_from_spacy_doc():
    from newswh.nlp import load_nlp

    nlp = load_nlp()
    text = "Officials said the delegation would travel to Kabul on Saturday."
    t = one(text, "Saturday", doc=nlp(text))
    assert t.date_start > DCT
    text = "The delegation travelled to Kabul on Saturday, officials said."
    assert one(text, "Saturday", doc=nlp(text)).date_start < DCT


@pytest.mark.unit
def test_weekday_fixes_year_when_dct_is_near():
    # July 3 was a Thursday in 2025, not in 2024.
    t = one("in a statement on Thursday, July 3, as reported", "Thursday, July 3", dct=date(2025, 7, 5))
    assert t.value == "2025-07-03"


@pytest.mark.unit
def test_hours_ago_and_end_of_year():
    t = one("sajadi - 5 hours ago", "5 hours ago", dct=date(2025, 7, 4))
    assert t.type == "TIME" and t.value.startswith("2025-07-04")
    assert t.date_start == date(2025, 7, 3) and t.date_end == date(2025, 7, 4)
    e = one("Hours before the end of 2021, the spokesman confirmed it.", "Hours before the end of 2021")
    assert (e.value, e.date_start) == ("2021-12-31", date(2021, 12, 31))


@pytest.mark.unit
def test_recent_months_is_fuzzy_interval_ending_at_dct():
    t = one("Four countries have accredited diplomats in recent months.", "recent months")
    assert t.type == "DURATION" and t.value == "PXM"
    assert t.precision == "fuzzy" and t.date_end == DCT and t.date_start < DCT


@pytest.mark.unit
def test_anchored_expressions():
    text = "All have refused to recognize the 8-month-old government in Afghanistan."
    t = one(text, "8-month-old")
    assert t.basis == "anchor:taliban_takeover"
    assert (t.type, t.value, t.precision) == ("DATE", "2022-04", "month")
    since = one("Relations improved since the takeover of Afghanistan by the Taliban.", "since the takeover")
    assert since.basis == "anchor:taliban_takeover" and since.date_start == date(2021, 8, 15)
    # Without the Afghan context a takeover is someone else's.
    assert all(t.basis == "absolute" for t in tag("Prices rose since the Chinese takeover of Hong Kong.", DCT))
    # An age that no anchor claims stays a duration.
    baby = one("An 8-month-old baby was rescued.", "8-month-old")
    assert (baby.type, baby.value) == ("DURATION", "P8M")


@pytest.mark.unit
def test_durations_and_sets():
    assert (one("It took a month.", "a month").type, one("It took a month.", "a month").value) == ("DURATION", "P1M")
    s = one("Talks are held each year.", "each year")
    assert (s.type, s.value) == ("SET", "P1Y")
    d = one("In the last twenty four hours, stocks fell.", "the last twenty four hours")
    assert (d.type, d.value) == ("DURATION", "P1D")
    assert one("a five year low", "five year").value == "P5Y"
    assert one("It rains daily.", "daily").value == "P1D"


@pytest.mark.unit
def test_vague_references_and_quarters():
    assert one("Prices are now falling.", "now").value == "PRESENT_REF"
    assert one("In the past, it was cheap.", "the past").value == "PAST_REF"
    q = one("Profit rose in the third quarter.", "the third quarter", dct=date(1998, 10, 20))
    assert (q.value, q.precision, q.date_start) == ("1998-Q3", "quarter", date(1998, 7, 1))
    assert one("Sales in fiscal 1998 rose.", "fiscal 1998").value == "FY1998"
    season = one("They met this summer.", "this summer", dct=date(2012, 9, 1))
    assert (season.value, season.precision) == ("2012-SU", "season")


@pytest.mark.unit
def test_offsets_are_exact_and_sorted_on_seeds():
    for path in sorted(SEEDS.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        out = tag(text, DCT)
        assert out, path.name
        assert all(text[t.start : t.end] == t.text for t in out)
        assert all(a.end <= b.start for a, b in itertools.pairwise(out))


@pytest.mark.unit
def test_interval_of_values():
    assert interval_of("2013-W11")[2] == "week"
    assert interval_of("2012-SU")[:2] == (date(2012, 6, 1), date(2012, 8, 31))
    assert interval_of("199") == (date(1990, 1, 1), date(1999, 12, 31), "decade")
    assert interval_of("P1M") == (None, None, None)
    assert parse_number("twenty four") == 24 and parse_number("several") is None


@pytest.mark.unit
def test_governing_timex_prefers_nearest_date():
    text = "In January, Russia said on Saturday that talks would resume."
    timexes = tag(text, DCT)
    trig = text.index("said")
    g = governing_timex(timexes, trig, trig + 4)
    assert g is not None and g.text == "Saturday"
    assert governing_timex([t for t in timexes if t.type == "DURATION"], trig, trig + 4) is None


@pytest.mark.unit
def test_governing_timex_uses_syntax_with_doc():
    from newswh.nlp import load_nlp

    text = "On Saturday Gharwal took over the embassy that had closed for a month in January."
    doc = load_nlp()(text)
    timexes = tag(text, DCT, doc=doc)
    trig = text.index("took")
    g = governing_timex(timexes, trig, trig + 4, doc=doc)
    assert g is not None and g.text == "Saturday"


@pytest.mark.unit
def test_takeover_period():
    assert takeover_period(date(2021, 1, 1), date(2021, 8, 14)) == "pre_takeover"
    assert takeover_period(date(2021, 8, 15), date(2021, 8, 31)) == "post_takeover"
    assert takeover_period(date(2021, 8, 1), date(2021, 8, 31)) == "spans_takeover"
    assert takeover_period(None, None) == "undated"


@pytest.mark.unit
def test_user_anchor_file(tmp_path):
    csv = tmp_path / "anchors.csv"
    csv.write_text(
        "anchor_id,name,date_start,date_end,precision,trigger_phrases,description,source,context_terms,age_nouns\n"
        "doha,Doha agreement,2020-02-29,2020-02-29,day,Doha agreement|Doha deal,US-Taliban deal,test,,\n",
        encoding="utf-8",
    )
    anchors = load_anchor_events(csv)
    assert [a.anchor_id for a in anchors] == ["doha"]
    t = one("Violence rose after the Doha deal was signed.", "after the Doha deal", anchors=anchors)
    assert t.basis == "anchor:doha" and t.value == "2020-02-29"
    default = load_anchor_events()
    assert default[0].anchor_id == "taliban_takeover" and default[0].date_start == date(2021, 8, 15)


@pytest.mark.unit
def test_cli_prints_json_lines(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_bytes(b"Line one\r\nTalks ended on March 31, 2022.\r\n")
    assert cli_main(str(f), "2022-04-15") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    raw = f.read_bytes().decode()
    assert rows and all(raw[r["start"] : r["end"]] == r["text"] for r in rows)
    assert {"text": "March 31, 2022", "type": "DATE", "value": "2022-03-31"}.items() <= rows[0].items()


@pytest.mark.unit
def test_underspecified_dates_keep_their_interval_and_a_timeml_mod():
    ref = date(2023, 5, 1)
    mid = one("It grew in mid-2022.", "mid-2022", dct=ref)
    assert (mid.value, mid.mod, mid.precision) == ("2022", "MID", "fuzzy")
    assert date(2022, 1, 1) < mid.date_start < mid.date_end < date(2022, 12, 31)
    early = one("It was popular in the early 1990s.", "the early 1990s", dct=ref)
    assert (early.value, early.mod, early.date_start) == ("199", "START", date(1990, 1, 1))
    assert early.date_end < date(1995, 1, 1)
    late = one("Talks began in late March.", "late March", dct=ref)
    assert (late.value, late.mod, late.date_end) == ("2023-03", "END", date(2023, 3, 31))
    assert late.date_start > date(2023, 3, 15)
    season = one("The offensive began in late spring.", "late spring", dct=ref)
    assert (season.value, season.mod, season.date_end) == ("2023-SP", "END", date(2023, 5, 31))
    # No modifier, no mod: the whole period.
    spring = one("They met this spring.", "this spring", dct=ref)
    assert (spring.mod, spring.date_start, spring.date_end) == (None, date(2023, 3, 1), date(2023, 5, 31))


@pytest.mark.unit
def test_lower_case_month_after_a_cue_is_a_noun():
    text = "He was arrested at this march in each of the last three years."
    assert "this march" not in [t.text for t in tag(text, DCT)]
    assert one("He was arrested this March.", "this March").value == "2022-03"


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        # A title-cased unit after digits names a programme, not a stretch of time.
        "Gonzalez said on CBS's ''60 Minutes.''",
        # "high noon" is the idiom, no clock time.
        "For the people of Poland, high noon comes today.",
    ],
)
def test_names_and_idioms_are_no_time_expressions(text):
    assert not [t for t in tag(text, DCT) if t.value in ("P1D", "PT60M") or "T12:00" in t.value]


@pytest.mark.unit
def test_the_same_words_stay_time_expressions_where_they_mean_time():
    assert one("The talks lasted 60 minutes.", "60 minutes").value == "PT60M"
    assert one("The blast hit at noon.", "noon").value == "2022-04-15T12:00"


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Forces detained three suspects during an overnight operation in the village.",
        "The unit conducted overnight raids in the district.",
    ],
)
def test_overnight_before_a_noun_names_a_kind_of_operation_not_a_night(text):
    # "an overnight operation" happened on some night, not necessarily the one before the report.
    assert not [t for t in tag(text, DCT) if "overnight" in t.text.lower()]


@pytest.mark.unit
def test_overnight_as_an_adverb_is_the_night_before_the_report():
    assert one("Coalition forces killed two insurgents overnight in Kunar.", "overnight").value == "2022-04-14TNI"


@pytest.mark.unit
def test_one_day_is_future_only_after_a_modal():
    # newswh/time/resources/english/rules.yaml `future_one_day`; seeds/reference/README_time.md.
    assert one("Islam will one day be the second largest religion.", "one day").value == "FUTURE_REF"
    assert one("Crossing took one day.", "one day").value == "P1D"


@pytest.mark.unit
def test_nth_day_is_the_reference_day_only_in_the_present():
    # rules.yaml `nth_day`: "today is the eighth day of ..." is the DCT; after "was" it is left out.
    assert one("In Saudi Arabia, today is the eighth day of Desert Shield.", "the eighth day").value == "2022-04-15"
    assert not [t for t in tag("It was the second day of an offensive.", DCT) if "second day" in t.text]


@pytest.mark.unit
def test_todays_youth_is_nowadays_not_the_dct():
    # patterns.yaml NOWADAYS_NOUN in rules.yaml `deictic_day`: neither corpus annotates these.
    assert not [t for t in tag("The case is for today's youth what the blockade was.", DCT) if "today" in t.text]
    assert not [t for t in tag("Paternity is easy to prove in today's world.", DCT) if "today" in t.text]
    assert one("Today's meeting was cancelled.", "Today").value == "2022-04-15"


@pytest.mark.unit
def test_recently_and_previously_are_not_tagged_but_the_past_is():
    # rules.yaml `past_ref`: both corpora leave 10 of 12 of these words unannotated.
    for text in ("The search was recently extended.", "A team, previously sent, returned.", "Most recently, he left."):
        assert not [t for t in tag(text, DCT) if t.value == "PAST_REF"], text
    assert one("In the past, it was cheap.", "the past").value == "PAST_REF"
    assert one("More recently, prices fell.", "More recently").value == "PAST_REF"


@pytest.mark.unit
def test_today_after_an_acronym_is_a_title():
    # patterns.yaml TITLE_TODAY in rules.yaml `deictic_day`: a newspaper or programme, no day.
    assert not [t for t in tag("This is VOA Today.", DCT) if "Today" in t.text]
    assert not [t for t in tag("USA Today reported the deal.", DCT) if "Today" in t.text]
    # Lower case, or no acronym before it: the reference day.
    assert one("The FBI today said it had a suspect.", "today").value == "2022-04-15"
    assert one("In Washington Today, the vote was held.", "Today").value == "2022-04-15"


@pytest.mark.unit
def test_the_past_before_a_count_is_no_past_ref():
    # patterns.yaml COUNT in rules.yaml `past_ref`: "the past three summers" is a stretch of time.
    assert not [t for t in tag("Riots broke out for the past three summers.", DCT) if t.value == "PAST_REF"]
    assert one("In the past, it was cheap.", "the past").value == "PAST_REF"
    assert one("Prices rose over the past 20 years.", "the past 20 years").value == "P20Y"


@pytest.mark.unit
def test_grouped_and_thousand_amounts():
    # patterns.yaml B refuses the tail of "2,000": it is no "000 years ago" in the DCT's year.
    assert [t.text for t in tag("Some 2,000 years ago it stood.", DCT)] == ["Some 2,000 years ago"]
    assert parse_number("2,000") == 2000 and parse_number("two thousand") == 2000
    assert parse_number("a thousand") == 1000 and parse_number("thousand") is None
    # The spelled year stays a year when no unit follows it.
    assert one("They halved it by the year two thousand.", "the year two thousand").value == "2000"


@pytest.mark.unit
def test_a_weekday_moves_a_yearless_date_to_a_year_where_it_agrees():
    # January 21: Tuesday in 1997, Wednesday in 1998, Thursday in 1999 (vocabulary.yaml, weekday_year_window).
    opened = "The trial opened on {}, January 21."
    assert one(opened.format("Tuesday"), "Tuesday, January 21", dct=date(1998, 6, 1)).value == "1997-01-21"
    assert one("It opens Thursday, Jan. 21.", "Thursday, Jan. 21", dct=date(1998, 1, 1)).value == "1999-01-21"
    # The weekday already agrees: the tense's reading, unchanged.
    assert one(opened.format("Wednesday"), "Wednesday, January 21", dct=date(1998, 6, 1)).value == "1998-01-21"


@pytest.mark.unit
def test_a_weekday_no_year_in_the_window_agrees_with_leaves_the_reading():
    # Ahead of 1998-06-01 only 1999 is in the window (a Thursday): the future reading stands, and
    # the Tuesday of 1997 behind the DCT is not taken against the tense.
    t = one("The trial will open on Tuesday, January 21.", "Tuesday, January 21", dct=date(1998, 6, 1))
    assert t.value == "1999-01-21"


@pytest.mark.unit
def test_the_weekday_window_is_data(monkeypatch):
    from dataclasses import replace

    from newswh.time import handlers
    from newswh.time.vocabulary import load_vocabulary

    assert load_vocabulary().weekday_year_window == handlers.VOCABULARY.weekday_year_window == 1
    monkeypatch.setattr(handlers, "VOCABULARY", replace(handlers.VOCABULARY, weekday_year_window=0))
    t = one("The trial opened on Tuesday, January 21.", "Tuesday, January 21", dct=date(1998, 6, 1))
    assert t.value == "1998-01-21"  # no year but the DCT's to look in: the reading stands
