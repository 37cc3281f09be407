"""Rule-based TimeML time-expression tagger (TIMEX3 type + value + interval).

`tag(text, dct, doc=None)` finds every time expression in `text` and resolves
it against the reference date `dct` (document creation time):

* absolute dates ("March 31, 2022", "Tuesday, Aug. 17, 2021", "August 2021");
* relative ones ("last August", "Last month", "on Saturday", "5 hours ago",
  "in recent months", "the third quarter") resolved against `dct`;
* anchored ones ("8-month-old government", "since the takeover") resolved
  against an anchor event from seeds/reference/anchor_events.csv;
* durations ("a month" -> P1M) and sets ("each year" -> P1Y).

Direction ("on Saturday" before or after dct?) comes from the tense of the
clause: the spaCy parse when the caller passes `doc`, otherwise a cheap
lexical heuristic (future modals / "plans to" versus past-tense verbs).
Unresolvable years stay underspecified, e.g. XXXX-12-17.

Why hand-written regexes rather than dateparser or spaCy DATE entities: on the
60 TimeBank files spaCy's DATE/TIME entities reach a lower extraction recall
than these patterns (they miss "now", "the past", bare weekdays in some
contexts and split/merge spans differently from TimeML), and neither library
produces TimeML values or tense-dependent resolution. dateparser was measured
at milliseconds per call, far too slow for the hot path; the patterns below are
compiled once and run in linear time over the text (see timeml_eval for
figures).
"""

from __future__ import annotations

import calendar
import csv
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from newswh.config import TAKEOVER_DATE, reference_dir
from newswh.records import TimeExpression

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
# unit word -> (ISO-8601 designator, is a time-of-day unit)
_UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "week": ("W", False), "weekend": ("WE", False), "month": ("M", False), "year": ("Y", False),
    "decade": ("DE", False), "century": ("CE", False), "quarter": ("Q", False),
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_VAGUE_NUMBERS = {"several", "few", "a few", "couple", "a couple of", "many", "some", "the", "recent", ""}

# --------------------------------------------------------------------------
# Regex building blocks (compiled once at import)
# --------------------------------------------------------------------------

_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
# "May" and "March" double as verbs, so a bare month needs a cue before it.
_SAFE_BARE_MONTH_RE = r"(?:January|February|April|June|July|August|September|October|November|December)"
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_ABBR_RE = r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\."
_ONES_RE = "|".join(sorted(_ONES, key=len, reverse=True))
_TENS_RE = "|".join(_TENS)
_NUMWORD_RE = rf"(?:(?:{_TENS_RE})(?:[- ](?:{_ONES_RE}))?|{_ONES_RE}|a hundred|hundred|a dozen|dozen)"
_NUM_RE = rf"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|{_NUMWORD_RE}(?:\s+and\s+a\s+half)?|an?|several|a few|few|a couple of|couple of|many)"
_UNIT_RE = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))"
_DAYNUM_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:1[6-9]\d\d|20\d\d)"
_MOD_RE = (
    r"(?:more than|less than|fewer than|nearly|almost|about|around|approximately|roughly|some|"
    r"at least|at most|up to|no more than|no less than|well over|more like)"
)
_ORDINAL_RE = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_SPELLED_YEAR_RE = (
    rf"nineteen[- ](?:(?:{_TENS_RE})(?:[- ](?:{_ONES_RE}))?|hundred|oh[- ](?:{_ONES_RE}))|twenty[- ](?:{_TENS_RE})"
    rf"|(?:the year )?two thousand(?:(?: and)? (?:{_ONES_RE}))?"
)

_B = r"(?<![\w/$.-])"  # left word boundary that also refuses money and decimals
_E = r"(?![\w-]|,\d|\.\d|%)"  # right boundary refusing 1,000 / 1.5 / 50%


@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern
    priority: int  # breaks ties between equally long overlapping matches


def _r(name: str, pattern: str, priority: int = 5, flags: int = 0) -> _Rule:
    return _Rule(name, re.compile(pattern, flags), priority)


_I = re.IGNORECASE
_DMOD = r"(?:(?:early|mid|late|the middle of|the end of|the beginning of|the start of|earlier|later)[- ]?(?:in\s+)?)"
_RULES: tuple[_Rule, ...] = (
    # --- calendar dates -----------------------------------------------------
    _r(
        "date_mdy",
        rf"{_B}(?:(?P<wd>{_WEEKDAY_RE}|{_WEEKDAY_ABBR_RE}),?\s+)?(?P<mon>{_MONTH_RE})\s+(?P<day>{_DAYNUM_RE}),?\s+(?:of\s+)?(?P<year>{_YEAR_RE}){_E}",
        9,
    ),
    _r(
        "date_dmy",
        rf"{_B}(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?(?:the\s+)?(?P<day>{_DAYNUM_RE})(?:\s+of)?\s+(?P<mon>{_MONTH_RE})(?:,?\s+(?P<year>{_YEAR_RE}))?{_E}",
        8,
    ),
    _r(
        "date_md",
        rf"{_B}(?:(?:this\s+coming|this|next|last|early|late|earlier|later)\s+)?(?:(?P<wd>{_WEEKDAY_RE}|{_WEEKDAY_ABBR_RE}),?\s+)?(?:(?P<mod>early|mid|late)-?\s*)?(?P<mon>{_MONTH_RE})\s+(?:(?P<day>{_DAYNUM_RE})|the\s+(?P<ordday>{_ORDINAL_RE})|(?P<ordw>{_ORDINAL_RE})){_E}",
        7,
    ),
    _r("date_iso", rf"{_B}(?P<year>{_YEAR_RE})-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01]){_E}", 9),
    _r(
        "date_slash",
        rf"{_B}(?P<mon>0?[1-9]|1[0-2])/(?P<day>0?[1-9]|[12]\d|3[01])/(?P<year>{_YEAR_RE}|\d\d){_E}",
        8,
    ),
    _r(
        "month_year",
        rf"{_B}(?:(?P<mod>{_DMOD})\s*)?(?P<mon>{_MONTH_RE})(?:,|\s+of)?\s+(?P<year>{_YEAR_RE}|{_SPELLED_YEAR_RE}){_E}",
        7,
    ),
    _r(
        "month_rel",
        rf"{_B}(?:(?P<rel>last|next|this|this coming|this past|the coming|the past)\s+(?P<mon>{_MONTH_RE})"
        rf"|(?P<mon2>{_MONTH_RE})\s+(?P<rel2>last|next|this)\s+year){_E}",
        7,
        _I,
    ),
    _r(
        "month_bare",
        rf"(?:{_B}(?P<mod>{_DMOD})\s*(?P<mon>{_MONTH_RE})"
        rf"|(?P<skip>\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Oo]f|[Ff]rom|[Tt]o|[Dd]uring|[Bb]efore|[Aa]fter|[Tt]hrough|[Tt]ill|[Ll]ate|[Ee]arly) )(?P<mon2>May|March|Mar\.|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
        rf"|{_B}(?P<mon3>{_SAFE_BARE_MONTH_RE})){_E}",
        4,
    ),
    # --- years, decades, centuries, quarters, seasons ---------------------
    _r(
        "year",
        rf"{_B}(?:(?P<mod>{_DMOD}|(?:the\s+)?(?:fiscal|calendar|financial)(?:\s+year)?)\s*)?(?P<year>{_YEAR_RE}){_E}(?!\s*(?:percent|per cent|million|billion|tons?|feet|people)\b)",
        5,
    ),
    _r("year_spelled", rf"{_B}(?:(?P<mod>{_DMOD})\s*)?(?P<year>{_SPELLED_YEAR_RE}){_E}", 5, _I),
    _r(
        "decade",
        rf"{_B}(?:the\s+)?(?:(?P<mod>early|mid|late)[- ]?)?(?:(?P<dec>1[6-9]\d0|20[0-9]0)'?s|'(?P<dec2>[0-9]0)s"
        rf"|(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)){_E}",
        6,
    ),
    _r(
        "decade_rel",
        rf"{_B}(?P<rel>the last|the past|the previous|last|this|the next|next|the coming)\s+decade{_E}",
        6,
        _I,
    ),
    _r(
        "century",
        rf"{_B}(?:the\s+)?(?P<num>\d{{1,2}})(?:st|nd|rd|th)\s+century{_E}|{_B}(?:the\s+)?(?P<ord>{_ORDINAL_RE}|twenty-first|twenty-second)\s+century{_E}",
        6,
        _I,
    ),
    _r(
        "quarter",
        rf"{_B}(?:(?P<rel>the|this|last|next|that|the comparable|the year-ago|the same|the latest|the previous|a|its|their)\s+)?"
        rf"(?:(?P<rel2>year-ago|comparable|year-earlier|fiscal|current)\s+)?"
        rf"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ])?(?:fiscal\s+)?quarter(?:\s+(?:of|in)\s+(?:(?:fiscal\s+)?(?P<year>{_YEAR_RE})|this year|last year))?{_E}"
        rf"|{_B}(?P<q>Q[1-4])\s+(?P<year2>{_YEAR_RE}){_E}",
        6,
        _I,
    ),
    _r(
        "half",
        rf"{_B}(?:the\s+)?(?P<ord>first|second)\s+half(?:\s+of\s+(?:(?P<year>{_YEAR_RE})|(?P<rel>this|last|next)\s+year))?{_E}",
        6,
        _I,
    ),
    _r(
        "season",
        rf"{_B}(?:(?P<rel>this|last|next|the|early|late|mid|this past|this coming)[- ]+)?(?P<season>spring|summer|fall|autumn|winter)"
        rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR_RE}|{_SPELLED_YEAR_RE}))?{_E}",
        5,
        _I,
    ),
    # --- days relative to dct ------------------------------------------------
    _r(
        "deictic_day",
        rf"{_B}(?P<mod>early|late|earlier|later)?\s*(?P<word>today|tonight|yesterday|tomorrow)(?:\s+(?P<part>morning|afternoon|evening|night))?{_E}",
        7,
        _I,
    ),
    _r(
        "part_of_day",
        rf"{_B}(?:(?P<mod>early|late|later|earlier)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+(?P<part>morning|afternoon|evening|night){_E}"
        rf"|{_B}(?P<mod2>mid|late|early)[- ](?P<part2>morning|afternoon|evening){_E}",
        7,
        _I,
    ),
    _r(
        "weekday",
        rf"{_B}(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his coming|[Tt]his past|[Tt]his|[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater|[Ee]arlier on)\s+)?(?P<wd>{_WEEKDAY_RE})"
        rf"(?P<plural>s)?(?:\s+(?P<part>morning|afternoon|evening|night)(?P<plural2>s)?)?{_E}",
        6,
    ),
    _r(
        "clock",
        rf"{_B}(?:(?P<mod>about|around|at about|approximately|shortly after|shortly before|just after|just before)\s+)?"
        rf"(?:(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m\b|[AP]M\b)(?:\s+(?P<tz>[A-Z]{{2,4}}T))?|(?P<word>noon|midnight))"
        rf"(?:\s+(?:on\s+)?(?P<wd>{_WEEKDAY_RE}|today|tomorrow|yesterday))?{_E}",
        8,
    ),
    # --- relative periods ------------------------------------------------------
    _r(
        "rel_period",
        rf"{_B}(?P<mod>earlier|later|early|late)?\s*(?P<rel>last|next|this|the past|the previous|the last|the coming|the current|the same|the following|the next|the preceding)\s+"
        rf"(?P<unit>week|month|year|weekend|century){_E}",
        6,
        _I,
    ),
    _r(
        "ago",
        rf"{_B}(?:(?P<mod>{_MOD_RE}|a little|just|some)\s+)?(?P<num>{_NUM_RE}|a|an)\s+(?P<unit>{_UNIT_RE})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|hence|from now){_E}",
        8,
        _I,
    ),
    _r(
        "end_of",
        rf"{_B}(?:(?P<lead>(?i:(?:{_NUM_RE}\s+)?(?:hours|days|weeks|minutes|moments)\s+before))\s+)?(?P<which>the end|the start|the beginning|the middle)\s+of\s+"
        rf"(?:(?P<year>{_YEAR_RE})|the\s+(?P<unit>year|month|week|decade)|(?P<mon>{_MONTH_RE})(?:\s+(?P<year2>{_YEAR_RE}))?){_E}",
        8,
    ),
    _r("weekend", rf"{_B}(?:the|this|last|next)\s+weekend{_E}", 5, _I),
    _r("year_end", rf"{_B}(?P<w>year|month)-end{_E}", 5, _I),
    # --- vague references --------------------------------------------------------
    _r(
        "present_ref",
        rf"(?:{_B}(?P<skip>(?:right|just|until|till|by|up to|from)\s+))?{_B}(?P<w>now|currently|nowadays|at present|presently|these days|at this time|the present|this crucial moment){_E}",
        4,
        _I,
    ),
    _r(
        "current",
        r"(?<![\w-])current(?=\s+(?:account\s+)?(?:situation|environment|climate|period|term|session|crisis|year|quarter|season)\b)",
        3,
        _I,
    ),
    _r(
        "past_ref",
        rf"{_B}(?P<w>the past|recently|lately|previously|formerly|more recently|most recently|in recent days|recent days|the old days){_E}",
        4,
        _I,
    ),
    _r(
        "future_ref",
        rf"{_B}(?P<w>the future|the near future|the coming (?:days|weeks|months|years)|coming (?:days|weeks|months|years)){_E}",
        4,
        _I,
    ),
    # --- durations and sets --------------------------------------------------------
    _r(
        "duration",
        rf"{_B}(?:(?P<mod>{_MOD_RE})\s+)?(?:(?P<the>the|a|its|their|his|her)\s+)?(?:(?P<rel>first|last|past|next|coming|previous|final|following|initial|recent|entire|whole|full|additional|further|other)\s+)?"
        rf"(?P<num>{_NUM_RE})(?:\s+(?P<more>more|additional|straight|consecutive|full))?[- ](?P<unit>{_UNIT_RE})(?P<old>[- ]old)?{_E}",
        5,
        _I,
    ),
    _r(
        "duration_vague",
        rf"{_B}(?:(?P<skip>(?:for|in|over|within|after)\s+)|(?P<pre>the)\s+)?(?:(?P<rel>recent|the past|the last|the next|the coming|the early|the first|the final|the following|several|many)\s+)?(?P<unit>years|months|weeks|decades|centuries|days|hours|minutes){_E}",
        3,
        _I,
    ),
    _r("duration_misc", rf"{_B}(?P<w>a while|a long time|some time|a fairly lengthy period|a short time){_E}", 3, _I),
    _r(
        "set",
        rf"{_B}(?:(?P<q>each|every|per)\s+(?:(?P<num>{_NUMWORD_RE}|\d+|other)\s+)?(?P<unit>second|minute|hour|day|week|weekend|month|year|quarter|{_WEEKDAY_RE}|{_MONTH_RE}|(?:morning|afternoon|evening|night)|(?:seconds|minutes|hours|days|weeks|months|years))"
        rf"|(?P<adv>daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly|quarterly)){_E}",
        6,
        _I,
    ),
    _r(
        "set_a",
        rf"(?P<skip>(?:(?:\d[\d,.]*|{_NUMWORD_RE}|twice|once|times)(?:\s+[\w-]+){{0,2}}?\s+))(?:a|an|per)\s+(?P<unit>year|month|week|day|hour)\b",
        6,
        _I,
    ),
)

# --------------------------------------------------------------------------
# Anchor events
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class AnchorEvent:
    """A well-known event that texts date other things against ("since the takeover")."""

    anchor_id: str
    name: str
    date_start: date
    date_end: date
    precision: str
    trigger_phrases: tuple[str, ...]
    description: str = ""
    source: str = ""
    # Words that must occur near a trigger for it to mean *this* event, so that
    # "the Chinese takeover" of Hong Kong does not resolve to Kabul 2021.
    context_terms: tuple[str, ...] = ()
    # Nouns whose age ("8-month-old government") counts from this event.
    age_nouns: tuple[str, ...] = ()


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def default_anchor_path() -> Path:
    return reference_dir() / "anchor_events.csv"


def load_anchor_events(path: str | Path | None = None) -> tuple[AnchorEvent, ...]:
    """Anchor events from a CSV (default seeds/reference/anchor_events.csv).

    Users extend the list by adding rows; pipe-separated cells hold phrase lists.
    """
    path = Path(path) if path else default_anchor_path()
    return _load_anchor_events_cached(str(path), path.stat().st_mtime if path.exists() else 0.0)


@lru_cache(maxsize=8)
def _load_anchor_events_cached(path: str, _mtime: float) -> tuple[AnchorEvent, ...]:
    p = Path(path)
    if not p.exists():
        return ()
    events = []
    with p.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not (row.get("anchor_id") or "").strip():
                continue
            events.append(
                AnchorEvent(
                    anchor_id=row["anchor_id"].strip(),
                    name=(row.get("name") or "").strip(),
                    date_start=date.fromisoformat(row["date_start"].strip()),
                    date_end=date.fromisoformat((row.get("date_end") or row["date_start"]).strip()),
                    precision=(row.get("precision") or "day").strip(),
                    trigger_phrases=_split(row.get("trigger_phrases")),
                    description=(row.get("description") or "").strip(),
                    source=(row.get("source") or "").strip(),
                    context_terms=_split(row.get("context_terms")),
                    age_nouns=_split(row.get("age_nouns")),
                )
            )
    return tuple(events)


@dataclass(frozen=True)
class _AnchorMatcher:
    anchor: AnchorEvent
    event_re: re.Pattern | None  # "since the takeover"
    age_re: re.Pattern | None  # "8-month-old government"
    context_re: re.Pattern | None


@lru_cache(maxsize=16)
def _anchor_matchers(anchors: tuple[AnchorEvent, ...]) -> tuple[_AnchorMatcher, ...]:
    out = []
    for a in anchors:
        event_re = age_re = context_re = None
        if a.trigger_phrases:
            trig = "|".join(
                re.escape(t).replace(r"\ ", r"\s+") for t in sorted(a.trigger_phrases, key=len, reverse=True)
            )
            event_re = re.compile(
                r"(?<![\w-])(?P<prep>since|after|before|following|prior to|until|till|ahead of|in the wake of|"
                r"at the time of|during|in the run-up to|on the eve of|even before|shortly after|soon after|shortly before|"
                r"just before|just after|months after|weeks after|days after|years after|a year after|a month after)\s+"
                r"(?:(?:the|its|their|his|her)\s+)?(?:[\w'’]+\s+){0,2}?(?:(?:had|has|have)\s+)?(?P<trig>"
                + trig
                + r")(?![\w-])",
                re.IGNORECASE,
            )
        if a.age_nouns:
            nouns = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in a.age_nouns)
            age_re = re.compile(
                rf"(?<![\w-])(?P<num>\d+|{_NUMWORD_RE})[- ](?P<unit>day|week|month|year)s?[- ]old(?=\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})\b)",
                re.IGNORECASE,
            )
        if a.context_terms:
            context_re = re.compile("|".join(re.escape(t) for t in a.context_terms), re.IGNORECASE)
        out.append(_AnchorMatcher(a, event_re, age_re, context_re))
    return tuple(out)


# --------------------------------------------------------------------------
# Date arithmetic and TimeML value helpers
# --------------------------------------------------------------------------


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def interval_of(value: str) -> tuple[date | None, date | None, str | None]:
    """Inclusive calendar interval and precision of a TimeML DATE/TIME value."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$", value)
    if m:
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, "day"
    m = re.match(r"^(\d{4})-W(\d{2})(-WE)?$", value)
    if m:
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + timedelta(days=5), monday + timedelta(days=6), "week"
        return monday, monday + timedelta(days=6), "week"
    m = re.match(r"^(?:FY)?(\d{4})-(\d{2})$", value)
    if m:
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), _month_end(y, mo), "month"
    m = re.match(r"^(\d{4})-Q([1-4])$", value)
    if m:
        y, q = int(m[1]), int(m[2])
        return date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter"
    m = re.match(r"^(\d{4})-H([12])$", value)
    if m:
        y, h = int(m[1]), int(m[2])
        return date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "fuzzy"
    m = re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value)
    if m:
        y, (a, b) = int(m[1]), _SEASON_MONTHS[m[2]]
        return date(y, a, 1), _month_end(y + (1 if b < a else 0), b), "season"
    m = re.match(r"^(?:FY)?(\d{4})$", value)
    if m:
        y = int(m[1])
        return date(y, 1, 1), date(y, 12, 31), "year"
    m = re.match(r"^(\d{3})$", value)
    if m:
        y = int(m[1]) * 10
        return date(y, 1, 1), date(y + 9, 12, 31), "decade"
    m = re.match(r"^(\d{2})$", value)
    if m:
        y = int(m[1]) * 100
        return date(max(y, 1), 1, 1), date(y + 99, 12, 31), "fuzzy"
    return None, None, None


def _iso_duration(n: float | None, unit: str) -> str:
    """P3M, PT5H, PXY ... (X when the amount is vague)."""
    code, is_time = _UNITS[unit]
    if code == "WE":
        code, is_time = "WE", False
    if code == "DE":
        code, n = "Y", None if n is None else n * 10
    elif code == "CE":
        code, n = "Y", None if n is None else n * 100
    elif code == "Q":
        code, n = "M", None if n is None else n * 3
    if n is None:
        amount = "X"
    elif code == "H" and is_time and n % 24 == 0 and n > 0:
        # TimeML annotators write "twenty four hours" as P1D.
        return f"P{int(n // 24)}D"
    elif float(n).is_integer():
        amount = str(int(n))
    else:
        whole = int(n)
        if code == "Y":
            return f"P{whole}Y{round((n - whole) * 12)}M" if whole else f"P{round(n * 12)}M"
        if code == "D" and not is_time:
            return f"P{whole}DT{round((n - whole) * 24)}H" if whole else f"PT{round(n * 24)}H"
        amount = str(n)
    return f"PT{amount}{code}" if is_time else f"P{amount}{code}"


def parse_number(text: str) -> float | None:
    """'twenty four' -> 24, 'a' -> 1, '2 1/2' -> 2.5, 'several' -> None (vague)."""
    t = text.lower().strip().replace("-", " ")
    t = re.sub(r"\s+", " ", t)
    if t in ("a", "an", "one"):
        return 1.0
    if t in ("a dozen", "dozen"):
        return 12.0
    if t in ("a hundred", "hundred"):
        return 100.0
    half = 0.0
    if t.endswith(" and a half"):
        half, t = 0.5, t[: -len(" and a half")]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: (\d)/(\d))?", t)
    if m:
        return float(m[1]) + (int(m[2]) / int(m[3]) if m[2] else 0.0)
    parts = t.split(" ")
    total = 0
    for p in parts:
        if p in _TENS:
            total += _TENS[p]
        elif p in _ONES:
            total += _ONES[p]
        else:
            return None
    return total + half if total else None


def _spelled_year(text: str) -> int | None:
    t = text.lower().replace("-", " ")
    t = re.sub(r"^the year ", "", t)
    if t.startswith("two thousand"):
        rest = t[len("two thousand") :].replace("and", "").strip()
        n = parse_number(rest) if rest else 0
        return None if n is None else 2000 + int(n)
    words = t.split()
    if len(words) < 2:
        return None
    century = {"nineteen": 19, "twenty": 20}.get(words[0])
    if century is None:
        return None
    if words[1] == "hundred":
        return century * 100
    rest = parse_number(" ".join(words[1:]))
    return None if rest is None else century * 100 + int(rest)


def _month_of(token: str) -> int:
    return _MONTHS[token.lower().rstrip(".")]


def _weekday_of(token: str) -> int:
    return _WEEKDAYS[token.lower().rstrip(".")]


def _day_of(token: str) -> int:
    return int(re.sub(r"\D", "", token))


# --------------------------------------------------------------------------
# Tense: which way does an underspecified date point from dct?
# --------------------------------------------------------------------------

PAST, UNKNOWN, FUTURE = -1, 0, 1

_FUTURE_WORDS = {"will", "'ll", "’ll", "shall", "wo", "would", "upcoming", "tomorrow", "next"}
_FUTURE_VERBS = {
    "plans", "plan", "planning", "expected", "expects", "expect", "scheduled", "due", "intends", "intend",
    "going", "hopes", "hope", "set", "aims", "aim", "wants", "prepared", "preparing", "ready", "is to", "are to",
}  # fmt: skip
_PAST_WORDS = {
    "was", "were", "had", "did", "said", "told", "met", "took", "made", "came", "went", "gave", "got",
    "held", "left", "began", "saw", "spoke", "became", "fell", "rose", "won", "lost", "sent", "paid",
    "brought", "thought", "found", "ran", "wrote", "chose", "knew", "sold", "bought", "led", "fought",
    "flew", "struck", "ago", "earlier", "last", "yesterday", "hit", "quit", "grew", "drew", "threw",
    "stood", "heard", "kept", "meant", "felt", "sought", "taught", "caught", "broke", "woke",
}  # fmt: skip
_NOT_PAST_ED = {"need", "feed", "speed", "indeed", "seed", "bed", "red", "hundred", "shed", "proceed", "united",
                "exceed", "succeed", "breed", "greed", "weed", "creed", "embed", "fled", "wed", "led", "sped",
                "scheduled", "expected", "supposed", "prepared", "planned", "interested", "concerned",
                "based", "related", "limited", "detailed", "advanced", "so-called", "armed", "named"}  # fmt: skip
_WORD_RE = re.compile(r"[A-Za-z'’]+")
_SENT_BREAK_RE = re.compile(r"[.!?]\s+(?=[A-Z\"“])|\n\s*\n")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 250)
    left = lo
    for m in _SENT_BREAK_RE.finditer(text, lo, start):
        left = m.end()
    m = _SENT_BREAK_RE.search(text, end, min(len(text), end + 250))
    right = m.start() + 1 if m else min(len(text), end + 250)
    return left, right


def _word_class(word: str, prev: str | None) -> int:
    w = word.lower()
    if w in _FUTURE_WORDS:
        return FUTURE
    if w in ("to",) and prev and prev.lower() in _FUTURE_VERBS:
        return FUTURE
    if w in _PAST_WORDS:
        return PAST
    if len(w) > 4 and w.endswith("ed") and w not in _NOT_PAST_ED and not w.endswith("eed"):
        return PAST
    return UNKNOWN


def lexical_direction(text: str, start: int, end: int) -> int:
    """Cheap tense guess for the clause around text[start:end].

    English puts the governing verb (and its auxiliaries) before a temporal
    adjunct, so the words to the left are read first, nearest first; the
    right side is read only when the left is silent ("On Saturday, X took
    over"). A past participle with a future modal shortly before it ("will be
    held Saturday") is future.
    """
    left, right = _sentence_bounds(text, start, end)
    lw_rev = [m.group() for m in _WORD_RE.finditer(text, left, start)][::-1][:12]
    rw = [m.group() for m in _WORD_RE.finditer(text, end, right)][:8]
    for i, w in enumerate(lw_rev):
        lw = w.lower()
        prev = lw_rev[i + 1].lower() if i + 1 < len(lw_rev) else ""
        if lw == "to" and prev in _FUTURE_VERBS:
            return FUTURE
        if lw in _FUTURE_VERBS and prev in ("is", "are", "am", "'s", "were", "was"):
            return FUTURE
        c = _word_class(w, None)
        if c == PAST:
            window = [x.lower() for x in lw_rev[i + 1 : i + 4]]
            modal = any(x in ("will", "'ll", "’ll", "shall", "would", "wo") for x in window)
            if window[:2] == ["be", "to"] or (window[:1] in (["be"], ["been"], ["have"]) and modal):
                return FUTURE  # "will be held", "is to be signed", "will have met"
            if modal and lw.endswith("ed"):
                return FUTURE
        if c != UNKNOWN:
            return c
    for i, w in enumerate(rw):
        c = _word_class(w, rw[i - 1] if i else None)
        if c != UNKNOWN:
            return c
    return UNKNOWN


_FUTURE_HEADS = {
    "plan",
    "expect",
    "schedule",
    "intend",
    "hope",
    "prepare",
    "want",
    "aim",
    "agree",
    "promise",
    "vow",
    "threaten",
    "set",
}


def doc_direction(doc, start: int, end: int) -> int:
    """Tense of the clause that governs text[start:end], read off a spaCy parse."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return UNKNOWN
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") and not (span.start <= tok.i < span.end):
            break
        if tok.head is tok:
            break
        tok = tok.head
    else:
        return UNKNOWN
    if tok.pos_ not in ("VERB", "AUX"):
        return UNKNOWN
    verb = tok
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass"):
            lemma = child.lemma_.lower()
            if lemma in ("will", "shall", "would", "'ll") or child.lower_ in ("'ll", "’ll", "wo"):
                return FUTURE
    # "plans to visit on Saturday": the infinitive hangs off a planning verb.
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _FUTURE_HEADS:
        return FUTURE
    if any(c.lower_ == "going" for c in verb.children) or (
        verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)
    ):
        return FUTURE
    if "Past" in verb.morph.get("Tense") and verb.tag_ == "VBD":
        return PAST
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and "Past" in child.morph.get("Tense"):
            return PAST
    if verb.tag_ == "VBN" and verb.head is not verb and verb.head.tag_ == "VBD":
        return PAST
    return UNKNOWN


# --------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    text: str
    dct: date | None
    direction: Callable[[int, int], int]


def _nearest_month(dct: date, month: int, direction: int) -> int:
    """Year of the bare month closest to dct in the tense's direction (or either way)."""
    if direction == UNKNOWN:
        back = (dct.month - month) % 12
        return dct.year if month <= dct.month else (dct.year - 1 if back <= 12 - back else dct.year)
    if direction == FUTURE:
        return dct.year if month >= dct.month else dct.year + 1
    return dct.year if month <= dct.month else dct.year - 1


def _nearest_month_day(dct: date, month: int, day: int, direction: int) -> date | None:
    def make(y: int) -> date | None:
        try:
            return date(y, month, day)
        except ValueError:
            return None

    if direction == FUTURE:
        cand = make(dct.year)
        if cand is None or cand < dct:
            cand = make(dct.year + 1)
        return cand
    cand = make(dct.year)
    if cand is None or cand > dct + timedelta(days=1):
        cand = make(dct.year - 1)
    return cand


def _weekday_date(dct: date, weekday: int, direction: int, rel: str = "") -> date:
    rel = rel.lower()
    delta = weekday - dct.weekday()
    if rel == "next":
        return dct + timedelta(days=(delta % 7) or 7)
    if rel == "last" or rel == "this past":
        return dct - timedelta(days=((-delta) % 7) or 7)
    if rel == "this coming":
        return dct + timedelta(days=(delta % 7) or 7)
    if direction == FUTURE:
        return dct + timedelta(days=delta % 7)
    return dct - timedelta(days=(-delta) % 7)


def _fix_year_by_weekday(month: int, day: int, weekday: int, around: int) -> int | None:
    """Year nearest `around` in which month/day falls on `weekday` (or None)."""
    for off in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
        try:
            if date(around + off, month, day).weekday() == weekday:
                return around + off
        except ValueError:
            continue
    return None


@dataclass
class _Val:
    type: str
    value: str
    basis: str = "absolute"
    interval: tuple[date | None, date | None, str | None] | None = None


def _day_val(d: date | None, month: int, day: int, basis: str) -> _Val:
    if d is None:
        return _Val("DATE", f"XXXX-{month:02d}-{day:02d}", "unresolved")
    return _Val("DATE", d.isoformat(), basis)


def _resolve_md(ctx: _Ctx, start: int, end: int, month: int, day: int, wd: str | None, rel: str = "") -> _Val:
    if ctx.dct is None:
        return _day_val(None, month, day, "")
    rel = rel.lower()
    direction = FUTURE if rel in ("next", "this coming") else PAST if rel == "last" else ctx.direction(start, end)
    d = _nearest_month_day(ctx.dct, month, day, direction)
    if wd and d is not None and d.weekday() != _weekday_of(wd):
        # A weekday pins the year; trust it over the tense guess when close.
        y = _fix_year_by_weekday(month, day, _weekday_of(wd), d.year)
        if y is not None and abs(y - ctx.dct.year) <= 1:
            d = date(y, month, day)
    return _day_val(d, month, day, "relative:dct")


def _mod_interval(value: str, mod: str | None) -> tuple[date | None, date | None, str | None] | None:
    """Narrow the interval for 'early 2021', 'the end of 2021', 'mid-November'."""
    s, e, _p = interval_of(value)
    if not mod or s is None or e is None:
        return None
    mod = mod.lower().strip(" -")
    span = (e - s).days + 1
    third = max(1, span // 3)
    if mod.startswith(("early", "the beginning", "the start")):
        return s, s + timedelta(days=third - 1), "fuzzy"
    if mod.startswith(("late", "the end")):
        return e - timedelta(days=third - 1), e, "fuzzy"
    if mod.startswith(("mid", "the middle")):
        return s + timedelta(days=third), e - timedelta(days=third), "fuzzy"
    return None


def _handle(rule: str, m: re.Match, ctx: _Ctx) -> _Val | None:
    g = m.groupdict()
    dct = ctx.dct
    start, end = m.span()
    text = m.group()
    low = text.lower()

    if rule in ("date_mdy", "date_iso", "date_slash", "date_dmy") and g.get("year"):
        year = int(g["year"])
        if year < 100:
            year += 2000 if year < 50 else 1900
        mon = _month_of(g["mon"]) if not g["mon"].isdigit() else int(g["mon"])
        try:
            d = date(year, mon, _day_of(g["day"]))
        except ValueError:
            return None
        return _Val("DATE", d.isoformat())
    if rule in ("date_dmy", "date_md"):
        day = g.get("day")
        if day is None:
            day = str(_ORDINALS.get((g.get("ordday") or g.get("ordw") or "").lower(), 0))
        if rule == "date_md" and g.get("ordw") and not g.get("wd") and not re.match(r"(?i)this|next|last", low):
            # "May second" reads as a date only with a weekday or relative cue.
            return None
        mon, dnum = _month_of(g["mon"]), _day_of(day)
        if not 1 <= dnum <= 31:
            return None
        rel = re.match(r"(?i)(this coming|next|last)\b", text)
        v = _resolve_md(ctx, start, end, mon, dnum, g.get("wd"), rel.group(1) if rel else "")
        return v
    if rule == "month_year":
        year = int(g["year"]) if g["year"].isdigit() else _spelled_year(g["year"])
        if year is None:
            return None
        value = f"{year}-{_month_of(g['mon']):02d}"
        return _Val("DATE", value, interval=_mod_interval(value, g.get("mod")))
    if rule == "month_rel":
        mon = _month_of(g.get("mon") or g.get("mon2"))
        rel = (g.get("rel") or g.get("rel2") or "").lower()
        if dct is None:
            return _Val("DATE", f"XXXX-{mon:02d}", "unresolved")
        if g.get("mon2"):
            year = dct.year + {"last": -1, "next": 1}.get(rel, 0)
        elif rel in ("last", "this past", "the past"):
            # "last February" written in March means a year ago; "last month" would name the recent one.
            year = dct.year if mon < dct.month - 1 else dct.year - 1
        elif rel in ("next", "the coming", "this coming"):
            year = dct.year if mon > dct.month else dct.year + 1
        else:
            year = dct.year
        return _Val("DATE", f"{year}-{mon:02d}", "relative:dct")
    if rule == "month_bare":
        mon = _month_of(g.get("mon") or g.get("mon2") or g.get("mon3"))
        if dct is None:
            return _Val("DATE", f"XXXX-{mon:02d}", "unresolved")
        year = _nearest_month(dct, mon, ctx.direction(start, end))
        value = f"{year}-{mon:02d}"
        return _Val("DATE", value, "relative:dct", interval=_mod_interval(value, g.get("mod")))
    if rule in ("year", "year_spelled"):
        year = int(g["year"]) if g["year"].isdigit() else _spelled_year(g["year"])
        if year is None:
            return None
        mod = (g.get("mod") or "").lower()
        if rule == "year" and not mod and not _plausible_bare_year(ctx.text, start, end):
            return None
        prefix = "FY" if "fiscal" in mod else ""
        return _Val("DATE", f"{prefix}{year}", interval=_mod_interval(str(year), mod))
    if rule == "decade":
        if g.get("dec"):
            value = g["dec"][:3]
        elif g.get("dec2"):
            value = ("19" + g["dec2"])[:3]
        else:
            idx = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
            value = "19" + str(idx.index(g["decw"].lower()) + 2)
        return _Val("DATE", value, interval=_mod_interval(value, g.get("mod")))
    if rule == "decade_rel":
        if dct is None:
            return _Val("DATE", "XXX", "unresolved")
        rel = g["rel"].lower()
        dec = dct.year // 10 + (
            -1
            if ("last" in rel or "past" in rel or "previous" in rel)
            else 1
            if ("next" in rel or "coming" in rel)
            else 0
        )
        return _Val("DATE", str(dec), "relative:dct")
    if rule == "century":
        n = (
            int(g["num"])
            if g.get("num")
            else {"twenty-first": 21, "twenty-second": 22}.get(g["ord"].lower(), _ORDINALS.get(g["ord"].lower(), 0))
        )
        return _Val("DATE", f"{n - 1:02d}") if n else None
    if rule == "quarter":
        return _quarter(g, low, ctx, start, end)
    if rule == "half":
        h = 1 if g["ord"].lower() == "first" else 2
        if g.get("year"):
            return _Val("DATE", f"{g['year']}-H{h}")
        if dct is None:
            return _Val("DATE", f"XXXX-H{h}", "unresolved")
        year = dct.year + {"last": -1, "next": 1}.get((g.get("rel") or "").lower(), 0)
        return _Val("DATE", f"{year}-H{h}", "relative:dct")
    if rule == "season":
        return _season(g, ctx, start, end)
    if rule == "deictic_day":
        return _deictic(g, dct)
    if rule == "part_of_day":
        if dct is None:
            return None
        part = _PARTS_OF_DAY[(g.get("part") or g.get("part2")).lower()]
        rel = (g.get("rel") or "this").lower()
        d = dct + timedelta(days={"last": -1, "yesterday": -1, "tomorrow": 1}.get(rel, 0))
        return _Val("TIME", f"{d.isoformat()}T{part}", "relative:dct")
    if rule == "weekday":
        return _weekday(g, ctx, start, end, low)
    if rule == "clock":
        return _clock(g, ctx, start, end)
    if rule == "rel_period":
        return _rel_period(g, dct)
    if rule == "ago":
        return _ago(g, dct, low)
    if rule == "end_of":
        return _end_of(g, ctx, start, end)
    if rule == "weekend":
        if dct is None:
            return _Val("DATE", "XXXX-WXX-WE", "unresolved")
        first = low.split()[0]
        direction = {"last": PAST, "next": FUTURE}.get(first) or ctx.direction(start, end)
        if direction == FUTURE:
            sat = dct + timedelta(days=(5 - dct.weekday()) % 7)
        else:
            sat = dct - timedelta(days=(dct.weekday() - 5) % 7)
        return _Val("DATE", _week_value(sat) + "-WE", "relative:dct")
    if rule == "year_end":
        if dct is None:
            return None
        if g["w"].lower() == "year":
            return _Val("DATE", f"{dct.year}-12-31", "relative:dct")
        return _Val("DATE", _month_end(dct.year, dct.month).isoformat(), "relative:dct")
    if rule in ("present_ref", "current"):
        return _Val("DATE", "PRESENT_REF", "relative:dct")
    if rule == "past_ref":
        return _Val("DATE", "PAST_REF", "relative:dct")
    if rule == "future_ref":
        return _Val("DATE", "FUTURE_REF", "relative:dct")
    if rule == "duration":
        return _duration(g, ctx, start, end, low)
    if rule == "duration_vague":
        unit = g["unit"].lower().rstrip("s").replace("centurie", "century")
        if not (g.get("pre") or g.get("rel") or g.get("skip")):
            return None
        if (g.get("pre") or "").lower() == "the" and not g.get("rel") and unit not in ("year",):
            return None
        val = _Val("DURATION", _iso_duration(None, unit), "relative:dct")
        if (g.get("rel") or "").lower() == "recent" and dct is not None:
            val.interval = _recent_interval(dct, unit)
        return val
    if rule == "duration_misc":
        w = g["w"].lower()
        return _Val("DURATION", "PXM" if w == "some time" else "PXX")
    if rule == "set":
        return _set(g)
    if rule == "set_a":
        return _Val("SET", _iso_duration(1, g["unit"].lower()))
    return None


def _recent_interval(dct: date, unit: str) -> tuple[date, date, str]:
    """'in recent months' -> a fuzzy stretch ending at dct (three units back)."""
    back = {
        "day": timedelta(days=3),
        "week": timedelta(weeks=3),
        "hour": timedelta(days=1),
        "minute": timedelta(days=1),
    }
    if unit in back:
        return dct - back[unit], dct, "fuzzy"
    months = {"month": 3, "year": 36, "decade": 240, "century": 1200}.get(unit, 3)
    return add_months(dct, -months), dct, "fuzzy"


_YEAR_CONTEXT_RE = re.compile(
    r"(?i)(?:\b(?:in|since|of|by|until|till|from|to|through|during|before|after|early|late|mid|year|years|fiscal|around|circa|spring|summer|fall|autumn|winter|between|and|the|until|for|last|on)\s*$)"
)


def _plausible_bare_year(text: str, start: int, end: int) -> bool:
    """A bare 4-digit number is a year unless the context says it is a quantity."""
    before = text[max(0, start - 20) : start]
    after = text[end : end + 12]
    if re.search(r"[#$€£¥]\s*$|\bNo\.\s*$|\bNumber\s*$|\broute\s*$|\bflight\s*$", before, re.I):
        return False
    return not re.match(r"\s*(?:-\s*\d|[:/]\d|(?:units|copies|troops|soldiers|people|members|cases)\b)", after)


def _quarter(g: dict, low: str, ctx: _Ctx, start: int, end: int) -> _Val | None:
    dct = ctx.dct
    if g.get("q"):
        return _Val("DATE", f"{g['year2']}-{g['q'].upper()}")
    ordw = (g.get("ord") or "").lower()
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(ordw)
    rel = (g.get("rel") or "").lower()
    rel2 = (g.get("rel2") or "").lower()
    if q is None and not rel and not rel2:
        return None  # a bare "quarter" is usually "a quarter of the vote"
    if rel in ("a", "its", "their") and q is None:
        return None
    if g.get("year"):
        return _Val("DATE", f"{g['year']}-Q{q}") if q else _Val("DATE", g["year"])
    if dct is None:
        return _Val("DATE", f"XXXX-Q{q}" if q else "XXXX-QX", "unresolved")
    cur_q = (dct.month - 1) // 3 + 1
    year = dct.year
    if (
        "last year" in low
        or "year-ago" in low
        or "year-earlier" in low
        or rel2 in ("comparable",)
        or "comparable" in rel
    ):
        year -= 1
    if q is None:
        if rel == "last" or rel == "the previous":
            q, year = (cur_q - 1, year) if cur_q > 1 else (4, year - 1)
        elif rel == "next":
            q, year = (cur_q + 1, year) if cur_q < 4 else (1, year + 1)
        else:
            q = cur_q
        if "year-ago" in low or "comparable" in low or "year-earlier" in low:
            q = cur_q - 1 or 4
        return _Val("DATE", f"{year}-Q{q}", "relative:dct")
    if "last year" not in low and "year-ago" not in low and q > cur_q and ctx.direction(start, end) != FUTURE:
        # News reports results for the quarter just closed: Q4 in a Q1 article is last year's.
        year -= 1
    return _Val("DATE", f"{year}-Q{q}", "relative:dct")


def _season(g: dict, ctx: _Ctx, start: int, end: int) -> _Val | None:
    code = _SEASONS[g["season"].lower()]
    rel = (g.get("rel") or "").lower()
    if g.get("year"):
        year = int(g["year"]) if g["year"].isdigit() else _spelled_year(g["year"])
        return _Val("DATE", f"{year}-{code}") if year else None
    if not rel:
        return None  # "fall" / "spring" alone are usually verbs or nouns
    dct = ctx.dct
    if dct is None:
        return _Val("DATE", f"XXXX-{code}", "unresolved")
    year = dct.year
    first_month = _SEASON_MONTHS[code][0]
    if rel in ("last", "this past"):
        year = dct.year - 1 if first_month >= dct.month else dct.year
    elif rel in ("next", "this coming"):
        year = dct.year + 1 if first_month <= dct.month else dct.year
    elif rel in ("the", "early", "late", "mid"):
        direction = ctx.direction(start, end)
        if direction == PAST and first_month > dct.month:
            year -= 1
    return _Val("DATE", f"{year}-{code}", "relative:dct")


def _deictic(g: dict, dct: date | None) -> _Val | None:
    if dct is None:
        return None
    word = g["word"].lower()
    if word == "tonight":
        return _Val("TIME", f"{dct.isoformat()}TNI", "relative:dct")
    d = dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
    if g.get("part"):
        return _Val("TIME", f"{d.isoformat()}T{_PARTS_OF_DAY[g['part'].lower()]}", "relative:dct")
    return _Val("DATE", d.isoformat(), "relative:dct")


def _weekday(g: dict, ctx: _Ctx, start: int, end: int, low: str) -> _Val | None:
    wd = _weekday_of(g["wd"])
    if g.get("plural") or g.get("plural2"):
        part = _PARTS_OF_DAY.get((g.get("part") or "").lower())
        return _Val("SET", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""))
    dct = ctx.dct
    part = _PARTS_OF_DAY.get((g.get("part") or "").lower())
    if dct is None:
        return _Val("TIME" if part else "DATE", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""), "unresolved")
    rel = (g.get("rel") or "").lower()
    direction = ctx.direction(start, end)
    d = _weekday_date(dct, wd, direction, rel if rel in ("last", "next", "this coming", "this past") else "")
    if part:
        return _Val("TIME", f"{d.isoformat()}T{part}", "relative:dct")
    return _Val("DATE", d.isoformat(), "relative:dct")


def _clock(g: dict, ctx: _Ctx, start: int, end: int) -> _Val | None:
    dct = ctx.dct
    if g.get("word"):
        hh, mi = (12, 0) if g["word"].lower() == "noon" else (24, 0)
    else:
        hh = int(g["h"])
        mi = int(g["mi"] or 0)
        ampm = g["ampm"].lower()
        if ampm.startswith("p") and hh < 12:
            hh += 12
        if ampm.startswith("a") and hh == 12:
            hh = 0
    if hh > 24:
        return None
    if dct is None:
        return _Val("TIME", f"XXXX-XX-XXT{hh:02d}:{mi:02d}", "unresolved")
    d = dct
    wd = (g.get("wd") or "").lower()
    if wd in _WEEKDAYS:
        d = _weekday_date(dct, _WEEKDAYS[wd], ctx.direction(start, end))
    elif wd:
        d = dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(wd, 0))
    return _Val("TIME", f"{d.isoformat()}T{hh:02d}:{mi:02d}", "relative:dct")


def _rel_period(g: dict, dct: date | None) -> _Val | None:
    rel = g["rel"].lower()
    unit = g["unit"].lower()
    if g["unit"][0].isupper() and g["rel"][0].isupper():
        return None  # "This Week" is a programme title, not a date
    if unit == "century":
        if dct is None:
            return None
        c = dct.year // 100 + (
            -1 if rel in ("last", "the last", "the past", "the previous") else 1 if "next" in rel else 0
        )
        return _Val("DATE", f"{c:02d}", "relative:dct")
    step = {"last": -1, "the past": -1, "the previous": -1, "the last": -1, "the preceding": -1,
            "next": 1, "the coming": 1, "the next": 1, "the following": 1}.get(rel, 0)  # fmt: skip
    if rel in ("the same", "the following"):
        return None  # relative to some other time in the text, not to dct
    if dct is None:
        return _Val(
            "DATE",
            {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX"}[unit],
            "unresolved",
        )
    if unit in ("week", "weekend"):
        # US news counts Sunday as the first day of the week.
        ref = dct + timedelta(days=1) if dct.weekday() == 6 and unit == "week" else dct
        value = _week_value(ref + timedelta(weeks=step)) + ("-WE" if unit == "weekend" else "")
    elif unit == "month":
        d = add_months(dct, step)
        value = f"{d.year}-{d.month:02d}"
    else:
        value = str(dct.year + step)
    return _Val("DATE", value, "relative:dct")


def _ago(g: dict, dct: date | None, low: str) -> _Val | None:
    n = parse_number(g["num"])
    unit = g["unit"].lower().rstrip("s").replace("centurie", "century")
    direction = -1 if g["dir"].lower() in ("ago", "earlier", "before") else 1
    if unit not in _UNITS:
        return None
    if dct is None:
        return _Val("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", "unresolved")
    if n is None:
        # "a few years ago": the decade/year digit is unknown.
        if unit == "year":
            return _Val("DATE", f"{str(dct.year)[:3]}X", "relative:dct")
        return _Val("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", "relative:dct")
    k = direction * n
    if unit in ("second", "minute", "hour"):
        hours = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1}[unit] * abs(k)
        d = dct - timedelta(days=int(hours // 24)) if direction < 0 else dct + timedelta(days=int(hours // 24))
        # A day-level dct cannot place "5 hours ago" inside a day: the interval
        # covers the day before as well when the hours could cross midnight.
        lo, hi = (d - timedelta(days=1), d) if direction < 0 else (d, d + timedelta(days=1))
        return _Val("TIME", d.isoformat(), "relative:dct", interval=(lo, hi, "fuzzy"))
    if unit == "day":
        return _Val("DATE", (dct + timedelta(days=int(k))).isoformat(), "relative:dct")
    if unit in ("week", "weekend"):
        return _Val("DATE", _week_value(dct + timedelta(weeks=int(k))), "relative:dct")
    if unit == "month":
        d = add_months(dct, int(k))
        return _Val("DATE", f"{d.year}-{d.month:02d}", "relative:dct")
    if unit == "quarter":
        d = add_months(dct, int(3 * k))
        return _Val("DATE", f"{d.year}-Q{(d.month - 1) // 3 + 1}", "relative:dct")
    if unit == "year":
        return _Val("DATE", str(dct.year + int(k)), "relative:dct")
    if unit == "decade":
        return _Val("DATE", str((dct.year + int(10 * k)) // 10), "relative:dct")
    return _Val("DATE", f"{(dct.year + int(100 * k)) // 100:02d}", "relative:dct")


def _end_of(g: dict, ctx: _Ctx, start: int, end: int) -> _Val | None:
    dct = ctx.dct
    which = g["which"].lower()
    if g.get("year"):
        year, mon = int(g["year"]), None
    elif g.get("mon"):
        mon = _month_of(g["mon"])
        if g.get("year2"):
            year = int(g["year2"])
        elif dct is not None:
            year = _nearest_month(dct, mon, ctx.direction(start, end))
        else:
            return None
    elif dct is not None:
        unit = g["unit"].lower()
        if unit == "year":
            year, mon = dct.year, None
        elif unit == "month":
            year, mon = dct.year, dct.month
        elif unit == "week":
            return _Val("DATE", _week_value(dct), "relative:dct")
        else:
            return _Val("DATE", str(dct.year // 10), "relative:dct")
    else:
        return None
    value = f"{year}-{mon:02d}" if mon else str(year)
    if g.get("lead") and which == "the end":
        # "Hours before the end of 2021" is the last day of the period.
        last = _month_end(year, mon) if mon else date(year, 12, 31)
        return _Val("DATE", last.isoformat(), "absolute" if g.get("year") or g.get("year2") else "relative:dct")
    return _Val("DATE", value, interval=_mod_interval(value, which))


def _duration(g: dict, ctx: _Ctx, start: int, end: int, low: str) -> _Val | None:
    num_text = g["num"].lower()
    unit = g["unit"].lower().rstrip("s").replace("centurie", "century")
    if unit not in _UNITS:
        return None
    n = parse_number(num_text)
    if num_text in ("a", "an") and unit == "second":
        return None  # "a second term"
    if num_text in ("many", "several", "a few", "few", "a couple of", "couple of"):
        n = 2 if "couple" in num_text else None
    if (
        num_text.replace(".", "").isdigit()
        and g.get("the") is None
        and unit == "year"
        and not g.get("old")
        and n
        and n > 1000
    ):
        return None
    rel = (g.get("rel") or "").lower()
    val = _Val("DURATION", _iso_duration(n, unit))
    if (
        rel in ("last", "past", "recent", "previous")
        and ctx.dct is not None
        and n is not None
        and unit in ("day", "week", "month", "year", "hour")
    ):
        # "the last twenty four hours": a stretch ending at dct.
        lo = _shift(ctx.dct, -n, unit)
        val.interval = (lo, ctx.dct, "fuzzy")
        val.basis = "relative:dct"
    elif (
        rel in ("next", "coming", "following")
        and ctx.dct is not None
        and n is not None
        and unit in ("day", "week", "month", "year")
    ):
        val.interval = (ctx.dct, _shift(ctx.dct, n, unit), "fuzzy")
        val.basis = "relative:dct"
    return val


def _shift(d: date, n: float, unit: str) -> date:
    if unit == "hour":
        return d + timedelta(days=int(n // 24))
    if unit == "day":
        return d + timedelta(days=int(n))
    if unit == "week":
        return d + timedelta(weeks=int(n))
    if unit == "month":
        return add_months(d, int(n))
    return add_months(d, int(12 * n))


def _set(g: dict) -> _Val | None:
    if g.get("adv"):
        adv = g["adv"].lower()
        value = {
            "daily": "XXXX-XX-XX", "nightly": "XXXX-XX-XXTNI", "weekly": "XXXX-WXX", "biweekly": "P2W",
            "monthly": "XXXX-XX", "quarterly": "XXXX-QX", "yearly": "XXXX", "annually": "XXXX", "hourly": "PT1H",
        }[adv]  # fmt: skip
        return _Val("SET", value)
    unit = g["unit"]
    lu = unit.lower().rstrip(".")
    num = g.get("num")
    if lu in _WEEKDAYS and unit[0].isupper():
        return _Val("SET", f"XXXX-WXX-{_WEEKDAYS[lu] + 1}")
    if lu in _MONTHS and unit[0].isupper():
        return _Val("SET", f"XXXX-{_MONTHS[lu]:02d}")
    if lu in _PARTS_OF_DAY:
        return _Val("SET", f"XXXX-XX-XXT{_PARTS_OF_DAY[lu]}")
    base = lu.rstrip("s")
    if base not in _UNITS:
        return None
    n = 2 if (num or "").lower() == "other" else (parse_number(num) if num else 1)
    return _Val("SET", _iso_duration(n, base))


# --------------------------------------------------------------------------
# Matching and overlap resolution
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    priority: int
    rule: str
    match: re.Match | None
    anchored: TimeExpression | None = None


# Every rule needs at least one of its key words (or a digit) inside a match.
# Tokenising once and running each rule only in small windows around its own
# key words is many times faster than running ~35 regexes over the whole text:
# the per-position cost of Python's regex engine dominates on long texts.
_MONTH_KEYS = frozenset(_MONTHS) | {"sept"}
_UNIT_KEYS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "weekend",
        "weekends",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
        "quarter",
        "quarters",
    ]
)
_DIGITS = "#digits"
_RULE_KEYS: dict[str, frozenset[str]] = {
    "date_mdy": _MONTH_KEYS, "date_dmy": _MONTH_KEYS, "date_md": _MONTH_KEYS, "month_year": _MONTH_KEYS,
    "month_rel": _MONTH_KEYS, "month_bare": _MONTH_KEYS,
    "date_iso": frozenset({_DIGITS}), "date_slash": frozenset({_DIGITS}), "year": frozenset({_DIGITS}),
    "year_spelled": frozenset({"nineteen", "twenty", "thousand"}),
    "decade": frozenset({_DIGITS, "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"}),
    "decade_rel": frozenset({"decade"}), "century": frozenset({"century"}),
    "quarter": frozenset({"quarter", "q"}), "half": frozenset({"half"}),
    "season": frozenset(_SEASONS), "deictic_day": frozenset({"today", "tonight", "yesterday", "tomorrow"}),
    "part_of_day": frozenset(_PARTS_OF_DAY), "weekday": frozenset(k for k in _WEEKDAYS if len(k) > 4),
    "clock": frozenset({_DIGITS, "noon", "midnight"}),
    "rel_period": frozenset({"week", "month", "year", "weekend", "century"}),
    "ago": frozenset({"ago", "earlier", "later", "before", "hence", "now"}),
    "end_of": frozenset({"end", "start", "beginning", "middle"}), "weekend": frozenset({"weekend"}),
    "year_end": frozenset({"end"}),
    "present_ref": frozenset({"now", "currently", "nowadays", "present", "presently", "days", "time", "moment"}),
    "current": frozenset({"current"}),
    "past_ref": frozenset({"past", "recently", "lately", "previously", "formerly", "recent", "days"}),
    "future_ref": frozenset({"future", "coming"}),
    "duration": _UNIT_KEYS, "duration_vague": _UNIT_KEYS,
    "duration_misc": frozenset({"while", "time", "period"}),
    "set": frozenset({"each", "every", "per", "daily", "weekly", "monthly", "yearly", "annually", "hourly",
                      "nightly", "biweekly", "quarterly"}),
    "set_a": _UNIT_KEYS,
}  # fmt: skip
_ALL_KEYS = frozenset().union(*_RULE_KEYS.values())
_TOKEN_RE = re.compile(r"[A-Za-z]+|\d+")
_WINDOW = 70


def _key_positions(text: str) -> dict[str, list[tuple[int, int]]]:
    pos: dict[str, list[tuple[int, int]]] = {}
    for m in _TOKEN_RE.finditer(text):
        w = m.group()
        key = _DIGITS if w[0].isdigit() else w.lower()
        if key in _ALL_KEYS:
            pos.setdefault(key, []).append(m.span())
    return pos


def _windows(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        s, e = max(0, a - _WINDOW), min(n, b + _WINDOW)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _candidates(text: str) -> list[_Cand]:
    cands = []
    positions = _key_positions(text)
    n = len(text)
    for rule in _RULES:
        spans = [sp for k in _RULE_KEYS[rule.name] for sp in positions.get(k, ())]
        if not spans:
            continue
        for ws, we in _windows(spans, n):
            for m in rule.regex.finditer(text, ws, we):
                s, e = m.span()
                if "skip" in rule.regex.groupindex and m.group("skip"):
                    s = m.end("skip")  # context the pattern needs but TimeML leaves out
                elif rule.name == "duration" and m.group("the") and not m.group("rel"):
                    s = m.start("num")  # "a five year low": TimeML leaves the article out
                # Leading whitespace from optional groups is trimmed, not matched.
                while s < e and text[s].isspace():
                    s += 1
                if s < e:
                    cands.append(_Cand(s, e, rule.priority, rule.name, m))
    return cands


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest match wins; ties go to the higher-priority rule, then leftmost."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    # Anchored readings go first: "8-month-old government" is a date, not a duration.
    for c in sorted(cands, key=lambda c: (c.anchored is None, -(c.end - c.start), -c.priority, c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _find_all(haystack: str, needle: str) -> list[int]:
    out, i = [], haystack.find(needle)
    while i >= 0:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def _anchored_candidates(text: str, dct: date | None, anchors: Sequence[AnchorEvent]) -> list[_Cand]:
    out = []
    low = text.lower()
    for am in _anchor_matchers(tuple(anchors)):
        a = am.anchor
        for regex, kind, keys in ((am.event_re, "event", a.trigger_phrases), (am.age_re, "age", ("old",))):
            if regex is None:
                continue
            spans = [(i, i + len(k)) for k in keys for i in _find_all(low, k.lower())]
            for m in (m for ws, we in _windows(spans, len(text)) for m in regex.finditer(text, max(0, ws - 60), we)):
                if am.context_re is not None and not am.context_re.search(text, max(0, m.start() - 300), m.end() + 300):
                    continue
                tx = _anchored_expression(text, m, kind, a, dct)
                if tx is not None:
                    out.append(_Cand(tx.start, tx.end, 9, "anchor", None, tx))
    return out


def _anchored_expression(text: str, m: re.Match, kind: str, a: AnchorEvent, dct: date | None) -> TimeExpression | None:
    s, e = m.span()
    basis = f"anchor:{a.anchor_id}"
    if kind == "age":
        n = parse_number(m["num"])
        if n is None:
            return None
        unit = m["unit"].lower()
        lo = _shift(a.date_start, n, unit)
        step = {"day": 1, "week": 7}.get(unit)
        hi = lo + timedelta(days=step - 1) if step else _shift(lo, 1, unit) - timedelta(days=1)
        if unit == "day":
            value = lo.isoformat()
        elif unit == "week":
            value = _week_value(lo)
        elif unit == "month":
            value = f"{lo.year}-{lo.month:02d}"
        else:
            value = str(lo.year)
        prec = {"day": "day", "week": "week", "month": "month", "year": "year"}[unit]
        return TimeExpression(s, e, text[s:e], "DATE", value, lo, hi, prec, basis)
    prep = m["prep"].lower()
    value = a.date_start.isoformat() if a.precision == "day" else a.date_start.isoformat()[:7]
    if prep in ("since",) or prep.endswith("after") or prep in ("following", "in the wake of"):
        return TimeExpression(s, e, text[s:e], "DATE", value, a.date_start, dct, "fuzzy", basis)
    if prep in (
        "before",
        "prior to",
        "until",
        "till",
        "ahead of",
        "even before",
        "in the run-up to",
        "on the eve of",
    ) or prep.endswith("before"):
        return TimeExpression(s, e, text[s:e], "DATE", value, None, a.date_start, "fuzzy", basis)
    return TimeExpression(s, e, text[s:e], "DATE", value, a.date_start, a.date_end, a.precision, basis)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def tag(
    text: str,
    dct: date | None,
    doc=None,
    anchors: Sequence[AnchorEvent] | None = None,
) -> list[TimeExpression]:
    """Every time expression in `text`, resolved against `dct`.

    `doc` is an optional spaCy Doc over exactly `text`; when given, its parse
    decides tense, otherwise a lexical heuristic does. `anchors` defaults to
    the anchor events in seeds/reference/anchor_events.csv.
    """
    if not text:
        return []
    if anchors is None:
        anchors = load_anchor_events()

    direction_cache: dict[tuple[int, int], int] = {}

    def direction(start: int, end: int) -> int:
        key = (start, end)
        if key not in direction_cache:
            d = doc_direction(doc, start, end) if doc is not None else UNKNOWN
            if d == UNKNOWN:
                d = lexical_direction(text, start, end)
            direction_cache[key] = d
        return direction_cache[key]

    ctx = _Ctx(text, dct, direction)
    cands = _candidates(text)
    if anchors:
        cands.extend(_anchored_candidates(text, dct, anchors))
    out: list[TimeExpression] = []
    for c in _select(cands):
        if c.anchored is not None:
            out.append(c.anchored)
            continue
        val = _handle(c.rule, c.match, ctx)
        if val is None:
            continue
        out.append(_to_expression(text, c.start, c.end, val, dct))
    return out


def _to_expression(text: str, start: int, end: int, val: _Val, dct: date | None) -> TimeExpression:
    if val.interval is not None:
        lo, hi, prec = val.interval
    elif val.type in ("DATE", "TIME"):
        lo, hi, prec = interval_of(val.value)
        if val.value == "PRESENT_REF" and dct is not None:
            lo, hi, prec = dct, dct, "fuzzy"
        elif val.value == "PAST_REF" and dct is not None:
            lo, hi, prec = None, dct, "fuzzy"
        elif val.value == "FUTURE_REF" and dct is not None:
            lo, hi, prec = dct, None, "fuzzy"
    else:
        lo = hi = prec = None
    return TimeExpression(start, end, text[start:end], val.type, val.value, lo, hi, prec, val.basis)


def resolve_weekday_year(month: int, day: int, weekday: int, around: int) -> int | None:
    """Public wrapper: the year near `around` in which month/day is that weekday."""
    return _fix_year_by_weekday(month, day, weekday, around)


# --------------------------------------------------------------------------
# Helpers for the events code
# --------------------------------------------------------------------------


_AGE_RE = re.compile(r"(?i)-?\bold\b$")


def governing_timex(
    timexes_in_sentence: Iterable[TimeExpression],
    trigger_start: int,
    trigger_end: int,
    doc=None,
) -> TimeExpression | None:
    """The DATE/TIME expression that dates an event trigger.

    Rule: DATE/TIME expressions compete, and so do DURATIONs that denote a window
    of the calendar ("in recent months" -> the months before the reference date);
    an age ("the 8-month-old government") dates its noun, not the event, and never
    competes. If a spaCy `doc` is given, an expression whose syntactic
    head chain reaches the trigger token within three steps wins (e.g.
    "met on Saturday" -> Saturday modifies "met"). Otherwise, and to break
    ties, the expression nearest to the trigger in characters wins, with a
    preference for expressions after the trigger at equal distance (English
    puts adjuncts after the verb).
    """
    cands = [
        t
        for t in timexes_in_sentence
        if (t.type in ("DATE", "TIME") or (t.type == "DURATION" and t.date_start is not None))
        and not _AGE_RE.search(t.text)
    ]
    if not cands:
        return None

    def distance(t: TimeExpression) -> tuple[int, int]:
        if t.end <= trigger_start:
            return trigger_start - t.end, 1
        if t.start >= trigger_end:
            return t.start - trigger_end, 0
        return 0, 0

    if doc is not None:
        attached = [t for t in cands if _attached(doc, t, trigger_start, trigger_end)]
        if attached:
            return min(attached, key=distance)
    return min(cands, key=lambda t: (t.date_start is None and t.date_end is None, distance(t)))


def _attached(doc, t: TimeExpression, trigger_start: int, trigger_end: int) -> bool:
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    trig = doc.char_span(trigger_start, trigger_end, alignment_mode="expand")
    if span is None or trig is None or len(span) == 0 or len(trig) == 0:
        return False
    target = trig.root
    tok = span.root
    for _ in range(3):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok == target:
            return True
    return False


def takeover_period(date_start: date | None, date_end: date | None) -> str:
    """pre_takeover / post_takeover / spans_takeover / undated, relative to TAKEOVER_DATE."""
    if date_start is None and date_end is None:
        return "undated"
    if date_end is not None and date_end < TAKEOVER_DATE:
        return "pre_takeover"
    if date_start is not None and date_start >= TAKEOVER_DATE:
        return "post_takeover"
    # Whatever is left contains the takeover day, or is open-ended across it.
    return "spans_takeover"


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def cli_main(file: str, dct: str) -> int:
    """`newswh timex --dct YYYY-MM-DD FILE`: one JSON line per expression."""
    with open(file, encoding="utf-8", newline="") as fh:
        text = fh.read()
    ref = date.fromisoformat(dct) if dct else None
    for t in tag(text, ref):
        print(
            json.dumps(
                {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}, ensure_ascii=False
            )
        )
    return 0


__all__ = [
    "FUTURE",
    "PAST",
    "UNKNOWN",
    "AnchorEvent",
    "add_months",
    "cli_main",
    "doc_direction",
    "governing_timex",
    "interval_of",
    "lexical_direction",
    "load_anchor_events",
    "parse_number",
    "resolve_weekday_year",
    "tag",
    "takeover_period",
]
